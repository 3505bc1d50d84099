"""The treasurer's admin: read-only invoices, filters and totals, reminders, transfers, credit notes, CSV."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from dues import services
from dues.models import Invoice, Payment, Reminder
from tests.factories.dues import fee_schedules, issued_invoice, renewing_company
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_march_2027():
    with time_machine.travel(datetime(2027, 3, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        yield


def test_an_issued_invoice_cannot_be_edited_nor_deleted_in_the_admin(treasurer_client, treasurer):
    invoice = issued_invoice()
    change_url = reverse("admin:dues_invoice_change", args=[invoice.pk])

    page = treasurer_client.get(change_url)
    assert page.status_code == 200
    assert 'name="amount_cents"' not in page.content.decode()  # shown, not editable
    treasurer_client.post(change_url, {"amount_cents": "1", "buyer_name": "Autre"})
    assert treasurer_client.get(reverse("admin:dues_invoice_delete", args=[invoice.pk])).status_code == 403
    assert (
        treasurer_client.post(
            reverse("admin:dues_invoice_delete", args=[invoice.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert treasurer_client.get(reverse("admin:dues_invoice_add")).status_code == 403

    invoice.refresh_from_db()
    assert (invoice.amount_cents, invoice.buyer_name) == (24_000, invoice.company.legal_name)
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_the_list_shows_totals_per_year_and_filters_unpaid_and_by_provider(treasurer_client, treasurer):
    paid = issued_invoice(renewing_company(legal_name="Fromagerie Petite SARL"))
    services.payment_record_transfer(
        invoice=paid,
        method="cheque",
        amount_cents=24_000,
        received_on=date(2027, 3, 1),
        reference="CHQ 1",
        acting_user=treasurer,
    )
    due = issued_invoice(renewing_company(legal_name="Boissellerie Grande SAS"))

    response = treasurer_client.get(reverse("admin:dues_invoice_changelist"))
    text = response.content.decode()
    assert "Encaissé et attendu" in text
    assert "480,00" in text and "240,00" in text and "50 %" in text
    assert "1 facture impayée" in text

    unpaid = treasurer_client.get(
        reverse("admin:dues_invoice_changelist"), {"status__exact": "issued"}
    ).content.decode()
    assert due.number in unpaid and paid.number not in unpaid
    by_cheque = treasurer_client.get(
        reverse("admin:dues_invoice_changelist"), {"moyen": "cheque"}
    ).content.decode()
    assert paid.number in by_cheque and due.number not in by_cheque
    found = treasurer_client.get(
        reverse("admin:dues_invoice_changelist"), {"q": "Boissellerie"}
    ).content.decode()
    assert due.number in found and paid.number not in found


def test_the_treasurer_records_a_transfer_from_the_invoice_page(treasurer_client, treasurer):
    invoice = issued_invoice()
    url = reverse("admin:dues_invoice_record_transfer", args=[invoice.pk])
    assert (
        url in treasurer_client.get(reverse("admin:dues_invoice_change", args=[invoice.pk])).content.decode()
    )

    bad = treasurer_client.post(
        url, {"method": "transfer", "amount": "240", "received_on": "2027-04-01", "reference": "x"}
    )
    assert "ne peut pas être dans le futur" in bad.content.decode()
    assert 'value="x"' in bad.content.decode()  # what was typed stays

    response = treasurer_client.post(
        url,
        {"method": "transfer", "amount": "240,00", "received_on": "2027-03-10", "reference": "VIR MIJ 42"},
    )

    assert response.status_code == 302
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == (Invoice.Status.PAID, date(2027, 3, 10))
    payment = Payment.objects.get()
    assert (payment.provider, payment.provider_reference, payment.recorded_by) == (
        "transfer",
        "VIR MIJ 42",
        treasurer,
    )


def test_the_treasurer_issues_a_credit_note_with_a_reason(treasurer_client, treasurer):
    invoice = issued_invoice()
    changelist = reverse("admin:dues_invoice_changelist")
    data = {"action": "issue_credit_note", "_selected_action": [invoice.pk]}

    form = treasurer_client.post(changelist, data)
    assert "Motif de l" in form.content.decode()
    treasurer_client.post(changelist, {**data, "apply": "1", "reason": "Entreprise exonérée par le bureau"})

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED
    assert invoice.credit_notes.get().reason == "Entreprise exonérée par le bureau"


def test_the_treasurer_sends_a_reminder_now(treasurer_client, treasurer, django_capture_on_commit_callbacks):
    invoice = issued_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        treasurer_client.post(
            reverse("admin:dues_invoice_changelist"),
            {"action": "send_reminder", "_selected_action": [invoice.pk], "apply": "1"},
        )
    assert Reminder.objects.filter(invoice=invoice, manual=True, sent_by=treasurer).exists()
    assert any(invoice.number in message.subject for message in mail.outbox)


def test_a_reminder_now_asks_first_with_the_number_of_companies_emailed(
    treasurer_client, treasurer, staff, django_capture_on_commit_callbacks
):
    first, second = (
        renewing_company(legal_name="Tournerie Vuillet"),
        renewing_company(legal_name="Fromagerie Michaud"),
    )
    unpaid = [issued_invoice(first), issued_invoice(second)]
    cancelled = issued_invoice()
    services.invoice_cancel(invoice=cancelled, reason="Doublon", acting_user=staff)
    mail.outbox.clear()
    selected = {"action": "send_reminder", "_selected_action": [i.pk for i in [*unpaid, cancelled]]}

    with django_capture_on_commit_callbacks(execute=True):
        page = treasurer_client.post(reverse("admin:dues_invoice_changelist"), selected)

    text = " ".join(page.content.decode().split())
    assert "2 factures à payer seront relancées, soit 2 entreprises qui recevront un courriel" in text
    assert "1 facture choisie n'est pas à payer" in text
    assert mail.outbox == [] and not Reminder.objects.exists()  # nothing sent before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        treasurer_client.post(reverse("admin:dues_invoice_changelist"), {**selected, "apply": "1"})
    assert Reminder.objects.filter(manual=True).count() == 2
    subjects = " ".join(message.subject for message in mail.outbox)
    assert all(invoice.number in subjects for invoice in unpaid) and cancelled.number not in subjects


def test_the_accountant_gets_a_csv_export(treasurer_client, treasurer, staff):
    paid = issued_invoice(renewing_company(legal_name="Tournerie Vuillet"))
    services.payment_record_transfer(
        invoice=paid,
        method="transfer",
        amount_cents=24_000,
        received_on=date(2027, 3, 2),
        reference="V1",
        acting_user=treasurer,
    )
    cancelled = issued_invoice()
    credit = services.invoice_cancel(invoice=cancelled, reason="Doublon", acting_user=staff)

    response = treasurer_client.post(
        reverse("admin:dues_invoice_changelist"),
        {"action": "export_csv", "_selected_action": [paid.pk, cancelled.pk]},
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Numéro", "Date", "Client"]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[paid.number][2] == "Tournerie Vuillet"
    assert by_number[paid.number][7] == "240,00"
    assert by_number[paid.number][11] == "240,00"
    assert by_number[paid.number][12] == "virement"
    assert by_number[cancelled.number][13] == credit.number


def test_the_csv_export_neutralises_names_a_spreadsheet_would_run_as_formulas(treasurer_client, treasurer):
    invoice = issued_invoice(renewing_company(legal_name='=HYPERLINK("http://evil.test","Cliquez")'))

    response = treasurer_client.post(
        reverse("admin:dues_invoice_changelist"),
        {"action": "export_csv", "_selected_action": [invoice.pk]},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == '\'=HYPERLINK("http://evil.test","Cliquez")'
    assert rows[1][7] == "240,00"  # our own amounts are left as numbers


def test_a_fee_of_zero_is_refused_since_such_an_invoice_could_never_be_paid(treasurer_client, treasurer):
    response = treasurer_client.post(
        reverse("admin:dues_feeschedule_add"),
        {"year": "2028", "size_band": "1-9", "amount": "0", "label": ""},
    )

    assert response.status_code == 200
    assert "au moins 0,01 €" in response.content.decode()
    from dues.models import FeeSchedule

    assert not FeeSchedule.objects.filter(year=2028).exists()


def test_the_treasurer_edits_fee_schedules_in_euros(treasurer_client, treasurer):
    response = treasurer_client.post(
        reverse("admin:dues_feeschedule_add"),
        {"year": "2028", "size_band": "1-9", "amount": "260,50", "label": ""},
    )
    assert response.status_code == 302
    from dues.models import FeeSchedule

    assert FeeSchedule.objects.get(year=2028, size_band="1-9").amount_cents == 26_050


def test_a_staff_member_outside_the_treasury_cannot_record_a_transfer(client):
    invoice = issued_invoice()
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:dues_invoice_record_transfer", args=[invoice.pk])).status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_the_admin_invoice_list_makes_the_same_few_queries_whatever_the_number_of_invoices(
    treasurer_client, treasurer, count, django_assert_max_num_queries
):
    fee_schedules(2027)
    for n in range(count):
        invoice = services.invoice_issue(
            company=renewing_company(), year=2027, acting_user=None, today=date(2027, 1, 5)
        )
        if n % 2:
            services.payment_record_transfer(
                invoice=invoice,
                method="transfer",
                amount_cents=24_000,
                received_on=date(2027, 2, 1),
                reference=f"V{n}",
                acting_user=treasurer,
            )

    with django_assert_max_num_queries(16):
        response = treasurer_client.get(reverse("admin:dues_invoice_changelist"))
    assert response.status_code == 200

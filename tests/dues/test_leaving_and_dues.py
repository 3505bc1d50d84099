"""Leaving the network and the dues: resigning or being excluded cancels (by a credit note) the unpaid dues of
years not started yet; the year under way stays owed; reminders go only to companies that owe and may pay
to stay members (active or lapsed), never to suspended, resigned or excluded ones. Time frozen."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from dues import services
from dues.models import CreditNote, Invoice
from members import lifecycle
from tests.factories.dues import fee_schedules, issued_invoice, renewing_company
from tests.factories.members import owner_of
from tests.pages import page_text

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def reminders_to(company) -> list[str]:
    email = owner_of(company).email
    return [
        message.subject
        for message in mail.outbox
        if email in message.to and message.subject.split("] ")[-1].startswith(("Rappel", "Relance"))
    ]


def run_reminders() -> None:
    call_command("dues_reminders", stdout=StringIO())


def test_resigning_in_december_cancels_next_years_renewal_and_nothing_is_left_to_pay(
    client, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(date(2027, 12, 10)), tick=False) as traveller:
        company = renewing_company(legal_name="Scierie du Grandvaux SARL")
        this_year = issued_invoice(company, year=2027, today=date(2027, 1, 5))
        services.payment_record_transfer(
            invoice=this_year,
            method="transfer",
            amount_cents=this_year.amount_cents,
            received_on=date(2027, 1, 20),
            reference="VIR-2027",
            acting_user=owner_of(company),
        )
        fee_schedules(2028)
        services.dues_renew(today=date(2027, 12, 1))
        renewal = Invoice.objects.get(company=company, year=2028)
        client.force_login(owner_of(company))
        assert "240,00 € à régler" in page_text(client.get(reverse("members:space")))

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("members:resign"), {"reason": "Départ à la retraite", "confirm": "on"}
            )
        assert response.status_code == 302

        renewal.refresh_from_db()
        assert renewal.status == Invoice.Status.CANCELLED
        credit_note = CreditNote.objects.get(invoice=renewal)
        assert "Cotisation 2028 non due : démission du réseau enregistrée le 10/12/2027" in credit_note.reason
        assert any(credit_note.number in message.body for message in mail.outbox)

        space = client.get(reverse("members:space"))
        text = page_text(space)
        assert "240,00 € à régler" not in text
        assert "Voir et payer" not in text
        assert "Rien à régler" in text
        dues_page = client.get(reverse("dues:invoices")).content.decode()
        assert reverse("dues:pay", args=[renewal.pk]) not in dues_page
        assert "Annulée" in dues_page and credit_note.number in dues_page

        traveller.move_to(at(date(2028, 2, 20)))  # past the due date and its reminders
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            run_reminders()
        assert reminders_to(company) == []


def test_an_exclusion_mid_year_leaves_the_year_under_way_owed_and_unchased(
    client, staff, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(date(2027, 6, 15)), tick=False) as traveller:
        company = renewing_company(legal_name="Jouets de Moirans SAS")
        invoice = issued_invoice(company, year=2027, today=date(2027, 6, 1))
        lifecycle.company_exclude(
            company=company, acting_user=staff, reason="Délocalisation de la production."
        )

        invoice.refresh_from_db()
        assert invoice.status == Invoice.Status.ISSUED, "the year under way stays owed"
        client.force_login(owner_of(company))
        dues_page = page_text(client.get(reverse("dues:invoices")))
        assert "La cotisation de l'année en cours à son départ reste due" in dues_page

        traveller.move_to(at(invoice.due_on + timedelta(days=20)))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            run_reminders()
        assert reminders_to(company) == []


def test_a_suspended_member_is_not_chased_while_suspended_and_is_reminded_once_active_again(
    client, staff, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(date(2027, 1, 20)), tick=False) as traveller:
        company = renewing_company(legal_name="Fromagerie Vermot SARL")
        invoice = issued_invoice(company, year=2027, today=date(2026, 12, 1))
        lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle qualité en cours.")

        client.force_login(owner_of(company))
        text = page_text(client.get(reverse("members:space")))
        assert "240,00 € à régler" in text and "Voir et payer" in text, "it owes and may pay"

        traveller.move_to(at(invoice.due_on + timedelta(days=16)))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            run_reminders()
        assert reminders_to(company) == []

        lifecycle.company_reactivate(company=company, acting_user=staff)
        with django_capture_on_commit_callbacks(execute=True):
            run_reminders()
        assert len(reminders_to(company)) == 1

"""/espace/cotisations/: a member sees its invoices, pays what is due, downloads its documents; nobody else's."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from dues import services
from dues.models import Payment
from tests.factories.dues import fee_schedules, issued_invoice, renewing_company
from tests.factories.members import owner_of
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_march_2027():
    with time_machine.travel(datetime(2027, 3, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        yield


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages).split())


def pay(invoice, amount=None, reference="ref-1"):
    services.payment_start(
        invoice=invoice,
        provider="demo",
        provider_reference=reference,
        amount_cents=amount or invoice.amount_cents,
    )
    services.payment_succeeded(
        provider="demo",
        provider_reference=reference,
        amount_cents=amount or invoice.amount_cents,
        paid_at=datetime(2027, 3, 1, 9, tzinfo=ZoneInfo("Europe/Paris")),
        raw={},
    )


def test_a_member_sees_what_is_due_with_a_pay_link_and_what_was_paid(client):
    company = renewing_company(legal_name="Fromagerie Vuillet SARL")
    fee_schedules(2026, 18_000)
    old = issued_invoice(company, year=2026, today=date(2026, 1, 4))
    pay(old)
    due = issued_invoice(company, year=2027, today=date(2027, 1, 4))
    client.force_login(owner_of(company))

    response = client.get(reverse("dues:invoices"))

    text = page_text(response)
    assert "Mes cotisations" in text
    assert f"Facture {due.number} (cotisation 2027) : 240,00" in text
    assert "Échéance dépassée" in text  # due on 31 January
    assert "Payée" in text
    html = response.content.decode()
    assert reverse("dues:pay", args=[due.pk]) in html
    assert reverse("dues:pay", args=[old.pk]) not in html
    assert reverse("dues:receipt_pdf", args=[old.pk]) in html
    assert reverse("dues:receipt_pdf", args=[due.pk]) not in html
    assert reverse("dues:invoice_pdf", args=[due.pk]) in html


def test_a_partial_payment_shows_what_remains(client):
    invoice = issued_invoice(today=date(2027, 3, 1))
    pay(invoice, amount=10_000)
    client.force_login(owner_of(invoice.company))

    text = page_text(client.get(reverse("dues:invoices")))

    assert "100,00 € reçus, reste 140,00 €" in text.replace("\u202f", " ").replace("\xa0", " ")


def test_another_companys_invoice_receipt_and_credit_note_answer_404(client, staff):
    mine = issued_invoice()
    theirs = issued_invoice()
    pay(theirs)
    other = issued_invoice(year=2027)
    credit_note = services.invoice_cancel(invoice=other, reason="Doublon", acting_user=staff)
    client.force_login(owner_of(mine.company))

    assert client.get(reverse("dues:invoice_pdf", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("dues:receipt_pdf", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("dues:credit_note_pdf", args=[credit_note.pk])).status_code == 404
    assert theirs.number not in client.get(reverse("dues:invoices")).content.decode()


def test_the_invoice_pdf_gives_the_iban_and_bic_for_a_transfer(client, settings):
    settings.ASSOCIATION = {
        **settings.ASSOCIATION,
        "iban": "FR76 3000 4000 0500 0012 3456 789",
        "bic": "BNPAFRPP",
    }
    invoice = issued_invoice(today=date(2027, 1, 4))
    client.force_login(owner_of(invoice.company))

    text = pdf_text(client.get(reverse("dues:invoice_pdf", args=[invoice.pk])))

    assert "IBAN FR76 3000 4000 0500 0012 3456 789" in text
    assert "BIC BNPAFRPP" in text
    assert f"référence {invoice.number}" in text

    settings.DUES_BANK_TRANSFER = False
    text = pdf_text(client.get(reverse("dues:invoice_pdf", args=[invoice.pk])))
    assert "IBAN" not in text and "virement" not in text


def test_an_unpaid_invoice_has_no_receipt(client):
    invoice = issued_invoice()
    client.force_login(owner_of(invoice.company))
    assert client.get(reverse("dues:receipt_pdf", args=[invoice.pk])).status_code == 404


def test_the_invoice_pdf_carries_every_mention_the_law_asks(client, settings):
    settings.ASSOCIATION = {
        **settings.ASSOCIATION,
        "name": "Made in Jura",
        "address": "Maison de l'entreprise, 39000 Lons-le-Saunier",
        "siren": "812345678",
        "iban": "FR76 3000 4000 0500 0012 3456 789",
    }
    company = renewing_company(
        legal_name="Lunetterie Bourgeois SAS", address="4 rue de la République", postal_code="39400"
    )
    invoice = issued_invoice(company, today=date(2027, 1, 4))
    client.force_login(owner_of(company))

    response = client.get(reverse("dues:invoice_pdf", args=[invoice.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    for mention in [
        "Made in Jura",
        "Maison de l'entreprise, 39000 Lons-le-Saunier",
        "SIREN 812345678",
        "Lunetterie Bourgeois SAS",
        "4 rue de la République, 39400",
        f"SIRET {company.siret}",
        f"Facture {invoice.number}",
        "4 janvier 2027",  # date of issue
        "3 février 2027",  # due date: 30 days after issue, later than 31 January
        "Cotisation annuelle Made in Jura 2027",
        "240,00",
        "Conditions de paiement",
        "FR76 3000 4000 0500 0012 3456 789",
        "Pénalités de retard",
        "40 €",
        "TVA non applicable – art. 261-7-1° du CGI",
    ]:
        assert mention in text, mention


def test_a_paid_invoice_gives_a_receipt_naming_the_payment(client):
    invoice = issued_invoice()
    pay(invoice, reference="VIR-42")
    client.force_login(owner_of(invoice.company))

    text = pdf_text(client.get(reverse("dues:receipt_pdf", args=[invoice.pk])))

    assert "Reçu de paiement" in text
    assert invoice.number in text
    assert "Facture acquittée le 1 mars 2027" in text or "Facture acquittée le 1er mars 2027" in text
    assert "VIR-42" in text
    assert str(Payment.Provider.DEMO.label) in text


def test_a_credit_note_pdf_references_the_invoice_it_cancels(client, staff):
    invoice = issued_invoice()
    credit_note = services.invoice_cancel(
        invoice=invoice, reason="Adhésion enregistrée deux fois", acting_user=staff
    )
    client.force_login(owner_of(invoice.company))

    html = client.get(reverse("dues:invoices")).content.decode()
    assert reverse("dues:credit_note_pdf", args=[credit_note.pk]) in html
    text = pdf_text(client.get(reverse("dues:credit_note_pdf", args=[credit_note.pk])))
    assert f"Avoir {credit_note.number}" in text
    assert f"Annulation de la facture {invoice.number}" in text
    assert "Adhésion enregistrée deux fois" in text
    assert "TVA non applicable" in text


def test_the_space_card_says_what_is_due(client):
    invoice = issued_invoice(today=date(2027, 3, 1))
    client.force_login(owner_of(invoice.company))

    text = page_text(client.get(reverse("members:space")))

    assert "Cotisation" in text
    assert "à régler avant le 31 mars 2027" in text


def test_the_space_card_counts_only_what_remains_after_a_partial_payment(client):
    invoice = issued_invoice(today=date(2027, 3, 1))
    pay(invoice, amount=10_000)
    client.force_login(owner_of(invoice.company))

    text = page_text(client.get(reverse("members:space"))).replace("\u202f", " ").replace("\xa0", " ")

    assert "140,00 € à régler avant le 31 mars 2027" in text


def test_the_space_card_says_when_nothing_is_due(client):
    company = renewing_company()
    client.force_login(owner_of(company))
    assert "Votre cotisation est à jour" in page_text(client.get(reverse("members:space")))


@pytest.mark.parametrize("count", [2, 20])
def test_the_invoices_page_makes_the_same_few_queries_whatever_the_number_of_invoices(
    client, staff, count, django_assert_max_num_queries
):
    company = renewing_company()
    for year in range(2027 - count + 1, 2028):
        fee_schedules(year)
        invoice = services.invoice_issue(company=company, year=year, acting_user=None, today=date(year, 1, 5))
        if year % 3 == 0:
            pay(invoice, reference=f"r{year}")
        elif year % 3 == 1:
            services.invoice_cancel(invoice=invoice, reason="Erreur", acting_user=staff)
    client.force_login(owner_of(company))

    with django_assert_max_num_queries(8):
        response = client.get(reverse("dues:invoices"))
    assert response.status_code == 200

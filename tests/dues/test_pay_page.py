"""The pay page (/espace/cotisations/<pk>/payer/): the invoice, what remains to pay, and the button."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from dues import services
from dues.models import Invoice, Payment
from tests.factories.dues import issued_invoice
from tests.factories.members import UserFactory, owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.PAYMENT_PROVIDER = "demo"


@pytest.fixture
def invoice() -> Invoice:
    return issued_invoice(amount_cents=24_000)


@pytest.fixture
def member_client(client, invoice):
    client.force_login(owner_of(invoice.company))
    return client


def text(response) -> str:
    return unescape(response.content.decode())


def test_it_shows_the_invoice_the_amount_and_the_pay_button(demo, member_client, invoice):
    page = text(member_client.get(reverse("dues:pay", args=[invoice.pk])))

    assert f"Régler la facture {invoice.number}" in page
    assert invoice.description in page
    assert "240,00\N{NO-BREAK SPACE}€" in page
    assert "Payer 240,00\N{NO-BREAK SPACE}€" in page
    assert reverse("dues:invoice_pdf", args=[invoice.pk]) in page
    assert reverse("dues:receipt_pdf", args=[invoice.pk]) not in page


def test_it_gives_the_bank_details_for_a_transfer_when_they_are_set(demo, member_client, invoice, settings):
    settings.ASSOCIATION = {
        **settings.ASSOCIATION,
        "iban": "FR76 3000 4000 0500 0012 3456 789",
        "bic": "BNPAFRPP",
    }

    page = text(member_client.get(reverse("dues:pay", args=[invoice.pk])))

    assert "FR76 3000 4000 0500 0012 3456 789" in page
    assert "BNPAFRPP" in page
    assert f"Indiquez la référence {invoice.number}" in page.replace("<strong>", "").replace("</strong>", "")


def test_without_transfers_the_page_offers_cheques_only(demo, member_client, invoice, settings):
    settings.DUES_BANK_TRANSFER = False
    settings.ASSOCIATION = {**settings.ASSOCIATION, "iban": "FR76 3000 4000 0500 0012 3456 789"}

    page = text(member_client.get(reverse("dues:pay", args=[invoice.pk])))

    assert "Payer par chèque" in page
    assert "virement" not in page.lower() and "FR76" not in page


def test_it_needs_a_signed_in_member(client, invoice):
    response = client.get(reverse("dues:pay", args=[invoice.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_someone_without_a_company_is_sent_to_the_space(client, invoice):
    client.force_login(UserFactory())

    response = client.get(reverse("dues:pay", args=[invoice.pk]))

    assert response["Location"] == reverse("members:space")


def test_another_companys_invoice_answers_404_and_cannot_be_paid(demo, member_client):
    stranger = issued_invoice()

    assert member_client.get(reverse("dues:pay", args=[stranger.pk])).status_code == 404
    assert member_client.post(reverse("dues:pay", args=[stranger.pk])).status_code == 404
    assert not Payment.objects.filter(invoice=stranger).exists()


def test_a_paid_invoice_says_so_with_its_receipt_and_no_button(demo, member_client, invoice):
    services.payment_record_transfer(
        invoice=invoice,
        method="transfer",
        amount_cents=24_000,
        received_on=timezone.localdate(),
        reference="VIR-123",
        acting_user=UserFactory(is_staff=True),
    )

    page = text(member_client.get(reverse("dues:pay", args=[invoice.pk])))
    response = member_client.post(reverse("dues:pay", args=[invoice.pk]), follow=True)

    assert "Cette facture est réglée depuis le" in page
    assert reverse("dues:receipt_pdf", args=[invoice.pk]) in page
    assert "Payer 240" not in page
    assert "Cette facture n'est plus à payer." in text(response)
    assert not Payment.objects.exclude(provider=Payment.Provider.TRANSFER).exists()


def test_a_cancelled_invoice_says_there_is_nothing_to_pay(demo, member_client, invoice):
    services.invoice_cancel(
        invoice=invoice, reason="Erreur de barème", acting_user=UserFactory(is_staff=True)
    )

    page = text(member_client.get(reverse("dues:pay", args=[invoice.pk])))
    member_client.post(reverse("dues:pay", args=[invoice.pk]))

    assert "Cette facture a été annulée par un avoir : il n'y a rien à payer." in page
    assert "Payer 240" not in page
    assert not Payment.objects.exists()


def test_starting_checkouts_again_and_again_is_rate_limited(demo, member_client, invoice):
    statuses = [member_client.post(reverse("dues:pay", args=[invoice.pk])).status_code for _ in range(22)]

    assert statuses.count(302) == 20
    assert statuses[-1] == 429


def test_the_pay_page_refuses_other_methods(member_client, invoice):
    assert member_client.put(reverse("dues:pay", args=[invoice.pk])).status_code == 405

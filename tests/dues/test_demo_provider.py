"""The demo provider: a local page that simulates the provider, only in development without a real one."""

from html import unescape

import pytest
from django.urls import reverse

from dues.models import Invoice, Payment
from dues.providers import get_provider
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

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


def open_demo_checkout(client, invoice) -> str:
    response = client.post(reverse("dues:pay", args=[invoice.pk]))
    payment = Payment.objects.get(invoice=invoice, status=Payment.Status.CREATED)
    assert response["Location"] == reverse("dues:demo_checkout", args=[payment.provider_reference])
    return response["Location"]


def test_a_simulated_success_marks_the_invoice_paid_and_shows_the_receipt(demo, member_client, invoice):
    url = open_demo_checkout(member_client, invoice)
    page = unescape(member_client.get(url).content.decode())
    assert "Paiement de démonstration" in page
    assert "240,00" in page

    response = member_client.post(url, {"outcome": "succeeded"}, follow=True)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    content = unescape(response.content.decode())
    assert "Cette facture est réglée depuis le" in content
    assert reverse("dues:receipt_pdf", args=[invoice.pk]) in content


def test_a_simulated_refusal_leaves_the_invoice_to_pay(demo, member_client, invoice):
    url = open_demo_checkout(member_client, invoice)

    response = member_client.post(url, {"outcome": "failed"}, follow=True)

    assert Payment.objects.get().status == Payment.Status.FAILED
    assert Invoice.objects.get().status == Invoice.Status.ISSUED
    assert "Le paiement n'a pas abouti" in unescape(response.content.decode())


def test_posting_the_success_twice_counts_once(demo, member_client, invoice):
    url = open_demo_checkout(member_client, invoice)

    member_client.post(url, {"outcome": "succeeded"})
    member_client.post(url, {"outcome": "succeeded"})

    assert Payment.objects.succeeded().count() == 1


def test_the_demo_page_does_not_exist_when_debug_is_off(demo, member_client, invoice, settings):
    url = open_demo_checkout(member_client, invoice)
    settings.DEBUG = False

    assert member_client.get(url).status_code == 404
    assert member_client.post(url, {"outcome": "succeeded"}).status_code == 404
    assert get_provider() is None
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_the_demo_page_does_not_exist_when_a_real_provider_is_configured(
    demo, member_client, invoice, settings
):
    url = open_demo_checkout(member_client, invoice)
    settings.PAYMENT_PROVIDER = "stripe"

    assert member_client.get(url).status_code == 404
    assert member_client.post(url, {"outcome": "succeeded"}).status_code == 404


def test_another_companys_demo_checkout_answers_404(demo, member_client, invoice):
    url = open_demo_checkout(member_client, invoice)
    stranger = issued_invoice()
    member_client.force_login(owner_of(stranger.company))

    assert member_client.get(url).status_code == 404
    assert member_client.post(url, {"outcome": "succeeded"}).status_code == 404
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.ISSUED


def test_without_debug_the_pay_page_offers_transfer_only(member_client, invoice, settings):
    settings.DEBUG = False
    settings.PAYMENT_PROVIDER = "demo"

    page = unescape(member_client.get(reverse("dues:pay", args=[invoice.pk])).content.decode())
    response = member_client.post(reverse("dues:pay", args=[invoice.pk]), follow=True)

    assert "Le paiement en ligne n'est pas disponible" in page
    assert "Payer par virement ou par chèque" in page
    assert not Payment.objects.exists()
    assert "réglez par virement" in unescape(response.content.decode())

"""Paying with Stripe Checkout: the real `stripe` client against a local Stripe API."""

from html import unescape

import pytest
from django.urls import reverse

from dues.models import Invoice, Payment
from tests.dues.fake_stripe import SECRET_KEY, parse_stripe_form
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db
SITE = "https://portail.madeinjura.test"


@pytest.fixture
def invoice() -> Invoice:
    return issued_invoice(amount_cents=36_000)


@pytest.fixture
def member_client(client, invoice):
    client.force_login(owner_of(invoice.company))
    return client


def test_paying_opens_a_checkout_session_for_the_invoice_and_sends_the_member_to_it(
    stripe_api, member_client, invoice
):
    response = member_client.post(reverse("dues:pay", args=[invoice.pk]))

    [(session_id, session)] = stripe_api.sessions.items()
    assert response.status_code == 302
    assert response["Location"] == session["url"]
    [create] = stripe_api.calls("POST", "/v1/checkout/sessions")
    assert create.headers["Authorization"] == f"Bearer {SECRET_KEY}"
    params = parse_stripe_form(create.body.decode())
    assert params["mode"] == "payment"
    assert params["line_items"] == [
        {
            "quantity": "1",
            "price_data": {
                "currency": "eur",
                "unit_amount": "36000",
                "product_data": {"name": f"Cotisation Made in Jura 2027 — facture {invoice.number}"},
            },
        }
    ]
    assert params["client_reference_id"] == str(invoice.pk)
    assert params["metadata"]["invoice"] == invoice.number
    assert params["success_url"] == SITE + reverse("dues:stripe_return") + "?session_id={CHECKOUT_SESSION_ID}"
    assert params["cancel_url"] == SITE + reverse("dues:pay", args=[invoice.pk])
    payment = Payment.objects.get()
    assert (payment.provider, payment.provider_reference, payment.amount_cents, payment.status) == (
        "stripe",
        session_id,
        36_000,
        "created",
    )


def test_coming_back_from_a_paid_session_shows_the_invoice_paid(stripe_api, member_client, invoice):
    member_client.post(reverse("dues:pay", args=[invoice.pk]))
    [session_id] = stripe_api.sessions
    stripe_api.complete(session_id)

    response = member_client.get(reverse("dues:stripe_return"), {"session_id": session_id}, follow=True)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert "Merci ! Votre paiement est enregistré" in unescape(response.content.decode())
    assert stripe_api.calls("GET", f"/v1/checkout/sessions/{session_id}")


def test_coming_back_from_an_unpaid_session_changes_nothing(stripe_api, member_client, invoice):
    member_client.post(reverse("dues:pay", args=[invoice.pk]))
    [session_id] = stripe_api.sessions

    response = member_client.get(reverse("dues:stripe_return"), {"session_id": session_id}, follow=True)

    assert Invoice.objects.get().status == Invoice.Status.ISSUED
    assert "en cours de confirmation" in unescape(response.content.decode())


def test_a_return_with_a_session_that_is_not_ours_changes_nothing(stripe_api, member_client, invoice):
    response = member_client.get(reverse("dues:stripe_return"), {"session_id": "cs_test_forged"}, follow=True)

    assert "Nous ne retrouvons pas ce paiement" in unescape(response.content.decode())
    assert not stripe_api.calls("GET", "/v1/checkout/sessions/")


def test_stripe_unreachable_gives_a_french_message(stripe_api, member_client, invoice, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_revoked"

    response = member_client.post(reverse("dues:pay", args=[invoice.pk]), follow=True)

    assert "Le paiement par carte ne répond pas pour le moment" in unescape(response.content.decode())
    assert not Payment.objects.exists()

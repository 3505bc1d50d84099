"""Paying an invoice with HelloAsso, end to end against a local HelloAsso speaking real HTTP."""

from html import unescape

import pytest
from django.urls import reverse

from dues.models import Invoice, Payment
from jura_portal.models import AuditEntry
from tests.dues.fake_helloasso import CLIENT_ID, CLIENT_SECRET, SLUG
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db
SITE = "https://portail.madeinjura.test"


@pytest.fixture
def invoice() -> Invoice:
    return issued_invoice(amount_cents=24_000)


@pytest.fixture
def member_client(client, invoice):
    client.force_login(owner_of(invoice.company))
    return client


def start(client, invoice) -> int:
    response = client.post(reverse("dues:pay", args=[invoice.pk]))
    assert response.status_code == 302, response.content
    return Payment.objects.get(invoice=invoice, status=Payment.Status.CREATED).provider_reference


def test_paying_sends_the_member_to_helloasso_with_the_amount_in_cents_and_our_invoice(
    helloasso, member_client, invoice
):
    response = member_client.post(reverse("dues:pay", args=[invoice.pk]))

    [(intent_id, intent)] = helloasso.intents.items()
    assert response.status_code == 302
    assert response["Location"] == intent["redirectUrl"]
    body = intent["body"]
    assert body["totalAmount"] == body["initialAmount"] == 24_000
    assert body["containsDonation"] is False
    assert invoice.number in body["itemName"]
    assert body["metadata"] == {
        "invoice": invoice.number,
        "invoice_id": invoice.pk,
        "company_id": invoice.company_id,
    }
    assert body["returnUrl"] == SITE + reverse("dues:helloasso_return")
    assert body["errorUrl"] == SITE + reverse("dues:helloasso_error")
    assert body["backUrl"] == SITE + reverse("dues:helloasso_back", args=[invoice.pk])
    assert body["payer"]["email"] == owner_of(invoice.company).email
    assert body["payer"]["companyName"] == invoice.company.legal_name
    # Authenticated the OAuth2 way: client credentials for a token, then the token as bearer.
    [token_request] = helloasso.token_requests()
    assert token_request == {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    [create] = helloasso.calls("POST", f"/v5/organizations/{SLUG}/checkout-intents")
    assert create.headers["Authorization"] == "Bearer " + next(iter(helloasso.access_tokens))
    payment = Payment.objects.get()
    assert (payment.provider, payment.provider_reference, payment.status, payment.amount_cents) == (
        "helloasso",
        str(intent_id),
        "created",
        24_000,
    )


def test_coming_back_from_helloasso_after_paying_shows_the_invoice_paid(helloasso, member_client, invoice):
    intent_id = start(member_client, invoice)
    order = helloasso.pay(int(intent_id))

    response = member_client.get(
        reverse("dues:helloasso_return"),
        {"checkoutIntentId": intent_id, "code": "succeeded", "orderId": order["id"]},
        follow=True,
    )

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    assert response.redirect_chain[-1][0] == reverse("dues:pay", args=[invoice.pk])
    assert "Merci ! Votre paiement est enregistré" in unescape(response.content.decode())
    assert reverse("dues:receipt_pdf", args=[invoice.pk]) in unescape(response.content.decode())
    # The return's own claim was checked with HelloAsso.
    assert helloasso.calls("GET", f"/v5/organizations/{SLUG}/checkout-intents/{intent_id}")


def test_a_payment_date_without_offset_is_read_as_paris_time(helloasso, member_client, invoice):
    intent_id = start(member_client, invoice)
    order = helloasso.pay(int(intent_id))
    order["payments"][0]["date"] = "2027-01-12T00:30:00"  # half past midnight in Jura

    member_client.get(reverse("dues:helloasso_return"), {"checkoutIntentId": intent_id})

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert str(invoice.paid_on) == "2027-01-12"


def test_a_return_that_says_succeeded_while_helloasso_has_no_order_changes_nothing(
    helloasso, member_client, invoice
):
    intent_id = start(member_client, invoice)

    response = member_client.get(
        reverse("dues:helloasso_return"), {"checkoutIntentId": intent_id, "code": "succeeded"}, follow=True
    )

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert Payment.objects.get().status == Payment.Status.CREATED
    assert "en cours de confirmation" in unescape(response.content.decode())


def test_the_error_page_tells_the_member_the_payment_did_not_go_through(helloasso, member_client, invoice):
    intent_id = start(member_client, invoice)

    response = member_client.get(
        reverse("dues:helloasso_error"),
        {"checkoutIntentId": intent_id, "error": "payment_refused"},
        follow=True,
    )

    assert "Le paiement n'a pas abouti" in unescape(response.content.decode())
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_leaving_helloasso_with_its_back_link_leaves_the_invoice_to_pay(helloasso, member_client, invoice):
    start(member_client, invoice)

    response = member_client.get(reverse("dues:helloasso_back", args=[invoice.pk]), follow=True)

    assert "Paiement abandonné : la facture reste à régler." in unescape(response.content.decode())
    assert "Régler la facture" in unescape(response.content.decode())


def test_a_payment_smaller_than_the_invoice_is_recorded_but_never_marks_it_paid(
    helloasso, member_client, invoice
):
    intent_id = start(member_client, invoice)
    helloasso.pay(int(intent_id), amount=10_000)  # the order itself says 100 €

    member_client.get(reverse("dues:helloasso_return"), {"checkoutIntentId": intent_id, "code": "succeeded"})

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    payment = Payment.objects.get()
    assert (payment.status, payment.amount_cents) == (Payment.Status.SUCCEEDED, 10_000)
    page = unescape(member_client.get(reverse("dues:pay", args=[invoice.pk])).content.decode())
    assert "Déjà reçu" in page
    assert "140,00" in page  # what remains to pay


def test_the_next_checkout_asks_only_for_what_remains_to_pay(helloasso, member_client, invoice):
    intent_id = start(member_client, invoice)
    helloasso.pay(int(intent_id), amount=10_000)
    member_client.get(reverse("dues:helloasso_return"), {"checkoutIntentId": intent_id})

    member_client.post(reverse("dues:pay", args=[invoice.pk]))

    last = helloasso.intents[max(helloasso.intents)]
    assert last["body"]["totalAmount"] == 14_000


def test_an_order_whose_instalments_are_not_all_authorized_is_not_counted_yet(
    helloasso, member_client, invoice
):
    intent_id = start(member_client, invoice)
    helloasso.pay(int(intent_id), amount=12_000, total=24_000)

    member_client.get(reverse("dues:helloasso_return"), {"checkoutIntentId": intent_id})

    assert Payment.objects.get().status == Payment.Status.CREATED
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_an_unreachable_helloasso_gives_a_french_message_and_starts_nothing(
    helloasso, member_client, invoice
):
    helloasso.fail_next = [503]

    response = member_client.post(reverse("dues:pay", args=[invoice.pk]), follow=True)

    assert "HelloAsso ne répond pas pour le moment" in unescape(response.content.decode())
    assert not Payment.objects.exists()


def test_a_paid_invoice_cannot_start_another_checkout(helloasso, member_client, invoice):
    intent_id = start(member_client, invoice)
    helloasso.pay(int(intent_id))
    member_client.get(reverse("dues:helloasso_return"), {"checkoutIntentId": intent_id})

    response = member_client.post(reverse("dues:pay", args=[invoice.pk]), follow=True)

    assert len(helloasso.intents) == 1
    assert "Cette facture n'est plus à payer." in unescape(response.content.decode())
    assert AuditEntry.objects.filter(action="invoice.paid").count() == 1

"""HelloAsso's notifications are triggers: each is checked by re-fetching the checkout-intent."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from dues.models import Invoice, Payment
from jura_portal.models import AuditEntry
from tests.dues.fake_helloasso import SLUG
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice() -> Invoice:
    return issued_invoice(amount_cents=24_000)


@pytest.fixture
def intent_id(helloasso, client, invoice) -> int:
    """A checkout the member opened, then left the browser (no return): only notifications follow."""
    client.force_login(owner_of(invoice.company))
    client.post(reverse("dues:pay", args=[invoice.pk]))
    client.logout()
    return int(Payment.objects.get().provider_reference)


def notify(client, body) -> int:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(
        reverse("dues:helloasso_notify"), data=data, content_type="application/json"
    ).status_code


def fetches(helloasso, intent_id) -> int:
    return len(helloasso.calls("GET", f"/v5/organizations/{SLUG}/checkout-intents/{intent_id}"))


def test_an_order_notification_for_a_paid_intent_marks_the_invoice_paid(
    helloasso, client, intent_id, invoice
):
    helloasso.pay(intent_id)

    assert notify(client, helloasso.notification(intent_id)) == 200

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.get().raw["order"]["payments"][0]["state"] == "Authorized"


def test_a_duplicated_notification_counts_once(
    helloasso, client, intent_id, invoice, django_capture_on_commit_callbacks
):
    helloasso.pay(intent_id)
    body = helloasso.notification(intent_id)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            notify(client, body),
            notify(client, body),
            notify(client, helloasso.notification(intent_id, event="Payment")),
        ]

    assert statuses == [200, 200, 200]
    assert Payment.objects.succeeded().count() == 1
    assert AuditEntry.objects.filter(action="payment.succeeded").count() == 1
    assert AuditEntry.objects.filter(action="invoice.paid").count() == 1
    assert len([m for m in mail.outbox if invoice.number in m.subject]) == 1  # one receipt
    assert fetches(helloasso, intent_id) == 1  # an applied payment is not fetched again


def test_a_payment_notification_that_carries_only_our_metadata_is_followed(
    helloasso, client, intent_id, invoice
):
    helloasso.pay(intent_id)

    assert notify(client, helloasso.notification(intent_id, event="Payment")) == 200

    assert Invoice.objects.get().status == Invoice.Status.PAID


def test_a_notification_for_an_unknown_intent_is_acknowledged_and_changes_nothing(
    helloasso, client, intent_id
):
    helloasso.pay(intent_id)
    body = helloasso.notification(intent_id)
    body["data"]["checkoutIntentId"] = 123_456_789
    body["metadata"] = {"invoice": "MIJ-2027-99999", "invoice_id": 987_654}

    assert notify(client, body) == 200

    assert fetches(helloasso, intent_id) == 0
    assert Payment.objects.get().status == Payment.Status.CREATED
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_a_notification_whose_intent_is_not_paid_changes_nothing(helloasso, client, intent_id):
    body = {"eventType": "Order", "data": {"checkoutIntentId": intent_id}, "metadata": {}}

    assert notify(client, body) == 200

    assert fetches(helloasso, intent_id) == 1
    assert Payment.objects.get().status == Payment.Status.CREATED
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_a_refused_payment_marks_the_checkout_failed_and_leaves_the_invoice_to_pay(
    helloasso, client, intent_id
):
    helloasso.pay(intent_id, state="Refused")

    assert notify(client, helloasso.notification(intent_id)) == 200

    assert Payment.objects.get().status == Payment.Status.FAILED
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_a_card_refused_then_accepted_on_the_same_checkout_pays_the_invoice(helloasso, client, intent_id):
    helloasso.pay(intent_id, state="Refused")
    notify(client, helloasso.notification(intent_id))
    assert Payment.objects.get().status == Payment.Status.FAILED

    helloasso.pay(intent_id)  # the member tries another card on HelloAsso's page
    assert notify(client, helloasso.notification(intent_id)) == 200

    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    assert Invoice.objects.get().status == Invoice.Status.PAID


def test_a_forged_notification_claiming_payment_is_checked_with_helloasso_and_ignored(
    helloasso, client, intent_id
):
    forged = helloasso.notification(intent_id)  # claims an authorized order that HelloAsso does not have
    assert forged["data"]["payments"][0]["state"] == "Authorized"

    assert notify(client, forged) == 200

    assert fetches(helloasso, intent_id) == 1
    assert Payment.objects.get().status == Payment.Status.CREATED
    assert Invoice.objects.get().status == Invoice.Status.ISSUED
    assert not AuditEntry.objects.filter(action="payment.succeeded").exists()


def test_an_intent_whose_metadata_names_another_invoice_is_not_applied(helloasso, client, intent_id):
    helloasso.pay(intent_id)
    helloasso.intents[intent_id]["body"]["metadata"]["invoice_id"] = 31_337

    notify(client, helloasso.notification(intent_id))

    assert Payment.objects.get().status == Payment.Status.CREATED


def test_a_notification_that_is_not_json_answers_400(helloasso, client):
    assert notify(client, "not json {") == 400


def test_form_notifications_are_acknowledged_and_ignored(helloasso, client, intent_id):
    assert notify(client, {"eventType": "Form", "data": {"formSlug": "adhesion"}}) == 200
    assert fetches(helloasso, intent_id) == 0


def test_notifications_need_no_csrf_token_and_refuse_get(helloasso, intent_id):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    helloasso.pay(intent_id)

    assert notify(strict, helloasso.notification(intent_id)) == 200
    assert strict.get(reverse("dues:helloasso_notify")).status_code == 405


def test_a_flood_of_notifications_is_rate_limited(helloasso, client, settings):
    body = {"eventType": "Form", "data": {}}
    statuses = {notify(client, body) for _ in range(125)}

    assert statuses == {200, 429}


def test_notifications_answer_404_when_helloasso_is_not_configured(client, settings):
    settings.HELLOASSO_CLIENT_ID = ""

    assert notify(client, {"eventType": "Order", "data": {}}) == 404

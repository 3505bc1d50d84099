"""Stripe's webhook: only a well-signed, fresh event is read, and a payment counts once."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from dues.models import Invoice, Payment
from jura_portal.models import AuditEntry
from tests.dues.fake_stripe import WEBHOOK_SECRET, signed
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_id(stripe_api, client) -> str:
    invoice = issued_invoice(amount_cents=36_000)
    client.force_login(owner_of(invoice.company))
    client.post(reverse("dues:pay", args=[invoice.pk]))
    client.logout()
    [session_id] = stripe_api.sessions
    return session_id


def deliver(payload: str, signature: str | None) -> int:
    """Post as Stripe does: no session, no CSRF token."""
    headers = {"Stripe-Signature": signature} if signature is not None else {}
    return (
        Client(enforce_csrf_checks=True)
        .post(reverse("dues:stripe_webhook"), data=payload, content_type="application/json", headers=headers)
        .status_code
    )


def test_a_well_signed_completed_session_marks_the_invoice_paid(stripe_api, session_id):
    stripe_api.complete(session_id)
    payload = stripe_api.event(session_id)

    assert deliver(payload, signed(payload)) == 200

    assert Invoice.objects.get().status == Invoice.Status.PAID
    assert Payment.objects.get().amount_cents == 36_000


def test_a_bad_signature_answers_400_and_changes_nothing(stripe_api, session_id):
    stripe_api.complete(session_id)
    payload = stripe_api.event(session_id)

    assert deliver(payload, signed(payload, secret="whsec_someone_else")) == 400
    assert deliver(payload, None) == 400
    tampered = payload.replace('"amount_total": 36000', '"amount_total": 99999')
    assert deliver(tampered, signed(payload)) == 400

    assert Invoice.objects.get().status == Invoice.Status.ISSUED
    assert Payment.objects.get().status == Payment.Status.CREATED


def test_a_stale_signature_answers_400(stripe_api, session_id, settings):
    stripe_api.complete(session_id)
    payload = stripe_api.event(session_id)
    too_old = int(time.time()) - settings.STRIPE_WEBHOOK_TOLERANCE - 10

    assert deliver(payload, signed(payload, timestamp=too_old)) == 400

    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_a_replayed_event_applies_once(stripe_api, session_id, django_capture_on_commit_callbacks):
    stripe_api.complete(session_id)
    payload = stripe_api.event(session_id, event_id="evt_replayed")

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [deliver(payload, signed(payload)) for _ in range(3)]

    assert statuses == [200, 200, 200]
    assert Payment.objects.succeeded().count() == 1
    assert AuditEntry.objects.filter(action="payment.succeeded").count() == 1
    assert AuditEntry.objects.filter(action="invoice.paid").count() == 1


def test_a_completed_session_still_processing_waits_for_async_success(stripe_api, session_id):
    stripe_api.complete(session_id, payment_status="unpaid")  # e.g. a SEPA debit
    completed = stripe_api.event(session_id)
    assert deliver(completed, signed(completed)) == 200
    assert Invoice.objects.get().status == Invoice.Status.ISSUED

    stripe_api.complete(session_id, payment_status="paid")
    succeeded = stripe_api.event(session_id, "checkout.session.async_payment_succeeded")
    assert deliver(succeeded, signed(succeeded)) == 200

    assert Invoice.objects.get().status == Invoice.Status.PAID


def test_an_async_failure_marks_the_checkout_failed(stripe_api, session_id):
    stripe_api.complete(session_id, payment_status="unpaid")
    payload = stripe_api.event(session_id, "checkout.session.async_payment_failed")

    assert deliver(payload, signed(payload)) == 200

    assert Payment.objects.get().status == Payment.Status.FAILED
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_a_partial_amount_is_recorded_but_does_not_mark_the_invoice_paid(stripe_api, session_id):
    stripe_api.complete(session_id, amount_total=12_000)
    payload = stripe_api.event(session_id)

    assert deliver(payload, signed(payload)) == 200

    assert Payment.objects.get().amount_cents == 12_000
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_an_event_about_a_session_that_is_not_ours_is_acknowledged_and_ignored(stripe_api, session_id):
    stripe_api.complete(session_id)
    payload = stripe_api.event(session_id).replace(session_id, "cs_test_elsewhere")

    assert deliver(payload, signed(payload)) == 200

    assert Payment.objects.get().status == Payment.Status.CREATED


def test_other_event_types_are_acknowledged(stripe_api, session_id):
    payload = stripe_api.event(session_id, "payment_intent.created")

    assert deliver(payload, signed(payload)) == 200


def test_the_webhook_answers_404_when_stripe_is_not_configured(settings):
    settings.STRIPE_WEBHOOK_SECRET = ""

    assert deliver("{}", signed("{}", secret=WEBHOOK_SECRET)) == 404

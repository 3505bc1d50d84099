"""Online payments reconcile: a paid checkout always ends paid, exactly once, whatever the notifications.

The notification test runs a real worker process against the local HelloAsso, made slow.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from dues.models import Invoice, Payment
from dues.providers.helloasso import helloasso_sync
from jura_portal.models import AuditEntry
from jura_portal.queue import ProcrastinateBackend
from tests.dues.fake_helloasso import CLIENT_ID, CLIENT_SECRET, SLUG
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of
from tests.portal.worker_harness import (
    empty_queue,
    free_port,
    job_counts,
    start_worker,
    stop,
    wait_for,
    worker_env,
)


def open_checkout(client, invoice) -> int:
    """The member opened HelloAsso's page, then closed the tab: no return, maybe no notification."""
    client.force_login(owner_of(invoice.company))
    client.post(reverse("dues:pay", args=[invoice.pk]))
    client.logout()
    return int(Payment.objects.get().provider_reference)


@pytest.mark.django_db
def test_the_reconciliation_job_applies_a_paid_checkout_nobody_told_us_about_once(helloasso, client):
    invoice = issued_invoice(amount_cents=24_000)
    intent_id = open_checkout(client, invoice)
    helloasso.pay(intent_id)  # paid on HelloAsso; the notification was lost

    call_command("payments_reconcile")
    call_command("payments_reconcile")  # the next quarter of an hour: nothing more

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.filter(status=Payment.Status.SUCCEEDED).count() == 1
    assert AuditEntry.objects.filter(action="payment.succeeded").count() == 1


@pytest.mark.django_db
def test_the_reconciliation_job_keeps_an_open_checkout_for_later_while_helloasso_is_down(helloasso, client):
    invoice = issued_invoice(amount_cents=24_000)
    intent_id = open_checkout(client, invoice)
    helloasso.pay(intent_id)
    helloasso.fail_next = [503, 503]  # the call and its one retry (PAYMENT_HTTP_RETRIES)

    call_command("payments_reconcile")
    assert Payment.objects.get().status == Payment.Status.CREATED  # still to check

    call_command("payments_reconcile")  # HelloAsso is back
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


@pytest.mark.django_db(transaction=True)
def test_a_notification_while_helloasso_is_slow_ends_with_the_invoice_paid_once(helloasso, client):
    empty_queue()
    invoice = issued_invoice(amount_cents=24_000)
    intent_id = open_checkout(client, invoice)
    helloasso.pay(intent_id)
    helloasso.slow_next, helloasso.slow_seconds = 2, 2.5  # the worker's first checks time out

    # What the notification view does, on the real queue: the worker checks with HelloAsso.
    ProcrastinateBackend("default", {}).enqueue(helloasso_sync, [], {"intent_id": str(intent_id)})
    ProcrastinateBackend("default", {}).enqueue(
        helloasso_sync, [], {"intent_id": str(intent_id)}
    )  # a duplicate
    env = worker_env(
        free_port(),
        PAYMENT_PROVIDER="helloasso",
        HELLOASSO_API_URL=helloasso.url,
        HELLOASSO_CLIENT_ID=CLIENT_ID,
        HELLOASSO_CLIENT_SECRET=CLIENT_SECRET,
        HELLOASSO_ORGANIZATION_SLUG=SLUG,
        PAYMENT_HTTP_TIMEOUT="1",
        PAYMENT_HTTP_RETRIES="0",
    )
    worker = start_worker(env)
    try:
        wait_for(lambda: job_counts().get("succeeded") == 2, 60, "both checks to succeed")
    finally:
        stop(worker)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.filter(status=Payment.Status.SUCCEEDED).count() == 1
    assert AuditEntry.objects.filter(action="payment.succeeded").count() == 1

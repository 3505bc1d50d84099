"""HelloAsso's notification, its retry and the person's return, all at the same instant: applied once."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from dues.models import Invoice, Payment
from jura_portal.models import AuditEntry
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*calls) -> list[int]:
    """Each call in its own thread and database connection, released at the same instant; their statuses."""
    barrier = threading.Barrier(len(calls))
    statuses = [0] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            statuses[index] = call().status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


@pytest.mark.parametrize("repeat", range(2))
def test_simultaneous_notifications_and_return_count_the_payment_once(helloasso, repeat):
    invoice = issued_invoice(amount_cents=24_000)
    member = Client()
    member.force_login(owner_of(invoice.company))
    member.post(reverse("dues:pay", args=[invoice.pk]))
    intent_id = int(Payment.objects.get().provider_reference)
    helloasso.pay(intent_id)
    body = json.dumps(helloasso.notification(intent_id))

    def notify():
        return Client().post(reverse("dues:helloasso_notify"), data=body, content_type="application/json")

    def come_back():
        return member.get(
            reverse("dues:helloasso_return"), {"checkoutIntentId": intent_id, "code": "succeeded"}
        )

    statuses = run_together(notify, notify, notify, come_back)

    assert statuses == [200, 200, 200, 302]
    assert Invoice.objects.get().status == Invoice.Status.PAID
    assert Payment.objects.succeeded().count() == 1
    assert AuditEntry.objects.filter(action="payment.succeeded").count() == 1
    assert AuditEntry.objects.filter(action="invoice.paid").count() == 1

"""What the payment providers rely on: a payment is applied once, and only a full one pays the invoice."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from dues import services
from dues.errors import DuesError
from dues.models import Invoice, Payment
from dues.signals import invoice_paid
from jura_portal.models import AuditEntry
from members.models import Company
from tests.factories.dues import issued_invoice, renewing_company

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_february_2027():
    with time_machine.travel(datetime(2027, 2, 10, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        yield


PAID_AT = datetime(2027, 2, 10, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))


def start(invoice, reference="chk_1", amount=None, provider=Payment.Provider.HELLOASSO):
    return services.payment_start(
        invoice=invoice,
        provider=provider,
        provider_reference=reference,
        amount_cents=invoice.amount_cents if amount is None else amount,
    )


def succeed(reference="chk_1", amount=24_000, provider=Payment.Provider.HELLOASSO):
    return services.payment_succeeded(
        provider=provider,
        provider_reference=reference,
        amount_cents=amount,
        paid_at=PAID_AT,
        raw={"id": reference},
    )


def test_a_confirmed_payment_marks_the_invoice_paid_and_emails_a_receipt(django_capture_on_commit_callbacks):
    invoice = issued_invoice()
    start(invoice)

    with django_capture_on_commit_callbacks(execute=True):
        payment = succeed()

    invoice.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert (invoice.status, invoice.paid_on) == (Invoice.Status.PAID, date(2027, 2, 10))
    [message] = [m for m in mail.outbox if "Cotisation" in m.subject]
    assert "reçu" in message.subject.lower()
    assert invoice.number in message.body


def test_a_duplicated_notification_counts_once():
    invoice = issued_invoice()
    start(invoice)
    received = []
    invoice_paid.connect(lambda **kw: received.append(kw["invoice"].pk), weak=False, dispatch_uid="t-dup")
    try:
        succeed()
        succeed()
        succeed(amount=99_999)
    finally:
        invoice_paid.disconnect(dispatch_uid="t-dup")

    assert received == [invoice.pk]
    payment = Payment.objects.get()
    assert payment.amount_cents == 24_000
    assert AuditEntry.objects.filter(action="payment.succeeded").count() == 1
    assert AuditEntry.objects.filter(action="invoice.paid").count() == 1


def test_a_notification_for_an_unknown_reference_is_refused():
    issued_invoice()
    with pytest.raises(DuesError, match="Paiement inconnu"):
        succeed(reference="never-started")
    assert not Payment.objects.exists()


def test_a_partial_payment_leaves_the_invoice_to_pay():
    invoice = issued_invoice()
    start(invoice)

    succeed(amount=10_000)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    annotated = Invoice.objects.with_totals().get(pk=invoice.pk)
    assert annotated.paid_cents == 10_000


def test_a_second_payment_completing_a_partial_one_pays_the_invoice():
    invoice = issued_invoice()
    start(invoice, reference="a", amount=10_000)
    succeed(reference="a", amount=10_000)
    start(invoice, reference="b", amount=14_000)

    succeed(reference="b", amount=14_000)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_a_payment_arriving_after_the_invoice_was_paid_is_kept_as_an_excess():
    invoice = issued_invoice()
    start(invoice, reference="a")
    start(invoice, reference="b")
    succeed(reference="a")

    succeed(reference="b")

    annotated = Invoice.objects.with_totals().get(pk=invoice.pk)
    assert annotated.status == Invoice.Status.PAID
    assert annotated.paid_cents == 48_000


def test_a_failed_checkout_is_recorded_and_the_invoice_stays_due():
    invoice = issued_invoice()
    start(invoice)

    payment = services.payment_failed(
        provider="helloasso", provider_reference="chk_1", raw={"state": "Refused"}
    )

    assert payment.status == Payment.Status.FAILED
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_a_late_failure_notice_does_not_undo_a_succeeded_payment():
    invoice = issued_invoice()
    start(invoice)
    succeed()

    payment = services.payment_failed(provider="helloasso", provider_reference="chk_1", raw={})

    assert payment.status == Payment.Status.SUCCEEDED


def test_starting_a_payment_for_a_paid_or_cancelled_invoice_is_refused(staff):
    paid = issued_invoice()
    start(paid)
    succeed()
    with pytest.raises(DuesError, match="déjà payée"):
        start(paid, reference="chk_2")

    cancelled = issued_invoice()
    services.invoice_cancel(invoice=cancelled, reason="Erreur d'effectif", acting_user=staff)
    with pytest.raises(DuesError, match="annulée"):
        start(cancelled, reference="chk_3")


def test_starting_twice_with_the_same_reference_gives_the_same_payment():
    invoice = issued_invoice()
    assert start(invoice) == start(invoice)
    assert Payment.objects.count() == 1


def test_staff_record_a_transfer_which_pays_the_invoice(staff):
    invoice = issued_invoice()

    payment = services.payment_record_transfer(
        invoice=invoice,
        method=Payment.Provider.TRANSFER,
        amount_cents=24_000,
        received_on=date(2027, 2, 8),
        reference="VIR 2027-02-08 FROMAGERIE",
        acting_user=staff,
    )

    invoice.refresh_from_db()
    assert (payment.status, payment.recorded_by) == (Payment.Status.SUCCEEDED, staff)
    assert (invoice.status, invoice.paid_on) == (Invoice.Status.PAID, date(2027, 2, 8))


def test_a_transfer_received_in_the_future_or_twice_with_one_reference_is_refused(staff):
    invoice = issued_invoice()
    record = {
        "invoice": invoice,
        "method": "cheque",
        "amount_cents": 5_000,
        "reference": "CHQ 1234567",
        "acting_user": staff,
    }
    with pytest.raises(DuesError, match="futur"):
        services.payment_record_transfer(received_on=date(2027, 3, 1), **record)
    services.payment_record_transfer(received_on=date(2027, 2, 1), **record)
    with pytest.raises(DuesError, match="déjà cette référence"):
        services.payment_record_transfer(received_on=date(2027, 2, 1), **record)


def test_paying_reactivates_a_lapsed_member(staff):
    company = renewing_company()
    invoice = issued_invoice(company)
    Company.objects.filter(pk=company.pk).update(status=Company.Status.LAPSED)
    start(invoice)

    succeed()

    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE
    assert AuditEntry.objects.filter(action="company.reactivated").exists()

"""An issued invoice is a legal document: never edited, never deleted (model level; the admin's in test_admin)."""

import pytest
from django.db import IntegrityError, transaction

from dues import services
from dues.errors import DuesError
from dues.models import CreditNote, Invoice
from tests.factories.dues import issued_invoice

pytestmark = pytest.mark.django_db


def test_changing_an_issued_invoices_amount_is_refused():
    invoice = issued_invoice()
    invoice.amount_cents = 1

    with pytest.raises(DuesError, match="ne peut pas être modifiée"):
        invoice.save()
    with pytest.raises(DuesError, match="ne peut pas être modifiée"):
        invoice.save(update_fields=["amount_cents"])

    assert Invoice.objects.get(pk=invoice.pk).amount_cents == 24_000


def test_deleting_an_invoice_is_refused_one_by_one_and_in_bulk():
    invoice = issued_invoice()

    with pytest.raises(DuesError, match="ne peut pas être supprimée"):
        invoice.delete()
    with pytest.raises(DuesError):
        Invoice.objects.all().delete()

    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_a_paid_invoice_cannot_go_back_to_unpaid():
    invoice = issued_invoice()
    Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.PAID, paid_on=invoice.issued_on)
    invoice.refresh_from_db()
    invoice.status, invoice.paid_on = Invoice.Status.ISSUED, None

    with pytest.raises(DuesError, match="ne change plus"):
        invoice.save(update_fields=["status", "paid_on"])


def test_a_paid_status_without_a_payment_date_is_refused_by_the_database():
    invoice = issued_invoice()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.PAID)


def test_a_credit_note_cancels_the_invoice_with_its_own_number_and_is_itself_immutable(staff):
    invoice = issued_invoice()

    credit_note = services.invoice_cancel(invoice=invoice, reason="Effectif erroné", acting_user=staff)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED
    assert credit_note.number.startswith("MIJ-AV-")
    assert (credit_note.invoice, credit_note.amount_cents) == (invoice, invoice.amount_cents)
    credit_note.reason = "autre"
    with pytest.raises(DuesError):
        credit_note.save()
    with pytest.raises(DuesError):
        credit_note.delete()
    with pytest.raises(DuesError):
        CreditNote.objects.all().delete()
    with pytest.raises(DuesError, match="déjà annulée"):
        services.invoice_cancel(invoice=invoice, reason="encore", acting_user=staff)


def test_a_credit_note_needs_a_reason(staff):
    invoice = issued_invoice()
    with pytest.raises(DuesError, match="motif"):
        services.invoice_cancel(invoice=invoice, reason="  ", acting_user=staff)


def test_a_bulk_update_of_an_invoices_content_is_refused_too():
    invoice = issued_invoice()

    with pytest.raises(DuesError, match="ne peut pas être modifiée"):
        Invoice.objects.filter(pk=invoice.pk).update(amount_cents=1)
    with pytest.raises(DuesError, match="ne peut pas être modifiée"):
        Invoice.objects.update(buyer_name="Autre", status=Invoice.Status.ISSUED)

    invoice.refresh_from_db()
    assert (invoice.amount_cents, invoice.buyer_name) != (1, "Autre")
    assert invoice.amount_cents == 24_000


def test_a_bulk_update_of_a_credit_note_is_refused(staff):
    credit_note = services.invoice_cancel(invoice=issued_invoice(), reason="Doublon", acting_user=staff)

    with pytest.raises(DuesError, match="ne peut pas être modifié"):
        CreditNote.objects.filter(pk=credit_note.pk).update(amount_cents=1)

    assert CreditNote.objects.get(pk=credit_note.pk).amount_cents == 24_000

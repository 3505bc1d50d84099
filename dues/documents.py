"""The dues' legal documents as PDF (WeasyPrint): invoice, credit note, receipt of a paid invoice.

Always rendered in French, from the invoice's own snapshot of the buyer (what was
true when it was issued) and the association's details in settings.ASSOCIATION.
"""

from django.conf import settings
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import translation

from core.formats import euros
from dues.models import CreditNote, Invoice
from jura_portal.pdf import html_to_pdf


def _render(template: str, context: dict) -> bytes:
    context = {
        "association": settings.ASSOCIATION,
        "late_payment_text": settings.DUES_LATE_PAYMENT_TEXT,
        "bank_transfer": settings.DUES_BANK_TRANSFER,
        **context,
    }
    with translation.override("fr"):
        return html_to_pdf(render_to_string(template, context))


def invoice_pdf(invoice: Invoice) -> bytes:
    credit_note = invoice.credit_notes.first() if invoice.status == Invoice.Status.CANCELLED else None
    return _render(
        "dues/pdf/invoice.html", {"invoice": invoice, "amount": invoice.euros, "credit_note": credit_note}
    )


def credit_note_pdf(credit_note: CreditNote) -> bytes:
    invoice = credit_note.invoice
    return _render(
        "dues/pdf/credit_note.html",
        {"credit_note": credit_note, "invoice": invoice, "amount": euros(credit_note.amount_cents)},
    )


def receipt_pdf(invoice: Invoice) -> bytes:
    """The receipt of a paid invoice: what was received, when and how."""
    payments = list(invoice.payments.succeeded().order_by("paid_at"))
    received = invoice.payments.succeeded().aggregate(total=Sum("amount_cents"))["total"] or 0
    return _render(
        "dues/pdf/receipt.html",
        {
            "invoice": invoice,
            "payments": payments,
            "amount": euros(received),
            "invoice_amount": invoice.euros,
        },
    )


def invoice_filename(invoice: Invoice) -> str:
    return f"facture-{invoice.number}.pdf"


def credit_note_filename(credit_note: CreditNote) -> str:
    return f"avoir-{credit_note.number}.pdf"


def receipt_filename(invoice: Invoice) -> str:
    return f"recu-{invoice.number}.pdf"

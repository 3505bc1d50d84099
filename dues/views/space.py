"""The member's dues pages (/espace/cotisations/): invoices, their PDFs, receipts and credit notes.

Every invoice is looked up through `request.company`: another company's answers 404.
"""

from django.conf import settings
from django.db.models import Count, F, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from core.access import company_required
from core.formats import euros
from dues import documents
from dues.models import CreditNote, FeeSchedule, Invoice, Payment
from members.models import Company


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@company_required
def invoices(request: HttpRequest) -> HttpResponse:
    """The company's invoices: what is due, what was paid, the documents."""
    company = request.company
    rows = list(Invoice.objects.for_company_page(company))
    today = timezone.localdate()
    for invoice in rows:
        invoice.balance_cents = max(invoice.amount_cents - invoice.paid_cents, 0)
        invoice.balance_euros = euros(invoice.balance_cents)
        invoice.paid_euros = euros(invoice.paid_cents)
        invoice.is_overdue = invoice.is_payable and invoice.due_on < today
        invoice.credit_note = next(iter(invoice.credit_notes.all()), None)
    due = [invoice for invoice in rows if invoice.is_payable]
    return render(
        request,
        "dues/invoices.html",
        {
            "company": company,
            "invoices": rows,
            "due": due,
            "due_total": sum(invoice.balance_cents for invoice in due),
            "Status": Invoice.Status,
        },
    )


@company_required
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice, pk=pk, company=request.company)
    return _pdf(documents.invoice_pdf(invoice), documents.invoice_filename(invoice))


@company_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice, pk=pk, company=request.company, status=Invoice.Status.PAID)
    return _pdf(documents.receipt_pdf(invoice), documents.receipt_filename(invoice))


@company_required
def credit_note_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    credit_note = get_object_or_404(
        CreditNote.objects.select_related("invoice"), pk=pk, invoice__company=request.company
    )
    return _pdf(documents.credit_note_pdf(credit_note), documents.credit_note_filename(credit_note))


def dues_card(request: HttpRequest, company: Company) -> str:
    """The /espace/ card: what is due and until when (one query)."""
    received = (
        Payment.objects.succeeded()
        .filter(invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    summary = (
        Invoice.objects.filter(company=company, status=Invoice.Status.ISSUED)
        .annotate(received=Coalesce(Subquery(received), 0))
        .aggregate(
            # What remains to pay: a partial payment already counts.
            total=Sum(F("amount_cents") - F("received")),
            count=Count("pk"),
            next_due=Min("due_on"),
        )
    )
    former_member = company.status in (Company.Status.RESIGNED, Company.Status.EXCLUDED)
    if not company.is_member and not former_member and not summary["count"]:
        return ""
    return render_to_string(
        "dues/space_card.html",
        {
            "company": company,
            "due_total": euros(summary["total"] or 0),
            "due_count": summary["count"],
            "next_due": summary["next_due"],
            "overdue": summary["next_due"] is not None and summary["next_due"] < timezone.localdate(),
            "former_member": former_member,
        },
        request=request,
    )


def join_fees_section(request: HttpRequest) -> str:
    """The public join page's fee table (members.join_sections): this year's fees, or before staff
    set them (early January) the latest earlier year that has some."""
    year = timezone.localdate().year
    shown_year = (
        FeeSchedule.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
    )
    amounts = dict(FeeSchedule.objects.filter(year=shown_year).values_list("size_band", "amount_cents"))
    fees = [
        {"band": label, "amount": euros(amounts[band])}
        for band, label in Company.SizeBand.choices
        if band in amounts
    ]
    return render_to_string(
        "dues/join_fees.html",
        {"fees": fees, "fees_year": shown_year, "prorated": settings.DUES_PRORATION == "quarter"},
        request=request,
    )

"""Staff screens for the dues (the Trésorerie group): fee schedules, invoices, payments, credit notes.

Issued documents are read-only and never deleted; every move (reminder, transfer or
cheque received, credit note) goes through dues.services.
"""

import csv
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import euros
from dues import documents, reminders, services
from dues.errors import DuesError
from dues.forms import CreditNoteForm, FeeScheduleForm, TransferForm
from dues.models import CreditNote, FeeSchedule, Invoice, Payment, Reminder

MANAGE = "dues.manage_dues"


# --- Fee schedules -------------------------------------------------------------------------------


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    form = FeeScheduleForm
    list_display = ("year", "size_band", "amount_display", "label")
    list_filter = ("year", "size_band")
    ordering = ("-year", "size_band")

    @admin.display(description=gettext_lazy("montant"), ordering="amount_cents")
    def amount_display(self, obj: FeeSchedule) -> str:
        return euros(obj.amount_cents)


# --- Invoices ------------------------------------------------------------------------------------


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = (
        "provider",
        "provider_reference",
        "status",
        "amount_display",
        "paid_at",
        "recorded_by",
        "created_at",
    )
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("montant"))
    def amount_display(self, obj: Payment) -> str:
        return euros(obj.amount_cents)


class CreditNoteInline(admin.TabularInline):
    model = CreditNote
    extra = 0
    can_delete = False
    fields = ("number", "issued_on", "amount_display", "reason", "issued_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("montant"))
    def amount_display(self, obj: CreditNote) -> str:
        return euros(obj.amount_cents)


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    can_delete = False
    fields = ("sent_at", "offset_days", "manual", "sent_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SituationFilter(admin.SimpleListFilter):
    title = gettext_lazy("situation")
    parameter_name = "situation"

    def lookups(self, request, model_admin):
        return [
            ("due", _("à payer, dans les délais")),
            ("late", _("en retard")),
            ("grace", _("délai de grâce dépassé")),
            ("partial", _("paiement partiel")),
            ("excess", _("trop-perçu")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        issued = queryset.filter(status=Invoice.Status.ISSUED)
        match self.value():
            case "due":
                return issued.filter(due_on__gte=today)
            case "late":
                return issued.filter(due_on__lt=today)
            case "grace":
                return issued.filter(due_on__lt=today - timedelta(days=settings.DUES_GRACE_DAYS))
            case "partial":
                return issued.filter(paid_cents__gt=0)
            case "excess":
                return queryset.filter(paid_cents__gt=F("amount_cents"))
        return queryset


class ProviderFilter(admin.SimpleListFilter):
    title = gettext_lazy("moyen de paiement")
    parameter_name = "moyen"

    def lookups(self, request, model_admin):
        return Payment.Provider.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                pk__in=Payment.objects.filter(provider=self.value(), status=Payment.Status.SUCCEEDED).values(
                    "invoice_id"
                )
            )
        return queryset


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "buyer_name",
        "amount_display",
        "paid_display",
        "balance_display",
        "status",
        "due_on",
    )
    # Ten columns overflowed a 1280 px screen: the year, the kind and the issue date are in the filters,
    # the number and the date bar, so the right-hand columns (balance, status, due date) stay in sight.
    list_filter = ("year", "status", SituationFilter, ProviderFilter, "kind")
    search_fields = ("number", "buyer_name", "buyer_siret", "buyer_member_number", "company__trade_name")
    search_help_text = gettext_lazy(
        "Numéro de facture, raison sociale, nom commercial, SIRET ou numéro d'adhérent."
    )
    date_hierarchy = "issued_on"
    ordering = ("-issued_on", "-number")
    list_per_page = 50
    inlines = (PaymentInline, CreditNoteInline, ReminderInline)
    actions = ("send_reminder", "issue_credit_note", "export_csv")
    change_list_template = "admin/dues/invoice/change_list.html"
    change_form_template = "admin/dues/invoice/change_form.html"
    readonly_fields = (
        "number",
        "company",
        "year",
        "kind",
        "description",
        "period_start",
        "period_end",
        "amount_display",
        "paid_display",
        "balance_display",
        "issued_on",
        "due_on",
        "status",
        "paid_on",
        "buyer_name",
        "buyer_address",
        "buyer_siret",
        "buyer_member_number",
        "issued_by",
        "created_at",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invoice]:
        return super().get_queryset(request).with_totals()

    # Issued invoices are legal documents: nobody adds, edits or deletes them here.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_manage_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MANAGE)

    @admin.display(description=gettext_lazy("montant"), ordering="amount_cents")
    def amount_display(self, obj: Invoice) -> str:
        return euros(obj.amount_cents)

    @admin.display(description=gettext_lazy("encaissé"), ordering="paid_cents")
    def paid_display(self, obj: Invoice) -> str:
        return euros(obj.paid_cents)

    @admin.display(description=gettext_lazy("solde"))
    def balance_display(self, obj: Invoice) -> str:
        if obj.status == Invoice.Status.CANCELLED:
            balance = -obj.paid_cents
        else:
            balance = obj.amount_cents - obj.paid_cents
        if balance < 0:
            return format_html("<strong>{} {}</strong>", _("trop-perçu"), euros(-balance))
        return euros(balance)

    # --- totals per year, on top of the list ---

    def changelist_view(self, request: HttpRequest, extra_context=None):
        by_year = {
            row["year"]: row
            for row in Invoice.objects.values("year")
            .annotate(
                expected=Sum("amount_cents", filter=~Q(status=Invoice.Status.CANCELLED)),
                invoices=Count("pk", filter=~Q(status=Invoice.Status.CANCELLED)),
                unpaid=Count("pk", filter=Q(status=Invoice.Status.ISSUED)),
            )
            .order_by("-year")[:6]
        }
        collected = dict(
            Payment.objects.succeeded()
            .filter(invoice__year__in=list(by_year))
            .values_list("invoice__year")
            .annotate(total=Sum("amount_cents"))
        )
        totals = [
            {
                "year": year,
                "expected": euros(row["expected"] or 0),
                "collected": euros(collected.get(year, 0)),
                "rate": round(100 * collected.get(year, 0) / row["expected"]) if row["expected"] else 0,
                "invoices": row["invoices"],
                "unpaid": row["unpaid"],
            }
            for year, row in by_year.items()
        ]
        extra_context = {**(extra_context or {}), "dues_totals": totals}
        return super().changelist_view(request, extra_context)

    # --- actions on the list ---

    @admin.action(description=gettext_lazy("Envoyer une relance maintenant"), permissions=["manage"])
    def send_reminder(self, request: HttpRequest, queryset: QuerySet[Invoice]):
        # Ask first: how many invoices, how many companies and addresses will receive an email.
        if "apply" not in request.POST:
            invoices = list(queryset.select_related("company").order_by("number"))
            open_invoices = [invoice for invoice in invoices if invoice.status == Invoice.Status.ISSUED]
            return TemplateResponse(
                request,
                "admin/dues/invoice/reminder_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("Envoyer une relance maintenant"),
                    "invoices": invoices,
                    "open_count": len(open_invoices),
                    "company_count": len({invoice.company_id for invoice in open_invoices}),
                    "skipped_count": len(invoices) - len(open_invoices),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        sent = 0
        for invoice in queryset:
            try:
                reminders.invoice_remind(invoice=invoice, acting_user=request.user)
                sent += 1
            except DuesError as error:
                self.message_user(request, f"{invoice.number} : {error}", messages.WARNING)
        if sent:
            self.message_user(request, _("%(n)s relance(s) envoyée(s).") % {"n": sent}, messages.SUCCESS)
        return None

    @admin.action(description=gettext_lazy("Émettre un avoir (annuler la facture)"), permissions=["manage"])
    def issue_credit_note(self, request: HttpRequest, queryset: QuerySet[Invoice]):
        form = CreditNoteForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return TemplateResponse(
                request,
                "admin/dues/invoice/credit_note_form.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("Émettre un avoir"),
                    "form": form,
                    "invoices": list(queryset),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for invoice in queryset:
            try:
                credit_note = services.invoice_cancel(
                    invoice=invoice, reason=form.cleaned_data["reason"], acting_user=request.user
                )
            except DuesError as error:
                self.message_user(request, f"{invoice.number} : {error}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Avoir %(credit)s émis : la facture %(number)s est annulée.")
                    % {"credit": credit_note.number, "number": invoice.number},
                    messages.SUCCESS,
                )
        return None

    @admin.action(description=gettext_lazy("Exporter pour la comptabilité (CSV)"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="cotisations.csv"'
        response.write("\ufeff")  # spreadsheets then read UTF-8 accents right
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("Numéro"),
                _("Date"),
                _("Client"),
                _("SIRET"),
                _("N° adhérent"),
                _("Année"),
                _("Désignation"),
                _("Montant"),
                _("Statut"),
                _("Échéance"),
                _("Payée le"),
                _("Encaissé"),
                _("Moyens de paiement"),
                _("Avoir"),
            ]
        )
        rows = (
            queryset.order_by("issued_on", "number")
            .prefetch_related("credit_notes")
            .prefetch_related(
                Prefetch("payments", queryset=Payment.objects.succeeded(), to_attr="succeeded_payments")
            )
        )
        for invoice in rows:
            credit = next(iter(invoice.credit_notes.all()), None)
            writer.writerow(
                [
                    invoice.number,
                    invoice.issued_on.strftime("%d/%m/%Y"),
                    _text(invoice.buyer_name),
                    _text(invoice.buyer_siret),
                    _text(invoice.buyer_member_number),
                    invoice.year,
                    _text(invoice.description),
                    _decimal(invoice.amount_cents),
                    invoice.get_status_display(),
                    invoice.due_on.strftime("%d/%m/%Y"),
                    invoice.paid_on.strftime("%d/%m/%Y") if invoice.paid_on else "",
                    _decimal(invoice.paid_cents),
                    ", ".join(sorted({str(p.get_provider_display()) for p in invoice.succeeded_payments})),
                    credit.number if credit else "",
                ]
            )
        return response

    # --- the record-a-transfer page and the PDF, from the invoice's page ---

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/encaisser/",
                self.admin_site.admin_view(self.record_transfer_view),
                name="dues_invoice_record_transfer",
            ),
            path("<path:object_id>/pdf/", self.admin_site.admin_view(self.pdf_view), name="dues_invoice_pdf"),
        ]
        return urls + super().get_urls()

    def record_transfer_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.has_manage_permission(request):
            raise PermissionDenied
        invoice = self.get_object(request, unquote(object_id))
        if invoice is None:
            raise Http404
        change_url = reverse("admin:dues_invoice_change", args=[invoice.pk])
        form = TransferForm(
            request.POST if request.method == "POST" else None,
            initial={
                "amount": Decimal(max(invoice.amount_cents - invoice.paid_cents, 0)) / 100,
                "received_on": timezone.localdate(),
                "method": Payment.Provider.TRANSFER,
            },
        )
        if form.is_bound and form.is_valid():
            try:
                services.payment_record_transfer(
                    invoice=invoice,
                    method=form.cleaned_data["method"],
                    amount_cents=int(form.cleaned_data["amount"] * 100),
                    received_on=form.cleaned_data["received_on"],
                    reference=form.cleaned_data["reference"],
                    acting_user=request.user,
                )
            except DuesError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request, _("Paiement enregistré pour la facture %(number)s.") % {"number": invoice.number}
                )
                return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/dues/invoice/record_transfer.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Enregistrer un virement ou un chèque"),
                "invoice": invoice,
                "balance": euros(max(invoice.amount_cents - invoice.paid_cents, 0)),
                "form": form,
                "change_url": change_url,
            },
        )

    def pdf_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        invoice = self.get_object(request, unquote(object_id))
        if invoice is None or not self.has_view_permission(request, invoice):
            raise Http404
        response = HttpResponse(documents.invoice_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{documents.invoice_filename(invoice)}"'
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_manage": self.has_manage_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)


def _text(value: str) -> str:
    """A member-typed text, kept from being run as a formula by the accountant's spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _decimal(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


# --- Payments and credit notes (read-only) ----------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "invoice",
        "provider",
        "provider_reference",
        "status",
        "amount_display",
        "paid_at",
    )
    list_filter = ("provider", "status", "invoice__year")
    list_select_related = ("invoice",)
    search_fields = ("provider_reference", "invoice__number", "invoice__buyer_name")
    date_hierarchy = "created_at"
    # Spelled out so that the amount reads in euros, never as the stored cents.
    fields = (
        "invoice",
        "provider",
        "provider_reference",
        "status",
        "amount_display",
        "paid_at",
        "recorded_by",
        "raw",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    @admin.display(description=gettext_lazy("montant"), ordering="amount_cents")
    def amount_display(self, obj: Payment) -> str:
        return euros(obj.amount_cents)


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ("number", "invoice", "issued_on", "amount_display", "reason", "issued_by")
    list_select_related = ("invoice", "issued_by")
    search_fields = ("number", "invoice__number", "invoice__buyer_name")
    date_hierarchy = "issued_on"
    fields = ("number", "invoice", "amount_display", "reason", "issued_on", "issued_by", "created_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("montant"), ordering="amount_cents")
    def amount_display(self, obj: CreditNote) -> str:
        return euros(obj.amount_cents)

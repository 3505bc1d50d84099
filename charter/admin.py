"""Staff screens for the charter: versions, their publication, who signed, the reminders sent."""

import csv

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charter import selectors, services
from charter.errors import CharterError
from charter.forms import PublishForm
from charter.models import CampaignReminder, CharterVersion, Signature
from members.models import Company

# The companies asked to sign a version: the members, whether active or not at the moment.
MEMBER_STATUSES = (Company.Status.ACTIVE, Company.Status.SUSPENDED, Company.Status.LAPSED)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Proof and history: staff read them, nobody edits them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "title",
        "published_at",
        "signing_deadline",
        "signature_count",
        "is_current",
        "signatories_link",
    )
    list_display_links = ("number", "title")
    search_fields = ("title",)
    date_hierarchy = "published_at"
    fields = ("number", "title", "body", "changes", "published_at", "signing_deadline", "created_at")
    actions = ["publish_action"]
    change_form_template = "charter/admin/charterversion_change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[CharterVersion]:
        current_number = CharterVersion.objects.published().order_by("-number").values("number")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(
                signature_total=Count("signatures"),
                current_number=Subquery(current_number),
            )
        )

    def get_readonly_fields(self, request: HttpRequest, obj: CharterVersion | None = None) -> tuple:
        # Publication and its deadline go through "Publier cette version"; a published text never changes.
        if obj is not None and obj.is_published:
            return self.fields
        return ("published_at", "signing_deadline", "created_at")

    def has_delete_permission(self, request: HttpRequest, obj: CharterVersion | None = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(
        self, request: HttpRequest, action_location: ActionLocation = ActionLocation.CHANGE_LIST
    ) -> dict:
        # Bulk deletion would reach published versions: versions are deleted one at a time, drafts only.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=gettext_lazy("signatures"), ordering="signature_total")
    def signature_count(self, obj: CharterVersion) -> int:
        return obj.signature_total

    @admin.display(description=gettext_lazy("en vigueur"), boolean=True)
    def is_current(self, obj: CharterVersion) -> bool:
        return obj.is_published and obj.number == obj.current_number

    @admin.display(description=gettext_lazy("signataires"))
    def signatories_link(self, obj: CharterVersion) -> str:
        if not obj.is_published:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:charter_charterversion_signatories", args=[obj.pk]),
            _("Qui a signé ?"),
        )

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/publier/", wrap(self.publish_view), name="charter_charterversion_publish"),
            path(
                "<int:pk>/signataires/",
                wrap(self.signatories_view),
                name="charter_charterversion_signatories",
            ),
            path(
                "<int:pk>/signataires.csv",
                wrap(self.signatories_csv_view),
                name="charter_charterversion_signatories_csv",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description=gettext_lazy("Publier cette version"),
        permissions=["change"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def publish_action(self, request: HttpRequest, queryset: QuerySet[CharterVersion]):
        if queryset.count() != 1:
            self.message_user(request, _("Choisissez une seule version à publier."), messages.WARNING)
            return None
        version = queryset.get()
        return HttpResponseRedirect(reverse("admin:charter_charterversion_publish", args=[version.pk]))

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Ask for the signing deadline, then publish through the service."""
        version = get_object_or_404(CharterVersion, pk=pk)
        if not self.has_change_permission(request, version):
            raise PermissionDenied
        change_url = reverse("admin:charter_charterversion_change", args=[version.pk])
        if version.is_published:
            self.message_user(request, _("Cette version est déjà publiée."), messages.WARNING)
            return HttpResponseRedirect(change_url)
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.charter_publish(
                    version=version,
                    acting_user=request.user,
                    signing_deadline=form.cleaned_data["signing_deadline"],
                )
            except CharterError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "Version %(n)s publiée : les adhérents actifs sont invités à la signer au plus tard le "
                        "%(date)s ; d'ici là, ceux qui ont signé la version précédente restent dans l'annuaire."
                    )
                    % {
                        "n": version.number,
                        "date": form.cleaned_data["signing_deadline"].strftime("%d/%m/%Y"),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        current = CharterVersion.objects.current()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Publier la version %(n)s de la charte") % {"n": version.number},
            "version": version,
            "current": current,
            "form": form,
            "active_members": Company.objects.filter(status=Company.Status.ACTIVE).count(),
            "applicants": selectors.applicants_to_resign(version).count(),
            "reminder_days": sorted(settings.CHARTER_REMINDER_DAYS, reverse=True),
            "change_url": change_url,
        }
        return TemplateResponse(request, "charter/admin/publish.html", context)

    def _signatories(self, version: CharterVersion) -> tuple[list, list]:
        companies = (
            Company.objects.filter(status__in=MEMBER_STATUSES)
            .prefetch_related(
                Prefetch(
                    "signatures",
                    queryset=Signature.objects.filter(version=version).select_related("signer"),
                    to_attr="version_signatures",
                )
            )
            .order_by("legal_name")
        )
        signed, unsigned = [], []
        for company in companies:
            if company.version_signatures:
                signed.append((company, company.version_signatures[0]))
            else:
                unsigned.append(company)
        return signed, unsigned

    def signatories_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Per version: the members who signed it and those who have not."""
        version = get_object_or_404(CharterVersion, pk=pk)
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        signed, unsigned = self._signatories(version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Signataires de la version %(n)s") % {"n": version.number},
            "version": version,
            "signed": signed,
            "unsigned": unsigned,
            "reminder_dates": selectors.reminder_dates(version),
            "change_url": reverse("admin:charter_charterversion_change", args=[version.pk]),
        }
        return TemplateResponse(request, "charter/admin/signatories.html", context)

    def signatories_csv_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The same list as a CSV file (semicolons and a BOM: it opens as is in a French spreadsheet)."""
        version = get_object_or_404(CharterVersion, pk=pk)
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        signed, unsigned = self._signatories(version)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="signataires-charte-v{version.number}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("Numéro d'adhérent"),
                _("Raison sociale"),
                _("SIRET"),
                _("Statut"),
                _("Signée"),
                _("Signée le"),
                _("Nom saisi"),
                _("Compte du signataire"),
            ]
        )
        rows = [(company, signature) for company, signature in signed] + [
            (company, None) for company in unsigned
        ]
        for company, signature in sorted(rows, key=lambda row: row[0].legal_name.lower()):
            writer.writerow(
                [
                    company.member_number or "",
                    _csv_safe(company.legal_name),
                    company.siret,
                    company.get_status_display(),
                    _("oui") if signature else _("non"),
                    timezone.localtime(signature.signed_at).strftime("%d/%m/%Y %H:%M") if signature else "",
                    _csv_safe(signature.full_name) if signature else "",
                    signature.signer.email if signature else "",
                ]
            )
        return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("company", "version_number", "full_name", "signed_at", "ip_address")
    list_filter = ("version",)
    list_select_related = ("company", "version")
    search_fields = ("company__legal_name", "company__trade_name", "company__siret", "full_name")
    date_hierarchy = "signed_at"
    fields = (
        "company",
        "version",
        "signer",
        "full_name",
        "signed_at",
        "ip_address",
        "user_agent",
        "text_sha256",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Signature]:
        return super().get_queryset(request).select_related("company", "version", "signer")

    @admin.display(description=gettext_lazy("version"), ordering="version__number")
    def version_number(self, obj: Signature) -> str:
        return f"v{obj.version.number}"


@admin.register(CampaignReminder)
class CampaignReminderAdmin(ReadOnlyAdmin):
    list_display = ("company_name", "version_number", "days_before", "sent_at")
    list_filter = ("version", "days_before")
    list_select_related = ("company", "version")
    search_fields = ("company__legal_name", "company__trade_name", "company__siret")
    fields = ("company", "version", "days_before", "sent_at")

    @admin.display(description=gettext_lazy("entreprise"), ordering="company__legal_name")
    def company_name(self, obj: CampaignReminder) -> str:
        return str(obj.company)

    @admin.display(description=gettext_lazy("version"), ordering="version__number")
    def version_number(self, obj: CampaignReminder) -> str:
        return f"v{obj.version.number}"

"""Impact, funding and the rest in the admin: indicator values (CSV), the funding dashboard, phase names."""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.formats import euros
from jura_portal.exports import ExportAdminMixin
from projects import rules, services
from projects.forms import FrenchDecimalField
from projects.models import Follower, Funding, Indicator, IndicatorValue, PhaseName


@admin.register(PhaseName)
class PhaseNameAdmin(admin.ModelAdmin):
    """Staff rename the phases; the sequence stays the code's (projects.models.PHASE_SEQUENCE)."""

    list_display = ("phase", "label")
    readonly_fields = ()

    def get_readonly_fields(self, request, obj=None):
        return ("phase",) if obj is not None else ()


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ("period", "value")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "unit", "baseline", "target")
    list_select_related = ("project",)
    search_fields = ("name", "project__title")
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ExportAdminMixin, admin.ModelAdmin):
    """Actual values per period; recorded through indicator_value_record (audited)."""

    list_display = ("indicator", "project", "period", "value")
    list_select_related = ("indicator__project",)
    list_filter = ("indicator__project",)
    date_hierarchy = "period"
    fields = ("indicator", "period", "value")
    export_filename = "impact"
    export_headers = (
        _("Projet"),
        _("Indicateur"),
        _("Unité"),
        _("Situation de départ"),
        _("Objectif"),
        _("Période"),
        _("Valeur"),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("indicator", "period") if obj is not None else ()

    @admin.display(description=_("projet"))
    def project(self, value: IndicatorValue):
        return value.indicator.project

    def save_model(self, request, obj, form, change):
        row = services.indicator_value_record(
            indicator=obj.indicator, acting_user=request.user, period=obj.period, value=obj.value
        )
        obj.pk, obj._state.adding = row.pk, False

    def export_queryset(self, queryset):
        return queryset.select_related("indicator__project")

    def export_row(self, v: IndicatorValue):
        i = v.indicator
        return (i.project.title, i.name, i.unit, i.baseline, i.target, v.period, v.value)


class FundingForm(forms.ModelForm):
    """Staff type euros the French way (« 15 000,50 »); the row keeps cents (typing cents gave amounts 100x off)."""

    amount = FrenchDecimalField(
        label=_("Montant (€)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )

    class Meta:
        model = Funding
        fields = ("project", "year", "source", "amount", "funder")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None:
            self.instance.amount_cents = int(cleaned["amount"] * 100)
        return cleaned


@admin.register(Funding)
class FundingAdmin(ExportAdminMixin, admin.ModelAdmin):
    form = FundingForm
    change_list_template = "admin/projects/funding/change_list.html"
    list_display = ("project", "year", "source", "amount", "funder")
    list_filter = ("year", "source")
    list_select_related = ("project",)
    search_fields = ("project__title", "funder")
    fields = ("project", "year", "source", "amount", "funder")
    export_filename = "financements"
    export_headers = (_("Projet"), _("Année"), _("Origine"), _("Montant (€)"), _("Financeur"))

    def has_change_permission(self, request, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description=_("montant"), ordering="amount_cents")
    def amount(self, funding: Funding) -> str:
        return euros(funding.amount_cents)

    def save_model(self, request, obj, form, change):
        funding = services.funding_record(
            project=obj.project,
            acting_user=request.user,
            year=obj.year,
            source=obj.source,
            amount_cents=obj.amount_cents,
            funder=obj.funder,
        )
        obj.pk, obj._state.adding = funding.pk, False

    def export_queryset(self, queryset):
        return queryset.select_related("project")

    def export_row(self, f: Funding):
        return (f.project.title, f.year, f.get_source_display(), f.amount_cents / 100, f.funder)

    def get_urls(self):
        own = [
            path(
                "tableau/", self.admin_site.admin_view(self.dashboard_view), name="projects_funding_dashboard"
            )
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra = {"dashboard_url": reverse("admin:projects_funding_dashboard"), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def dashboard_view(self, request):
        """The cooperative's funding mix per year, against the target ratio (projects.rules)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        totals: dict[int, dict[str, int]] = defaultdict(dict)
        for row in (
            Funding.objects.values("year", "source").annotate(total=Sum("amount_cents")).order_by("-year")
        ):
            totals[row["year"]][row["source"]] = row["total"]
        years = []
        for year, by_source in totals.items():
            total = sum(by_source.values())
            years.append(
                {
                    "year": year,
                    "total": euros(total),
                    "sources": [
                        {
                            "label": label,
                            "amount": euros(by_source.get(source, 0)),
                            "percent": round(100 * by_source.get(source, 0) / total) if total else 0,
                            "target": rules.FUNDING_TARGET_PERCENT.get(source, 0),
                        }
                        for source, label in Funding.Source.choices
                    ],
                }
            )
        for year in years:
            for source in year["sources"]:
                source["gap"] = source["percent"] - source["target"]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Financement des projets : répartition par année"),
            "opts": self.opts,
            "years": years,
        }
        return TemplateResponse(request, "admin/projects/funding/dashboard.html", context)


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ("email", "project", "followed_at")
    list_select_related = ("project",)
    search_fields = ("email", "project__title")
    readonly_fields = ("project", "user", "email", "followed_at")

    def has_add_permission(self, request) -> bool:
        return False

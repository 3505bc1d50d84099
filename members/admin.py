"""Staff screens for the territory, the trades and companies; people (admin_people) and applications
(admin_vetting) are registered here too."""

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_moves import StaffMove, StaffMovesAdmin
from core.history import history_rows
from jura_portal.exports import ExportAdminMixin
from members import lifecycle
from members.admin_people import ErasureRequestAdmin, UserAdmin
from members.admin_vetting import ApplicationAdmin
from members.models import (
    Application,
    Commune,
    Company,
    CompanyRole,
    ErasureRequest,
    User,
)

admin.site.register(Application, ApplicationAdmin)
admin.site.register(User, UserAdmin)
admin.site.register(ErasureRequest, ErasureRequestAdmin)


# --- Companies: members and their lifecycle ----------------------------------------------------------

MEMBER_STATUSES = tuple(Company.MEMBER_STATUSES)

COMPANY_MOVES = {
    move.name: move
    for move in (
        StaffMove(
            name="suspendre",
            label=_("Suspendre"),
            run=lambda company, user, text: lifecycle.company_suspend(
                company=company, acting_user=user, reason=text
            ),
            done=_("L'adhésion de %(name)s est suspendue."),
            text_label=_("Motif de la suspension"),
            text_help=_("Envoyé à l'entreprise avec l'avis de suspension."),
            shown_for=(Company.Status.ACTIVE,),
        ),
        StaffMove(
            name="reactiver",
            label=_("Réactiver"),
            run=lambda company, user, text: lifecycle.company_reactivate(
                company=company, acting_user=user, reason=text
            ),
            done=_("L'adhésion de %(name)s est de nouveau active."),
            text_label=_("Commentaire (facultatif)"),
            text_required=False,
            shown_for=(Company.Status.SUSPENDED, Company.Status.LAPSED),
        ),
        StaffMove(
            name="exclure",
            label=_("Exclure"),
            run=lambda company, user, text: lifecycle.company_exclude(
                company=company, acting_user=user, reason=text
            ),
            done=_("%(name)s est exclue du réseau."),
            text_label=_("Motif de l'exclusion (décision du conseil d'administration)"),
            text_help=_("Envoyé à l'entreprise."),
            shown_for=MEMBER_STATUSES,
        ),
    )
}


class CompanyRoleInline(admin.TabularInline):
    model = CompanyRole
    fields = ("user", "user_email", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("représentants (ils gèrent l'entreprise depuis leur espace)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CompanyRole]:
        return super().get_queryset(request).select_related("user")

    @admin.display(description=_("e-mail"))
    def user_email(self, role: CompanyRole) -> str:
        return role.user.email

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ApplicationInline(admin.TabularInline):
    model = Application
    fields = ("status", "submitted_at", "decided_at", "reviewer")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return super().get_queryset(request).select_related("reviewer", "company")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _contacts(company: Company) -> str:
    """ "Prénom Nom <email> (responsable)", one per line: who speaks for the company."""
    return "\n".join(
        f"{role.user.get_full_name() or role.user.email} <{role.user.email}> ({role.get_role_display()})"
        for role in company.roles.all()
    )


@admin.register(Company)
class CompanyAdmin(ExportAdminMixin, StaffMovesAdmin):
    """Members and applicants. The status changes only through the buttons (and their services)."""

    export_filename = "adherents"
    export_headers = (
        _("Entreprise"),
        _("Raison sociale"),
        _("SIRET"),
        _("Numéro d'adhérent"),
        _("Contacts"),
        _("Métiers"),
        _("Commune"),
        _("Intercommunalité"),
        _("Statut"),
        _("Adhérente depuis"),
        _("Téléphone"),
        _("E-mail de contact"),
    )

    moves = COMPANY_MOVES
    list_display = ("display_name", "siret", "member_number", "status", "commune", "member_since")
    list_filter = ("status", "commune__epci", "sectors")
    list_select_related = ("commune__epci",)
    search_fields = ("legal_name", "trade_name", "siret", "member_number")
    search_help_text = _("Raison sociale, nom commercial, SIRET ou numéro d'adhérent.")
    date_hierarchy = "member_since"
    inlines = [CompanyRoleInline, ApplicationInline]
    filter_horizontal = ("sectors",)
    actions = ["suspend_action", "reactivate_action", "exclude_action"]
    readonly_fields = (
        "siret",
        "status",
        "member_number",
        "member_since",
        "status_reason",
        "suspended_for_charter",
        "logo_preview",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            _("Adhésion"),
            {
                "fields": (
                    "status",
                    "member_number",
                    "member_since",
                    "status_reason",
                    "suspended_for_charter",
                )
            },
        ),
        (
            _("Identité"),
            {
                "fields": (
                    "legal_name",
                    "trade_name",
                    "legal_form",
                    "siret",
                    "naf_code",
                    "year_founded",
                    "size_band",
                )
            },
        ),
        (_("Contact"), {"fields": ("website", "phone", "public_email")}),
        (_("Implantation"), {"fields": ("address", "postal_code", "commune")}),
        (
            _("Activité"),
            {"fields": ("sectors", "description", "products", "quality_evidence", "logo_preview")},
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("entreprise"), ordering="legal_name")
    def display_name(self, company: Company) -> str:
        return company.display_name

    def export_queryset(self, queryset):
        return queryset.select_related("commune__epci").prefetch_related(
            "sectors",
            Prefetch("roles", CompanyRole.objects.select_related("user").order_by("role", "created_at")),
        )

    def export_row(self, company: Company) -> list:
        commune = company.commune
        return [
            company.display_name,
            company.legal_name,
            company.siret,
            company.member_number,
            _contacts(company),
            ", ".join(sector.name for sector in company.sectors.all()),
            commune.name if commune else "",
            commune.epci.name if commune else "",
            company.get_status_display(),
            company.member_since,
            company.phone,
            company.public_email,
        ]

    @admin.display(description=_("logo"))
    def logo_preview(self, company: Company) -> str:
        if not company.logo:
            return _("Aucun logo")
        return format_html(
            '<img src="{}" alt="{}" width="160">', company.logo.url, _("Logo de %(name)s") % {"name": company}
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "commune" in form.base_fields:
            form.base_fields["commune"].queryset = Commune.objects.select_related("epci")
        return form

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_move_permission(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request)

    def move_subject(self, obj: Company) -> Company:
        return obj

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["history"] = history_rows(obj, dict(Company.Status.choices))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=_("Suspendre"), permissions=["move"])
    def suspend_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "suspendre")

    @admin.action(description=_("Réactiver"), permissions=["move"])
    def reactivate_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "reactiver")

    @admin.action(description=_("Exclure"), permissions=["move"])
    def exclude_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "exclure")

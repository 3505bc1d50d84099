"""Staff screens for people, companies and (from admin_vetting) applications."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_moves import StaffMove, StaffMovesAdmin
from core.history import history_rows
from jura_portal.exports import ExportAdminMixin
from members import lifecycle, privacy
from members.admin_vetting import ApplicationAdmin
from members.errors import MembershipError
from members.models import Application, Company, CompanyRole, ErasureRequest, User
from reference.models import Commune

admin.site.register(Application, ApplicationAdmin)


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin, with the email address as the login instead of a username."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (
            _("Droits"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates importantes"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")},
        ),
    )
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    actions = ["request_erasure"]

    # A person is never deleted outright: invoices, signatures and the audit trail point to the
    # account (PROTECT). "Supprimer" opens an erasure request instead, carried out from its page.
    def get_actions(self, request: HttpRequest, action_location=ActionLocation.CHANGE_LIST) -> dict:
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):
        if not request.user.has_perm("members.erase_personal_data"):
            return super().delete_view(request, object_id, extra_context)  # Django's own refusal
        user = get_object_or_404(User, pk=object_id)
        erasure = privacy.erasure_request_create(user=user, acting_user=request.user)
        self.message_user(
            request,
            _(
                "Un compte n'est jamais supprimé : une demande d'effacement (RGPD) est ouverte. "
                "Vérifiez ce qui sera gardé puis choisissez « Effectuer l'effacement »."
            ),
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:members_erasurerequest_change", args=[erasure.pk]))

    @admin.action(description=_("Ouvrir une demande d'effacement (RGPD)"), permissions=["erase"])
    def request_erasure(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            privacy.erasure_request_create(user=user, acting_user=request.user)
        self.message_user(
            request,
            _("%(count)d demande(s) d'effacement ouverte(s) : traitez-les dans « Demandes d'effacement ».")
            % {"count": len(queryset)},
        )

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.erase_personal_data")


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """The erasure requests (RGPD): who asked, when, what was erased and what the law keeps."""

    list_display = ("user", "status", "requested_at", "decided_at", "decided_by")
    list_filter = ("status",)
    list_select_related = ("user", "decided_by")
    search_fields = ("user__email", "user__last_name")
    date_hierarchy = "requested_at"
    readonly_fields = (
        "user",
        "status",
        "message",
        "requested_at",
        "requested_by",
        "decided_at",
        "decided_by",
        "decision_reason",
        "summary",
    )
    actions = ["carry_out", "refuse"]

    def get_urls(self):
        refuse = self.admin_site.admin_view(self.refuse_view)
        return [
            path("<path:object_id>/refuser/", refuse, name="members_erasurerequest_refuse"),
            *super().get_urls(),
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # opened by the person (/espace/mes-donnees/) or from the user's page

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the proof that the request was handled

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.erase_personal_data")

    @admin.action(description=_("Effectuer l'effacement"), permissions=["erase"])
    def carry_out(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]) -> None:
        done = 0
        for erasure in queryset:
            try:
                privacy.erasure_request_carry_out(request=erasure, acting_user=request.user)
                done += 1
            except MembershipError as error:
                self.message_user(request, f"{erasure} : {error}", messages.ERROR)
        if done:
            self.message_user(request, _("%(count)d effacement(s) effectué(s).") % {"count": done})

    @admin.action(description=_("Refuser (avec un motif)"), permissions=["erase"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]):
        if len(queryset) != 1:
            self.message_user(
                request, _("Refusez les demandes une par une : chacune a son motif."), messages.ERROR
            )
            return None
        return HttpResponseRedirect(reverse("admin:members_erasurerequest_refuse", args=[queryset[0].pk]))

    def refuse_view(self, request: HttpRequest, object_id: str):
        """The reason is sent to the person (e.g. identity not established)."""
        erasure = get_object_or_404(ErasureRequest, pk=object_id)
        if not self.has_erase_permission(request):
            raise PermissionDenied
        form = ErasureRefusalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                privacy.erasure_request_refuse(
                    request=erasure, acting_user=request.user, reason=form.cleaned_data["reason"]
                )
            except MembershipError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, _("Demande refusée : la personne reçoit le motif par e-mail."))
            return HttpResponseRedirect(reverse("admin:members_erasurerequest_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Refuser la demande d'effacement"),
            "erasure": erasure,
            "form": form,
        }
        return TemplateResponse(request, "admin/members/erasurerequest/refuse.html", context)


class ErasureRefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif, envoyé à la personne"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


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

"""The value chain in the admin: roles (with the matched companies to invite), stakeholders, the ledger."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jura_portal.exports import ExportAdminMixin
from members.models import Company
from projects import services
from projects.admin.moves import ProjectMovesAdmin, StaffMove
from projects.errors import ProjectError
from projects.matching import matches_for_role
from projects.models import Commitment, Role, Stakeholder


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    change_form_template = "admin/projects/role/change_form.html"
    list_display = ("name", "project", "is_critical", "quantity_sought", "unit", "commune")
    list_filter = ("is_critical",)
    list_select_related = ("project", "commune")
    search_fields = ("name", "project__title")
    autocomplete_fields = ("commune",)
    filter_horizontal = ("trades",)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/inviter/<int:company_id>/",
                self.admin_site.admin_view(require_POST(self.invite_view)),
                name="projects_role_invite",
            )
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        role = self.get_object(request, unquote(object_id))
        if role is None:
            raise Http404
        role = Role.objects.select_related("project__commune__epci", "project__epci", "commune__epci").get(
            pk=role.pk
        )
        extra = {
            **(extra_context or {}),
            "matches": matches_for_role(role),
            "can_invite": request.user.has_perm("projects.add_stakeholder"),
        }
        return super().change_view(request, object_id, form_url, extra)

    def invite_view(self, request, object_id, company_id: int):
        """One action: the matched company is invited (a stakeholder row, one email to its people)."""
        if not request.user.has_perm("projects.add_stakeholder"):
            raise PermissionDenied
        role = get_object_or_404(Role.objects.select_related("project"), pk=unquote(object_id))
        company = get_object_or_404(Company, pk=company_id)
        try:
            services.stakeholder_invite(
                project=role.project, company=company, acting_user=request.user, role=role
            )
        except ProjectError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(company)s est invitée ; ses représentants ont reçu un e-mail.") % {"company": company},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:projects_role_change", args=[role.pk]))


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "kind", "organisation_type", "status", "role")
    list_filter = ("kind", "organisation_type", "status")
    list_select_related = ("project", "role")
    search_fields = ("name", "contact_email", "project__title")
    autocomplete_fields = ("company",)
    readonly_fields = ("status", "added_at")


COMMITMENT_MOVES = {
    "confirmer": StaffMove(
        name="confirmer",
        label=_("Confirmer"),
        run=lambda commitment, user, text: services.commitment_confirm(
            commitment=commitment, acting_user=user
        ),
        done=_("Engagement confirmé : %(name)s."),
        shown_for=("pledged",),
    ),
    "realiser": StaffMove(
        name="realiser",
        label=_("Marquer réalisé"),
        run=lambda commitment, user, text: services.commitment_deliver(
            commitment=commitment, acting_user=user
        ),
        done=_("Engagement réalisé : %(name)s."),
        shown_for=("confirmed",),
    ),
}


@admin.register(Commitment)
class CommitmentAdmin(ExportAdminMixin, ProjectMovesAdmin):
    moves = COMMITMENT_MOVES
    move_permission = "projects.change_commitment"
    change_form_template = "admin/projects/change_form.html"
    list_display = (
        "stakeholder",
        "project",
        "role",
        "kind",
        "quantity",
        "unit",
        "status",
        "pledged_at",
        "confirmed_at",
    )
    list_filter = ("status", "kind", "unit", "role__is_critical")
    list_select_related = ("stakeholder__project", "role")
    search_fields = ("stakeholder__name", "role__name", "stakeholder__project__title")
    date_hierarchy = "pledged_at"
    actions = ["confirm_selected", "deliver_selected"]
    readonly_fields = (
        "stakeholder",
        "role",
        "kind",
        "unit",
        "quantity",
        "status",
        "pledged_at",
        "pledged_by",
        "confirmed_at",
        "confirmed_by",
        "delivered_at",
    )
    export_filename = "engagements"
    export_headers = (
        _("Projet"),
        _("Rôle"),
        _("Rôle critique"),
        _("Partie prenante"),
        _("Nature"),
        _("Quantité"),
        _("Unité"),
        _("Statut"),
        _("Promis le"),
        _("Confirmé le"),
        _("Réalisé le"),
    )

    def has_add_permission(self, request) -> bool:
        return False  # pledged through commitment_pledge (member space, or staff on a stakeholder's behalf)

    @admin.display(description=_("projet"))
    def project(self, commitment: Commitment):
        return commitment.stakeholder.project

    @admin.action(description=_("Confirmer les engagements sélectionnés"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "confirmer")

    @admin.action(description=_("Marquer réalisés les engagements sélectionnés"), permissions=["change"])
    def deliver_selected(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "realiser")

    def export_queryset(self, queryset):
        return queryset.select_related("stakeholder__project", "role")

    def export_row(self, c: Commitment):
        return (
            c.stakeholder.project.title,
            c.role.name,
            c.role.is_critical,
            c.stakeholder.name,
            c.get_kind_display(),
            c.quantity,
            c.get_unit_display(),
            c.get_status_display(),
            c.pledged_at,
            c.confirmed_at,
            c.delivered_at,
        )

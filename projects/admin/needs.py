"""Needs in the admin: review (qualify, close with a reason, publish), open a project from a selection, CSV."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jura_portal.exports import ExportAdminMixin
from projects import services
from projects.admin.moves import MoveForm, ProjectMovesAdmin, StaffMove
from projects.errors import ProjectError
from projects.models import Need

NEED_MOVES = {
    "qualifier": StaffMove(
        name="qualifier",
        label=_("Qualifier (recevable)"),
        run=lambda need, user, text: services.need_qualify(
            need=need, acting_user=user, in_territory=True, collective_interest=True, not_already_covered=True
        ),
        done=_("« %(name)s » est qualifié ; son auteur est prévenu."),
        shown_for=("reported",),
        confirm=_(
            "En qualifiant ce besoin, vous attestez qu'il est sur le territoire, d'intérêt collectif, et "
            "qu'aucun acteur existant n'y répond déjà. Sinon, clôturez-le avec un motif."
        ),
    ),
    "clore": StaffMove(
        name="clore",
        label=_("Clore avec un motif"),
        run=lambda need, user, text: services.need_close(need=need, acting_user=user, reason=text),
        done=_("« %(name)s » est clos ; son auteur a reçu le motif."),
        text_label=_("Motif de la clôture"),
        text_help=_("Envoyé à l'auteur du besoin."),
        shown_for=("reported", "qualified"),
    ),
    "publier": StaffMove(
        name="publier",
        label=_("Montrer sur /projets/"),
        run=lambda need, user, text: services.need_set_public(need=need, acting_user=user, is_public=True),
        done=_("« %(name)s » est public (sans données personnelles)."),
        shown_for=("qualified",),
    ),
    "retirer": StaffMove(
        name="retirer",
        label=_("Retirer de /projets/"),
        run=lambda need, user, text: services.need_set_public(need=need, acting_user=user, is_public=False),
        done=_("« %(name)s » n'est plus public."),
        shown_for=("qualified",),
    ),
}


@admin.register(Need)
class NeedAdmin(ExportAdminMixin, ProjectMovesAdmin):
    moves = NEED_MOVES
    move_permission = "projects.change_need"
    change_form_template = "admin/projects/change_form.html"
    list_display = ("title", "status", "epci", "commune", "is_public", "project", "reported_at")
    list_filter = ("status", "is_public", "epci", "trades")
    list_select_related = ("epci", "commune", "project")
    search_fields = ("title", "description", "affected")
    date_hierarchy = "reported_at"
    filter_horizontal = ("trades",)
    actions = ["qualify_selected", "close_selected", "open_project"]
    readonly_fields = (
        "document_link",
        "author",
        "status",
        "in_territory",
        "collective_interest",
        "not_already_covered",
        "closing_reason",
        "is_public",
        "project",
        "reported_at",
        "reviewed_at",
        "reviewed_by",
    )
    fieldsets = (
        (None, {"fields": ("title", "description", "commune", "epci", "affected", "trades")}),
        (_("Éléments d'appui"), {"fields": ("evidence", "document_link")}),
        (
            _("Examen"),
            {
                "fields": (
                    "status",
                    "in_territory",
                    "collective_interest",
                    "not_already_covered",
                    "closing_reason",
                    "is_public",
                    "project",
                    "reviewed_at",
                    "reviewed_by",
                )
            },
        ),
        (_("Signalement"), {"fields": ("author", "reported_at")}),
    )

    export_filename = "besoins"
    export_headers = (
        _("Titre"),
        _("Statut"),
        _("Intercommunalité"),
        _("Commune"),
        _("Métiers"),
        _("Public"),
        _("Projet"),
        _("Signalé le"),
        _("Motif de clôture"),
    )

    def has_add_permission(self, request) -> bool:
        return False  # needs are reported by people, through need_report

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/document/",
                self.admin_site.admin_view(self.document_view),
                name="projects_need_document",
            )
        ]
        return own + super().get_urls()

    @admin.display(description=_("document d'appui (PDF)"))
    def document_link(self, need: Need) -> str:
        if not need.evidence_document:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:projects_need_document", args=[need.pk]),
            _("Télécharger le PDF"),
        )

    def document_view(self, request, object_id: str) -> FileResponse:
        """The need's private document, for staff allowed to see the need only (never under MEDIA_URL)."""
        need = self.get_object(request, unquote(object_id))
        if need is None or not need.evidence_document:
            raise Http404
        if not self.has_view_permission(request, need):
            raise PermissionDenied
        response = FileResponse(
            need.evidence_document.open("rb"),
            as_attachment=True,
            filename=f"besoin-{need.pk}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def export_queryset(self, queryset):
        return queryset.select_related("epci", "commune", "project").prefetch_related("trades")

    def export_row(self, need: Need):
        return (
            need.title,
            need.get_status_display(),
            need.epci.name if need.epci_id else "",
            need.commune.name if need.commune_id else "",
            ", ".join(t.name for t in need.trades.all()),
            need.is_public,
            need.project.title if need.project_id else "",
            need.reported_at,
            need.closing_reason,
        )

    @admin.action(description=_("Qualifier les besoins sélectionnés"), permissions=["change"])
    def qualify_selected(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "qualifier")

    @admin.action(description=_("Clore les besoins sélectionnés (avec un motif)"), permissions=["change"])
    def close_selected(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "clore")

    @admin.action(description=_("Ouvrir un projet à partir des besoins sélectionnés"), permissions=["change"])
    def open_project(self, request, queryset):
        move = StaffMove(
            name="ouvrir",
            label=_("Ouvrir un projet"),
            run=lambda needs, user, text: None,
            done="",
            text_label=_("Titre du projet"),
            text_help=_("Le résumé reprend les besoins ; modifiez-le ensuite sur la fiche du projet."),
        )
        form = MoveForm(move, request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return self.render_move_form(request, move, form, list(queryset), cancel_url=".", from_list=True)
        needs = list(queryset)
        summary = "\n".join(f"- {need.title}" for need in needs)
        try:
            project = services.project_open_from_needs(
                needs=needs, acting_user=request.user, title=form.cleaned_data["text"], summary=summary
            )
        except ProjectError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(
            request,
            _("Projet « %(title)s » ouvert ; les auteurs sont prévenus.") % {"title": project},
            messages.SUCCESS,
        )
        return None

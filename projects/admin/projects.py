"""Projects in the admin: the pipeline by phase with waiting times, moves that call services, CSV."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jura_portal.exports import ExportAdminMixin
from projects import services
from projects.admin.moves import ProjectMovesAdmin, StaffMove
from projects.models import PHASE_SEQUENCE, Gate, Indicator, PhaseName, Project, Role

PROJECT_MOVES = {
    "ouvrir-jalon": StaffMove(
        name="ouvrir-jalon",
        label=_("Ouvrir le jalon de fin de phase"),
        run=lambda project, user, text: services.gate_open(project=project, acting_user=user),
        done=_("Le jalon de « %(name)s » est ouvert : le comité peut noter."),
        shown_for=("in_progress",),
    ),
    "publier": StaffMove(
        name="publier",
        label=_("Publier sur /projets/"),
        run=lambda project, user, text: services.project_set_published(
            project=project, acting_user=user, is_published=True
        ),
        done=_("« %(name)s » est publié."),
        shown_for=("in_progress", "on_hold", "killed", "archived"),
    ),
    "retirer": StaffMove(
        name="retirer",
        label=_("Retirer de /projets/"),
        run=lambda project, user, text: services.project_set_published(
            project=project, acting_user=user, is_published=False
        ),
        done=_("« %(name)s » n'est plus publié."),
        shown_for=("in_progress", "on_hold", "killed", "archived"),
    ),
    "transmettre": StaffMove(
        name="transmettre",
        label=_("Transmettre à un porteur (personne)"),
        run=lambda project, user, text: services.holder_hand_over(
            project=project, acting_user=user, holder_name=text
        ),
        done=_("« %(name)s » est transmis à son porteur."),
        text_label=_("Nom du porteur de projet"),
        text_help=_("Pour une entreprise adhérente, choisissez-la dans « Porteur (entreprise adhérente) »."),
        shown_for=("in_progress",),
    ),
    "reprendre": StaffMove(
        name="reprendre",
        label=_("Reprendre le projet"),
        run=lambda project, user, text: services.project_resume(project=project, acting_user=user),
        done=_("« %(name)s » reprend."),
        shown_for=("on_hold",),
    ),
    "archiver": StaffMove(
        name="archiver",
        label=_("Archiver"),
        run=lambda project, user, text: services.project_archive(
            project=project, acting_user=user, lessons_learned=text
        ),
        done=_("« %(name)s » est archivé avec ses enseignements."),
        text_label=_("Enseignements"),
        text_help=_("Publiés sur la page publique du projet, après ceux des décisions du comité."),
        shown_for=("in_progress", "on_hold", "killed"),
    ),
}


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ("name", "is_critical", "quantity_sought", "unit", "commune", "position")
    autocomplete_fields = ("commune",)
    show_change_link = True


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("name", "unit", "baseline", "target", "position")
    show_change_link = True


class GateInline(admin.TabularInline):
    model = Gate
    extra = 0
    fields = ("phase", "status", "outcome", "opened_at", "decided_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def phase_labels():
    return Subquery(PhaseName.objects.filter(phase=OuterRef("phase")).values("label")[:1])


@admin.register(Project)
class ProjectAdmin(ExportAdminMixin, ProjectMovesAdmin):
    moves = PROJECT_MOVES
    move_permission = "projects.change_project"
    change_form_template = "admin/projects/change_form.html"
    change_list_template = "admin/projects/project/change_list.html"
    list_display = (
        "title",
        "phase_name",
        "days_in_phase_display",
        "status",
        "is_published",
        "holder",
        "epci",
    )
    list_filter = ("phase", "status", "is_published", "epci")
    list_select_related = ("epci", "holder_company")
    search_fields = ("title", "summary", "holder_name", "holder_company__legal_name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("holder_company", "commune")
    inlines = [RoleInline, IndicatorInline, GateInline]
    readonly_fields = (
        "phase",
        "phase_started_at",
        "status",
        "is_published",
        "holder_name",
        "handed_over_at",
        "created_at",
        "created_by",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "commune", "epci")}),
        (_("Avancement"), {"fields": ("phase", "phase_started_at", "status", "is_published")}),
        (_("Porteur"), {"fields": ("holder_company", "holder_name", "handed_over_at")}),
        (
            _("Bilan"),
            {"fields": ("lessons_learned", "target_own_revenue_percent", "created_at", "created_by")},
        ),
    )
    export_filename = "projets"
    export_headers = (
        _("Projet"),
        _("Phase"),
        _("Jours dans la phase"),
        _("Statut"),
        _("Publié"),
        _("Porteur"),
        _("Intercommunalité"),
        _("Rôles"),
        _("Rôles critiques sans engagement confirmé"),
    )

    def get_readonly_fields(self, request, obj=None):
        # The holder company is chosen once, then changes only through the record (holder_hand_over).
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "holder_company") if obj is not None and obj.handed_over_at else fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(phase_label=phase_labels())

    @admin.display(description=_("phase"), ordering="phase")
    def phase_name(self, project: Project) -> str:
        return getattr(project, "phase_label", None) or project.get_phase_display()

    @admin.display(description=_("jours dans la phase"), ordering="phase_started_at")
    def days_in_phase_display(self, project: Project) -> int:
        return project.days_in_phase()

    @admin.display(description=_("porteur"))
    def holder(self, project: Project) -> str:
        return project.holder_display

    def export_queryset(self, queryset):
        return queryset.select_related("epci", "holder_company").annotate(
            role_count=Count("roles", distinct=True),
            uncovered=Count(
                "roles",
                filter=Q(roles__is_critical=True)
                & ~Q(roles__commitments__status__in=["confirmed", "delivered"]),
                distinct=True,
            ),
        )

    def export_row(self, project: Project):
        return (
            project.title,
            getattr(project, "phase_label", None) or project.get_phase_display(),
            project.days_in_phase(),
            project.get_status_display(),
            project.is_published,
            project.holder_display,
            project.epci.name if project.epci_id else "",
            project.role_count,
            project.uncovered,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # --- The pipeline ------------------------------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "pipeline/", self.admin_site.admin_view(self.pipeline_view), name="projects_project_pipeline"
            )
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra = {"pipeline_url": reverse("admin:projects_project_pipeline"), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def pipeline_view(self, request):
        """Projects in progress or on hold, by phase, longest waiting first, with their open gate."""
        from django.core.exceptions import PermissionDenied

        if not self.has_view_permission(request):
            raise PermissionDenied
        labels = PhaseName.objects.labels()
        open_gates = Gate.objects.filter(project=OuterRef("pk"), status=Gate.Status.OPEN).values("pk")[:1]
        projects = (
            Project.objects.in_progress()
            .select_related("epci")
            .annotate(open_gate=Subquery(open_gates))
            .order_by("phase_started_at", "pk")
        )
        now = timezone.now()
        columns = {phase: [] for phase in PHASE_SEQUENCE}
        for project in projects:
            columns[project.phase].append(
                {
                    "project": project,
                    "days": project.days_in_phase(now),
                    "url": reverse("admin:projects_project_change", args=[project.pk]),
                    "gate_url": reverse("admin:projects_gate_change", args=[project.open_gate])
                    if project.open_gate
                    else "",
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Pipeline des projets collectifs"),
            "opts": self.opts,
            "columns": [
                {
                    "label": labels[phase],
                    "rows": rows,
                    "mean_days": round(sum(r["days"] for r in rows) / len(rows)) if rows else None,
                }
                for phase, rows in columns.items()
            ],
        }
        return TemplateResponse(request, "admin/projects/pipeline.html", context)

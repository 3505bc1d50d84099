"""Staff moves for the projects' admin (core.admin_moves), and the audit trail under each object."""

from django.http import HttpRequest

from core.admin_moves import MoveForm, StaffMove, StaffMovesAdmin
from core.history import history_rows

__all__ = ["HistoryMixin", "MoveForm", "ProjectMovesAdmin", "StaffMove", "status_labels"]


def status_labels() -> dict[str, str]:
    """How the audit trail names this app's states (statuses, phases, outcomes)."""
    from projects.models import Commitment, Gate, Need, Phase, Project, Stakeholder

    labels: dict[str, str] = {}
    for choices in (
        Need.Status,
        Project.Status,
        Phase,
        Gate.Status,
        Gate.Outcome,
        Commitment.Status,
        Stakeholder.Status,
    ):
        labels.update({value: str(label) for value, label in choices.choices})
    return labels


class HistoryMixin:
    """The object's audit trail under its change form (templates/admin/members/includes/history.html)."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["history"] = history_rows(obj, status_labels())
        return super().render_change_form(request, context, add, change, form_url, obj)


class ProjectMovesAdmin(HistoryMixin, StaffMovesAdmin):
    """The subject of a move is the object itself (a need, a project, a commitment)."""

    move_template = "admin/projects/move_form.html"
    move_permission = ""  # e.g. "projects.change_need"

    def has_move_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.move_permission)

    def move_subject(self, obj):
        return obj

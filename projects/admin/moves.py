"""Staff moves for the projects' admin: members' StaffMovesAdmin, catching ProjectError.

TODO(core): once core.admin_moves lands (apply_move catches PortalError), drop this override.
"""

from django.contrib import messages
from django.http import HttpRequest

from members.admin_moves import MoveForm, StaffMove, StaffMovesAdmin
from projects.errors import ProjectError

__all__ = ["MoveForm", "ProjectMovesAdmin", "StaffMove"]


class ProjectMovesAdmin(StaffMovesAdmin):
    move_template = "admin/projects/move_form.html"
    move_permission = ""  # e.g. "projects.change_need"

    def has_move_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.move_permission)

    def move_subject(self, obj):
        return obj

    def apply_move(self, request: HttpRequest, move: StaffMove, obj, text: str, *, prefix: bool) -> bool:
        try:
            move.run(obj, request.user, text)
        except ProjectError as error:
            self.message_user(request, f"{obj} : {error}" if prefix else str(error), messages.ERROR)
            return False
        self.message_user(request, move.done % {"name": str(obj)}, messages.SUCCESS)
        return True

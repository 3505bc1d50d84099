"""Row locks shared by the services (always the project first, then what hangs from it)."""

from django.utils.translation import gettext as _

from projects.errors import ProjectError
from projects.models import Project


def lock_project(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def lock_open_project(project: Project) -> Project:
    """The project, locked, refused when it is killed or archived (nothing moves in the archive)."""
    project = lock_project(project)
    if project.is_closed:
        raise ProjectError(
            _("Ce projet est clos (%(status)s) : il ne change plus.")
            % {"status": project.get_status_display()}
        )
    return project

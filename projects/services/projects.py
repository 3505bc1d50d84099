"""A project's own moves outside gates: publication, the hand-over to its holder, resuming, archiving."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jura_portal import audit
from members.models import Company, User
from projects import emails
from projects.errors import ProjectError
from projects.models import Phase, Project
from projects.services._locks import lock_open_project, lock_project


@transaction.atomic
def project_set_published(*, project: Project, acting_user: User, is_published: bool) -> Project:
    """Staff show the project on /projets/ (or take it off)."""
    project = lock_project(project)
    if project.is_published == is_published:
        return project
    project.is_published = is_published
    project.save(update_fields=["is_published"])
    audit.record(acting_user, "project.published" if is_published else "project.unpublished", project)
    return project


@transaction.atomic
def holder_hand_over(
    *, project: Project, acting_user: User, holder_company: Company | None = None, holder_name: str = ""
) -> Project:
    """A company or a person takes the project over, during the feasibility phase: a recorded moment."""
    holder_name = holder_name.strip()
    if (holder_company is None) == (not holder_name):
        raise ProjectError(
            _(
                "Le porteur est soit une entreprise adhérente, soit une personne nommée : choisissez l'un des deux."
            )
        )
    project = lock_open_project(project)
    if project.phase != Phase.FEASIBILITY:
        raise ProjectError(_("Le projet se transmet à son porteur pendant la phase de faisabilité."))
    if project.handed_over_at is not None:
        raise ProjectError(
            _("Ce projet a déjà été transmis à %(holder)s.") % {"holder": project.holder_display}
        )
    if holder_company is not None and not holder_company.is_member:
        raise ProjectError(
            _("Seule une entreprise adhérente peut être choisie dans l'annuaire ; sinon, nommez le porteur.")
        )
    project.holder_company = holder_company
    project.holder_name = holder_name
    project.handed_over_at = timezone.now()
    project.save(update_fields=["holder_company", "holder_name", "handed_over_at"])
    audit.record(acting_user, "project.handed_over", project, to_state=project.holder_display)
    emails.project_news(
        project,
        headline=_("%(holder)s reprend le projet") % {"holder": project.holder_display},
        text=_("Le projet a trouvé son porteur, qui le mènera jusqu'au lancement de l'activité."),
    )
    return project


@transaction.atomic
def project_resume(*, project: Project, acting_user: User) -> Project:
    """A project on hold starts again (its phase's clock restarts); the committee will open a new gate."""
    project = lock_open_project(project)
    if project.status != Project.Status.ON_HOLD:
        raise ProjectError(_("Seul un projet en attente peut reprendre."))
    project.status = Project.Status.IN_PROGRESS
    project.phase_started_at = timezone.now()
    project.save(update_fields=["status", "phase_started_at"])
    audit.record(acting_user, "project.resumed", project, from_state="on_hold", to_state=project.status)
    return project


@transaction.atomic
def project_archive(*, project: Project, acting_user: User, lessons_learned: str) -> Project:
    """A project leaves the pipeline for the archive (a launched activity, or a killed project's file)."""
    if not lessons_learned.strip():
        raise ProjectError(_("Notez les enseignements du projet avant de l'archiver."))
    project = lock_project(project)
    if project.status == Project.Status.ARCHIVED:
        raise ProjectError(_("Ce projet est déjà archivé."))
    if project.gates.filter(status="open").exists():
        raise ProjectError(_("Un jalon est ouvert : le comité doit d'abord le décider."))
    previous = project.status
    project.status = Project.Status.ARCHIVED
    # Added after what earlier decisions taught (a Kill or a Recycle wrote theirs): never written over.
    dated = f"{timezone.now():%d/%m/%Y} — {lessons_learned.strip()}"
    project.lessons_learned = f"{project.lessons_learned}\n\n{dated}".strip()
    project.save(update_fields=["status", "lessons_learned"])
    audit.record(acting_user, "project.archived", project, from_state=previous, to_state=project.status)
    return project

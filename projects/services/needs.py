"""Needs of the territory: reported by anyone with an account, qualified or closed by staff, grouped into projects."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jura_portal import audit
from members.models import User
from projects import emails
from projects.errors import ProjectError
from projects.models import Need, Project
from reference.models import Commune, Epci, Sector


@transaction.atomic
def need_report(
    *,
    acting_user: User,
    title: str,
    description: str,
    commune: Commune | None = None,
    epci: Epci | None = None,
    affected: str = "",
    evidence: str = "",
    evidence_document=None,
    trades: Iterable[Sector] = (),
) -> Need:
    """Someone with an account reports a need of the territory; staff will review it."""
    if acting_user is None or not acting_user.is_authenticated:
        raise ProjectError(_("Connectez-vous pour signaler un besoin."))
    if not title.strip() or not description.strip():
        raise ProjectError(_("Donnez un titre et une description au besoin."))
    if commune is not None and epci is None:
        epci = commune.epci
    if commune is not None and epci is not None and commune.epci_id != epci.pk:
        raise ProjectError(_("Cette commune n'appartient pas à cette intercommunalité."))
    need = Need(
        author=acting_user,
        title=title.strip(),
        description=description.strip(),
        commune=commune,
        epci=epci,
        affected=affected.strip(),
        evidence=evidence.strip(),
    )
    if evidence_document:
        need.evidence_document = evidence_document
    need.save()
    need.trades.set(trades)
    audit.record(acting_user, "need.reported", need, to_state=need.status)
    emails.need_reported(need)
    return need


def _lock_need(need: Need) -> Need:
    return Need.objects.select_for_update().get(pk=need.pk)


@transaction.atomic
def need_qualify(
    *,
    need: Need,
    acting_user: User,
    in_territory: bool,
    collective_interest: bool,
    not_already_covered: bool,
    is_public: bool = False,
) -> Need:
    """Staff find the need admissible (in the territory, of collective interest, not already answered)."""
    need = _lock_need(need)
    if need.status != Need.Status.REPORTED:
        raise ProjectError(_("Seul un besoin signalé, pas encore examiné, peut être qualifié."))
    missing = [
        label
        for ticked, label in (
            (in_territory, _("sur le territoire")),
            (collective_interest, _("d'intérêt collectif")),
            (not_already_covered, _("pas déjà couvert par un acteur existant")),
        )
        if not ticked
    ]
    if missing:
        raise ProjectError(
            _("Un besoin n'est recevable que s'il est %(missing)s : sinon, clôturez-le avec un motif.")
            % {"missing": ", ".join(str(m) for m in missing)}
        )
    need.status = Need.Status.QUALIFIED
    need.in_territory = need.collective_interest = need.not_already_covered = True
    need.is_public = is_public
    need.reviewed_at = timezone.now()
    need.reviewed_by = acting_user
    need.save(
        update_fields=[
            "status",
            "in_territory",
            "collective_interest",
            "not_already_covered",
            "is_public",
            "reviewed_at",
            "reviewed_by",
        ]
    )
    audit.record(acting_user, "need.qualified", need, from_state="reported", to_state=need.status)
    emails.need_qualified(need)
    return need


@transaction.atomic
def need_close(*, need: Need, acting_user: User, reason: str) -> Need:
    """Staff close a need (not admissible, answered elsewhere...); its author receives the reason."""
    if not reason.strip():
        raise ProjectError(_("Indiquez le motif de la clôture : il est envoyé à l'auteur du besoin."))
    need = _lock_need(need)
    if need.status == Need.Status.CLOSED:
        raise ProjectError(_("Ce besoin est déjà clos."))
    if need.project_id:
        raise ProjectError(
            _("Ce besoin est rattaché à un projet : il suit le projet et ne se clôt pas seul.")
        )
    previous = need.status
    need.status = Need.Status.CLOSED
    need.closing_reason = reason.strip()
    need.is_public = False
    need.reviewed_at = timezone.now()
    need.reviewed_by = acting_user
    need.save(update_fields=["status", "closing_reason", "is_public", "reviewed_at", "reviewed_by"])
    audit.record(
        acting_user,
        "need.closed",
        need,
        from_state=previous,
        to_state=need.status,
        comment=need.closing_reason,
    )
    emails.need_closed(need)
    return need


@transaction.atomic
def need_set_public(*, need: Need, acting_user: User, is_public: bool) -> Need:
    """Staff choose whether a qualified need shows on /projets/ (without its author's data)."""
    need = _lock_need(need)
    if is_public and need.status != Need.Status.QUALIFIED:
        raise ProjectError(_("Seul un besoin qualifié peut être rendu public."))
    if need.is_public == is_public:
        return need
    need.is_public = is_public
    need.save(update_fields=["is_public"])
    audit.record(acting_user, "need.published" if is_public else "need.unpublished", need)
    return need


def _lock_qualified_needs(needs: Iterable[Need]) -> list[Need]:
    ids = sorted({need.pk for need in needs})
    if not ids:
        raise ProjectError(_("Choisissez au moins un besoin."))
    locked = list(
        Need.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("author")
        .order_by("pk")
    )
    for need in locked:
        if need.status != Need.Status.QUALIFIED:
            raise ProjectError(
                _("« %(need)s » n'est pas qualifié : seuls les besoins qualifiés rejoignent un projet.")
                % {"need": need}
            )
        if need.project_id:
            raise ProjectError(_("« %(need)s » fait déjà partie d'un projet.") % {"need": need})
    return locked


@transaction.atomic
def needs_group_into_project(*, needs: Iterable[Need], project: Project, acting_user: User) -> list[Need]:
    """Qualified needs join an existing project; their authors are told and can follow it."""
    from projects.services._locks import lock_open_project

    project = lock_open_project(project)
    locked = _lock_qualified_needs(needs)
    for need in locked:
        need.project = project
        need.save(update_fields=["project"])
        audit.record(
            acting_user, "need.grouped", need, details={"project": project.pk, "project_title": project.title}
        )
        emails.need_grouped(need, project)
    return locked


def unique_project_slug(title: str) -> str:
    base = slugify(title)[:180] or "projet"
    slug, n = base, 2
    while Project.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def project_open_from_needs(
    *,
    needs: Iterable[Need],
    acting_user: User,
    title: str,
    summary: str,
    epci: Epci | None = None,
    commune: Commune | None = None,
) -> Project:
    """Staff open a project (in diagnosis) from one or more qualified needs; their authors are told."""
    if not title.strip() or not summary.strip():
        raise ProjectError(_("Donnez un titre et un résumé au projet."))
    locked = _lock_qualified_needs(needs)
    if epci is None and commune is None:
        epcis = {need.epci_id for need in locked}
        if len(epcis) == 1 and None not in epcis:
            epci = locked[0].epci
    if commune is not None and epci is None:
        epci = commune.epci
    project = Project.objects.create(
        title=title.strip(),
        slug=unique_project_slug(title),
        summary=summary.strip(),
        epci=epci,
        commune=commune,
        created_by=acting_user,
    )
    audit.record(
        acting_user,
        "project.opened",
        project,
        to_state=project.phase,
        details={"needs": [n.pk for n in locked]},
    )
    for need in locked:
        need.project = project
        need.save(update_fields=["project"])
        audit.record(
            acting_user, "need.grouped", need, details={"project": project.pk, "project_title": project.title}
        )
        emails.need_grouped(need, project)
    return project

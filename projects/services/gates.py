"""Gates: opened by staff, scored by the committee (after declaring conflicts), decided Go / Kill / Hold / Recycle.

Two committee members deciding one gate at once: gate_decide locks the project and the gate rows
(select_for_update), so the second waits, then finds the gate decided and is refused.
"""

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jura_portal import audit
from members.models import User
from projects import emails, rules
from projects.criteria import DEFAULT_CRITERIA
from projects.errors import ProjectError
from projects.models import (
    PHASE_SEQUENCE,
    Commitment,
    ConflictDeclaration,
    Gate,
    GateCriterion,
    Phase,
    PhaseName,
    Project,
    Role,
    Score,
)
from projects.models.projects import next_phase
from projects.services._locks import lock_open_project


def _require_committee(user: User) -> None:
    if not rules.is_committee_member(user):
        raise ProjectError(_("Seuls les membres du comité projets peuvent le faire."))


@transaction.atomic
def gate_open(*, project: Project, acting_user: User) -> Gate:
    """Open the gate ending the project's current phase, with the phase's default criteria."""
    project = lock_open_project(project)
    if project.status != Project.Status.IN_PROGRESS:
        raise ProjectError(_("Le projet est en attente : reprenez-le avant d'ouvrir un jalon."))
    if next_phase(project.phase) is None:
        raise ProjectError(
            _("L'activité est lancée : il n'y a plus de jalon, seulement le suivi de l'impact.")
        )
    if project.gates.filter(status=Gate.Status.OPEN).exists():
        raise ProjectError(_("Un jalon est déjà ouvert pour ce projet."))
    gate = Gate.objects.create(project=project, phase=project.phase, opened_by=acting_user)
    GateCriterion.objects.bulk_create(
        GateCriterion(gate=gate, kind=kind, label=str(label), position=position)
        for position, (kind, label) in enumerate(DEFAULT_CRITERIA.get(project.phase, []))
    )
    audit.record(acting_user, "gate.opened", gate, to_state=gate.status, details={"phase": gate.phase})
    return gate


def _lock_open_gate(gate: Gate) -> Gate:
    gate = Gate.objects.select_for_update().get(pk=gate.pk)
    if gate.status != Gate.Status.OPEN:
        raise ProjectError(
            _("Ce jalon a déjà été décidé (%(outcome)s) : rechargez la page.")
            % {"outcome": gate.get_outcome_display()}
        )
    return gate


@transaction.atomic
def conflict_declare(*, gate: Gate, acting_user: User, description: str) -> ConflictDeclaration:
    """A committee member declares a conflict of interest on a gate; they then may not score it."""
    _require_committee(acting_user)
    if not description.strip():
        raise ProjectError(
            _("Décrivez le conflit d'intérêts (lien avec une partie prenante, intérêt personnel…).")
        )
    gate = _lock_open_gate(gate)
    if gate.conflicts.filter(member=acting_user).exists():
        raise ProjectError(_("Vous avez déjà déclaré un conflit d'intérêts sur ce jalon."))
    # Scores given before the declaration do not count any more.
    withdrawn = Score.objects.filter(criterion__gate=gate, member=acting_user).delete()[0]
    declaration = ConflictDeclaration.objects.create(
        gate=gate, member=acting_user, description=description.strip()
    )
    audit.record(
        acting_user,
        "gate.conflict_declared",
        gate,
        comment=declaration.description,
        details={"scores_withdrawn": withdrawn},
    )
    return declaration


@transaction.atomic
def score_record(*, criterion: GateCriterion, acting_user: User, value: int, comment: str = "") -> Score:
    """A committee member scores one criterion of an open gate (0 to 5), or changes their score."""
    _require_committee(acting_user)
    if not isinstance(value, int) or not 0 <= value <= rules.SCORE_MAX:
        raise ProjectError(_("La note va de 0 à %(max)d.") % {"max": rules.SCORE_MAX})
    gate = _lock_open_gate(criterion.gate)
    if gate.conflicts.filter(member=acting_user).exists():
        raise ProjectError(
            _("Vous avez déclaré un conflit d'intérêts sur ce jalon : vous ne pouvez pas le noter.")
        )
    score, created = Score.objects.update_or_create(
        criterion=criterion, member=acting_user, defaults={"value": value, "comment": comment.strip()}
    )
    audit.record(
        acting_user,
        "gate.scored",
        gate,
        details={"criterion": criterion.pk, "value": value, "changed": not created},
    )
    return score


def sitting_scores(gate: Gate):
    """The gate's scores given by people who still sit on the committee (active staff in the group):
    a member who left the group, or whose account was closed, neither counts in quorum nor in means."""
    return Score.objects.filter(
        criterion__gate=gate,
        member__is_active=True,
        member__is_staff=True,
        member__groups__name=rules.PROJECTS_COMMITTEE,
    ).exclude(member__in=gate.conflicts.values("member"))


def quorum(gate: Gate) -> tuple[int, bool]:
    """(sitting members who scored every criterion, whether one of them holds a local-authority seat)."""
    total = gate.criteria.count()
    if total == 0:
        return 0, False
    full = (
        sitting_scores(gate)
        .values("member")
        .annotate(n=Count("criterion", distinct=True))
        .filter(n=total)
        .values("member")
    )
    scorers = User.objects.filter(pk__in=full)
    return scorers.count(), scorers.filter(groups__name=rules.LOCAL_AUTHORITY_SEATS).exists()


def must_meet_failures(gate: Gate) -> list[tuple[GateCriterion, float | None]]:
    """The must-meet criteria whose mean score is under the threshold (or unscored)."""
    means = dict(
        sitting_scores(gate)
        .filter(criterion__kind=GateCriterion.Kind.MUST)
        .values("criterion")
        .annotate(mean=Avg("value"))
        .values_list("criterion", "mean")
    )
    criteria = gate.criteria.filter(kind=GateCriterion.Kind.MUST)
    return [
        (c, means.get(c.pk))
        for c in criteria
        if means.get(c.pk) is None or means[c.pk] < rules.MUST_MEET_THRESHOLD
    ]


def uncovered_critical_roles(project: Project) -> list[Role]:
    """Critical roles with no confirmed (or delivered) commitment."""
    return list(
        project.roles.filter(is_critical=True)
        .annotate(n=Count("commitments", filter=Q(commitments__status__in=Commitment.COUNTED_STATUSES)))
        .filter(n=0)
    )


def _check_go(gate: Gate, project: Project) -> None:
    failures = must_meet_failures(gate)
    if failures:
        names = "; ".join(f"« {c.label} » ({'—' if m is None else f'{m:.1f}'}/5)" for c, m in failures)
        raise ProjectError(
            _("Go refusé : des critères impératifs sont sous %(threshold)d/5 en moyenne : %(names)s.")
            % {"threshold": rules.MUST_MEET_THRESHOLD, "names": names}
        )
    if gate.phase == Phase.OPPORTUNITY:
        uncovered = uncovered_critical_roles(project)
        if uncovered:
            raise ProjectError(
                _(
                    "Go refusé au jalon d'opportunité : ces rôles critiques n'ont aucun engagement confirmé : %(roles)s."
                )
                % {"roles": ", ".join(role.name for role in uncovered)}
            )
    if gate.phase == Phase.FEASIBILITY and project.handed_over_at is None:
        raise ProjectError(
            _("Go refusé au jalon de faisabilité : le projet n'a pas encore été transmis à un porteur.")
        )


@transaction.atomic
def gate_decide(
    *,
    gate: Gate,
    acting_user: User,
    outcome: str,
    rationale: str,
    public_summary: str = "",
    private_note: str = "",
    recycle_to: str = "",
    lessons_learned: str = "",
) -> Gate:
    """The committee decides: Go (next phase), Kill (archive), Hold (paused) or Recycle (back to a phase)."""
    _require_committee(acting_user)
    if outcome not in Gate.Outcome.values:
        raise ProjectError(_("Choisissez une décision : Go, Kill, Hold ou Recycle."))
    if not rationale.strip():
        raise ProjectError(_("Motivez la décision."))
    project = lock_open_project(gate.project)
    gate = _lock_open_gate(gate)
    if gate.conflicts.filter(member=acting_user).exists():
        raise ProjectError(
            _("Vous avez déclaré un conflit d'intérêts sur ce jalon : un autre membre du comité décide.")
        )
    scorers, local_authority = quorum(gate)
    if scorers < rules.GATE_QUORUM or not local_authority:
        raise ProjectError(
            _(
                "Quorum non atteint : il faut %(quorum)d membres du comité ayant noté tous les critères, dont un "
                "représentant d'une collectivité (%(scorers)d à ce jour%(local)s)."
            )
            % {
                "quorum": rules.GATE_QUORUM,
                "scorers": scorers,
                "local": "" if local_authority else _(", sans représentant d'une collectivité"),
            }
        )
    if outcome in (Gate.Outcome.KILL, Gate.Outcome.RECYCLE) and not lessons_learned.strip():
        raise ProjectError(
            _("Notez les enseignements : un projet abandonné ou à retravailler les garde en archive.")
        )
    if outcome == Gate.Outcome.RECYCLE:
        if recycle_to not in PHASE_SEQUENCE or PHASE_SEQUENCE.index(recycle_to) > PHASE_SEQUENCE.index(
            gate.phase
        ):
            raise ProjectError(_("Un projet à retravailler revient à sa phase ou à une phase antérieure."))
    elif recycle_to:
        raise ProjectError(_("Seule la décision « à retravailler » renvoie à une phase."))
    if outcome == Gate.Outcome.GO:
        _check_go(gate, project)

    now = timezone.now()
    previous_phase, previous_status = project.phase, project.status
    gate.status = Gate.Status.DECIDED
    gate.outcome = outcome
    gate.rationale = rationale.strip()
    gate.public_summary = public_summary.strip()
    gate.private_note = private_note.strip()
    gate.recycle_to = recycle_to
    gate.decided_at = now
    gate.decided_by = acting_user
    gate.save(
        update_fields=[
            "status",
            "outcome",
            "rationale",
            "public_summary",
            "private_note",
            "recycle_to",
            "decided_at",
            "decided_by",
        ]
    )
    fields = []
    if outcome == Gate.Outcome.GO:
        project.phase, project.phase_started_at = next_phase(gate.phase), now
        fields = ["phase", "phase_started_at"]
    elif outcome == Gate.Outcome.RECYCLE:
        project.phase, project.phase_started_at = recycle_to, now
        fields = ["phase", "phase_started_at"]
    elif outcome == Gate.Outcome.HOLD:
        project.status = Project.Status.ON_HOLD
        fields = ["status"]
    elif outcome == Gate.Outcome.KILL:
        project.status = Project.Status.KILLED
        fields = ["status"]
    if lessons_learned.strip():
        dated = f"{now:%d/%m/%Y} — {lessons_learned.strip()}"
        project.lessons_learned = f"{project.lessons_learned}\n\n{dated}".strip()
        fields.append("lessons_learned")
    project.save(update_fields=fields)
    audit.record(
        acting_user,
        "gate.decided",
        gate,
        from_state=gate.phase,
        to_state=outcome,
        comment=gate.rationale,
        details={
            "project": project.pk,
            "phase": [previous_phase, project.phase],
            "status": [previous_status, project.status],
        },
    )
    if gate.public_summary:
        labels = PhaseName.objects.labels()
        emails.project_news(
            project,
            headline=_("Décision au jalon « %(phase)s » : %(outcome)s")
            % {"phase": labels[gate.phase], "outcome": gate.get_outcome_display()},
            text=gate.public_summary,
        )
    return gate

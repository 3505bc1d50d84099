"""The committee decides a gate: quorum, conflicts of interest, must-meet criteria, critical roles."""

import pytest

from jura_portal import audit
from projects import services
from projects.errors import ProjectError
from projects.models import Gate, Phase, Project
from tests.factories.projects import (
    committee,
    committee_member,
    critical_role,
    organisation,
    pledge,
    project_in,
    scored_gate,
)

pytestmark = pytest.mark.django_db


def decide(gate, member, outcome="go", **kwargs):
    kwargs.setdefault("rationale", "Le comité a examiné le dossier.")
    return services.gate_decide(gate=gate, acting_user=member, outcome=outcome, **kwargs)


def test_a_go_moves_the_project_to_the_next_phase_and_is_audited(staff, members_of_committee):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    gate = scored_gate(project, members_of_committee)

    decide(gate, members_of_committee[1], public_summary="Le besoin est confirmé.")

    project.refresh_from_db()
    gate.refresh_from_db()
    assert (gate.status, gate.outcome, gate.decided_by) == (
        Gate.Status.DECIDED,
        "go",
        members_of_committee[1],
    )
    assert project.phase == Phase.OPPORTUNITY
    entry = audit.history(gate).get(action="gate.decided")
    assert (entry.from_state, entry.to_state) == ("diagnosis", "go")


def test_deciding_without_quorum_is_refused(staff, members_of_committee):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    gate = scored_gate(project, members_of_committee[:2])

    with pytest.raises(ProjectError, match=r"Quorum non atteint.*2 à ce jour"):
        decide(gate, members_of_committee[0])

    gate.refresh_from_db()
    assert gate.status == Gate.Status.OPEN


def test_a_quorum_of_entrepreneurs_alone_is_refused(staff):
    entrepreneurs = [committee_member() for _ in range(3)]
    gate = scored_gate(project_in(Phase.DIAGNOSIS, staff=staff), entrepreneurs)

    with pytest.raises(ProjectError, match="sans représentant d'une collectivité"):
        decide(gate, entrepreneurs[0])


def test_a_member_who_declared_a_conflict_cannot_score(staff, members_of_committee):
    gate = services.gate_open(project=project_in(Phase.DIAGNOSIS, staff=staff), acting_user=staff)
    member = members_of_committee[2]
    services.conflict_declare(
        gate=gate, acting_user=member, description="Je dirige une verrerie concurrente."
    )

    with pytest.raises(ProjectError, match="conflit d'intérêts"):
        services.score_record(criterion=gate.criteria.first(), acting_user=member, value=5)

    assert not gate.criteria.first().scores.exists()


def test_declaring_a_conflict_withdraws_the_scores_already_given(staff, members_of_committee):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    gate = scored_gate(project, members_of_committee)

    services.conflict_declare(
        gate=gate, acting_user=members_of_committee[2], description="Client du porteur."
    )

    with pytest.raises(ProjectError, match="Quorum non atteint"):
        decide(gate, members_of_committee[0])


def test_someone_outside_the_committee_cannot_score(staff):
    gate = services.gate_open(project=project_in(Phase.DIAGNOSIS, staff=staff), acting_user=staff)

    with pytest.raises(ProjectError, match="comité projets"):
        services.score_record(criterion=gate.criteria.first(), acting_user=staff, value=3)


@pytest.mark.parametrize("value", [-1, 6])
def test_a_score_outside_0_to_5_is_refused(staff, members_of_committee, value):
    gate = services.gate_open(project=project_in(Phase.DIAGNOSIS, staff=staff), acting_user=staff)

    with pytest.raises(ProjectError, match="de 0 à 5"):
        services.score_record(
            criterion=gate.criteria.first(), acting_user=members_of_committee[0], value=value
        )


def test_go_at_the_opportunity_gate_is_refused_while_a_critical_role_has_no_confirmed_commitment(
    staff, members_of_committee
):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    role = critical_role(project, staff, "Places de palettes")
    pledge(organisation(project, staff), role, staff)  # pledged only: not yet a commitment
    gate = scored_gate(project, members_of_committee)

    with pytest.raises(ProjectError, match=r"rôles critiques.*Places de palettes"):
        decide(gate, members_of_committee[0])

    project.refresh_from_db()
    assert project.phase == Phase.OPPORTUNITY


def test_go_at_the_opportunity_gate_passes_once_every_critical_role_is_confirmed(staff, members_of_committee):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    role = critical_role(project, staff, "Places de palettes")
    services.commitment_confirm(
        commitment=pledge(organisation(project, staff), role, staff), acting_user=staff
    )
    gate = scored_gate(project, members_of_committee)

    decide(gate, members_of_committee[0])

    project.refresh_from_db()
    assert project.phase == Phase.FEASIBILITY


def test_go_is_refused_when_a_must_meet_criterion_scores_under_the_threshold(staff, members_of_committee):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    gate = scored_gate(project, members_of_committee, value=4)
    weak = gate.criteria.filter(kind="must").first()
    for member in members_of_committee:
        services.score_record(criterion=weak, acting_user=member, value=1)

    with pytest.raises(ProjectError, match="critères impératifs"):
        decide(gate, members_of_committee[0])

    # The committee may still decide to rework it.
    decide(
        gate,
        members_of_committee[0],
        outcome="recycle",
        recycle_to=Phase.DIAGNOSIS,
        lessons_learned="Chiffrer.",
    )


def test_go_at_the_feasibility_gate_needs_a_project_holder(staff, members_of_committee):
    project = project_in(Phase.FEASIBILITY, staff=staff)
    gate = scored_gate(project, members_of_committee)

    with pytest.raises(ProjectError, match="porteur"):
        decide(gate, members_of_committee[0])

    services.holder_hand_over(project=project, acting_user=staff, holder_name="Juliette Grandjean")
    decide(gate, members_of_committee[0])
    project.refresh_from_db()
    assert project.phase == Phase.INCUBATION


def test_kill_archives_the_project_with_its_lessons(staff, members_of_committee):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    gate = scored_gate(project, members_of_committee, value=1)

    with pytest.raises(ProjectError, match="enseignements"):
        decide(gate, members_of_committee[0], outcome="kill")
    decide(gate, members_of_committee[0], outcome="kill", lessons_learned="Pas assez d'acheteurs.")

    project.refresh_from_db()
    assert project.status == Project.Status.KILLED
    assert "Pas assez d'acheteurs." in project.lessons_learned
    with pytest.raises(ProjectError, match="clos"):
        services.gate_open(project=project, acting_user=staff)


def test_recycle_sends_the_project_back_to_an_earlier_phase_never_a_later_one(staff, members_of_committee):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    gate = scored_gate(project, members_of_committee)

    with pytest.raises(ProjectError, match="antérieure"):
        decide(
            gate, members_of_committee[0], outcome="recycle", recycle_to=Phase.INCUBATION, lessons_learned="x"
        )
    decide(
        gate, members_of_committee[0], outcome="recycle", recycle_to=Phase.DIAGNOSIS, lessons_learned="Colle."
    )

    project.refresh_from_db()
    assert (project.phase, project.status) == (Phase.DIAGNOSIS, Project.Status.IN_PROGRESS)


def test_hold_pauses_the_project_until_it_resumes(staff, members_of_committee):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    decide(scored_gate(project, members_of_committee), members_of_committee[0], outcome="hold")

    project.refresh_from_db()
    assert project.status == Project.Status.ON_HOLD
    with pytest.raises(ProjectError, match="en attente"):
        services.gate_open(project=project, acting_user=staff)
    services.project_resume(project=project, acting_user=staff)
    assert services.gate_open(project=project, acting_user=staff).phase == Phase.DIAGNOSIS


def test_a_decided_gate_cannot_be_decided_again(staff, members_of_committee):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    gate = scored_gate(project, members_of_committee)
    decide(gate, members_of_committee[0], outcome="hold")
    services.project_resume(project=project, acting_user=staff)

    with pytest.raises(ProjectError, match="déjà été décidé"):
        decide(gate, members_of_committee[1])


def test_only_one_gate_is_open_at_a_time(staff):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    services.gate_open(project=project, acting_user=staff)

    with pytest.raises(ProjectError, match="déjà ouvert"):
        services.gate_open(project=project, acting_user=staff)


def test_a_launched_activity_has_no_gate(staff):
    with pytest.raises(ProjectError, match="plus de jalon"):
        services.gate_open(project=project_in(Phase.LAUNCHED, staff=staff), acting_user=staff)


def test_a_committee_of_a_larger_size_decides_as_well(staff):
    members = committee(5)
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    decide(scored_gate(project, members), members[4])
    project.refresh_from_db()
    assert project.phase == Phase.OPPORTUNITY


def test_a_scorer_who_left_the_committee_no_longer_counts_in_quorum(staff, members_of_committee):
    gate = scored_gate(project_in(Phase.DIAGNOSIS, staff=staff), members_of_committee)
    members_of_committee[2].groups.clear()  # left the committee after scoring

    with pytest.raises(ProjectError, match=r"Quorum non atteint.*2 à ce jour"):
        decide(gate, members_of_committee[0])


def test_the_low_scores_of_a_member_who_left_do_not_sink_a_must_meet_criterion(staff, members_of_committee):
    gate = scored_gate(project_in(Phase.DIAGNOSIS, staff=staff), members_of_committee, value=3)
    leaver = committee_member()
    for criterion in gate.criteria.all():
        services.score_record(criterion=criterion, acting_user=leaver, value=0)
    leaver.groups.clear()

    decide(gate, members_of_committee[0])

    gate.refresh_from_db()
    assert gate.outcome == "go"


def test_archiving_a_killed_project_keeps_the_lessons_of_the_kill(staff, members_of_committee):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    gate = scored_gate(project, members_of_committee, value=1)
    decide(gate, members_of_committee[0], outcome="kill", lessons_learned="Pas assez d'acheteurs.")

    services.project_archive(
        project=project, acting_user=staff, lessons_learned="Relancer avec les cavistes."
    )

    project.refresh_from_db()
    assert project.status == Project.Status.ARCHIVED
    assert "Pas assez d'acheteurs." in project.lessons_learned
    assert "Relancer avec les cavistes." in project.lessons_learned


def test_after_a_recycle_a_new_gate_opens_on_the_earlier_phase_and_can_say_go(staff, members_of_committee):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    decide(
        scored_gate(project, members_of_committee),
        members_of_committee[0],
        outcome="recycle",
        recycle_to=Phase.DIAGNOSIS,
        lessons_learned="Le besoin était mal cerné.",
    )

    second = scored_gate(project, members_of_committee)
    decide(second, members_of_committee[0])

    project.refresh_from_db()
    assert (second.phase, project.phase) == (Phase.DIAGNOSIS, Phase.OPPORTUNITY)
    assert project.gates.count() == 2

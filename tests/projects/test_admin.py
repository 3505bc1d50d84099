"""Staff pages of the projects: the committee's pages load within query budgets; other staff are refused."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.groups import ensure_groups
from projects import services
from projects.models import Funding, Gate, Need, Phase, Project
from projects.rules import PROJECTS_COMMITTEE
from tests.factories.directory import listed_company
from tests.factories.members import UserFactory
from tests.factories.projects import (
    critical_role,
    organisation,
    pledge,
    project_in,
    reported_need,
    scored_gate,
)
from tests.factories.reference import commune, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee_client(client, members_of_committee):
    ensure_groups()
    client.force_login(members_of_committee[0])
    return client


@pytest.fixture
def scenery(staff, members_of_committee):
    """Five projects with roles, pledges, an open scored gate, needs and funding."""
    dole = commune("Dole", "dole")
    for n in range(5):
        project = project_in(Phase.OPPORTUNITY, staff=staff, title=f"Projet {n}")
        role = critical_role(project, staff)
        role.trades.set([sector("Transport et logistique")])
        pledge(organisation(project, staff, name=f"Mairie {n}"), role, staff)
        services.funding_record(
            project=project,
            acting_user=staff,
            year=2026,
            source=Funding.Source.PUBLIC_SUBSIDY,
            amount_cents=100_000,
        )
        reported_need(title=f"Besoin {n}")
        listed_company(f"Transports {n}", trades=("Transport et logistique",), place=dole)
    gate = scored_gate(project, members_of_committee)
    return {"project": project, "gate": gate, "role": role}


def committee_pages(scenery) -> list[str]:
    return [
        reverse("admin:projects_need_changelist"),
        reverse("admin:projects_project_changelist"),
        reverse("admin:projects_project_pipeline"),
        reverse("admin:projects_project_change", args=[scenery["project"].pk]),
        reverse("admin:projects_gate_change", args=[scenery["gate"].pk]),
        reverse("admin:projects_role_change", args=[scenery["role"].pk]),
        reverse("admin:projects_commitment_changelist"),
        reverse("admin:projects_funding_dashboard"),
        reverse("admin:projects_commitment_export", kwargs={"fmt": "csv"}),
        reverse("admin:projects_need_export", kwargs={"fmt": "csv"}),
        reverse("admin:projects_project_export", kwargs={"fmt": "csv"}),
        reverse("admin:projects_indicatorvalue_export", kwargs={"fmt": "csv"}),
    ]


def test_every_committee_page_loads_within_its_query_budget(
    committee_client, scenery, django_assert_max_num_queries
):
    for url in committee_pages(scenery):
        with django_assert_max_num_queries(30):
            response = committee_client.get(url)
        assert response.status_code == 200, url


def test_the_gate_page_gathers_scores_quorum_and_the_uncovered_critical_role(committee_client, scenery):
    page = committee_client.get(
        reverse("admin:projects_gate_change", args=[scenery["gate"].pk])
    ).content.decode()

    assert "Quorum : 3 membre(s) sur 3" in page
    assert "dont un représentant d'une collectivité" in page
    assert "— non couvert" in page
    assert "Enregistrer mes notes" in page


def test_the_role_page_suggests_listed_companies_with_why(committee_client, scenery):
    page = committee_client.get(
        reverse("admin:projects_role_change", args=[scenery["role"].pk])
    ).content.decode()

    assert "Transports 0" in page
    assert "Métier : Transport et logistique" in page


def test_staff_outside_the_committee_are_refused_every_page(client, scenery):
    ensure_groups()
    treasurer = UserFactory(is_staff=True)
    treasurer.groups.add(Group.objects.get(name="Trésorerie"))
    client.force_login(treasurer)

    for url in committee_pages(scenery):
        assert client.get(url).status_code == 403, url


def test_a_member_of_the_public_is_sent_to_log_in(client, scenery):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:projects_score_changelist"))
    assert response.status_code == 302


def test_the_committee_decides_go_from_the_gate_page_and_the_project_moves_on(
    client, staff, members_of_committee
):
    ensure_groups()
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    gate = scored_gate(project, members_of_committee)
    client.force_login(members_of_committee[1])

    response = client.post(
        reverse("admin:projects_gate_decide", args=[gate.pk]),
        {"outcome": "go", "rationale": "Besoin confirmé par 52 % des vignerons.", "public_summary": "Go."},
    )

    assert response.status_code == 302
    gate.refresh_from_db()
    project.refresh_from_db()
    assert (gate.status, project.phase) == (Gate.Status.DECIDED, Phase.OPPORTUNITY)


def test_scores_posted_from_the_gate_page_are_recorded_for_the_member(client, staff, members_of_committee):
    ensure_groups()
    gate = services.gate_open(project=project_in(Phase.DIAGNOSIS, staff=staff), acting_user=staff)
    criterion = gate.criteria.first()
    client.force_login(members_of_committee[2])

    client.post(
        reverse("admin:projects_gate_score", args=[gate.pk]),
        {f"score-{criterion.pk}": "4", f"comment-{criterion.pk}": "Chiffres solides."},
    )

    [score] = criterion.scores.all()
    assert (score.member, score.value, score.comment) == (members_of_committee[2], 4, "Chiffres solides.")


def test_staff_without_the_committee_group_cannot_post_a_decision(client, staff, members_of_committee):
    ensure_groups()
    gate = scored_gate(project_in(Phase.DIAGNOSIS, staff=staff), members_of_committee)
    outsider = UserFactory(is_staff=True)
    outsider.groups.add(Group.objects.get(name="Trésorerie"))
    client.force_login(outsider)

    response = client.post(
        reverse("admin:projects_gate_decide", args=[gate.pk]), {"outcome": "go", "rationale": "x"}
    )

    assert response.status_code == 403
    gate.refresh_from_db()
    assert gate.status == Gate.Status.OPEN


def test_qualifying_a_need_from_the_admin_calls_the_service(committee_client):
    need = reported_need()

    response = committee_client.post(reverse("admin:projects_need_move", args=[need.pk, "qualifier"]), {})

    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == Need.Status.QUALIFIED


def test_the_committee_group_is_declared_with_the_gate_decision_permission():
    ensure_groups()
    group = Group.objects.get(name=PROJECTS_COMMITTEE)
    assert group.permissions.filter(codename="decide_gate").exists()
    assert not group.permissions.filter(codename="delete_project").exists()
    assert Project.objects.count() == 0


def test_a_needs_private_document_is_served_to_the_committee_only(client, committee_client):
    from django.core.files.base import ContentFile

    need = reported_need()
    need.evidence_document.save("etude.pdf", ContentFile(b"%PDF-1.4 etude 2015"))
    url = reverse("admin:projects_need_document", args=[need.pk])

    response = committee_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert "no-store" in response["Cache-Control"]
    assert not need.evidence_document.url.startswith("/media/")

    treasurer = UserFactory(is_staff=True)
    treasurer.groups.add(Group.objects.get(name="Trésorerie"))
    client.force_login(treasurer)
    assert client.get(url).status_code == 403


def test_the_committee_is_told_that_lessons_learned_become_public(committee_client, scenery):
    gate_page = committee_client.get(reverse("admin:projects_gate_change", args=[scenery["gate"].pk]))
    archive_page = committee_client.get(
        reverse("admin:projects_project_move", args=[scenery["project"].pk, "archiver"])
    )

    assert "Publiés sur la page publique du projet" in gate_page.content.decode()
    assert "Publiés sur la page publique du projet" in archive_page.content.decode()


def test_the_committee_records_funding_in_euros_typed_the_french_way(committee_client, staff):
    project = project_in(Phase.OPPORTUNITY, staff=staff)

    response = committee_client.post(
        reverse("admin:projects_funding_add"),
        {
            "project": project.pk,
            "year": 2026,
            "source": "public_subsidy",
            "amount": "15 000,50",
            "funder": "Région",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Funding.objects.get().amount_cents == 1_500_050


def test_the_gate_page_means_leave_out_a_member_who_left_the_committee(client, staff, members_of_committee):
    ensure_groups()
    gate = scored_gate(project_in(Phase.DIAGNOSIS, staff=staff), members_of_committee, value=4)
    leaver = UserFactory(is_staff=True)
    leaver.groups.add(Group.objects.get(name=PROJECTS_COMMITTEE))
    for criterion in gate.criteria.all():
        services.score_record(criterion=criterion, acting_user=leaver, value=0)
    leaver.groups.clear()
    client.force_login(members_of_committee[0])

    page = client.get(reverse("admin:projects_gate_change", args=[gate.pk])).content.decode()

    assert "4,0/5" in page and "3,0/5" not in page
    assert "(insuffisant)" not in page

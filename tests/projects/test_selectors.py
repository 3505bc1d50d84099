"""The reads the pages share: role coverage, roles sought, projects for a member, impact summed, decisions."""

import datetime
from decimal import Decimal

import pytest

from projects import selectors, services
from projects.models import Phase, Unit
from tests.factories.members import CompanyFactory
from tests.factories.projects import critical_role, organisation, pledge, project_in, scored_gate
from tests.factories.reference import commune, epci, sector

pytestmark = pytest.mark.django_db


def test_a_role_is_covered_once_a_commitment_is_confirmed_and_shows_its_share_of_what_is_sought(staff):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    pallets = services.role_add(
        project=project,
        acting_user=staff,
        name="Palettes",
        quantity_sought=Decimal(40),
        unit=Unit.PALLET_PLACES,
    )
    shop = organisation(project, staff)
    services.commitment_confirm(commitment=pledge(shop, pallets, staff, "10"), acting_user=staff)
    pledge(shop, pallets, staff, "30")
    uncovered = critical_role(project, staff, "Lavage")

    rows = {row.role.name: row for row in selectors.role_coverage(project)}

    assert (rows["Palettes"].covered, rows["Palettes"].confirmed_quantity, rows["Palettes"].percent) == (
        True,
        Decimal(10),
        25,
    )
    assert (rows["Lavage"].covered, rows["Lavage"].percent) == (False, None)
    assert list(selectors.sought_roles(type(project).objects.filter(pk=project.pk))) == [uncovered]


def test_a_member_sees_the_published_projects_looking_for_its_trade_or_its_intercommunality(staff):
    dole_area = epci("CA du Grand Dole", "grand-dole")
    carrier = CompanyFactory(commune=commune("Dole", "dole", in_epci=dole_area))
    carrier.sectors.set([sector("Transport et logistique")])
    by_trade = project_in(Phase.OPPORTUNITY, staff=staff, title="Par le métier")
    services.role_add(
        project=by_trade, acting_user=staff, name="Fret", trades=[sector("Transport et logistique")]
    )
    by_place = project_in(Phase.OPPORTUNITY, staff=staff, title="Par le lieu")
    services.role_add(
        project=by_place,
        acting_user=staff,
        name="Local",
        commune=commune("Tavaux", "tavaux", in_epci=dole_area),
    )
    other_trade = project_in(Phase.OPPORTUNITY, staff=staff, title="Autre métier")
    services.role_add(
        project=other_trade, acting_user=staff, name="Scierie", trades=[sector("Scierie et bois")]
    )
    hidden = project_in(Phase.OPPORTUNITY, staff=staff, title="Non publié", published=False)
    services.role_add(
        project=hidden, acting_user=staff, name="Fret caché", trades=[sector("Transport et logistique")]
    )
    joined = project_in(Phase.OPPORTUNITY, staff=staff, title="Déjà partenaire")
    services.role_add(
        project=joined, acting_user=staff, name="Fret 2", trades=[sector("Transport et logistique")]
    )
    services.stakeholder_invite(project=joined, company=carrier, acting_user=staff)

    projects = list(selectors.projects_looking_for(carrier))

    assert [p.title for p in projects] == ["Par le lieu", "Par le métier"]
    assert [[r.name for r in p.roles_for_you] for p in projects] == [["Local"], ["Fret"]]


def test_impact_sums_each_indicators_latest_value_across_projects(staff, django_assert_max_num_queries):
    for bottles in (1000, 500):
        project = project_in(Phase.LAUNCHED, staff=staff)
        indicator = services.indicator_add(
            project=project, acting_user=staff, name="Bouteilles réemployées", unit="u"
        )
        services.indicator_value_record(
            indicator=indicator, acting_user=staff, period=datetime.date(2025, 1, 1), value=Decimal(10)
        )
        services.indicator_value_record(
            indicator=indicator, acting_user=staff, period=datetime.date(2026, 1, 1), value=Decimal(bottles)
        )

    with django_assert_max_num_queries(1):
        [total] = selectors.impact_totals()

    assert (total.name, total.total, total.projects) == ("Bouteilles réemployées", Decimal(1500), 2)


def test_public_decisions_never_carry_the_private_note(staff, members_of_committee):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    services.gate_decide(
        gate=scored_gate(project, members_of_committee),
        acting_user=members_of_committee[0],
        outcome="go",
        rationale="Motif interne.",
        private_note="Réserve sur le porteur.",
        public_summary="Le besoin est confirmé.",
    )

    [decision] = selectors.public_decisions(project)

    assert decision.public_summary == "Le besoin est confirmé."
    assert "private_note" in decision.get_deferred_fields()

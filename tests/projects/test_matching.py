"""Matching: listed member companies for a role or a need, by trade then place, with why; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.matching import matches_for_need, matches_for_role
from projects.models import Phase, Project
from tests.factories.directory import listed_company, unlist
from tests.factories.projects import project_in, reported_need
from tests.factories.reference import commune, epci, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def grand_dole():
    return epci("CA du Grand Dole", "grand-dole")


@pytest.fixture
def dole(grand_dole):
    return commune("Dole", "dole", in_epci=grand_dole)


@pytest.fixture
def logistics_role(staff, dole):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    return services.role_add(
        project=project,
        acting_user=staff,
        name="Logistique inverse",
        is_critical=True,
        trades=[sector("Transport et logistique")],
        commune=dole,
    )


def test_a_role_is_matched_by_trade_then_same_commune_then_same_intercommunality(
    staff, logistics_role, dole, grand_dole
):
    tavaux = commune("Tavaux", "tavaux", in_epci=grand_dole)
    poligny = commune("Poligny", "poligny", in_epci=epci())
    logistics = ("Transport et logistique",)
    at_dole = listed_company("Transports Dolois", trades=logistics, place=dole)
    at_tavaux = listed_company("Logistique de Tavaux", trades=logistics, place=tavaux)
    at_poligny = listed_company("Fret du Revermont", trades=logistics, place=poligny)
    listed_company("Menuiserie Doloise", trades=("Menuiserie",), place=dole)  # wrong trade
    unlist(listed_company("Transports Cachés", trades=logistics, place=dole))  # not in the directory
    already = listed_company("Palettes du Doubs", trades=logistics, place=dole)
    services.stakeholder_invite(project=logistics_role.project, company=already, acting_user=staff)

    matches = matches_for_role(logistics_role)

    assert [m.company for m in matches] == [at_dole, at_tavaux, at_poligny]
    assert [m.why for m in matches] == [
        "Métier : Transport et logistique · à Dole",
        "Métier : Transport et logistique · même intercommunalité (CA du Grand Dole)",
        "Métier : Transport et logistique · ailleurs dans le Jura",
    ]


def test_a_company_with_more_of_the_wanted_trades_ranks_first(staff, dole):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    role = services.role_add(
        project=project,
        acting_user=staff,
        name="Lavage",
        trades=[sector("Lavage industriel"), sector("Transport et logistique")],
        commune=dole,
    )
    one = listed_company("Laverie Doloise", trades=("Lavage industriel",), place=dole)
    both = listed_company(
        "Lavage et Fret", trades=("Lavage industriel", "Transport et logistique"), place=commune()
    )

    assert [m.company for m in matches_for_role(role)] == [both, one]


def test_a_need_without_trades_is_matched_within_its_intercommunality(staff, dole, grand_dole):
    inside = listed_company("Cave de Dole", trades=("Viticulture",), place=dole)
    listed_company("Cave de Poligny", trades=("Viticulture",), place=commune())
    need = reported_need(commune=dole)

    assert [m.company for m in matches_for_need(need)] == [inside]


def test_matching_keeps_the_same_number_of_queries_whatever_the_number_of_companies(
    staff, logistics_role, dole, django_assert_max_num_queries
):
    listed_company("Transports 0", trades=("Transport et logistique",), place=dole)
    role = type(logistics_role).objects.select_related("project", "commune__epci").get(pk=logistics_role.pk)
    with CaptureQueriesContext(connection) as few:
        assert len(matches_for_role(role)) == 1
    for n in range(1, 8):
        listed_company(f"Transports {n}", trades=("Transport et logistique",), place=dole)
    role = type(logistics_role).objects.select_related("project", "commune__epci").get(pk=logistics_role.pk)

    with django_assert_max_num_queries(len(few)):
        matches = matches_for_role(role)
        assert [m.company.commune.name for m in matches] == ["Dole"] * 8
    assert Project.objects.count() == 1

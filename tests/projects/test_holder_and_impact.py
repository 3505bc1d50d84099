"""The hand-over to a project holder, impact indicators, funding lines."""

import datetime
from decimal import Decimal

import pytest

from jura_portal import audit
from projects import services
from projects.errors import ProjectError
from projects.models import Funding, Phase
from tests.factories.projects import project_in

pytestmark = pytest.mark.django_db


def test_the_hand_over_to_a_person_is_a_recorded_moment(staff):
    project = project_in(Phase.FEASIBILITY, staff=staff)

    services.holder_hand_over(project=project, acting_user=staff, holder_name="Juliette Grandjean")

    project.refresh_from_db()
    assert project.holder_display == "Juliette Grandjean"
    assert project.handed_over_at is not None
    assert audit.history(project).get(action="project.handed_over").to_state == "Juliette Grandjean"


def test_a_project_is_handed_over_during_feasibility_only_and_once(staff):
    with pytest.raises(ProjectError, match="faisabilité"):
        services.holder_hand_over(
            project=project_in(Phase.DIAGNOSIS, staff=staff), acting_user=staff, holder_name="Juliette"
        )
    project = project_in(Phase.FEASIBILITY, staff=staff)
    services.holder_hand_over(project=project, acting_user=staff, holder_name="Juliette")
    with pytest.raises(ProjectError, match="déjà été transmis"):
        services.holder_hand_over(project=project, acting_user=staff, holder_name="Marc")


def test_an_indicator_value_recorded_twice_for_a_period_is_corrected_not_duplicated(staff):
    project = project_in(Phase.LAUNCHED, staff=staff)
    indicator = services.indicator_add(
        project=project,
        acting_user=staff,
        name="Bouteilles réemployées",
        unit="bouteilles",
        target=Decimal(1000000),
    )
    period = datetime.date(2026, 1, 1)

    services.indicator_value_record(
        indicator=indicator, acting_user=staff, period=period, value=Decimal(1000)
    )
    services.indicator_value_record(
        indicator=indicator, acting_user=staff, period=period, value=Decimal(1200)
    )

    assert list(indicator.values.values_list("value", flat=True)) == [Decimal(1200)]


def test_a_funding_line_needs_a_known_source_and_a_positive_amount(staff):
    project = project_in(Phase.INCUBATION, staff=staff)

    with pytest.raises(ProjectError, match="positif"):
        services.funding_record(
            project=project,
            acting_user=staff,
            year=2026,
            source=Funding.Source.PUBLIC_SUBSIDY,
            amount_cents=0,
        )
    funding = services.funding_record(
        project=project,
        acting_user=staff,
        year=2026,
        source=Funding.Source.SERVICES_SOLD,
        amount_cents=1_500_000,
    )
    assert funding.get_source_display() == "prestations vendues"

"""The commitment ledger: pledged -> confirmed -> delivered, each step once, with who and when."""

from decimal import Decimal

import pytest
from django.core import mail

from jura_portal import audit
from projects import services
from projects.errors import ProjectError
from projects.models import Commitment, Phase, Unit
from tests.factories.projects import critical_role, organisation, pledge, project_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledged(staff):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    return pledge(organisation(project, staff), critical_role(project, staff), staff)


def test_a_confirmed_commitment_records_who_confirmed_and_tells_the_stakeholder(
    staff, pledged, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.commitment_confirm(commitment=pledged, acting_user=staff)

    pledged.refresh_from_db()
    assert (pledged.status, pledged.confirmed_by) == (Commitment.Status.CONFIRMED, staff)
    assert pledged.confirmed_at is not None
    assert mail.outbox[0].to == ["mairie@dole.test"]
    assert "20 places de palettes" in mail.outbox[0].body


def test_a_commitment_confirmed_twice_is_refused(staff, pledged):
    services.commitment_confirm(commitment=pledged, acting_user=staff)

    with pytest.raises(ProjectError, match="déjà confirmé"):
        services.commitment_confirm(commitment=pledged, acting_user=staff)

    assert audit.history(pledged).filter(action="commitment.confirmed").count() == 1


def test_a_pledge_cannot_be_delivered_before_it_is_confirmed(staff, pledged):
    with pytest.raises(ProjectError, match="confirmé avant"):
        services.commitment_deliver(commitment=pledged, acting_user=staff)


def test_a_confirmed_commitment_is_delivered_once(staff, pledged):
    services.commitment_confirm(commitment=pledged, acting_user=staff)
    services.commitment_deliver(commitment=pledged, acting_user=staff)

    with pytest.raises(ProjectError, match="déjà réalisé"):
        services.commitment_deliver(commitment=pledged, acting_user=staff)
    pledged.refresh_from_db()
    assert pledged.status == Commitment.Status.DELIVERED


def test_a_money_pledge_counted_in_pallet_places_is_refused(staff, pledged):
    with pytest.raises(ProjectError, match="unité"):
        services.commitment_pledge(
            stakeholder=pledged.stakeholder,
            role=pledged.role,
            acting_user=staff,
            kind=Commitment.Kind.MONEY,
            unit=Unit.PALLET_PLACES,
            quantity=Decimal("5000"),
        )


def test_a_pledge_for_another_projects_role_is_refused(staff, pledged):
    other_role = critical_role(project_in(Phase.OPPORTUNITY, staff=staff), staff)

    with pytest.raises(ProjectError, match="autre projet"):
        pledge(pledged.stakeholder, other_role, staff)

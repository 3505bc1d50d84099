"""A member company that resigns or is excluded: its pledges not yet confirmed are withdrawn, confirmed ones
stay in the ledger, and a pledge of a company no longer active cannot be confirmed."""

from decimal import Decimal

import pytest

from jura_portal import audit
from members import lifecycle
from projects import selectors, services
from projects.errors import ProjectError
from projects.models import Commitment, Phase, Unit
from tests.factories.members import CompanyFactory, UserFactory, owner_of
from tests.factories.projects import critical_role, project_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(owner=UserFactory())


def pledge_of(company, project, role, quantity="20"):
    owner = owner_of(company)
    stakeholder = services.stakeholder_express_interest(
        project=project, company=company, acting_user=owner, role=role
    )
    return services.commitment_pledge(
        stakeholder=stakeholder,
        role=role,
        acting_user=owner,
        kind=Commitment.Kind.SPACE,
        unit=Unit.PALLET_PLACES,
        quantity=Decimal(quantity),
    )


def test_a_company_that_resigns_sees_its_pending_pledges_withdrawn_and_its_confirmed_ones_kept(
    staff, company
):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    pallets = critical_role(project, staff, "Places de palettes")
    washing = critical_role(project, staff, "Lavage")
    confirmed = services.commitment_confirm(
        commitment=pledge_of(company, project, pallets), acting_user=staff
    )
    pending = services.commitment_pledge(
        stakeholder=confirmed.stakeholder,
        role=washing,
        acting_user=owner_of(company),
        kind=Commitment.Kind.SPACE,
        unit=Unit.SQUARE_METRES,
        quantity=Decimal("12.5"),
    )

    lifecycle.company_resign(company=company, acting_user=owner_of(company), reason="Cessation d'activité.")

    pending.refresh_from_db()
    confirmed.refresh_from_db()
    assert (pending.status, confirmed.status) == (Commitment.Status.WITHDRAWN, Commitment.Status.CONFIRMED)
    assert audit.history(pending).filter(action="commitment.withdrawn").exists()
    coverage = {role.name: role for role in selectors.roles_with_coverage(project.roles.all())}
    assert coverage["Lavage"].pledged_quantity is None


def test_an_excluded_company_s_pledge_can_no_longer_be_confirmed(staff, company):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    commitment = pledge_of(company, project, critical_role(project, staff))

    lifecycle.company_exclude(company=company, acting_user=staff, reason="Manquement à la charte.")

    with pytest.raises(ProjectError, match="retiré"):
        services.commitment_confirm(commitment=commitment, acting_user=staff)


def test_a_suspended_company_keeps_its_pledge_but_it_cannot_be_confirmed_meanwhile(staff, company):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    commitment = pledge_of(company, project, critical_role(project, staff))

    lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle qualité en cours.")

    with pytest.raises(ProjectError, match="plus adhérente active"):
        services.commitment_confirm(commitment=commitment, acting_user=staff)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PLEDGED


def test_nobody_pledges_for_a_company_that_resigned_not_even_staff(staff, company):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    role = critical_role(project, staff)
    stakeholder = pledge_of(company, project, role).stakeholder

    lifecycle.company_resign(company=company, acting_user=owner_of(company), reason="Cessation d'activité.")

    with pytest.raises(ProjectError, match="plus adhérente active"):
        services.commitment_pledge(
            stakeholder=stakeholder,
            role=role,
            acting_user=staff,
            kind=Commitment.Kind.SPACE,
            unit=Unit.PALLET_PLACES,
            quantity=Decimal(5),
        )

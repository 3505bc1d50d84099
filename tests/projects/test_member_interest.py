"""A member company expresses interest in a published project and pledges, for itself only."""

from decimal import Decimal

import pytest
from django.core import mail

from projects import services
from projects.errors import ProjectError
from projects.models import Commitment, Phase, Stakeholder, Unit
from tests.factories.members import CompanyFactory, UserFactory, owner_of
from tests.factories.projects import critical_role, project_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(owner=UserFactory())


def test_an_invited_member_says_it_is_interested_then_pledges_pallet_space(
    staff, company, django_capture_on_commit_callbacks
):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    role = critical_role(project, staff, "Places de palettes")
    with django_capture_on_commit_callbacks(execute=True):
        services.stakeholder_invite(project=project, company=company, acting_user=staff, role=role)
    assert mail.outbox[-1].to == company.contact_emails()
    owner = owner_of(company)

    with django_capture_on_commit_callbacks(execute=True):
        stakeholder = services.stakeholder_express_interest(
            project=project, company=company, acting_user=owner, role=role, message="Nous avons 20 places."
        )
    commitment = services.commitment_pledge(
        stakeholder=stakeholder,
        role=role,
        acting_user=owner,
        kind=Commitment.Kind.SPACE,
        unit=Unit.PALLET_PLACES,
        quantity=Decimal(20),
    )

    stakeholder.refresh_from_db()
    assert stakeholder.status == Stakeholder.Status.ENGAGED
    assert (commitment.status, commitment.pledged_by) == (Commitment.Status.PLEDGED, owner)
    assert "Nous avons 20 places." in mail.outbox[-1].body


def test_someone_outside_the_company_cannot_commit_it(staff, company):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    stranger = UserFactory()

    with pytest.raises(ProjectError, match="représentants de l'entreprise"):
        services.stakeholder_express_interest(project=project, company=company, acting_user=stranger)


def test_a_member_cannot_pledge_for_another_stakeholder(staff, company):
    project = project_in(Phase.OPPORTUNITY, staff=staff)
    role = critical_role(project, staff)
    other = services.stakeholder_invite(project=project, company=CompanyFactory(), acting_user=staff)

    with pytest.raises(ProjectError, match="représentants de cette partie prenante"):
        services.commitment_pledge(
            stakeholder=other,
            role=role,
            acting_user=owner_of(company),
            kind=Commitment.Kind.SPACE,
            unit=Unit.PALLET_PLACES,
            quantity=Decimal(5),
        )


def test_an_unpublished_project_takes_no_expression_of_interest(staff, company):
    project = project_in(Phase.OPPORTUNITY, staff=staff, published=False)

    with pytest.raises(ProjectError, match="pas publié"):
        services.stakeholder_express_interest(project=project, company=company, acting_user=owner_of(company))

"""The cast and the scenery of the projects tests, built through the services where a service exists."""

import itertools
from decimal import Decimal

from django.contrib.auth.models import Group

from members.models import User
from projects import services
from projects.models import Commitment, Gate, Need, Phase, Project, Role, Stakeholder, Unit
from projects.rules import LOCAL_AUTHORITY_SEATS, PROJECTS_COMMITTEE
from tests.factories import UserFactory

_numbers = itertools.count(1)


def committee_member(*, local_authority: bool = False, **fields) -> User:
    """A staff member of the « Comité projets » (and of its local-authority seats when asked)."""
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get_or_create(name=PROJECTS_COMMITTEE)[0])
    if local_authority:
        user.groups.add(Group.objects.get_or_create(name=LOCAL_AUTHORITY_SEATS)[0])
    return user


def committee(size: int = 3) -> list[User]:
    """A committee of `size` members, the first holding a local-authority seat."""
    return [committee_member(local_authority=index == 0) for index in range(size)]


def reported_need(author: User | None = None, **fields) -> Need:
    return services.need_report(
        acting_user=author or UserFactory(),
        title=fields.pop("title", f"Besoin {next(_numbers)}"),
        description=fields.pop("description", "Les bouteilles partent à la refonte à 200 km."),
        **fields,
    )


def qualified_need(staff: User, author: User | None = None, **fields) -> Need:
    return services.need_qualify(
        need=reported_need(author, **fields),
        acting_user=staff,
        in_territory=True,
        collective_interest=True,
        not_already_covered=True,
    )


def project_in(phase: str = Phase.DIAGNOSIS, *, staff: User, published: bool = True, **fields) -> Project:
    """A project opened from a qualified need, moved straight to `phase` (as if past gates were passed)."""
    project = services.project_open_from_needs(
        needs=[qualified_need(staff)],
        acting_user=staff,
        title=fields.pop("title", f"Projet {next(_numbers)}"),
        summary="Une filière locale de réemploi.",
    )
    Project.objects.filter(pk=project.pk).update(phase=phase, is_published=published, **fields)
    project.refresh_from_db()
    return project


def scored_gate(project: Project, members: list[User], *, value: int = 4, opener: User | None = None) -> Gate:
    """The gate of the project's phase, opened, every criterion scored `value` by every member."""
    gate = services.gate_open(project=project, acting_user=opener or members[0])
    for criterion in gate.criteria.all():
        for member in members:
            services.score_record(criterion=criterion, acting_user=member, value=value)
    return gate


def critical_role(project: Project, staff: User, name: str = "Collecte des bouteilles") -> Role:
    return services.role_add(project=project, acting_user=staff, name=name, is_critical=True)


def organisation(project: Project, staff: User, name: str = "Commune de Dole") -> Stakeholder:
    return services.stakeholder_add(
        project=project,
        acting_user=staff,
        kind=Stakeholder.Kind.ORGANISATION,
        organisation_type=Stakeholder.OrganisationType.LOCAL_AUTHORITY,
        name=name,
        contact_email="mairie@dole.test",
    )


def pledge(stakeholder: Stakeholder, role: Role, by: User, quantity: str = "20") -> Commitment:
    return services.commitment_pledge(
        stakeholder=stakeholder,
        role=role,
        acting_user=by,
        kind=Commitment.Kind.SPACE,
        unit=Unit.PALLET_PLACES,
        quantity=Decimal(quantity),
    )

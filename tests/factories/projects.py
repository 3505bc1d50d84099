"""Collective projects: the committee, needs and projects built through the services, and the scenery
of the public pages and the member space (projects as staff leave them after their work: published,
in a phase, with roles, commitments, impact and decided gates), written straight to the database so
that each test says only what it is about."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from members.models import Company, User
from projects import services
from projects.models import (
    Commitment,
    ConflictDeclaration,
    Gate,
    GateCriterion,
    Indicator,
    IndicatorValue,
    Need,
    Phase,
    Project,
    Role,
    Score,
    Stakeholder,
    Unit,
)
from projects.rules import LOCAL_AUTHORITY_SEATS, PROJECTS_COMMITTEE
from reference.models import Commune, Epci, Sector
from tests.factories.members import UserFactory
from tests.factories.reference import commune, epci

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


# --- Scenery of the public pages and the member space ---------------------------------------------

# What must never reach a member or the public (a committee's score comment, private note, rationale,
# conflict): each test plants these and checks that no page shows them.
SECRET_NOTE = "NOTE-PRIVEE-DU-COMITE"
SECRET_RATIONALE = "MOTIVATION-INTERNE"
SECRET_SCORE_COMMENT = "COMMENTAIRE-DE-NOTE"
SECRET_CONFLICT = "CONFLIT-D-INTERET-DECLARE"
SECRET_COMMITMENT_NOTE = "DETAIL-D-ENGAGEMENT"
SECRETS = (SECRET_NOTE, SECRET_RATIONALE, SECRET_SCORE_COMMENT, SECRET_CONFLICT, SECRET_COMMITMENT_NOTE)


def dole() -> Commune:
    return commune("Dole", "dole", in_epci=epci("Communauté d'agglomération du Grand Dole", "grand-dole"))


def poligny() -> Commune:
    return commune("Poligny", "poligny", in_epci=epci())


def project(
    title: str = "", *, phase: str = Phase.OPPORTUNITY, place: Commune | None = None, **fields
) -> Project:
    n = next(_numbers)
    place = place if place is not None else dole()
    defaults = {
        "title": title or f"Projet collectif {n}",
        "slug": f"projet-collectif-{n}",
        "summary": "Une filière locale de réemploi des bouteilles de vin du Jura.",
        "phase": phase,
        "is_published": True,
        "commune": place,
        "epci": place.epci,
    }
    return Project.objects.create(**{**defaults, **fields})


def role(
    project: Project,
    name: str = "Logistique",
    *,
    quantity: str | None = None,
    unit: str = "",
    place: Commune | None = None,
    trades: tuple[Sector, ...] = (),
    critical: bool = False,
) -> Role:
    made = Role.objects.create(
        project=project,
        name=name,
        quantity_sought=Decimal(quantity) if quantity else None,
        unit=unit,
        commune=place,
        is_critical=critical,
        position=next(_numbers),
    )
    made.trades.set(trades)
    return made


def stake(project: Project, company: Company) -> Stakeholder:
    return Stakeholder.objects.get_or_create(
        project=project,
        company=company,
        defaults={"kind": Stakeholder.Kind.MEMBER, "name": company.display_name},
    )[0]


def commitment(
    role: Role,
    company: Company,
    quantity: str = "20",
    *,
    status: str = Commitment.Status.CONFIRMED,
    unit: str = Unit.PALLET_PLACES,
) -> Commitment:
    now = timezone.now()
    return Commitment.objects.create(
        stakeholder=stake(role.project, company),
        role=role,
        kind=Commitment.Kind.SPACE,
        unit=unit,
        quantity=Decimal(quantity),
        note=SECRET_COMMITMENT_NOTE,
        status=status,
        confirmed_at=None if status == Commitment.Status.PLEDGED else now,
    )


def indicator(
    project: Project,
    name: str = "Bouteilles réemployées",
    unit: str = "bouteilles",
    *,
    values=(),
    target=None,
) -> Indicator:
    made = Indicator.objects.create(
        project=project,
        name=name,
        unit=unit,
        target=Decimal(target) if target else None,
        position=next(_numbers),
    )
    for period, value in values:
        IndicatorValue.objects.create(indicator=made, period=period, value=Decimal(value))
    return made


def decided_gate(
    project: Project, *, outcome: str = Gate.Outcome.GO, phase: str = Phase.DIAGNOSIS, summary: str = ""
) -> Gate:
    """A decided gate carrying every kind of committee secret: note, rationale, a scored criterion, a conflict."""
    member = UserFactory(is_staff=True)
    gate = Gate.objects.create(
        project=project,
        phase=phase,
        status=Gate.Status.DECIDED,
        outcome=outcome,
        rationale=SECRET_RATIONALE,
        private_note=SECRET_NOTE,
        public_summary=summary,
        decided_at=timezone.now() - timedelta(days=3),
    )
    criterion = GateCriterion.objects.create(
        gate=gate, kind=GateCriterion.Kind.MUST, label="La chaîne de valeur est plausible"
    )
    Score.objects.create(criterion=criterion, member=member, value=4, comment=SECRET_SCORE_COMMENT)
    ConflictDeclaration.objects.create(
        gate=gate, member=UserFactory(is_staff=True), description=SECRET_CONFLICT
    )
    return gate


def public_need(
    title: str = "Des bouteilles jetées", *, author=None, place: Commune | None = None, **fields
) -> Need:
    place = place if place is not None else dole()
    fields.setdefault("is_public", True)
    return Need.objects.create(
        author=author
        or UserFactory(
            first_name="Gaspard", last_name="Secretin", email=f"secretin{next(_numbers)}@exemple.fr"
        ),
        title=title,
        description="Dix millions de bouteilles par an partent à la refonte à 200 km.",
        commune=place,
        epci=place.epci,
        status=Need.Status.QUALIFIED,
        in_territory=True,
        collective_interest=True,
        not_already_covered=True,
        **fields,
    )


def month(n: int) -> date:
    return date(2026, n, 1)


def epci_of(place: Commune) -> Epci:
    return place.epci

"""Collective projects at the target's size: 500 territory needs, 100 projects with their roles, member
stakeholders, 2,000 commitments, impact indicators over a year and their decided gates; and the public
pages /projets/, a territory view and the busiest project's page."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from bench.pages import Page, named
from bench.seed import BATCH_SIZE, batched, scaled
from members.models import Company, User
from projects.models import (
    PHASE_SEQUENCE,
    Commitment,
    Gate,
    Indicator,
    IndicatorValue,
    Need,
    Project,
    Role,
    Stakeholder,
    Unit,
)
from reference.models import Commune, Sector

ROLES = [
    ("Collecte", Unit.OTHER, None),
    ("Stockage", Unit.PALLET_PLACES, 20),
    ("Logistique retour", Unit.DAYS, 60),
    ("Lavage", Unit.UNITS_PER_YEAR, 500_000),
    ("Financement d'amorçage", Unit.EUROS, 40_000),
    ("Acheteurs", Unit.UNITS_PER_YEAR, 200_000),
    ("R&D étiquettes", Unit.DAYS, 30),
]
KIND_OF_UNIT = {
    Unit.EUROS: Commitment.Kind.MONEY,
    Unit.PALLET_PLACES: Commitment.Kind.SPACE,
    Unit.DAYS: Commitment.Kind.TIME,
    Unit.UNITS_PER_YEAR: Commitment.Kind.PURCHASE,
    Unit.OTHER: Commitment.Kind.OTHER,
}
INDICATORS = [("Bouteilles réemployées", "bouteilles"), ("Emplois créés", "emplois"), ("CO2 évité", "t")]
BUSY_SLUG = "bench-projet-le-plus-suivi"


def seed_projects(scale: float) -> int | None:
    """Needs, projects, roles, stakeholders, commitments, impact and gates, in bulk."""
    communes = list(Commune.objects.order_by("pk").values_list("pk", "epci_id"))
    companies = list(
        Company.objects.filter(status=Company.Status.ACTIVE).order_by("pk").values_list("pk", "legal_name")
    )
    authors = list(User.objects.order_by("pk").values_list("pk", flat=True)[:5_000])
    sectors = list(Sector.objects.order_by("pk").values_list("pk", flat=True))
    if not communes or not companies or not authors:
        return None  # the reference data, the directory's companies and the users come first
    rng = random.Random(20_014)
    now = timezone.now()

    projects = []
    for number in range(scaled(100, scale)):
        commune_id, epci_id = rng.choice(communes)
        phase = PHASE_SEQUENCE[number % len(PHASE_SEQUENCE)]
        projects.append(
            Project(
                title="Réemploi des bouteilles du Jura" if number == 0 else f"Projet collectif n° {number}",
                slug=BUSY_SLUG if number == 0 else f"bench-projet-{number:04d}",
                summary="Une filière locale née d'un besoin du territoire : " * 4,
                phase=PHASE_SEQUENCE[2] if number == 0 else phase,
                phase_started_at=now - timedelta(days=rng.randrange(10, 400)),
                status=Project.Status.KILLED if number % 17 == 5 else Project.Status.IN_PROGRESS,
                is_published=number % 5 != 4,
                commune_id=commune_id,
                epci_id=epci_id,
            )
        )
    Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)

    roles = []
    for project in projects:
        for position, (name, unit, quantity) in enumerate(ROLES[: 7 if project.slug == BUSY_SLUG else 4]):
            roles.append(
                Role(
                    project=project,
                    name=name,
                    is_critical=position < 2,
                    unit=unit,
                    quantity_sought=Decimal(quantity) if quantity else None,
                    commune_id=project.commune_id if position == 1 else None,
                    position=position,
                )
            )
    Role.objects.bulk_create(roles, batch_size=BATCH_SIZE)
    Role.trades.through.objects.bulk_create(
        [Role.trades.through(role_id=r.pk, sector_id=rng.choice(sectors)) for r in roles] if sectors else [],
        batch_size=BATCH_SIZE,
    )

    stakeholders, by_project = [], {}
    for project in projects:
        for company_id, name in rng.sample(companies, min(len(companies), 12)):
            stakeholder = Stakeholder(
                project=project, kind=Stakeholder.Kind.MEMBER, company_id=company_id, name=name[:200]
            )
            stakeholders.append(stakeholder)
            by_project.setdefault(project.pk, []).append(stakeholder)
    Stakeholder.objects.bulk_create(stakeholders, batch_size=BATCH_SIZE)

    roles_of = {}
    for role in roles:
        roles_of.setdefault(role.project_id, []).append(role)
    commitments = []
    for number in range(scaled(2_000, scale)):
        project = projects[0] if number % 10 == 0 else rng.choice(projects)
        role = rng.choice(roles_of[project.pk])
        status = (Commitment.Status.PLEDGED, Commitment.Status.CONFIRMED, Commitment.Status.DELIVERED)[
            number % 3
        ]
        commitments.append(
            Commitment(
                stakeholder=rng.choice(by_project[project.pk]),
                role=role,
                kind=KIND_OF_UNIT[role.unit],
                unit=role.unit,
                quantity=Decimal(rng.randint(1, 50))
                * (1000 if role.unit in (Unit.EUROS, Unit.UNITS_PER_YEAR) else 1),
                note="Engagement de la partie prenante.",
                status=status,
                confirmed_at=None if status == Commitment.Status.PLEDGED else now,
                delivered_at=now if status == Commitment.Status.DELIVERED else None,
            )
        )
    for batch in batched(commitments):
        Commitment.objects.bulk_create(batch)

    indicators = [
        Indicator(project=p, name=name, unit=unit, target=Decimal(1000 * (i + 1)), position=i)
        for p in projects
        for i, (name, unit) in enumerate(INDICATORS)
    ]
    Indicator.objects.bulk_create(indicators, batch_size=BATCH_SIZE)
    first = date(now.year - 1, 1, 1)
    values = [
        IndicatorValue(
            indicator=indicator,
            period=date(first.year + m // 12, m % 12 + 1, 1),
            value=Decimal(rng.randint(0, 900)),
        )
        for indicator in indicators
        for m in range(12)
    ]
    for batch in batched(values):
        IndicatorValue.objects.bulk_create(batch)

    gates = []
    for project in projects:
        for phase in PHASE_SEQUENCE[: PHASE_SEQUENCE.index(project.phase)]:
            gates.append(
                Gate(
                    project=project,
                    phase=phase,
                    status=Gate.Status.DECIDED,
                    outcome=Gate.Outcome.GO,
                    rationale="Les critères impératifs sont tenus.",
                    private_note="Note interne du comité.",
                    public_summary="Le comité a validé le passage à l'étape suivante.",
                    decided_at=now - timedelta(days=rng.randrange(1, 700)),
                )
            )
    Gate.objects.bulk_create(gates, batch_size=BATCH_SIZE)

    needs = []
    for number in range(scaled(500, scale)):
        commune_id, epci_id = rng.choice(communes)
        kind = number % 5
        qualified = kind in (1, 2, 3)
        needs.append(
            Need(
                author_id=rng.choice(authors),
                title=f"Besoin du territoire n° {number}",
                description="Ce qui manque sur le territoire, depuis quand, ce qui se fait aujourd'hui. " * 3,
                commune_id=commune_id,
                epci_id=epci_id,
                affected="Habitants et entreprises",
                status=Need.Status.QUALIFIED
                if qualified
                else Need.Status.CLOSED
                if kind == 4
                else Need.Status.REPORTED,
                in_territory=qualified,
                collective_interest=qualified,
                not_already_covered=qualified,
                closing_reason="Déjà couvert par un acteur existant." if kind == 4 else "",
                is_public=qualified and number % 2 == 0,
                project=projects[number % len(projects)] if kind == 3 else None,
            )
        )
    Need.objects.bulk_create(needs, batch_size=BATCH_SIZE)
    return (
        len(projects)
        + len(roles)
        + len(stakeholders)
        + len(commitments)
        + len(indicators)
        + len(values)
        + len(gates)
        + len(needs)
    )


def _busiest_territory() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.slug FROM members_epci e JOIN projects_project p ON p.epci_id = e.id"
            " WHERE p.is_published GROUP BY e.slug ORDER BY count(*) DESC, e.slug LIMIT 1"
        )
        row = cursor.fetchone()
    return named("projects:territory", row[0])() if row else named("projects:list")()


SEEDERS = [seed_projects]
PAGES = [
    Page("projects", named("projects:list")),
    Page("projects page 2", named("projects:list", query="page=2")),
    Page("projects territory", _busiest_territory),
    Page("project detail", named("projects:detail", BUSY_SLUG)),
]

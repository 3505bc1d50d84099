"""Reads the public pages, the member space and the admin share; each in a fixed number of queries.

(Matching companies to a role or a need is in projects.matching.)
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from members.models import Company
from projects.models import Commitment, Gate, Indicator, IndicatorValue, PhaseName, Project, Role

COUNTED = Commitment.COUNTED_STATUSES


def roles_with_coverage(queryset: QuerySet[Role] | None = None) -> QuerySet[Role]:
    """Roles annotated with `confirmed_count`, `confirmed_quantity` (confirmed or delivered) and
    `pledged_quantity`: a role is covered when confirmed_count > 0 (the rule of the opportunity gate)."""
    queryset = Role.objects.all() if queryset is None else queryset
    return queryset.select_related("commune").annotate(
        confirmed_count=Count("commitments", filter=Q(commitments__status__in=COUNTED)),
        confirmed_quantity=Sum("commitments__quantity", filter=Q(commitments__status__in=COUNTED)),
        pledged_quantity=Sum(
            "commitments__quantity", filter=Q(commitments__status=Commitment.Status.PLEDGED)
        ),
    )


@dataclass(frozen=True)
class Coverage:
    role: Role
    covered: bool
    confirmed_quantity: Decimal
    percent: int | None  # of quantity_sought, when the role has one


def role_coverage(project: Project) -> list[Coverage]:
    """Each role of the project with its coverage (one query)."""
    rows = []
    for role in roles_with_coverage(project.roles.all()):
        confirmed = role.confirmed_quantity or Decimal(0)
        percent = None
        if role.quantity_sought:
            percent = min(100, round(100 * confirmed / role.quantity_sought))
        rows.append(
            Coverage(
                role=role, covered=role.confirmed_count > 0, confirmed_quantity=confirmed, percent=percent
            )
        )
    return rows


def sought_roles(projects: QuerySet[Project]) -> QuerySet[Role]:
    """The roles still looked for (no confirmed commitment) of `projects`, with their place: « on cherche »."""
    confirmed = Commitment.objects.filter(role=OuterRef("pk"), status__in=COUNTED)
    return (
        Role.objects.filter(project__in=projects)
        .exclude(Exists(confirmed))
        .select_related("commune", "project")
        .order_by("project__title", "position", "pk")
    )


def projects_looking_for(company: Company) -> QuerySet[Project]:
    """Published projects in progress with a role still looked for that fits the company: one of its
    trades, or (a role without trades) a place in its intercommunality. For the member space."""
    confirmed = Commitment.objects.filter(role=OuterRef("pk"), status__in=COUNTED)
    sector_ids = company.sectors.values("pk")
    fitting = Role.objects.filter(project=OuterRef("pk")).exclude(Exists(confirmed))
    by_place = Q(trades=None)
    if company.commune_id:
        by_place &= Q(commune__epci_id=company.commune.epci_id)
    else:
        by_place &= Q(pk__in=[])
    fitting = fitting.filter(Q(trades__in=sector_ids) | by_place)
    open_roles = (
        Role.objects.exclude(Exists(confirmed))
        .filter(Q(trades__in=sector_ids) | by_place)
        .select_related("commune")
        .distinct()
    )
    return (
        Project.objects.published()
        .filter(status=Project.Status.IN_PROGRESS)
        .filter(Exists(fitting))
        .exclude(stakeholders__company=company)
        .prefetch_related(Prefetch("roles", queryset=open_roles, to_attr="roles_for_you"))
        .order_by("title")
    )


def phase_labels() -> dict[str, str]:
    """Staff's names of the phases (one query)."""
    return PhaseName.objects.labels()


def public_decisions(project: Project) -> QuerySet[Gate]:
    """The decided gates of a project with a public summary: never the private note nor the scores."""
    return (
        project.gates.filter(status=Gate.Status.DECIDED)
        .exclude(public_summary="")
        .only("pk", "project_id", "phase", "outcome", "decided_at", "public_summary")
        .order_by("decided_at")
    )


@dataclass(frozen=True)
class ImpactTotal:
    name: str
    unit: str
    total: Decimal
    projects: int


def impact_totals(projects: QuerySet[Project] | None = None) -> list[ImpactTotal]:
    """Indicators summed across projects by (name, unit): each indicator's latest value (one query)."""
    projects = Project.objects.published() if projects is None else projects
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period").values("value")[:1]
    rows = (
        Indicator.objects.filter(project__in=projects)
        .annotate(latest=Subquery(latest))
        .exclude(latest=None)
        .values_list("name", "unit", "latest", "project_id")
    )
    totals: dict[tuple[str, str], tuple[Decimal, set]] = {}
    for name, unit, value, project_id in rows:
        total, seen = totals.get((name, unit), (Decimal(0), set()))
        totals[(name, unit)] = (total + value, seen | {project_id})
    return [
        ImpactTotal(name=name, unit=unit, total=total, projects=len(seen))
        for (name, unit), (total, seen) in sorted(totals.items())
    ]


def indicator_series(project: Project) -> QuerySet[Indicator]:
    """The project's indicators, each with its values in period order (`series`), in two queries: a chart each."""
    return project.indicators.prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("period"), to_attr="series")
    )

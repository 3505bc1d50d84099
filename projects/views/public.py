"""/projets/: what staff chose to publish. Public needs without their author, projects with their phase
and the roles they still look for, the public summaries of decisions, the impact so far, a territory
view by intercommunality, and each project's page.

Only public columns are read (`.only(...)`): a committee score, a private note, a conflict declaration
or a commitment's detail never reaches a template here, whoever asks.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, DecimalField, Exists, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from jura_portal import pagecache
from members.models import Epci
from projects.forms import FollowForm
from projects.models import (
    PHASE_SEQUENCE,
    Commitment,
    Gate,
    Indicator,
    IndicatorValue,
    Need,
    PhaseName,
    Project,
    Role,
)
from projects.views.charts import figure, indicator_chart

PAGE_SIZE = 20
LATEST_DECISIONS = 6
LATEST_NEEDS = 12

# What the public may read of a decision: never its rationale, private note, scores or conflicts.
PUBLIC_GATE_FIELDS = ("pk", "project_id", "phase", "outcome", "recycle_to", "public_summary", "decided_at")


def roles_with_coverage():
    """Roles with what confirmed (or delivered) commitments cover, in the role's own unit: a sum,
    never who committed what."""
    counted = Commitment.objects.filter(role=OuterRef("pk"), status__in=Commitment.COUNTED_STATUSES)
    covered = (
        counted.filter(unit=OuterRef("unit"))
        .order_by()
        .values("role")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))
    return (
        Role.objects.select_related("commune")
        .only(
            "pk", "project_id", "name", "is_critical", "quantity_sought", "unit", "position", "commune__name"
        )
        .annotate(has_commitment=Exists(counted), covered_quantity=Coalesce(Subquery(covered), zero))
    )


@dataclass(frozen=True)
class Coverage:
    role: Role
    covered: bool
    percent: int  # 0-100, for the progress bar
    covered_display: str

    @classmethod
    def of(cls, role: Role) -> "Coverage":
        if role.quantity_sought:
            ratio = role.covered_quantity / role.quantity_sought
            return cls(
                role=role,
                covered=ratio >= 1,
                percent=min(100, int(ratio * 100)),
                covered_display=f"{figure(role.covered_quantity)} / {figure(role.quantity_sought)}"
                f" {role.get_unit_display() if role.unit else ''}".rstrip(),
            )
        return cls(
            role=role,
            covered=role.has_commitment,
            percent=100 if role.has_commitment else 0,
            covered_display="",
        )


def coverage(roles) -> list[Coverage]:
    return [Coverage.of(role) for role in roles]


def impact_totals(projects=None) -> list[dict]:
    """Each indicator's actual values summed across the published projects (by name and unit)."""
    values = IndicatorValue.objects.filter(indicator__project__is_published=True)
    if projects is not None:
        values = values.filter(indicator__project__in=projects)
    rows = (
        values.order_by()
        .values("indicator__name", "indicator__unit")
        .annotate(total=Sum("value"), projects=Count("indicator__project", distinct=True))
        .order_by("-projects", "indicator__name")
    )
    return [
        {
            "name": r["indicator__name"],
            "unit": r["indicator__unit"],
            "total": figure(r["total"]),
            "projects": r["projects"],
        }
        for r in rows
    ]


def _overview(request, *, epci: Epci | None):
    projects = (
        Project.objects.published()
        .in_progress()
        .select_related("commune", "epci")
        .only(
            "pk", "title", "slug", "summary", "phase", "status", "commune__name", "epci__name", "epci__slug"
        )
        .prefetch_related(Prefetch("roles", queryset=roles_with_coverage()))
        .order_by("title", "pk")
    )
    decisions = (
        Gate.objects.filter(project__is_published=True, status=Gate.Status.DECIDED)
        .select_related("project")
        .only(*PUBLIC_GATE_FIELDS, "project__title", "project__slug")
        .order_by("-decided_at", "-pk")
    )
    needs = (
        Need.objects.public()
        .select_related("commune", "epci")
        .only("pk", "title", "description", "reported_at", "commune__name", "epci__name")
    )
    published = Project.objects.published()
    if epci is not None:
        projects = projects.filter(epci=epci)
        decisions = decisions.filter(project__epci=epci)
        needs = needs.filter(epci=epci)
        published = published.filter(epci=epci)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    phases = PhaseName.objects.labels()
    territories = (
        Epci.objects.annotate(
            project_count=Count(
                "collective_projects", filter=Q(collective_projects__is_published=True), distinct=True
            )
        )
        .filter(project_count__gt=0)
        .only("pk", "name", "slug")
        .order_by("name")
    )
    return render(
        request,
        "projects/list.html",
        {
            "epci": epci,
            "page": page,
            "cards": [
                (project, phases[project.phase], [c for c in coverage(project.roles.all()) if not c.covered])
                for project in page.object_list
            ],
            "decisions": decisions[:LATEST_DECISIONS],
            "needs": needs[:LATEST_NEEDS],
            "impact": impact_totals(published if epci is not None else None),
            "territories": territories,
        },
    )


@pagecache.public_page(params=("page",))
def project_list(request):
    return _overview(request, epci=None)


@pagecache.public_page(params=("page",))
def territory(request, epci: str):
    return _overview(request, epci=get_object_or_404(Epci.objects.only("pk", "name", "slug"), slug=epci))


def visible_project(request, slug: str) -> Project:
    """A published project, or any project for staff who may view projects (a preview)."""
    project = get_object_or_404(
        Project.objects.select_related("commune", "epci", "holder_company").only(
            "pk",
            "title",
            "slug",
            "summary",
            "phase",
            "phase_started_at",
            "status",
            "is_published",
            "lessons_learned",
            "holder_name",
            "handed_over_at",
            "commune__name",
            "epci__name",
            "epci__slug",
            "holder_company__legal_name",
            "holder_company__trade_name",
        ),
        slug=slug,
    )
    if not project.is_published and not request.user.has_perm("projects.view_project"):
        raise Http404
    return project


def timeline(project: Project, labels: dict[str, str], decisions: list[Gate]) -> list[dict]:
    """Each phase of the fixed sequence: passed, current or to come, with the Go that closed it."""
    current = PHASE_SEQUENCE.index(project.phase)
    passed = {gate.phase: gate for gate in decisions if gate.outcome == Gate.Outcome.GO}
    return [
        {
            "label": labels[phase],
            "state": "done" if i < current else "current" if i == current else "next",
            "closed_on": passed[phase].decided_at if i < current and phase in passed else None,
        }
        for i, phase in enumerate(PHASE_SEQUENCE)
    ]


@pagecache.public_page
def project_detail(request, slug: str):
    project = visible_project(request, slug)
    labels = PhaseName.objects.labels()
    decisions = list(
        project.gates.filter(status=Gate.Status.DECIDED)
        .only(*PUBLIC_GATE_FIELDS)
        .order_by("decided_at", "pk")
    )
    roles = coverage(roles_with_coverage().filter(project=project))
    indicators = Indicator.objects.filter(project=project).prefetch_related("values")
    following = None
    if request.user.is_authenticated:
        following = project.followers.filter(email__iexact=request.user.email).exists()
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "phase_label": labels[project.phase],
            "timeline": timeline(project, labels, decisions),
            "roles": roles,
            "open_roles": [c for c in roles if not c.covered],
            "decisions": [(gate, labels[gate.phase]) for gate in reversed(decisions)],
            "charts": [indicator_chart(indicator) for indicator in indicators],
            "follow_form": FollowForm(),
            "following": following,
        },
    )

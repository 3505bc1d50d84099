"""/projets/: what staff chose to publish. Public needs without their author, projects in progress with their
phase and the roles they still look for, the public summaries of decisions, the impact so far, a territory
view by intercommunality, and each project's page.

The reads are projects.selectors' (the same rules as the admin and the member space); only public columns
are read: a committee score, a private note, a conflict declaration or a commitment's detail never reaches
a template here, whoever asks.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from jura_portal import pagecache
from projects import selectors
from projects.forms import FollowForm
from projects.models import PHASE_SEQUENCE, Gate, Need, Project
from projects.views.charts import indicator_chart
from reference.models import Epci

PAGE_SIZE = 20
LATEST_DECISIONS = 6
LATEST_NEEDS = 12
ARCHIVE_SHOWN = 12

# What the public may read of a decision: never its rationale, private note, scores or conflicts.
PUBLIC_GATE_FIELDS = ("pk", "project_id", "phase", "outcome", "public_summary", "decided_at")


def _overview(request, *, epci: Epci | None):
    projects = (
        Project.objects.published()
        .in_progress()
        .select_related("commune", "epci")
        .only(
            "pk", "title", "slug", "summary", "phase", "status", "commune__name", "epci__name", "epci__slug"
        )
        .order_by("title", "pk")
    )
    decisions = (
        Gate.objects.filter(project__is_published=True, status=Gate.Status.DECIDED)
        .exclude(public_summary="")
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
    # Killed or archived projects leave « en cours » but stay readable, with what they taught.
    archive = (
        Project.objects.published()
        .filter(status__in=[Project.Status.KILLED, Project.Status.ARCHIVED])
        .only("pk", "title", "slug", "status")
        .order_by("title", "pk")
    )
    if epci is not None:
        archive = archive.filter(epci=epci)
        projects = projects.filter(epci=epci)
        decisions = decisions.filter(project__epci=epci)
        needs = needs.filter(epci=epci)
        published = published.filter(epci=epci)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    sought: dict[int, list] = {}
    for role in selectors.sought_roles(shown):
        sought.setdefault(role.project_id, []).append(role)
    phases = selectors.phase_labels()
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
            "cards": [(project, phases[project.phase], sought.get(project.pk, [])) for project in shown],
            "decisions": decisions[:LATEST_DECISIONS],
            "needs": needs[:LATEST_NEEDS],
            "archive": archive[:ARCHIVE_SHOWN],
            "impact": selectors.impact_totals(published),
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
    labels = selectors.phase_labels()
    decisions = list(selectors.public_decisions(project))
    roles = selectors.role_coverage(project)
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
            "charts": [indicator_chart(indicator) for indicator in selectors.indicator_series(project)],
            "follow_form": FollowForm(),
            "following": following,
        },
    )

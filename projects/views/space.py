"""/espace/projets/: the projects that look for partners like the member's company; express interest,
pledge money, space, time or purchases. Everything is reached through `request.company`: a company
sees its own commitments only, and another company's are a 404."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import active_member_required, is_active_member
from members.models import Company
from projects import selectors, services
from projects.errors import ProjectError
from projects.forms import PledgeForm
from projects.models import Commitment, Project, Role, Stakeholder

CARD_PROJECTS = 3


def partner_projects_for(
    company: Company, *, limit: int | None = None, why: bool = True
) -> list[tuple[Project, list[dict]]]:
    """projects.selectors.projects_looking_for, each role still sought with the company's trades it wants
    (none: it is sought in the company's intercommunality). `why=False` spares two queries (the card)."""
    projects = selectors.projects_looking_for(company)
    if why:
        projects = projects.prefetch_related("roles_for_you__trades")
    if limit is not None:
        projects = projects[:limit]
    mine = {sector.pk for sector in company.sectors.all()} if why else set()
    return [
        (
            project,
            [
                {"role": role, "trades": [t.name for t in role.trades.all() if t.pk in mine] if why else []}
                for role in project.roles_for_you
            ],
        )
        for project in projects
    ]


def space_card(request, company: Company) -> str:
    """The /espace/ card: a few projects looking for partners like this company (one query)."""
    if not is_active_member(company):
        return ""
    projects = partner_projects_for(company, limit=CARD_PROJECTS + 1, why=False)
    return render_to_string(
        "projects/space_card.html",
        {"projects": projects[:CARD_PROJECTS], "more": len(projects) > CARD_PROJECTS},
        request=request,
    )


@active_member_required
def partner_projects(request):
    company = request.company
    commitments = (
        Commitment.objects.filter(stakeholder__company=company)
        .select_related("role", "stakeholder__project")
        .order_by("-pledged_at", "-pk")
    )
    return render(
        request,
        "projects/space.html",
        {
            "company": company,
            "projects": partner_projects_for(company),
            "commitments": commitments,
        },
    )


def _partner_project(slug: str) -> Project:
    return get_object_or_404(Project.objects.published().in_progress(), slug=slug)


@require_POST
@active_member_required
def express_interest(request, slug: str):
    company = request.company
    project = _partner_project(slug)
    role = None
    if request.POST.get("role"):
        role = get_object_or_404(
            Role, pk=request.POST["role"] if request.POST["role"].isdigit() else 0, project=project
        )
    try:
        services.stakeholder_express_interest(
            project=project,
            company=company,
            acting_user=request.user,
            role=role,
            message=request.POST.get("message", "")[:2000],
        )
    except ProjectError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Merci : l'équipe projets sait que votre entreprise est intéressée. Elle vous recontactera."),
        )
    return redirect("projects:space")


def _pledge(project: Project, company: Company, user, data: dict) -> Commitment:
    """A company not yet in the project first says it is interested (it becomes a stakeholder)."""
    stakeholder = Stakeholder.objects.filter(project=project, company=company).first()
    if stakeholder is None or stakeholder.status == Stakeholder.Status.INVITED:
        stakeholder = services.stakeholder_express_interest(
            project=project, company=company, acting_user=user, role=data["role"]
        )
    return services.commitment_pledge(
        stakeholder=stakeholder,
        role=data["role"],
        acting_user=user,
        kind=data["kind"],
        unit=data["unit"],
        quantity=data["quantity"],
        note=data["note"],
    )


@active_member_required
def pledge(request, slug: str):
    company = request.company
    project = _partner_project(slug)
    roles = Role.objects.filter(project=project).order_by("position", "pk")
    form = PledgeForm(request.POST or None, roles=roles, initial={"role": request.GET.get("role")})
    mine = Commitment.objects.filter(
        stakeholder__company=company, stakeholder__project=project
    ).select_related("role")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the interest and the pledge together, or neither
                _pledge(project, company, request.user, data)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Votre engagement est enregistré comme promis ; l'équipe projets le confirmera avec vous."),
            )
            return redirect("projects:space")
    return render(
        request,
        "projects/pledge.html",
        {"project": project, "form": form, "mine": mine},
        status=400 if form.errors else 200,
    )

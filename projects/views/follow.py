"""Following a project's news by email: opt-in (an account's own address, or an address confirmed by
an emailed link), and a signed unsubscribe link in every news email."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jura_portal import ratelimit
from projects import services, services_member, tokens
from projects.errors import ProjectError
from projects.forms import FollowForm
from projects.models import Project

FOLLOW_RATE = getattr(settings, "PROJECT_FOLLOW_RATE", "10/h")  # confirmation emails per client address


@require_POST
def follow(request, slug: str):
    project = get_object_or_404(Project.objects.published(), slug=slug)
    if request.user.is_authenticated:
        if request.POST.get("arreter"):
            services.project_unfollow(project=project, email=request.user.email, acting_user=request.user)
            messages.success(request, _("Vous ne suivez plus ce projet."))
        else:
            services.project_follow(project=project, email=request.user.email, acting_user=request.user)
            messages.success(
                request,
                _("Vous suivez ce projet : ses nouvelles arriveront à %(email)s.")
                % {"email": request.user.email},
            )
        return redirect(project)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "projects/follow_invalid.html", {"project": project, "form": form}, status=400)
    if not ratelimit.hit(request, "projects-follow", FOLLOW_RATE):
        return ratelimit.too_many_requests(request)
    if not form.is_robot:
        try:
            services_member.project_follow_request(project=project, email=form.cleaned_data["email"])
        except ProjectError as error:
            form.add_error(None, str(error))
            return render(
                request, "projects/follow_invalid.html", {"project": project, "form": form}, status=400
            )
    return render(
        request, "projects/follow_check_email.html", {"project": project, "email": form.cleaned_data["email"]}
    )


def follow_confirm(request, token: str):
    """The emailed link: a page with a button (mail scanners follow links, never forms)."""
    found = tokens.read_follow_token(token)
    project = Project.objects.published().filter(pk=found[0]).first() if found else None
    if project is None:
        return render(request, "projects/link_invalid.html", status=400)
    done = False
    if request.method == "POST":
        services.project_follow(project=project, email=found[1], acting_user=request.user)
        done = True
    return render(
        request, "projects/follow_confirm.html", {"project": project, "email": found[1], "done": done}
    )


@csrf_exempt  # the signed token is the authority; mail clients' one-click unsubscribe POSTs carry no CSRF token
def unfollow(request, token: str):
    """The unsubscribe link of every news email: a page with a button, and the POST of RFC 8058."""
    found = tokens.read_unfollow_token(token)
    project = Project.objects.filter(pk=found[0]).first() if found else None
    if project is None:
        return render(request, "projects/link_invalid.html", status=400)
    if request.method == "POST":
        services.project_unfollow(project=project, email=found[1], acting_user=request.user)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)
        return render(
            request, "projects/unfollow.html", {"project": project, "email": found[1], "done": True}
        )
    return render(request, "projects/unfollow.html", {"project": project, "email": found[1], "done": False})

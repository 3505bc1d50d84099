"""Reporting a need of the territory (any signed-in account) and following what becomes of it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jura_portal import ratelimit
from projects import services
from projects.errors import ProjectError
from projects.forms import NeedReportForm
from projects.models import Need


@login_required
def need_report(request):
    form = NeedReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Each report emails the projects team: an account (or a script behind it) cannot flood them.
        rate = getattr(settings, "PROJECT_NEED_REPORT_RATE", "5/h")
        if not ratelimit.hit(request, "projects-need-report", rate, key=f"user-{request.user.pk}"):
            return ratelimit.too_many_requests(request)
        data = form.cleaned_data
        try:
            services.need_report(
                acting_user=request.user,
                title=data["title"],
                description=data["description"],
                commune=data["commune"],
                epci=data["epci"],
                affected=data["affected"],
                evidence=data["evidence"],
                evidence_document=data["evidence_document"],
                trades=data["trades"],
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Merci : votre besoin est transmis à l'équipe projets. Vous suivez ici ce qu'il devient."),
            )
            return redirect("projects:my_needs")
    return render(request, "projects/need_report.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def my_needs(request):
    """The needs this account reported: status, the reason if closed, the project it became."""
    needs = (
        Need.objects.filter(author=request.user)
        .select_related("commune", "epci", "project")
        .only(
            "pk",
            "title",
            "status",
            "closing_reason",
            "reported_at",
            "reviewed_at",
            "commune__name",
            "epci__name",
            "project__title",
            "project__slug",
            "project__is_published",
        )
    )
    return render(request, "projects/my_needs.html", {"needs": needs, "Status": Need.Status})

"""The member's registrations in /espace/: a card on the home page and a page to cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.errors import EventError
from events.models import Event, Registration

CARD_LENGTH = 5


def _company_registrations(company):
    return (
        Registration.objects.filter(company=company)
        .exclude(status=Registration.Status.PENDING)
        .select_related("event", "event__commune", "user")
    )


def registrations_card(request, company) -> str:
    """The /espace/ card: the company's coming registrations (one query)."""
    if company is None or not company.is_member:
        return ""
    upcoming = list(
        _company_registrations(company)
        .active()
        .filter(event__ends_at__gte=timezone.now(), event__status=Event.Status.PUBLISHED)
        .order_by("event__starts_at", "name")[: CARD_LENGTH + 1]
    )
    return render_to_string(
        "events/space_card.html",
        {"registrations": upcoming[:CARD_LENGTH], "more": len(upcoming) > CARD_LENGTH, "user": request.user},
        request=request,
    )


@login_required
def my_registrations(request):
    company = request.company or None  # a lazy object: unwrap "no company" to a plain None
    if company is None:
        raise Http404
    now = timezone.now()
    registrations = _company_registrations(company).order_by("-event__starts_at", "name")
    upcoming = list(registrations.filter(event__ends_at__gte=now)[:200])
    past = list(registrations.filter(event__ends_at__lt=now)[:100])
    return render(
        request,
        "events/space_registrations.html",
        {"company": company, "upcoming": sorted(upcoming, key=lambda r: r.event.starts_at), "past": past},
    )


@login_required
@require_POST
def cancel(request, pk: int):
    """Cancel one of the company's registrations (another company's answers 404)."""
    company = request.company or None
    if company is None:
        raise Http404
    registration = get_object_or_404(Registration, pk=pk, company=company)
    try:
        services.registration_cancel(registration=registration, acting_user=request.user)
        messages.success(
            request,
            _("L'inscription de %(name)s à « %(event)s » est annulée.")
            % {"name": registration.name, "event": registration.event.title},
        )
    except EventError as error:
        messages.error(request, str(error))
    next_url = request.POST.get("next", "")
    if next_url == "detail":
        return redirect(registration.event)
    return redirect("events:my_registrations")

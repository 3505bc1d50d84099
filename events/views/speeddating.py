"""Speed-dating pages: each participant's personal schedule (page and PDF), the staff's table plan.

A schedule is shown to the participant it belongs to and to staff; anybody else gets a 404,
as if it did not exist. The table plan is for staff only.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Event, Registration, SpeedDatingSchedule
from events.services.speeddating import personal_schedule, table_plan
from jura_portal.pdf import html_to_pdf


def _schedule(slug: str) -> SpeedDatingSchedule:
    return get_object_or_404(
        SpeedDatingSchedule.objects.select_related("event").exclude(generated_at=None),
        event__slug=slug,
        event__kind=Event.Kind.SPEED_DATING,
    )


def _registration(request, schedule: SpeedDatingSchedule, pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("company"), pk=pk, event=schedule.event
    )
    if not (request.user.has_perm("events.view_registration") or registration.user_id == request.user.pk):
        raise Http404
    return registration


def _personal_context(schedule, registration) -> dict:
    sectors = list(registration.company.sectors.all()) if registration.company_id else []
    return {
        "event": schedule.event,
        "schedule": schedule,
        "registration": registration,
        "sectors": sectors,
        "rounds": personal_schedule(schedule, registration),
    }


@login_required
def my_schedule(request, slug: str):
    """The signed-in person's own schedule for this event (404 when they have none)."""
    schedule = _schedule(slug)
    registration = (
        schedule.event.registrations.holding_seat()
        .filter(user=request.user, speed_dating_seats__schedule=schedule)
        .distinct()
        .first()
    )
    if registration is None:
        raise Http404
    return redirect("events:speeddating_person", slug=slug, pk=registration.pk)


@login_required
def person_schedule(request, slug: str, pk: int):
    schedule = _schedule(slug)
    registration = _registration(request, schedule, pk)
    return render(request, "events/speeddating/personal.html", _personal_context(schedule, registration))


@login_required
def person_schedule_pdf(request, slug: str, pk: int):
    schedule = _schedule(slug)
    registration = _registration(request, schedule, pk)
    with translation.override("fr"):
        html = render_to_string(
            "events/speeddating/personal_pdf.html", _personal_context(schedule, registration)
        )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="planning-{schedule.event.slug}-{registration.pk}.pdf"'
    )
    return response


def _staff_only(request) -> None:
    if not request.user.has_perm("events.view_speeddatingschedule"):
        raise Http404


def _plan_context(schedule) -> dict:
    rounds = table_plan(schedule)
    people = set()
    for plan_round in rounds:
        people.update(p.pk for table in plan_round.tables for p in table.people)
        people.update(p.pk for p in plan_round.byes)
    return {"event": schedule.event, "schedule": schedule, "rounds": rounds, "participant_count": len(people)}


def table_plan_view(request, slug: str):
    """The printable table plan (the browser's "Imprimer" prints it cleanly)."""
    _staff_only(request)
    schedule = _schedule(slug)
    return render(request, "events/speeddating/table_plan.html", _plan_context(schedule))


def table_plan_pdf(request, slug: str):
    _staff_only(request)
    schedule = _schedule(slug)
    with translation.override("fr"):
        html = render_to_string("events/speeddating/table_plan_pdf.html", _plan_context(schedule))
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-de-tables-{schedule.event.slug}.pdf"'
    return response

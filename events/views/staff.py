"""Check-in on the day, from a phone: search a name, tick present. Staff allowed to change registrations."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import checkin, services
from events.errors import EventError
from events.models import Event, Registration

CHECK_IN = "events.change_registration"


@login_required
@permission_required(CHECK_IN, raise_exception=True)
def check_in(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    query = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL characters
    people = event.registrations.holding_seat().for_attendee_list().order_by("name")
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(company__legal_name__icontains=query)
            | Q(company__trade_name__icontains=query)
            | Q(guest_organisation__icontains=query)
        )
    counts = event.registrations.holding_seat().aggregate(
        present=Count("pk", filter=Q(status=Registration.Status.ATTENDED))
    )
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "people": people[:300],
            "query": query,
            "present": counts["present"],
            # A pass scanned with the phone's own camera app opens this page with its code.
            "code": request.GET.get("code", "")[:40],
        },
    )


@login_required
@permission_required(CHECK_IN, raise_exception=True)
@require_POST
def check_in_code(request, slug: str):
    """Check someone in by their personal code: typed, or read from their pass's QR code."""
    event = get_object_or_404(Event, slug=slug)
    pk = checkin.read(request.POST.get("code", ""))
    registration = (
        Registration.objects.select_related("event").filter(pk=pk, event=event).first() if pk else None
    )
    if registration is None:
        messages.error(request, _("Ce code ne correspond à aucune inscription à cet événement."))
        return redirect("events:check_in", slug=slug)
    try:
        if registration.status == Registration.Status.ATTENDED:
            messages.info(request, _("%(name)s est déjà pointé(e) présent(e).") % {"name": registration.name})
        else:
            services.registration_check_in(registration=registration, acting_user=request.user)
            messages.success(request, _("%(name)s est pointé(e) présent(e).") % {"name": registration.name})
    except EventError as error:
        messages.error(request, f"{registration.name} : {error}")
    return redirect(_row_url(slug, registration.pk, ""))


def _row_url(slug: str, pk: int, query: str) -> str:
    """Back to the list, at the person's row (the page does not jump to the top)."""
    url = reverse("events:check_in", kwargs={"slug": slug})
    return f"{url}?{urlencode({'q': query})}#inscrit-{pk}" if query else f"{url}#inscrit-{pk}"


@login_required
@permission_required(CHECK_IN, raise_exception=True)
@require_POST
def check_in_toggle(request, slug: str, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk, event__slug=slug)
    try:
        if request.POST.get("action") == "undo":
            services.registration_check_in_undo(registration=registration, acting_user=request.user)
            messages.info(
                request, _("%(name)s n'est plus pointé(e) présent(e).") % {"name": registration.name}
            )
        else:
            services.registration_check_in(registration=registration, acting_user=request.user)
            messages.success(request, _("%(name)s est pointé(e) présent(e).") % {"name": registration.name})
    except EventError as error:
        messages.error(request, str(error))
    return redirect(_row_url(slug, registration.pk, request.POST.get("q", "")))

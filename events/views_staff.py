"""Check-in on the day, from a phone: search a name, tick present. Staff allowed to change registrations."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.models import Event, Registration
from events.services import EventError

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
        {"event": event, "people": people[:300], "query": query, "present": counts["present"]},
    )


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
    url = reverse("events:check_in", kwargs={"slug": slug})
    query = request.POST.get("q", "")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)

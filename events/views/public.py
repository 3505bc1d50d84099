"""Public event pages, registration, the calendar files, and the emailed links."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import is_active_member
from events import ics, services, tokens
from events.errors import EventError
from events.forms import EventFilterForm, GuestRegistrationForm, month_bounds
from events.models import Event, Registration, SpeedDatingSchedule
from jura_portal import pagecache, ratelimit, seo
from members.models import CompanyRole
from reference.models import Epci

PAGE_SIZE = 20


@pagecache.public_page(params=("passes", "type", "territoire", "mois", "page"))
def event_list(request):
    """Upcoming events first (or the archive with ?passes=1), filtered by kind, territory and month."""
    archive = request.GET.get("passes") == "1"
    epcis = list(Epci.objects.only("slug", "name"))
    form = EventFilterForm(request.GET or None, epcis=epcis)
    events = (Event.objects.past() if archive else Event.objects.upcoming()).for_listing()
    if form.is_valid():
        data = form.cleaned_data
        if data["type"]:
            events = events.filter(kind=data["type"])
        if data["territoire"]:
            events = events.filter(epci__slug=data["territoire"])
        if data["mois"]:
            start, end = month_bounds(*data["mois"], timezone.get_current_timezone())
            events = events.filter(starts_at__gte=start, starts_at__lt=end)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    pagecache.fresh_until(request, Event.objects.next_change())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/list.html",
        {"page": page, "form": form, "archive": archive, "query": query.urlencode(), "now": timezone.now()},
    )


def _visible_event(request, slug: str) -> Event:
    event = get_object_or_404(Event.objects.for_listing(), slug=slug)
    if event.published_at is None and not request.user.has_perm("events.view_event"):
        raise Http404  # drafts exist only for staff
    return event


@pagecache.public_page
def event_detail(request, slug: str):
    event = _visible_event(request, slug)
    now = timezone.now()
    pagecache.fresh_until(
        request,
        min((when for when in (event.closes_at, event.starts_at, event.ends_at) if when > now), default=None),
    )
    context = {
        "event": event,
        "now": timezone.now(),
        "guest_form": GuestRegistrationForm(),
        "json_ld": seo.event_json_ld(event),
        "og_image": seo.default_image_url(),
    }
    context.update(_member_context(request, event))
    context["schedule_ready"] = (
        event.kind == Event.Kind.SPEED_DATING
        and SpeedDatingSchedule.objects.filter(event=event, generated_at__isnull=False).exists()
    )
    return render(request, "events/detail.html", context)


def _member_context(request, event: Event) -> dict:
    """What the signed-in person sees: their company's registrations and who else they may add."""
    if not request.user.is_authenticated:
        return {"mine": None}
    company = request.company or None  # a lazy object: unwrap "no company" to a plain None
    if company is None:
        mine = event.registrations.active().filter(user=request.user).first()
        return {"mine": mine, "sees_online_link": bool(mine and mine.holds_seat)}
    registrations = list(
        event.registrations.active().filter(company=company).exclude(status=Registration.Status.PENDING)
    )
    mine = next((r for r in registrations if r.user_id == request.user.pk), None)
    registered_ids = {r.user_id for r in registrations}
    colleagues = [
        role.user
        for role in CompanyRole.objects.filter(company=company)
        .select_related("user")
        .order_by("user__first_name")
        if role.user_id != request.user.pk and role.user_id not in registered_ids
    ]
    position = services.waitlist_position(mine) if mine else None
    return {
        "mine": mine,
        "position": position,
        "company": company,
        "company_registrations": registrations,
        "colleagues": colleagues,
        "can_register": is_active_member(company),
        "places_for_company": max(event.per_company_limit - len(registrations), 0),
        "sees_online_link": bool(mine and mine.holds_seat),
    }


@require_POST
def register(request, slug: str):
    """A member registers themself and/or ticked colleagues."""
    event = _visible_event(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_absolute_url())
    company = request.company or None  # a lazy object: unwrap "no company" to a plain None
    ids = {int(v) for v in request.POST.getlist("people") if v.isdigit()}
    people = []
    if company is not None and ids:
        people = [
            role.user
            for role in CompanyRole.objects.filter(company=company, user_id__in=ids).select_related("user")
        ]
        if len(people) != len(ids):
            raise Http404
    if not people:
        messages.error(request, _("Cochez au moins une personne à inscrire."))
        return redirect(event)
    try:
        registrations = services.registration_create_for_member(
            event=event, acting_user=request.user, people=people
        )
    except EventError as error:
        messages.error(request, str(error))
        return redirect(event)
    for registration in registrations:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(
                request,
                _("%(name)s est inscrit(e). Un e-mail de confirmation est parti.")
                % {"name": registration.name},
            )
        else:
            messages.info(
                request,
                _("L'événement est complet : %(name)s est en liste d'attente (position %(position)s).")
                % {"name": registration.name, "position": services.waitlist_position(registration)},
            )
    return redirect(event)


@require_POST
def guest_register(request, slug: str):
    """A guest asks for a seat at a public event; the email link confirms it."""
    event = _visible_event(request, slug)
    if not ratelimit.hit(request, "events-guest", settings.EVENT_GUEST_RATE):
        return ratelimit.too_many_requests(request)
    form = GuestRegistrationForm(request.POST)
    if form.is_valid():
        if not form.is_robot:
            try:
                services.registration_create_for_guest(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                )
            except EventError as error:
                form.add_error(None, str(error))
        if not form.errors:
            return render(
                request,
                "events/guest_check_email.html",
                {"event": event, "email": form.cleaned_data["email"]},
            )
    context = {"event": event, "now": timezone.now(), "guest_form": form, "mine": None}
    return render(request, "events/detail.html", context, status=400)


def guest_confirm(request, token: str):
    """The link in the guest's email: a page with a button (mail scanners follow links, never forms)."""
    registration = _from_token(token, tokens.CONFIRM)
    if registration is None:
        return render(request, "events/link_invalid.html", status=400)
    if request.method == "POST":
        try:
            registration = services.registration_confirm_by_guest(registration=registration)
        except EventError as error:
            messages.error(request, str(error))
    return render(
        request,
        "events/guest_confirm.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": services.waitlist_position(registration),
            "token": token,
        },
    )


def cancel_link(request, token: str):
    """The cancel link of an email: a page that says what will be cancelled, then a button."""
    registration = _from_token(token, tokens.CANCEL)
    if registration is None:
        return render(request, "events/link_invalid.html", status=400)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, acting_user=request.user)
            registration.refresh_from_db()
            messages.success(request, _("Votre inscription est annulée. Merci d'avoir libéré la place."))
        except EventError as error:
            messages.error(request, str(error))
    return render(
        request,
        "events/cancel_link.html",
        {"registration": registration, "event": registration.event, "token": token},
    )


def _from_token(token: str, purpose: str) -> Registration | None:
    pk = tokens.read(token, purpose)
    if pk is None:
        return None
    return Registration.objects.select_related("event", "event__commune").filter(pk=pk).first()


def event_ics(request, slug: str):
    """ "Ajouter à mon agenda": the event as an .ics file (no webinar link: it is for the registered)."""
    event = _visible_event(request, slug)
    response = HttpResponse(ics.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@pagecache.public_page  # calendar applications poll it: rendered once per change, then 304s
def calendar_feed(request):
    """The feed of upcoming public events, for calendar applications to subscribe to."""
    events = Event.objects.upcoming().public().for_listing()[:500]
    pagecache.fresh_until(request, Event.objects.next_change())
    response = HttpResponse(ics.feed_ics(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="made-in-jura.ics"'
    return response

"""Every change to an event or a registration. One function per arrow.

Capacity is exact: each registration service locks the event's row first
(`select_for_update`), so registrations to one event are taken one at a time,
and the event keeps its confirmed count in the same transaction; a check
constraint refuses one seat too many anyway. Lock order is always the event,
then the registration, so two services never wait on each other crosswise.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import PortalError
from events import checkin, ics, tokens
from events.models import Event, Registration
from jura_portal import audit, emails
from members.models import Company, CompanyRole, User


class EventError(PortalError):
    """A move the event rules do not allow; the message is for the person who tried."""


# --- Events (staff) -----------------------------------------------------------------


@transaction.atomic
def event_publish(*, event: Event, acting_user: User | None) -> Event:
    """A draft goes public; a territory evening invites the members of its intercommunality."""
    event = _lock_event(event)
    if event.status != Event.Status.DRAFT:
        raise EventError(_("Seul un brouillon peut être publié."))
    if event.kind == Event.Kind.TERRITORY_EVENING and not event.epci_id:
        raise EventError(_("Une soirée de territoire doit être rattachée à une intercommunalité."))
    if event.ends_at < timezone.now():
        raise EventError(_("Cet événement est déjà passé : il ne peut plus être publié."))
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(acting_user, "event.published", event, from_state="draft", to_state="published")
    if event.kind == Event.Kind.TERRITORY_EVENING and event.invitations_sent_at is None:
        _invite_territory(event)
    return event


def _territory_roles(event: Event):
    return CompanyRole.objects.filter(
        company__status=Company.Status.ACTIVE, company__commune__epci_id=event.epci_id
    )


def territory_invitation_count(event: Event) -> int:
    """How many people publishing this territory evening would invite (what staff confirm)."""
    return _territory_roles(event).count()


def _invite_territory(event: Event) -> None:
    """Every member company established in the event's intercommunality receives an invitation."""
    roles = _territory_roles(event).select_related("user", "company").order_by("company_id", "role")
    recipients = 0
    for role in roles:
        emails.send_templated(
            "event_territory_invitation",
            to=[role.user.email],
            context={"event": event, "company": role.company, "person": role.user},
        )
        recipients += 1
    event.invitations_sent_at = timezone.now()
    event.save(update_fields=["invitations_sent_at"])
    audit.record(None, "event.territory_invited", event, details={"recipients": recipients})


@transaction.atomic
def event_cancel(*, event: Event, acting_user: User, reason: str) -> Event:
    """Cancel an event: every registration ends and every registered person is told why."""
    if not reason.strip():
        raise EventError(_("Indiquez le motif de l'annulation : il est envoyé aux inscrits."))
    event = _lock_event(event)
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("Cet événement est déjà annulé."))
    previous = event.status
    now = timezone.now()
    registrations = list(event.registrations.select_for_update().active())
    for registration in registrations:
        if registration.status != Registration.Status.PENDING:
            emails.send_templated(
                "event_cancelled",
                to=[registration.email],
                context={"event": event, "registration": registration, "reason": reason},
            )
    event.registrations.active().update(status=Registration.Status.CANCELLED, cancelled_at=now)
    event.status = Event.Status.CANCELLED
    event.cancelled_at = now
    event.cancellation_reason = reason
    event.confirmed_count = 0
    event.waitlisted_count = 0
    event.sequence += 1  # calendars replace the entry with its CANCELLED copy
    event.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancellation_reason",
            "confirmed_count",
            "waitlisted_count",
            "sequence",
            "updated_at",
        ]
    )
    audit.record(
        acting_user,
        "event.cancelled",
        event,
        from_state=previous,
        to_state="cancelled",
        comment=reason,
        details={"registrations": len(registrations)},
    )
    return event


# What a calendar entry holds: changing one of these is a new version of the .ics for the people coming.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue_name", "address", "commune", "online_url")


@transaction.atomic
def event_move(*, event: Event, acting_user: User, changes: dict) -> list[str]:
    """Change an event's date, time or place; the .ics gets a new version (same UID, SEQUENCE + 1).

    `changes` maps fields of SCHEDULE_FIELDS to their new values. Returns the names of the fields
    that really changed. The registered people are told by `event_notify_change`, once staff confirm.
    """
    unknown = set(changes) - set(SCHEDULE_FIELDS)
    if unknown:
        raise ValueError(f"not schedule fields: {sorted(unknown)}")
    event = _lock_event(event)
    moved = {name: value for name, value in changes.items() if getattr(event, name) != value}
    if not moved:
        return []
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("Cet événement est annulé : sa date et son lieu ne changent plus."))
    before = {name: str(getattr(event, name) or "") for name in moved}
    for name, value in moved.items():
        setattr(event, name, value)
    if event.ends_at < event.starts_at:
        raise EventError(_("La fin doit suivre le début."))
    event.sequence += 1
    if not event_change_recipients(event).exists():
        # Nobody to tell: people who register later get this version with their confirmation.
        event.change_notified_sequence = event.sequence
    event.save(update_fields=[*moved, "sequence", "change_notified_sequence", "updated_at"])
    audit.record(
        acting_user,
        "event.moved",
        event,
        details={name: [before[name], str(getattr(event, name) or "")] for name in moved},
    )
    return list(moved)


def event_change_recipients(event: Event):
    """Who hears of a change: people holding a seat or waiting for one (not cancelled, not unconfirmed)."""
    return event.registrations.filter(
        status__in=[*Registration.SEAT_STATUSES, Registration.Status.WAITLISTED]
    ).order_by("pk")


@transaction.atomic
def event_notify_change(*, event: Event, acting_user: User) -> int:
    """Email the registered people the new date, time or place with the updated .ics; once per version."""
    event = _lock_event(event)
    if not event.change_to_notify:
        return 0  # already sent (a second click, another member of staff)
    recipients = list(event_change_recipients(event))
    for registration in recipients:
        holds_seat = registration.holds_seat
        emails.send_templated(
            "event_changed",
            to=[registration.email],
            context={
                "event": event,
                "registration": registration,
                "holds_seat": holds_seat,
                "cancel_url": tokens.cancel_url(registration.pk),
            },
            attachments=[ics.ics_attachment(event, with_online_link=holds_seat)],
        )
    event.change_notified_sequence = event.sequence
    event.save(update_fields=["change_notified_sequence"])
    audit.record(
        acting_user,
        "event.change_notified",
        event,
        details={"recipients": len(recipients), "sequence": event.sequence},
    )
    return len(recipients)


@transaction.atomic
def event_duplicate(*, event: Event, acting_user: User) -> Event:
    """A draft copy of an event (same texts, place and settings) to adjust and publish."""
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.title = _("%(title)s (copie)") % {"title": event.title}
    copy.slug = unique_slug(event.title)
    copy.status = Event.Status.DRAFT
    for field in ("published_at", "cancelled_at", "invitations_sent_at"):
        setattr(copy, field, None)
    copy.cancellation_reason = ""
    copy.confirmed_count = 0
    copy.waitlisted_count = 0
    copy.sequence = copy.change_notified_sequence = 0
    copy.created_by = acting_user
    copy.save()
    audit.record(acting_user, "event.duplicated", copy, details={"from": event.pk})
    return copy


@transaction.atomic
def event_fill_freed_seats(*, event: Event, acting_user: User | None) -> list[Registration]:
    """After staff add seats, the waiting list moves up into them, first in line first."""
    event = _lock_event(event)
    return _promote_waiting(event, acting_user)


def unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "evenement"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Registrations --------------------------------------------------------------------


@transaction.atomic
def member_register(
    *, event: Event, acting_user: User, people: list[User] | None = None
) -> list[Registration]:
    """A member registers themself and/or colleagues of their company, in one go.

    Each person gets a seat while there are some, then a place on the waiting list.
    """
    role = CompanyRole.objects.select_related("company").filter(user=acting_user).first()
    if role is None or role.company.status != Company.Status.ACTIVE:
        raise EventError(_("Seules les entreprises adhérentes peuvent inscrire leurs équipes."))
    company = role.company
    people = people or [acting_user]
    colleague_ids = set(CompanyRole.objects.filter(company=company).values_list("user_id", flat=True))
    if any(person.pk not in colleague_ids for person in people):
        raise EventError(_("Vous ne pouvez inscrire que des personnes de votre entreprise."))
    event = _lock_event(event)
    _require_open(event)
    taken = event.registrations.active().exclude(status=Registration.Status.PENDING).filter(company=company)
    if taken.count() + len(people) > event.per_company_limit:
        raise EventError(
            _("Cet événement accepte au plus %(limit)s personne(s) par entreprise.")
            % {"limit": event.per_company_limit}
        )
    return [
        _add(
            event,
            user=person,
            company=company,
            name=person.display_name,
            email=person.email,
            acting_user=acting_user,
        )
        for person in people
    ]


@transaction.atomic
def staff_register(
    *,
    event: Event,
    acting_user: User,
    name: str,
    email: str,
    user: User | None = None,
    company: Company | None = None,
) -> Registration:
    """Staff add someone, even after the deadline or beyond a company's limit (never beyond the seats)."""
    event = _lock_event(event)
    if event.status != Event.Status.PUBLISHED:
        raise EventError(_("On ne peut inscrire quelqu'un qu'à un événement publié."))
    if user is not None and company is None:
        role = CompanyRole.objects.filter(user=user).select_related("company").first()
        company = role.company if role else None
    return _add(
        event,
        user=user,
        company=company,
        name=name or (user.get_full_name() if user else "") or email,
        email=(user.email if user else email),
        acting_user=acting_user,
        by_staff=True,
    )


@transaction.atomic
def guest_register(*, event: Event, name: str, email: str, organisation: str = "") -> Registration:
    """A guest (no account) asks for a seat at a public event; they confirm through the emailed link.

    The same answer whether the address is new or already registered: the page never
    tells a stranger who comes to an event. A known address is sent its link again.
    """
    event = _lock_event(event)
    if not event.is_public:
        raise EventError(_("Cet événement est réservé aux adhérents."))
    _require_open(event)
    email = email.strip()
    existing = event.registrations.active().filter(email__iexact=email).first()
    if existing is not None:
        if existing.status == Registration.Status.PENDING:
            _email_guest_confirmation(existing)
        else:
            _email_registration(existing)
        return existing
    registration = Registration.objects.create(
        event=event,
        name=name.strip(),
        email=email,
        guest_organisation=organisation.strip(),
        is_guest=True,
        status=Registration.Status.PENDING,
    )
    audit.record(None, "registration.requested", registration, to_state=registration.status)
    _email_guest_confirmation(registration)
    return registration


@transaction.atomic
def guest_confirm(*, registration: Registration) -> Registration:
    """The guest clicked the link in their email: a seat if one is free, else the waiting list."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration  # clicked twice: nothing more to do
    if event.status != Event.Status.PUBLISHED:
        raise EventError(_("Cet événement n'est plus ouvert aux inscriptions."))
    if timezone.now() >= event.starts_at or registration.created_at >= event.closes_at:
        raise EventError(_("Les inscriptions à cet événement sont closes."))
    _seat_or_wait(event, registration)
    audit.record(
        None,
        "registration.confirmed_by_guest",
        registration,
        from_state="pending_confirmation",
        to_state=registration.status,
    )
    _email_registration(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, acting_user: User | None) -> Registration:
    """Someone gives up their seat (or place in line); the first person waiting takes the seat."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.ATTENDED:
        raise EventError(
            _("%(name)s est déjà pointé(e) présent(e) : son inscription ne peut plus être annulée.")
            % {"name": registration.name}
        )
    if registration.status not in (
        Registration.Status.PENDING,
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
    ):
        raise EventError(_("Cette inscription est déjà annulée."))
    if event.ends_at < timezone.now():
        raise EventError(_("Cet événement est passé : l'inscription ne peut plus être annulée."))
    previous = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if previous == Registration.Status.CONFIRMED:
        event.confirmed_count -= 1
    elif previous == Registration.Status.WAITLISTED:
        event.waitlisted_count -= 1
    event.save(update_fields=["confirmed_count", "waitlisted_count"])
    audit.record(
        acting_user, "registration.cancelled", registration, from_state=previous, to_state="cancelled"
    )
    if previous != Registration.Status.PENDING:
        _email_registration(registration, "event_registration_cancelled")
    if previous == Registration.Status.CONFIRMED:
        _promote_waiting(event, acting_user)
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, acting_user: User) -> Registration:
    """Staff tick a person present on the day."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.ATTENDED:
        return registration
    if registration.status != Registration.Status.CONFIRMED:
        raise EventError(_("Seule une personne inscrite (place confirmée) peut être pointée présente."))
    registration.status = Registration.Status.ATTENDED
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = acting_user
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    audit.record(
        acting_user, "registration.checked_in", registration, from_state="confirmed", to_state="attended"
    )
    return registration


@transaction.atomic
def registration_check_in_undo(*, registration: Registration, acting_user: User) -> Registration:
    """A tick by mistake: the person is registered again, not present."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.ATTENDED:
        raise EventError(_("Cette personne n'est pas pointée présente."))
    registration.status = Registration.Status.CONFIRMED
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    audit.record(
        acting_user, "registration.check_in_undone", registration, from_state="attended", to_state="confirmed"
    )
    return registration


def send_reminders(*, now=None) -> int:
    """The day-before reminder, once per registration (reminded_at records it)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    end_of_tomorrow = (local + timezone.timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    due = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminded_at=None,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lt=end_of_tomorrow,
        )
        .select_related("event")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=pk)
            )
            if registration.reminded_at is not None or registration.status != Registration.Status.CONFIRMED:
                continue  # another run got there first
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            _email_registration(registration, "event_reminder")
            sent += 1
    return sent


# --- Inside -----------------------------------------------------------------------------


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _require_open(event: Event) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise EventError(_("Cet événement n'est pas ouvert aux inscriptions."))
    if timezone.now() >= event.closes_at:
        raise EventError(_("Les inscriptions à cet événement sont closes."))


def _add(
    event: Event,
    *,
    user: User | None,
    company: Company | None,
    name: str,
    email: str,
    acting_user: User | None,
    by_staff: bool = False,
) -> Registration:
    """Create a member's (or staff-added) registration: a seat if one is free, else the waiting list."""
    if event.registrations.active().filter(email__iexact=email).exists():
        raise EventError(_("%(name)s est déjà inscrit(e) à cet événement.") % {"name": name})
    registration = Registration(
        event=event,
        user=user,
        company=company,
        name=name,
        email=email,
        registered_by=acting_user,
        added_by_staff=by_staff,
    )
    try:
        with transaction.atomic():
            _seat_or_wait(event, registration)
    except IntegrityError as error:  # the constraint speaks when the check above was raced
        raise EventError(_("%(name)s est déjà inscrit(e) à cet événement.") % {"name": name}) from error
    audit.record(
        acting_user,
        "registration.created",
        registration,
        to_state=registration.status,
        details={"by_staff": by_staff},
    )
    _email_registration(registration)
    return registration


def _seat_or_wait(event: Event, registration: Registration) -> None:
    """Give a seat or a place in line; the event's row is locked by the caller."""
    now = timezone.now()
    if event.confirmed_count < event.capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        event.confirmed_count += 1
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlisted_at = now
        event.waitlisted_count += 1
    registration.save()
    event.save(update_fields=["confirmed_count", "waitlisted_count"])


def _promote_waiting(event: Event, acting_user: User | None) -> list[Registration]:
    """Fill free seats from the waiting list, in order; each promoted person is emailed."""
    promoted = []
    free = event.capacity - event.confirmed_count
    if free <= 0 or event.status != Event.Status.PUBLISHED:
        return promoted
    for registration in event.registrations.waiting().select_for_update()[:free]:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
        audit.record(
            acting_user, "registration.promoted", registration, from_state="waitlisted", to_state="confirmed"
        )
        _email_registration(registration, "event_registration_promoted")
        promoted.append(registration)
    if promoted:
        event.confirmed_count += len(promoted)
        event.waitlisted_count -= len(promoted)
        event.save(update_fields=["confirmed_count", "waitlisted_count"])
    return promoted


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person in line."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = (
        registration.event.registrations.filter(
            status=Registration.Status.WAITLISTED, waitlisted_at__lt=registration.waitlisted_at
        ).count()
        + registration.event.registrations.filter(
            status=Registration.Status.WAITLISTED,
            waitlisted_at=registration.waitlisted_at,
            pk__lt=registration.pk,
        ).count()
    )
    return ahead + 1


def _email_guest_confirmation(registration: Registration) -> None:
    emails.send_templated(
        "event_guest_confirm",
        to=[registration.email],
        context={
            "event": registration.event,
            "registration": registration,
            "confirm_url": tokens.confirm_url(registration.pk),
            "max_age_days": settings.EVENT_GUEST_CONFIRM_MAX_AGE_DAYS,
        },
    )


def _email_registration(registration: Registration, name: str = "") -> None:
    """The email that matches the registration's state; a seat comes with its .ics (and webinar link)."""
    event = registration.event
    holds_seat = registration.status in Registration.SEAT_STATUSES
    if not name:
        name = "event_registration_confirmed" if holds_seat else "event_registration_waitlisted"
    attachments = None
    entry_code = ""
    if holds_seat and name != "event_registration_cancelled":
        attachments = [ics.ics_attachment(event, with_online_link=True)]
        if not event.is_online:
            # The personal entry pass: staff scan its QR code (or type the code) at the door.
            entry_code = checkin.code(registration.pk)
            attachments.append((f"billet-{event.slug}.png", checkin.qr_png_base64(registration), "image/png"))
    emails.send_templated(
        name,
        to=[registration.email],
        context={
            "event": event,
            "registration": registration,
            "holds_seat": holds_seat,
            "position": waitlist_position(registration),
            "cancel_url": tokens.cancel_url(registration.pk),
            "entry_code": entry_code,
        },
        attachments=attachments,
    )

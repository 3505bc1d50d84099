"""Every change staff make to an event: publish, edit, move, cancel, duplicate; one function per arrow."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import ics, tokens
from events.errors import EventError
from events.models import Event, Registration
from events.services import seats
from jura_portal import audit, emails
from members.models import Company, CompanyRole, User


@transaction.atomic
def event_publish(*, event: Event, acting_user: User | None) -> Event:
    """A draft goes public; a territory evening invites the members of its intercommunality."""
    event = seats.lock_event(event)
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
    event = seats.lock_event(event)
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
# What staff edit on an event's page; the state, the seat counts and the versions belong to the services.
EDITABLE_FIELDS = (
    "title",
    "slug",
    "kind",
    "summary",
    "description",
    "programme",
    *SCHEDULE_FIELDS,
    "epci",
    "latitude",
    "longitude",
    "audience",
    "capacity",
    "per_company_limit",
    "registration_deadline",
)


@dataclass(frozen=True)
class EventUpdate:
    fields: list[str]  # the fields that really changed
    promoted: list[Registration]  # who moved up from the waiting list into added seats


@transaction.atomic
def event_update(*, event: Event, acting_user: User, changes: dict) -> EventUpdate:
    """Staff edit an event; audited field by field (before, after).

    `changes` maps fields of EDITABLE_FIELDS to their new values. Date, time and place go through
    `event_move` (a new calendar version for the people coming); fewer seats than people holding one
    is refused; added seats go to the people waiting, first in line first.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable fields: {sorted(unknown)}")
    event = seats.lock_event(event)  # held until the end: no registration slips in between check and save
    changed = {name: value for name, value in changes.items() if getattr(event, name) != value}
    if not changed:
        return EventUpdate(fields=[], promoted=[])
    capacity = changed.get("capacity")
    if capacity is not None and capacity < event.confirmed_count:
        raise EventError(
            _("%(n)s personnes ont déjà une place : annulez des inscriptions avant de réduire la jauge.")
            % {"n": event.confirmed_count},
            field="capacity",
        )
    edited = {name: value for name, value in changed.items() if name not in SCHEDULE_FIELDS}
    if edited:
        before = {name: _shown(getattr(event, name)) for name in edited}
        for name, value in edited.items():
            setattr(event, name, value)
        event.save(update_fields=[*edited, "updated_at"])
        _audit_changes(acting_user, "event.updated", event, before)
    schedule = {name: value for name, value in changed.items() if name in SCHEDULE_FIELDS}
    if schedule:
        event_move(event=event, acting_user=acting_user, changes=schedule)
    promoted = seats.promote_waiting(event, acting_user) if "capacity" in edited else []
    return EventUpdate(fields=list(changed), promoted=promoted)


def _audit_changes(acting_user: User, action: str, event: Event, before: dict[str, str]) -> None:
    """One audit entry for an edit or a move: the fields changed, their values before and after."""
    audit.record(
        acting_user,
        action,
        event,
        details={
            "fields": list(before),
            "before": before,
            "after": {name: _shown(getattr(event, name)) for name in before},
        },
    )


def _shown(value) -> str:
    """A field's value as the audit keeps it: text (a commune by its name), empty for none."""
    return str(value if value is not None else "")


@transaction.atomic
def event_move(*, event: Event, acting_user: User, changes: dict) -> list[str]:
    """Change an event's date, time or place; the .ics gets a new version (same UID, SEQUENCE + 1).

    `changes` maps fields of SCHEDULE_FIELDS to their new values. Returns the names of the fields
    that really changed. The registered people are told by `event_notify_change`, once staff confirm.
    """
    unknown = set(changes) - set(SCHEDULE_FIELDS)
    if unknown:
        raise ValueError(f"not schedule fields: {sorted(unknown)}")
    event = seats.lock_event(event)
    moved = {name: value for name, value in changes.items() if getattr(event, name) != value}
    if not moved:
        return []
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("Cet événement est annulé : sa date et son lieu ne changent plus."))
    before = {name: _shown(getattr(event, name)) for name in moved}
    for name, value in moved.items():
        setattr(event, name, value)
    if event.ends_at < event.starts_at:
        raise EventError(_("La fin doit suivre le début."), field="ends_at")
    event.sequence += 1
    if not event_change_recipients(event).exists():
        # Nobody to tell: people who register later get this version with their confirmation.
        event.change_notified_sequence = event.sequence
    event.save(update_fields=[*moved, "sequence", "change_notified_sequence", "updated_at"])
    _audit_changes(acting_user, "event.moved", event, before)
    return list(moved)


def event_change_recipients(event: Event):
    """Who hears of a change: people holding a seat or waiting for one (not cancelled, not unconfirmed)."""
    return event.registrations.filter(
        status__in=[*Registration.SEAT_STATUSES, Registration.Status.WAITLISTED]
    ).order_by("pk")


@transaction.atomic
def event_notify_change(*, event: Event, acting_user: User) -> int:
    """Email the registered people the new date, time or place with the updated .ics; once per version."""
    event = seats.lock_event(event)
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


def unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "evenement"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug

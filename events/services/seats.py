"""Seats, the waiting list and the emails that go with them: shared by the services of this package.

Capacity is exact: each service that takes or frees a seat locks the event's row first
(`lock_event`), so registrations to one event are taken one at a time, and the event keeps its
confirmed count in the same transaction; a check constraint refuses one seat too many anyway. Lock
order is always the event, then the registration, so two services never wait on each other crosswise.
"""

from django.conf import settings
from django.utils import timezone

from events import checkin, ics, tokens
from events.models import Event, Registration
from jura_portal import audit, emails
from members.models import User


def lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def seat_or_wait(event: Event, registration: Registration) -> None:
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


def promote_waiting(event: Event, acting_user: User | None) -> list[Registration]:
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
        email_registration(registration, "event_registration_promoted")
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


def email_guest_confirmation(registration: Registration) -> None:
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


def email_registration(registration: Registration, name: str = "") -> None:
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

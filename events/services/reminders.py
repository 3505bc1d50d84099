"""The day-before reminder to the people holding a seat."""

from django.db import transaction
from django.utils import timezone

from events.models import Event, Registration
from events.services import seats


def event_reminders_send(*, now=None) -> int:
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
            seats.email_registration(registration, "event_reminder")
            sent += 1
    return sent

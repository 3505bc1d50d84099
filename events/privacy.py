"""The events' part of a person's data (core.personal_data): their registrations (by account or by
address), anonymised on erasure and after the retention period (counts and attendance stay)."""

from datetime import timedelta

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from core.personal_data import ERASED_NAME, Archive, row
from events.models import Registration

# Retention periods, as /confidentialite/ states them.
UNCONFIRMED_GUEST_DAYS = 30  # a guest registration never confirmed by e-mail
EVENT_DATA_DAYS = 3 * 365  # after an event, its registrations are anonymised

# An anonymised registration: still counted (seats, attendance), nobody named. The address stays
# unique per registration (one active registration per address and event).
ANONYMOUS_REGISTRATION = {
    "user": None,
    "name": ERASED_NAME,
    "email": Concat(Value("inscription-effacee-"), Cast("pk", CharField()), Value("@efface.invalid")),
    "guest_organisation": "",
}


def _of(user):
    return Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export(user, *, company, archive: Archive) -> dict:
    return {
        "inscriptions_evenements": [
            {**row(registration), "evenement": str(registration.event)}
            for registration in _of(user).select_related("event").distinct()
        ]
    }


def erase(user) -> dict:
    return {"registrations_anonymised": _of(user).update(**ANONYMOUS_REGISTRATION)}


def purge(*, now=None) -> dict[str, int]:
    """Guest registrations never confirmed after UNCONFIRMED_GUEST_DAYS are deleted; every registration
    of an event ended EVENT_DATA_DAYS ago is anonymised (counts and attendance stay, people go)."""
    now = now or timezone.now()
    unconfirmed = Registration.objects.filter(
        is_guest=True,
        status=Registration.Status.PENDING,
        created_at__lt=now - timedelta(days=UNCONFIRMED_GUEST_DAYS),
    ).delete()[0]
    old = Registration.objects.filter(event__ends_at__lt=now - timedelta(days=EVENT_DATA_DAYS)).exclude(
        name=ERASED_NAME
    )
    anonymised = old.update(**ANONYMOUS_REGISTRATION)
    return {"unconfirmed_guests_deleted": unconfirmed, "registrations_anonymised": anonymised}

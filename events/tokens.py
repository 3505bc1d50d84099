"""Signed links in emails: a guest confirms, anyone cancels, without an account (no token table)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM = "events.registration.confirm"
CANCEL = "events.registration.cancel"


def make(registration_pk: int, purpose: str) -> str:
    return signing.dumps(registration_pk, salt=purpose, compress=True)


def read(token: str, purpose: str) -> int | None:
    """The registration's pk, or None when the link is forged or too old."""
    max_age = (
        settings.EVENT_GUEST_CONFIRM_MAX_AGE_DAYS
        if purpose == CONFIRM
        else settings.EVENT_CANCEL_LINK_MAX_AGE_DAYS
    )
    try:
        value = signing.loads(token, salt=purpose, max_age=max_age * 86400)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def confirm_url(registration_pk: int) -> str:
    return settings.SITE_URL + reverse(
        "events:guest_confirm", kwargs={"token": make(registration_pk, CONFIRM)}
    )


def cancel_url(registration_pk: int) -> str:
    return settings.SITE_URL + reverse("events:cancel_link", kwargs={"token": make(registration_pk, CANCEL)})

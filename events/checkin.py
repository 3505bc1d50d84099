"""Personal check-in codes: each registration's short code (typed by staff) and its QR code (scanned).

The code is the registration's number and six characters of its signature (django.core.signing,
with the site's secret), e.g. "1234-K7QD2M": short enough to type, impossible to guess for another
person. The QR code holds the check-in page's address with the code, so that staff may scan it with
the check-in page's scanner or with the phone's own camera app.
"""

import base64
import hmac
import io
import re
from urllib.parse import parse_qs, urlsplit

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "events.checkin"
_CODE = re.compile(r"^(\d+)-([A-Z2-7]{6})$")


def _signature(registration_pk: int) -> str:
    raw = signing.b64_decode(signing.Signer(salt=SALT).signature(str(registration_pk)).encode())
    return base64.b32encode(raw).decode()[:6]


def code(registration_pk: int) -> str:
    return f"{registration_pk}-{_signature(registration_pk)}"


def read(text: str) -> int | None:
    """The registration's pk from a typed code or a scanned address; None when it is not genuine."""
    text = (text or "").strip()
    if "://" in text or text.startswith("/"):
        text = parse_qs(urlsplit(text).query).get("code", [""])[0]
    text = text.upper().replace(" ", "").replace("–", "-")
    match = _CODE.match(text)
    if not match:
        return None
    pk = int(match.group(1))
    return pk if hmac.compare_digest(match.group(2), _signature(pk)) else None


def url(registration) -> str:
    """The check-in page of the registration's event, with its code."""
    page = reverse("events:check_in", kwargs={"slug": registration.event.slug})
    return f"{settings.SITE_URL}{page}?code={code(registration.pk)}"


def qr_png_base64(registration) -> str:
    """The QR code as a PNG, base64-encoded (how the email task carries a binary attachment)."""
    buffer = io.BytesIO()
    segno.make(url(registration), error="m").save(buffer, kind="png", scale=8, border=4)
    return base64.b64encode(buffer.getvalue()).decode()

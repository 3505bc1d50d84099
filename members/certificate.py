"""The membership certificate (attestation d'adhésion): a PDF a member hands to a customer, a bank or a
public buyer, with a link anyone can open to check it.

The link carries the company and the year, signed with the site's secret (django.core.signing): it
cannot be forged, needs no table, and its page says whether the company is a member today.
"""

import segno
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from jura_portal.pdf import html_to_pdf
from members.models import Company

SALT = "members.certificate"


def make_token(*, company: Company, year: int) -> str:
    return signing.dumps({"c": company.pk, "y": year}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, int] | None:
    """(company pk, year), or None for a forged or damaged link."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("c"), int)
        or not isinstance(payload.get("y"), int)
    ):
        return None
    return payload["c"], payload["y"]


def verification_url(*, company: Company, year: int) -> str:
    return settings.SITE_URL + reverse(
        "members:certificate_verify", kwargs={"token": make_token(company=company, year=year)}
    )


def certificate_pdf(company: Company, *, today=None) -> bytes:
    """The certificate for the current year; only an active member has one (the view checks)."""
    today = today or timezone.localdate()
    url = verification_url(company=company, year=today.year)
    qr = segno.make(url, error="m")
    context = {
        "association": settings.ASSOCIATION,
        "company": company,
        "year": today.year,
        "today": today,
        "verification_url": url,
        "qr_svg": qr.svg_inline(scale=3, dark="#1b1b1b"),
    }
    with translation.override("fr"):
        return html_to_pdf(render_to_string("members/pdf/certificate.html", context))


def certificate_filename(company: Company, year: int) -> str:
    return f"attestation-adhesion-{company.member_number}-{year}.pdf"

"""The signature receipt: an HTML page rendered to PDF by WeasyPrint."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from charter.models import Signature
from jura_portal.pdf import html_to_pdf

PARIS = ZoneInfo("Europe/Paris")


def receipt_context(signature: Signature) -> dict:
    version = signature.version
    return {
        "association": settings.ASSOCIATION,
        "signature": signature,
        "company": signature.company,
        "version": version,
        "signed_at": timezone.localtime(signature.signed_at, PARIS),
        # The text shown is the version's: it never changes once published, and the match is stated.
        "text_matches": version.text_sha256 == signature.text_sha256,
        "generated_at": timezone.localtime(timezone.now(), PARIS),
    }


def receipt_html(signature: Signature) -> str:
    """The receipt as HTML (what the PDF is made of), always in French."""
    with translation.override("fr"):
        return render_to_string("charter/receipt.html", receipt_context(signature))


def receipt_pdf(signature: Signature) -> bytes:
    """The receipt as PDF bytes."""
    return html_to_pdf(receipt_html(signature))


def receipt_filename(signature: Signature) -> str:
    return f"attestation-charte-v{signature.version.number}-{signature.company.siret}.pdf"

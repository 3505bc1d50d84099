"""The logo kit a member downloads while its licence is active: one ZIP.

    marque/<variant>/made-in-jura-<variant>-<size>px.png   the mark, every variant and size
    regles-d-usage-du-logo.pdf                             the usage rules, with the licence's details
    qr-verification-<code>.png / .svg                      the QR code of /licence/<code>/
    LISEZMOI.txt

The marks are the same for everybody: drawn once per version of the artwork and
kept in the private storage. A licence's ZIP is kept too, under a name that
changes whenever something printed in it changes (artwork, code, dates, name).
Both live in the storage, not in a process: every app server shares them.
"""

import zipfile
from hashlib import sha256
from io import BytesIO

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jura_portal.pdf import html_to_pdf
from licensing import artwork
from licensing.models import LogoLicense

KIT_DIR = "licensing/kits"
MARKS_DIR = "licensing/marks"


def storage():
    # Private: the kit is for licensed members only, never under a public URL.
    return storages["private"]


def verification_url(licence: LogoLicense) -> str:
    return settings.SITE_URL + reverse("licensing:verify", args=[licence.code])


def qr_code(licence: LogoLicense) -> segno.QRCode:
    # Error correction "Q" (25 %): a QR printed on a jar survives a scratch or a small logo overlay.
    return segno.make(verification_url(licence), error="q", micro=False)


def qr_png(licence: LogoLicense, *, scale: int = 12) -> bytes:
    output = BytesIO()
    qr_code(licence).save(output, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return output.getvalue()


def qr_svg(licence: LogoLicense) -> bytes:
    output = BytesIO()
    qr_code(licence).save(output, kind="svg", scale=10, border=4, xmldecl=True, svgns=True, title="")
    return output.getvalue()


def mark_file(variant: str, size: int) -> bytes:
    """The PNG of one mark, drawn once per artwork version and then read from the storage."""
    name = f"{MARKS_DIR}/{artwork.master_fingerprint()}/{variant}-{size}.png"
    store = storage()
    if store.exists(name):
        with store.open(name, "rb") as handle:
            return handle.read()
    data = artwork.mark_png(variant, size)
    store.save(name, ContentFile(data))  # a concurrent request may have saved it first: same bytes
    return data


def kit_filename(licence: LogoLicense) -> str:
    return f"made-in-jura-kit-{licence.code}-{licence.year}.zip"


def _kit_key(licence: LogoLicense) -> str:
    parts = [
        artwork.master_fingerprint(),
        licence.code,
        str(licence.year),
        licence.valid_from.isoformat(),
        licence.valid_until.isoformat(),
        licence.company.display_name,
        licence.company.member_number or "",
        settings.SITE_URL,
    ]
    return sha256("\n".join(parts).encode()).hexdigest()[:16]


def rules_pdf(licence: LogoLicense) -> bytes:
    context = {
        "licence": licence,
        "company": licence.company,
        "verification_url": verification_url(licence),
        "qr_svg": qr_code(licence).svg_inline(scale=4, border=2),
        "logo_svg": artwork.master_svg().split("?>", 1)[-1],
        "variants": artwork.variants(),
        "sizes": artwork.sizes(),
        "association": settings.ASSOCIATION,
        "generated_on": timezone.localdate(),
    }
    return html_to_pdf(render_to_string("licensing/kit/rules_pdf.html", context))


def build_kit(licence: LogoLicense) -> bytes:
    output = BytesIO()
    # PNGs are already compressed: storing them keeps the ZIP quick to build and to open.
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED) as archive:
        for variant in artwork.variants():
            for size in artwork.sizes():
                archive.writestr(
                    f"marque/{variant}/made-in-jura-{variant}-{size}px.png", mark_file(variant, size)
                )
        archive.writestr("regles-d-usage-du-logo.pdf", rules_pdf(licence))
        archive.writestr(f"qr-verification-{licence.code}.png", qr_png(licence))
        archive.writestr(f"qr-verification-{licence.code}.svg", qr_svg(licence))
        readme = render_to_string(
            "licensing/kit/lisezmoi.txt",
            {
                "licence": licence,
                "company": licence.company,
                "verification_url": verification_url(licence),
                "variants": artwork.variants(),
                "sizes": artwork.sizes(),
            },
        )
        archive.writestr("LISEZMOI.txt", readme.replace("\n", "\r\n"), compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def kit_file(licence: LogoLicense):
    """An open file of the licence's kit: built the first time, then read from the storage."""
    name = f"{KIT_DIR}/{licence.code}-{licence.year}-{_kit_key(licence)}.zip"
    store = storage()
    if not store.exists(name):
        store.save(name, ContentFile(build_kit(licence)))
    return store.open(name, "rb")

"""The logo kit: downloadable from /espace/ only while the licence is active."""

import zipfile
from io import BytesIO

import pytest
import segno
from django.urls import reverse
from PIL import Image

from licensing import artwork, kit
from licensing.models import LogoLicense
from tests.factories.licensing import licence_of
from tests.pages import page_text

Status = LogoLicense.Status
pytestmark = pytest.mark.django_db


def download(client):
    response = client.get(reverse("licensing:kit"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_an_active_licence_downloads_the_whole_kit(member_client, member_company):
    licence = licence_of(member_company, Status.ACTIVE)
    response, body = download(member_client)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="made-in-jura-kit-{licence.code}-{licence.year}.zip"'
    )
    assert "no-store" in response["Cache-Control"]

    archive = zipfile.ZipFile(BytesIO(body))
    names = set(archive.namelist())
    for variant in ("couleur", "monochrome", "fond-sombre"):
        for size in (128, 256, 512, 1024, 2048):
            assert f"marque/{variant}/made-in-jura-{variant}-{size}px.png" in names
    assert {
        "regles-d-usage-du-logo.pdf",
        f"qr-verification-{licence.code}.png",
        f"qr-verification-{licence.code}.svg",
        "LISEZMOI.txt",
    } <= names

    mark = Image.open(BytesIO(archive.read("marque/couleur/made-in-jura-couleur-512px.png")))
    assert (mark.format, mark.size, mark.mode) == ("PNG", (512, 512), "RGBA")
    assert mark.getpixel((0, 0))[3] == 0  # transparent corners
    assert mark.getpixel((256, 100))[:3] == (0x1D, 0x4F, 0x2C)  # the green disc of the master artwork
    assert archive.read("regles-d-usage-du-logo.pdf").startswith(b"%PDF-")
    readme = archive.read("LISEZMOI.txt").decode()
    assert f"https://portail.madeinjura.test/licence/{licence.code}/" in readme
    assert licence.formatted_code in readme


def test_the_qr_code_points_to_the_absolute_verification_url(member_company):
    licence = licence_of(member_company, Status.ACTIVE)
    assert kit.verification_url(licence) == f"https://portail.madeinjura.test/licence/{licence.code}/"
    qr = kit.qr_code(licence)
    assert qr.error == "Q"
    # The same modules as the QR code of the URL, and nothing else: it encodes exactly that URL.
    expected = segno.make(f"https://portail.madeinjura.test/licence/{licence.code}/", error="q", micro=False)
    assert qr.matrix == expected.matrix
    assert Image.open(BytesIO(kit.qr_png(licence))).format == "PNG"


def test_one_colour_variants_cut_the_mountains_out():
    mono = artwork.render_mark("monochrome", 256)
    dark = artwork.render_mark("fond-sombre", 256)
    # The centre of a mountain: transparent, the paper (or the dark background) shows.
    assert mono.getpixel((160, 130))[3] == 0 and dark.getpixel((160, 130))[3] == 0
    assert mono.getpixel((128, 20))[:4] == (0, 0, 0, 255)
    assert dark.getpixel((128, 20))[:4] == (255, 255, 255, 255)


@pytest.mark.parametrize("status", [Status.SUSPENDED, Status.EXPIRED, Status.REVOKED])
def test_the_kit_is_refused_when_the_licence_is_not_active(member_client, member_company, status):
    licence_of(member_company, status)
    response, body = download(member_client)
    assert response.status_code == 403
    assert "Le kit du logo n'est pas disponible" in page_text(response)
    assert not body.startswith(b"PK")
    for fmt in ("png", "svg"):
        assert member_client.get(reverse("licensing:qr", args=[fmt])).status_code == 403


def test_the_kit_is_refused_without_any_licence(member_client):
    response, _ = download(member_client)
    assert response.status_code == 403
    assert "pas de licence" in page_text(response)


def test_the_kit_is_for_signed_in_members_only(client, member_company):
    licence_of(member_company, Status.ACTIVE)
    response = client.get(reverse("licensing:kit"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_another_companys_active_licence_gives_no_kit(member_client, other_member_company):
    licence_of(other_member_company, Status.ACTIVE)
    response, _ = download(member_client)
    assert response.status_code == 403


def test_the_kit_is_built_once_then_served_from_the_storage(member_client, member_company, monkeypatch):
    licence_of(member_company, Status.ACTIVE)
    _, first = download(member_client)
    calls = []
    monkeypatch.setattr(kit, "build_kit", lambda licence: calls.append(licence) or b"rebuilt")
    _, second = download(member_client)
    assert second == first and calls == []
    # A change printed in the kit (the company's name) makes a new one.
    member_company.trade_name = "Fromagerie Vermot & Fils"
    member_company.save(update_fields=["trade_name"])
    _, third = download(member_client)
    assert third == b"rebuilt" and len(calls) == 1


def test_the_qr_code_alone_downloads_as_png_and_svg(member_client, member_company):
    licence = licence_of(member_company, Status.ACTIVE)
    png = member_client.get(reverse("licensing:qr", args=["png"]))
    svg = member_client.get(reverse("licensing:qr", args=["svg"]))
    assert (png.status_code, png["Content-Type"]) == (200, "image/png")
    assert (svg.status_code, svg["Content-Type"]) == (200, "image/svg+xml")
    assert licence.code in svg["Content-Disposition"]

"""Uploads are judged by their bytes: logos re-encoded within limits, documents real PDFs."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from core import uploads
from members.models import Application
from tests.factories.members import png_bytes

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def pdf_bytes(**catalog) -> bytes:
    """A real one-page PDF; `catalog` adds entries to its catalog (scripts, actions)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for key, value in catalog.items():
        writer._root_object[NameObject(f"/{key}")] = value
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def js_action(script: str = "app.alert('Bonjour')") -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(script)}
    )


PDF = pdf_bytes()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares huge dimensions in its header, with almost no data: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(function, file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        function(file)
    return caught.value


# --- Logos ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_png_jpeg_or_webp_logo_is_accepted_and_re_encoded_as_png(fmt):
    clean = uploads.clean_logo(upload(png_bytes(fmt=fmt), name=f"logo.{fmt.lower()}"))
    image = Image.open(BytesIO(clean.read()))
    assert image.format == "PNG"
    assert image.size == (64, 48)


def test_the_stored_logo_has_no_exif_left():
    exif = Image.Exif()
    exif[0x010E] = "Secret description"  # ImageDescription
    exif[0x0132] = "2020:01:01 10:00:00"
    original = png_bytes(fmt="JPEG", exif=exif.tobytes())
    assert Image.open(BytesIO(original)).getexif()  # the attack file does carry EXIF
    clean = uploads.clean_logo(upload(original, name="photo.jpg", content_type="image/jpeg")).read()
    image = Image.open(BytesIO(clean))
    assert not image.getexif()
    assert "exif" not in image.info
    assert b"Secret description" not in clean


def test_a_big_logo_is_shrunk_to_1024_pixels_a_side():
    clean = uploads.clean_logo(upload(png_bytes(size=(3000, 1500))))
    assert Image.open(BytesIO(clean.read())).size == (1024, 512)


def test_a_transparent_logo_keeps_its_transparency():
    clean = uploads.clean_logo(upload(png_bytes(mode="RGBA")))
    assert Image.open(BytesIO(clean.read())).mode == "RGBA"


def test_an_svg_logo_is_refused_with_a_clear_message():
    error = refusal(uploads.clean_logo, upload(SVG, name="logo.svg", content_type="image/svg+xml"))
    assert "SVG" in error.messages[0]
    assert error.code == "invalid_image"


def test_a_pdf_renamed_png_is_refused():
    error = refusal(uploads.clean_logo, upload(PDF, name="logo.png", content_type="image/png"))
    assert error.code == "invalid_image"


def test_a_gif_is_refused_although_pillow_reads_it():
    error = refusal(uploads.clean_logo, upload(png_bytes(fmt="GIF"), name="logo.png"))
    assert error.code == "invalid_image"


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    error = refusal(uploads.clean_logo, upload(png_header_only(30_000, 30_000)))
    assert error.code == "too_many_pixels"
    assert "trop grande" in error.messages[0]


def test_an_image_just_over_the_pixel_limit_is_refused(settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1_000_000
    error = refusal(uploads.clean_logo, upload(png_header_only(1001, 1000)))
    assert error.code == "too_many_pixels"


def test_a_truncated_image_is_refused():
    data = png_bytes(size=(300, 300), fmt="JPEG")
    error = refusal(uploads.clean_logo, upload(data[: len(data) // 2], name="logo.jpg"))
    assert error.code == "corrupt_image"
    assert "abîmée" in error.messages[0]


def test_a_truncated_image_is_still_refused_after_a_pdf_was_made_in_the_same_process():
    from jura_portal.pdf import html_to_pdf

    html_to_pdf("<p>Attestation</p>")  # WeasyPrint loosens Pillow globally when imported
    data = png_bytes(size=(300, 300), fmt="JPEG")
    error = refusal(uploads.clean_logo, upload(data[: len(data) // 2], name="logo.jpg"))
    assert error.code == "corrupt_image"


def test_an_oversized_logo_is_refused_with_its_size_and_the_limit(settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 1000
    error = refusal(uploads.clean_logo, upload(png_bytes(size=(200, 200)) + b"\0" * 2000))
    assert error.code == "too_large"
    assert "la limite est de 1000" in error.messages[0]


# --- Documents ---------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted():
    assert uploads.clean_pdf(upload(PDF, name="kbis.pdf", content_type="application/pdf"))


def pdf_refusal(content: bytes) -> ValidationError:
    return refusal(uploads.clean_pdf, upload(content, name="kbis.pdf", content_type="application/pdf"))


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    error = pdf_refusal(pdf_bytes(OpenAction=js_action()))
    assert error.code == "active_pdf"
    assert "contient du JavaScript" in error.messages[0]


def test_a_pdf_with_a_document_level_script_or_additional_actions_is_refused():
    names = DictionaryObject({NameObject("/JavaScript"): DictionaryObject()})
    assert pdf_refusal(pdf_bytes(Names=names)).code == "active_pdf"
    assert pdf_refusal(pdf_bytes(AA=DictionaryObject({NameObject("/O"): js_action()}))).code == "active_pdf"


def test_a_pdf_that_launches_a_program_is_refused():
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    assert pdf_refusal(pdf_bytes(OpenAction=launch)).code == "active_pdf"


def test_a_script_hidden_behind_an_escaped_name_is_found():
    hidden = PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /J#53 (x) >>")
    assert pdf_refusal(hidden).code == "active_pdf"


def test_a_pdf_opening_on_its_first_page_is_accepted():
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    # An /OpenAction that is a destination (a page), not an action: what word processors write.
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    buffer = BytesIO()
    writer.write(buffer)
    assert uploads.clean_pdf(upload(buffer.getvalue(), name="kbis.pdf", content_type="application/pdf"))


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    error = pdf_refusal(b"%PDF-1.7\nrien d'autre")
    assert error.code == "invalid_pdf"
    assert "illisible" in error.messages[0]


def test_a_text_file_renamed_pdf_is_refused():
    error = refusal(uploads.clean_pdf, upload(b"Bonjour", name="kbis.pdf", content_type="application/pdf"))
    assert error.code == "not_a_pdf"
    assert "n'est pas un PDF" in error.messages[0]


def test_an_oversized_pdf_is_refused(settings):
    settings.UPLOAD_PDF_MAX_BYTES = 100
    error = refusal(uploads.clean_pdf, upload(PDF + b"\0" * 200, name="kbis.pdf"))
    assert error.code == "too_large"


# --- Through the application's activity step ---------------------------------------------------


@pytest.fixture
def activity(sectors):
    return {"sectors": [sectors[0].pk], "description": "Fromagerie", "products": "Comté"}


URL = reverse("members:apply_step", args=[Application.Step.ACTIVITY])


def test_the_uploaded_logo_is_stored_re_encoded_under_a_random_name(applicant_client, draft, activity):
    exif = Image.Exif()
    exif[0x010E] = "Secret description"
    logo = upload(png_bytes(fmt="JPEG", exif=exif.tobytes()), name="mon-logo.jpg", content_type="image/jpeg")
    response = applicant_client.post(URL, {**activity, "logo": logo, "continue": ""})
    assert response.status_code == 302
    draft.company.refresh_from_db()
    name = draft.company.logo.name
    assert name.startswith("logos/") and name.endswith(".png") and "mon-logo" not in name
    with draft.company.logo.open("rb") as stored:
        data = stored.read()
    image = Image.open(BytesIO(data))
    assert image.format == "PNG" and not image.getexif()
    assert b"Secret description" not in data


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (SVG, "logo.svg", "pas une image PNG, JPEG ou WebP"),
        (PDF, "logo.png", "pas une image PNG, JPEG ou WebP"),
        (png_header_only(30_000, 30_000), "bombe.png", "trop grande"),
    ],
    ids=["svg", "pdf-renamed-png", "decompression-bomb"],
)
def test_a_bad_logo_is_refused_in_the_form_and_the_rest_is_kept(
    applicant_client, draft, activity, content, name, message
):
    response = applicant_client.post(URL, {**activity, "logo": upload(content, name=name), "continue": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Comté</textarea>" in content
    draft.company.refresh_from_db()
    assert not draft.company.logo
    assert Application.Step.ACTIVITY not in draft.completed_steps


def test_a_pdf_is_attached_and_a_text_file_renamed_pdf_is_not(applicant_client, draft, activity):
    fake = upload(b"juste du texte", name="kbis.pdf", content_type="application/pdf")
    response = applicant_client.post(URL, {**activity, "document_title": "Kbis", "document": fake})
    assert "n&#x27;est pas un PDF" in response.content.decode()
    assert not draft.documents.exists()

    real = upload(PDF, name="kbis.pdf", content_type="application/pdf")
    response = applicant_client.post(URL, {**activity, "document_title": "Extrait Kbis", "document": real})
    assert response["Location"] == URL
    document = draft.documents.get()
    assert document.title == "Extrait Kbis"
    assert document.size == len(PDF)
    assert document.file.name.startswith("documents/") and "kbis" not in document.file.name


def test_a_document_needs_a_title(applicant_client, draft, activity):
    real = upload(PDF, name="kbis.pdf", content_type="application/pdf")
    response = applicant_client.post(URL, {**activity, "document": real})
    assert "Donnez un intitulé à ce justificatif." in response.content.decode()
    assert not draft.documents.exists()

"""Checking what people upload: logos (images) and supporting documents (PDF).

Nothing is trusted from the file's name or the browser's content type: the
bytes decide. A logo is decoded by Pillow within size and pixel limits, then
re-encoded to a fresh PNG, which drops EXIF and every other metadata chunk
(and anything a crafted file could smuggle in). A PDF is parsed (pypdf) and
refused when it is not a valid PDF or carries JavaScript or launch actions. Used by the application's
forms and, later, by the directory's listing editor.
"""

import warnings
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
LOGO_MAX_SIDE = 1024
PDF_MAGIC = b"%PDF-"


def _check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("Ce fichier pèse %(size)s : la limite est de %(limit)s. Réduisez-le puis réessayez.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def clean_logo(upload) -> ContentFile:
    """A logo re-encoded as PNG (at most 1024 px a side, no metadata), or a French ValidationError."""
    _check_size(upload, settings.UPLOAD_IMAGE_MAX_BYTES)
    upload.seek(0)
    data = upload.read()
    not_an_image = ValidationError(
        _(
            "Ce fichier n'est pas une image PNG, JPEG ou WebP lisible. "
            "Les logos SVG, PDF ou autres formats ne sont pas acceptés : exportez votre logo en PNG."
        ),
        code="invalid_image",
    )
    too_many_pixels = ValidationError(
        _(
            "Cette image est trop grande (plus de %(limit)s millions de pixels). "
            "Réduisez ses dimensions, 1000 pixels de large suffisent pour un logo."
        )
        % {"limit": settings.UPLOAD_IMAGE_MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice its limit: make that a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data))
            if image.format not in LOGO_FORMATS:
                raise not_an_image
            # Only the header has been read so far: refuse a bomb before decoding a single pixel.
            width, height = image.size
            if width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
                raise too_many_pixels
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise too_many_pixels from error
        except UnidentifiedImageError as error:
            raise not_an_image from error
        except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt data
            raise ValidationError(
                _("Cette image est incomplète ou abîmée : enregistrez-la de nouveau puis réessayez."),
                code="corrupt_image",
            ) from error

    image = ImageOps.exif_transpose(image)  # a photo taken sideways stays upright once EXIF is gone
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    clean = Image.new(image.mode, image.size)  # a fresh image: no info dict, no EXIF, no text chunks
    clean.paste(image)
    output = BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")


# Keys that make a PDF run something when opened or clicked: refused outright.
PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/Launch"}
# Action types refused wherever they appear (an /OpenAction to a page is fine, a script is not).
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/Rendition"}


def _pdf_active_content(reader: PdfReader) -> bool:
    """True when any object reachable from the trailer carries JavaScript or a launch action.

    pypdf decodes names (`/J#53` is `/JS`) and resolves objects kept in object
    streams, so a script cannot hide behind either.
    """
    seen: set[tuple[int, int]] = set()
    pending = [reader.trailer]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if PDF_ACTIVE_KEYS & set(item.keys()) or item.get("/S") in PDF_ACTIVE_ACTIONS:
                return True
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return False


def clean_pdf(upload):
    """The upload if it is a real PDF within the size limit, without scripts, or a French ValidationError."""
    _check_size(upload, settings.UPLOAD_PDF_MAX_BYTES)
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            _(
                "Ce fichier n'est pas un PDF. Enregistrez votre document au format PDF "
                "(« Imprimer » puis « Enregistrer au format PDF ») et réessayez."
            ),
            code="not_a_pdf",
        )
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("Ce PDF est protégé par un mot de passe : enregistrez-le sans protection et réessayez."),
                code="encrypted_pdf",
            )
        if len(reader.pages) == 0:
            raise PdfReadError("no page")
        active = _pdf_active_content(reader)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise ValidationError(
            _(
                "Ce PDF est illisible ou abîmé. Enregistrez de nouveau votre document au format PDF "
                "(« Imprimer » puis « Enregistrer au format PDF ») et réessayez."
            ),
            code="invalid_pdf",
        ) from error
    finally:
        upload.seek(0)
    if active:
        raise ValidationError(
            _(
                "Ce PDF contient du JavaScript ou des actions automatiques : nous ne l'acceptons pas. "
                "Imprimez-le au format PDF (« Imprimer » puis « Enregistrer au format PDF ») pour obtenir "
                "un document simple, puis réessayez."
            ),
            code="active_pdf",
        )
    return upload

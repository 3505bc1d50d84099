"""HTML to PDF with WeasyPrint, for receipts and invoices: nothing is fetched from outside."""

from PIL import ImageFile


def _refuse_fetch(url: str, *args, **kwargs):
    # Our documents need nothing from outside: a link in a text must never be fetched.
    raise ValueError(f"PDF documents do not load external resources ({url}).")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import: only when a document is asked for

    # Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES to True,
    # which would make the upload checks accept truncated images from then on.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()

"""The member's dues pages (/espace/cotisations/): invoices, PDFs, receipts."""

from django.http import HttpRequest

from members.models import Company


def dues_card(request: HttpRequest, company: Company) -> str:
    """The /espace/ card: what is due."""
    return ""

"""The dues' part of a person's data (core.personal_data): the invoices of the company they own.

Invoices are kept on erasure (10 years, Code de commerce L123-22): a company that has one is
never deleted as an applicant file."""

from core.personal_data import Archive
from dues.models import Invoice


def export(user, *, company, archive: Archive) -> dict:
    if company is None:
        return {}
    return {
        "factures": [
            {
                "numero": invoice.number,
                "annee": invoice.year,
                "montant_centimes": invoice.amount_cents,
                "emise_le": invoice.issued_on,
                "statut": invoice.status,
                "payee_le": invoice.paid_on,
            }
            for invoice in Invoice.objects.filter(company=company).order_by("issued_on", "number")
        ]
    }


def keeps_company(company) -> bool:
    return Invoice.objects.filter(company=company).exists()

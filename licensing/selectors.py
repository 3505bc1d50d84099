"""Reads other apps use (the directory's member pages), in a constant number of queries.

companies = Company.objects.prefetch_related(valid_licence_prefetch(), approved_labels_prefetch())
licence = current_licence(company)        # a LogoLicense valid today, or None
labels = company.approved_labels          # approved ProductLabels, by name
"""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from licensing.models import LogoLicense, ProductLabel
from members.models import Company


def valid_licence_prefetch(day: date | None = None) -> Prefetch:
    """Puts the licence valid on `day` (at most one: years do not overlap) in `company.valid_licences`."""
    return Prefetch(
        "logo_licenses",
        queryset=LogoLicense.objects.valid_on(day).order_by("-year"),
        to_attr="valid_licences",
    )


def approved_labels_prefetch() -> Prefetch:
    """Puts the company's approved product labels in `company.approved_labels`."""
    return Prefetch("product_labels", queryset=ProductLabel.objects.approved(), to_attr="approved_labels")


def current_licence(company: Company) -> LogoLicense | None:
    """The company's licence valid today, or None. Uses the prefetch when present (no query)."""
    if hasattr(company, "valid_licences"):
        return company.valid_licences[0] if company.valid_licences else None
    return (
        LogoLicense.objects.valid_on(timezone.localdate()).filter(company=company).order_by("-year").first()
    )


def approved_labels(company: Company) -> list[ProductLabel]:
    """The company's approved product labels. Uses the prefetch when present (no query)."""
    if hasattr(company, "approved_labels"):
        return company.approved_labels
    return list(ProductLabel.objects.approved().filter(company=company))

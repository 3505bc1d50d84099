"""Fee schedules and invoices, issued through the real services."""

from datetime import date

from dues import services
from dues.models import FeeSchedule, Invoice
from members.models import Company
from tests.factories.members import CompanyFactory


def fee_schedules(year: int, amount_cents: int = 24_000) -> list[FeeSchedule]:
    """A fee for every size band of `year` (the same amount, enough for most tests)."""
    return [
        FeeSchedule.objects.update_or_create(
            year=year, size_band=band, defaults={"amount_cents": amount_cents}
        )[0]
        for band in Company.SizeBand.values
    ]


def renewing_company(**kwargs) -> Company:
    """An active member company since an earlier year (its dues are renewals, in full)."""
    kwargs.setdefault("member_since", date(2020, 3, 1))
    return CompanyFactory(**kwargs)


def issued_invoice(
    company: Company | None = None, *, year: int = 2027, today: date | None = None, amount_cents: int = 24_000
) -> Invoice:
    company = company or renewing_company()
    if not FeeSchedule.objects.filter(year=year, size_band=company.size_band).exists():
        fee_schedules(year, amount_cents)
    return services.invoice_issue(
        company=company, year=year, acting_user=None, today=today or date(year, 1, 5)
    )

"""The dues' share of the bench: one invoice per seeded member for the current year, most of them paid.

The dues pages are all behind a login (the member's /espace/cotisations/ and the
admin), so this area adds data (the admin list and the directory's "dues in good
standing" rule run over it) and no public page.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from bench.seed import BATCH_SIZE, batched
from dues.models import FeeSchedule, Invoice, NumberSequence, Payment
from members.models import Company

PARIS = ZoneInfo("Europe/Paris")
FEE_CENTS = 24_000


def seed_invoices(scale: float) -> int | None:
    """One invoice per member (bulk, numbered in order), 85 % paid, a few overdue past the grace period."""
    companies = list(
        Company.objects.exclude(member_number=None)
        .order_by("pk")
        .values_list("pk", "legal_name", "siret", "member_number")
    )
    if not companies:
        return None  # bench.directory has not seeded its companies yet: try again next run
    rng = random.Random(4_2027)
    year = timezone.localdate().year
    issued_on = date(year, 1, 5)
    for band in Company.SizeBand.values:
        FeeSchedule.objects.get_or_create(year=year, size_band=band, defaults={"amount_cents": FEE_CENTS})
    invoices = []
    for n, (pk, name, siret, member_number) in enumerate(companies, start=1):
        roll = rng.random()
        paid = roll < 0.85
        invoices.append(
            Invoice(
                number=f"MIJ-{year}-{n:05d}",
                company_id=pk,
                year=year,
                kind=Invoice.Kind.RENEWAL,
                description=f"Cotisation annuelle Made in Jura {year}",
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                amount_cents=FEE_CENTS,
                issued_on=issued_on,
                due_on=issued_on + timedelta(days=30),
                status=Invoice.Status.PAID if paid else Invoice.Status.ISSUED,
                paid_on=issued_on + timedelta(days=rng.randrange(1, 60)) if paid else None,
                buyer_name=name,
                buyer_address="1 rue de la Gare, 39000 Lons-le-Saunier",
                buyer_siret=siret,
                buyer_member_number=member_number or "",
            )
        )
    for batch in batched(invoices, BATCH_SIZE):
        Invoice.objects.bulk_create(batch)
    NumberSequence.objects.update_or_create(prefix="MIJ", year=year, defaults={"last": len(invoices)})
    payments = [
        Payment(
            invoice=invoice,
            provider=rng.choice(
                [Payment.Provider.HELLOASSO, Payment.Provider.TRANSFER, Payment.Provider.CHEQUE]
            ),
            provider_reference=f"bench-{invoice.number}",
            status=Payment.Status.SUCCEEDED,
            amount_cents=FEE_CENTS,
            paid_at=datetime.combine(invoice.paid_on, time(12), tzinfo=PARIS),
        )
        for invoice in invoices
        if invoice.status == Invoice.Status.PAID
    ]
    for batch in batched(payments, BATCH_SIZE):
        Payment.objects.bulk_create(batch)
    return len(invoices) + len(payments)


SEEDERS = [seed_invoices]

"""The licensing share of the bench: a licence for each of the directory's companies, and its pages.

Runs after bench.directory (which seeds the companies); skipped until they exist.
The verification page is measured as a consumer reaches it, rate-limit counter
included; the bench sends every request from one address, so the limit is raised
for the bench's server (which inherits this process's environment).
"""

import os
import random
import secrets
from datetime import date

from django.utils import timezone

from bench.pages import Page
from bench.seed import BATCH_SIZE, batched
from licensing.models import CODE_ALPHABET, CODE_LENGTH, LogoLicense, ProductLabel
from members.models import Company

os.environ.setdefault("LICENCE_VERIFY_RATE", "1000000/m")

LICENCE_STATUS = {
    Company.Status.ACTIVE: LogoLicense.Status.ACTIVE,
    Company.Status.SUSPENDED: LogoLicense.Status.SUSPENDED,
    Company.Status.LAPSED: LogoLicense.Status.SUSPENDED,
    Company.Status.RESIGNED: LogoLicense.Status.REVOKED,
    Company.Status.EXCLUDED: LogoLicense.Status.REVOKED,
}
PRODUCTS = ["Comté AOP 18 mois", "Morbier fermier", "Vin jaune", "Montures en épicéa", "Jouets en hêtre"]


def seed_licences(scale: float) -> int | None:
    """This year's licence for every member company; approved products for one in ten."""
    companies = list(Company.objects.members().order_by("pk").values_list("pk", "status"))
    if not companies:
        return None  # bench.directory has not seeded its companies yet
    rng = random.Random(5_005)
    year = timezone.localdate().year
    now = timezone.now()
    codes: set[str] = set()
    while len(codes) < len(companies):
        codes.add("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
    licences = [
        LogoLicense(
            company_id=pk,
            year=year,
            code=code,
            valid_from=date(year, 1, 1),
            valid_until=date(year, 12, 31),
            status=LICENCE_STATUS.get(status, LogoLicense.Status.SUSPENDED),
            paid_at=now if status == Company.Status.ACTIVE else None,
        )
        for (pk, status), code in zip(companies, sorted(codes), strict=True)
    ]
    for batch in batched(licences):
        LogoLicense.objects.bulk_create(batch)
    labels = [
        ProductLabel(
            company_id=pk,
            name=name,
            description=f"{name} fabriqué dans le Jura.",
            photo="",
            quality_reason="Fabrication locale.",
            status=ProductLabel.Status.APPROVED,
            decided_at=now,
        )
        for pk, status in companies
        if status == Company.Status.ACTIVE and rng.random() < 0.1
        for name in rng.sample(PRODUCTS, 3)
    ]
    ProductLabel.objects.bulk_create(labels, batch_size=BATCH_SIZE)
    return len(licences) + len(labels)


def _licence_with_labels() -> str:
    from django.urls import reverse

    licence = (
        LogoLicense.objects.valid_on()
        .filter(company__product_labels__status=ProductLabel.Status.APPROVED)
        .order_by("pk")
        .first()
    )
    return reverse("licensing:verify", args=[licence.code]) if licence else reverse("licensing:lookup")


def _suspended_licence() -> str:
    from django.urls import reverse

    licence = LogoLicense.objects.filter(status=LogoLicense.Status.SUSPENDED).order_by("pk").first()
    return reverse("licensing:verify", args=[licence.code]) if licence else reverse("licensing:lookup")


SEEDERS = [seed_licences]
PAGES = [
    Page("licence verification (valid)", _licence_with_labels),
    Page("licence verification (not valid)", _suspended_licence),
]

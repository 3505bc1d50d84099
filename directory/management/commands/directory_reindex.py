"""Decide again who the public sees, rewrite every listing's search data, and give each member
without one its listing. Idempotent.

Schedule it daily after `dues_lapse` and `charter_campaign`: whether a member is listed
depends on time (the dues' grace period and a charter version's re-signing campaign end on
their own), which no event announces. Every other
input (status, signature, charter version, invoices, the member's choice) updates
the listing as it changes. Also run it after bulk changes that bypass the models'
signals (load_reference renaming communes or trades, a data import).
`--public-only` skips the search data (two UPDATEs in all).
"""

from django.core.management.base import BaseCommand

from directory import services
from members.models import Company


class Command(BaseCommand):
    help = (
        "Recalcule qui figure dans l'annuaire public et les données de recherche"
        " (et crée les fiches manquantes des adhérents)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--public-only",
            action="store_true",
            help="Ne recalcule que la visibilité des fiches (rapide), pas les données de recherche.",
        )

    def handle(self, *args, public_only: bool = False, **options) -> None:
        created = 0
        for company in Company.objects.members().filter(listing__isnull=True):
            services.listing_ensure(company=company)
            created += 1
        refreshed = 0 if public_only else services.listings_refresh_search(companies=Company.objects.all())
        changed = services.listings_refresh_public()
        self.stdout.write(
            f"{refreshed} fiches recalculées, dont {created} créées ; visibilité changée pour {changed} fiches."
        )

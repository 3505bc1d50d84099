"""Rewrite every listing's search data, and give each member without one its listing. Idempotent.

Run after bulk changes that bypass the models' signals (load_reference renaming
communes or trades, a data import); nothing needs it on a schedule.
"""

from django.core.management.base import BaseCommand

from directory import services
from members.models import Company


class Command(BaseCommand):
    help = "Recalcule les données de recherche de l'annuaire (et crée les fiches manquantes des adhérents)."

    def handle(self, *args, **options) -> None:
        created = 0
        for company in Company.objects.members().filter(listing__isnull=True):
            services.listing_ensure(company=company)
            created += 1
        refreshed = services.refresh_listings(Company.objects.all())
        self.stdout.write(f"{refreshed} fiches recalculées, dont {created} créées.")

"""`manage.py load_reference`: load the territory and the trades (run by `make run` and the bench)."""

from django.core.management.base import BaseCommand

from core.groups import ensure_groups
from reference.loaders import load_sectors, load_territory


class Command(BaseCommand):
    help = (
        "Charge le référentiel : communes et intercommunalités du Jura, métiers. Sans effet s'il est à jour."
    )

    def handle(self, *args, **options):
        territory = load_territory()
        sectors = load_sectors()
        groups = ensure_groups()
        if options["verbosity"] >= 2:
            for label, counts in [
                ("intercommunalités", territory.epcis),
                ("communes", territory.communes),
                ("communes déléguées ou associées", territory.former_communes),
                ("métiers", sectors),
            ]:
                self.stdout.write(f"{label} : {counts.created} créé(e)s, {counts.updated} mis(es) à jour")
        self.stdout.write(
            f"Référentiel chargé : {territory.communes.total} communes "
            f"(et {territory.former_communes.total} communes déléguées ou associées), "
            f"{territory.epcis.total} intercommunalités, {sectors.total} métiers, "
            f"{len(groups)} groupes d'équipe."
        )

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jura_portal import demo


class Command(BaseCommand):
    help = "Load the fictional demo data set (idempotent). Development only: it has a public staff password."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("The demo data has a public staff password: run it with DJANGO_DEBUG=1.")
        summary = demo.load_all()
        self.stdout.write(f"Données de démonstration : {', '.join(summary)}.")

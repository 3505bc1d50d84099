"""The day-before reminder to every confirmed person (run daily, or hourly: each person gets it once)."""

from django.core.management.base import BaseCommand

from events import services


class Command(BaseCommand):
    help = "Envoie le rappel de la veille aux inscrits confirmés (une seule fois par inscription)."

    def handle(self, *args, **options) -> None:
        sent = services.event_reminders_send()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")

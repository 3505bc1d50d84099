"""Delete background tasks that succeeded long ago (failed ones stay for staff to see and retry)."""

from django.core.management.base import BaseCommand
from procrastinate import sql
from procrastinate.contrib.django import app


class Command(BaseCommand):
    help = "Supprime les tâches de fond réussies depuis plus de --days jours (30 par défaut)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options) -> None:
        app.connector.execute_query(
            query=sql.queries["delete_old_jobs"], nb_hours=days * 24, queue=None, statuses=["succeeded"]
        )
        self.stdout.write(f"Tâches réussies depuis plus de {days} jours supprimées.")

"""Delete finished background tasks, and the record of sent e-mails, after the periods stated on
/confidentialite/: a task's arguments hold a copy of the e-mail it sends (recipient, subject, body).

Succeeded tasks and sent-e-mail records go after --days (30); failed or cancelled tasks stay longer
(--failed-days, 90) for staff to see and retry, then go too. Tasks still waiting are never touched.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from procrastinate import sql
from procrastinate.contrib.django import app

from jura_portal.models import SentEmail


class Command(BaseCommand):
    help = (
        "Supprime les tâches de fond réussies (et la trace des e-mails envoyés) depuis plus de --days "
        "jours (30 par défaut), échouées ou annulées depuis plus de --failed-days jours (90 par défaut)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--failed-days", type=int, default=90)

    def handle(self, *args, days: int, failed_days: int, **options) -> None:
        for statuses, age in ((["succeeded"], days), (["failed", "cancelled", "aborted"], failed_days)):
            app.connector.execute_query(
                query=sql.queries["delete_old_jobs"], nb_hours=age * 24, queue=None, statuses=statuses
            )
        sent, _ = SentEmail.objects.filter(sent_at__lt=timezone.now() - timedelta(days=days)).delete()
        self.stdout.write(
            f"Tâches réussies depuis plus de {days} jours, échouées depuis plus de {failed_days} jours "
            f"supprimées ; {sent} trace(s) d'e-mail envoyé supprimée(s)."
        )

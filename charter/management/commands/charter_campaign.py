"""The re-signing campaign's daily job: reminders before the deadline, suspensions after it.

Run it once a day (cron, systemd timer). It is idempotent: running it twice sends nothing twice.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from charter.models import CharterVersion
from charter.services import charter_campaign_tick


class Command(BaseCommand):
    help = "Campagne de signature de la charte : relances avant l'échéance, suspensions après."

    def handle(self, *args, **options) -> None:
        with override("fr"):
            counts = charter_campaign_tick()
            version = CharterVersion.objects.current()
            if version is None or version.signing_deadline is None:
                self.stdout.write(_("Aucune campagne de signature en cours : rien à faire."))
                return
            self.stdout.write(
                _(
                    "Charte v%(n)s, date limite le %(date)s : %(reminders)s relance(s) envoyée(s), %(suspended)s entreprise(s) suspendue(s)."
                )
                % {
                    "n": version.number,
                    "date": version.signing_deadline.strftime("%d/%m/%Y"),
                    "reminders": counts["reminders"],
                    "suspended": counts["suspended"],
                }
            )
            if counts["skipped"]:
                self.stdout.write(
                    _(
                        "%(n)s entreprise(s) laissée(s) de côté : leur situation a changé pendant le traitement."
                    )
                    % {"n": counts["skipped"]}
                )

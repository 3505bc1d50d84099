"""Send the dues reminders: before the due date and after it, at DUES_REMINDER_DAYS_BEFORE/AFTER.

Run it once a day. Idempotent: each reminder goes once per invoice (recorded in Reminder).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from dues.reminders import dues_send_reminders


class Command(BaseCommand):
    help = "Cotisations : envoie les rappels avant l'échéance et les relances après."

    def handle(self, *args, **options) -> None:
        with override("fr"):
            sent = dues_send_reminders()
            self.stdout.write(_("%(n)s rappel(s) de cotisation envoyé(s).") % {"n": sent})

"""Members whose dues stay unpaid DUES_GRACE_DAYS after the due date lapse (directory, licence).

Run it once a day. Idempotent: a lapsed member is not lapsed again; paying reactivates it.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from dues.reminders import dues_lapse


class Command(BaseCommand):
    help = "Cotisations : passe en défaut de cotisation les adhérents impayés après le délai de grâce."

    def handle(self, *args, **options) -> None:
        with override("fr"):
            lapsed = dues_lapse()
            self.stdout.write(_("%(n)s adhérent(s) passé(s) en défaut de cotisation.") % {"n": lapsed})

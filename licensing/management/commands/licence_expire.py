"""Expire the logo licences whose last day has passed.

Run it once a day, shortly after midnight (cron, systemd timer). It is idempotent:
a licence expires once, and running the job twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from licensing import services
from licensing.models import LogoLicense


class Command(BaseCommand):
    help = "Licences du logo : passe en « expirée » celles dont la date de fin est dépassée."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        due = LogoLicense.objects.live().filter(Q(valid_until__lt=today)).order_by("pk")
        expired = 0
        with override("fr"):
            for licence in due.iterator():
                expired += services.licence_expire(licence=licence, today=today)
            self.stdout.write(_("%(n)s licence(s) expirée(s).") % {"n": expired})

"""Issue each membership year's invoices: renewals of every member, first invoices still missing.

Run it once a day (cron, systemd timer). It is idempotent: a member that has an
invoice for the year gets no other. From DUES_RENEWAL_OPENS (1 December by
default) it also issues next year's renewals.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from dues.models import FeeSchedule
from dues.services import dues_renew


class Command(BaseCommand):
    help = "Cotisations : émet les factures de l'année (renouvellements) des adhérents qui n'en ont pas."

    def handle(self, *args, **options) -> None:
        with override("fr"):
            counts = dues_renew()
            for year, issued in counts.items():
                self.stdout.write(
                    _("Année %(year)s : %(n)s facture(s) émise(s).") % {"year": year, "n": issued}
                )
            for year in years_to_invoice_missing_fees(counts):
                self.stderr.write(
                    _(
                        "Attention : aucun barème de cotisation pour %(year)s, rien n'a été émis pour cette année."
                    )
                    % {"year": year}
                )


def years_to_invoice_missing_fees(counts: dict[int, int]) -> list[int]:
    return [year for year in counts if not FeeSchedule.objects.filter(year=year).exists()]

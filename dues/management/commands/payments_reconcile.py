"""Re-check with HelloAsso / Stripe every online checkout that is not final (see dues/reconcile.py).

Run by the worker every 15 minutes (jura_portal/schedule.py). Idempotent.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from dues.reconcile import payments_reconcile


class Command(BaseCommand):
    help = "Paiements : redemande au prestataire l'état des paiements en ligne non finalisés."

    def handle(self, *args, **options) -> None:
        with override("fr"):
            report = payments_reconcile()
            self.stdout.write(
                _(
                    "%(checked)s paiement(s) vérifié(s) : %(paid)s reçu(s), %(failed)s échoué(s), "
                    "%(unreachable)s à revoir (prestataire injoignable)."
                )
                % vars(report)
            )

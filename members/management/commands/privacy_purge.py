"""Retention purges (RGPD), with the periods /confidentialite/ states (members.privacy).

Run it once a day. Idempotent: what was purged is gone or anonymised, a second run finds
nothing more; a run killed half way leaves each purged item whole (one transaction each).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from jura_portal import pagecache, ratelimit
from members import privacy


class Command(BaseCommand):
    help = (
        "Données personnelles : supprime les comptes jamais confirmés, efface les comptes inutilisés, "
        "les dossiers de candidature abandonnés, les données d'événements anciens et les copies périmées "
        "des pages publiques."
    )

    def handle(self, *args, **options) -> None:
        with override("fr"):
            unverified = privacy.unverified_accounts_purge()
            inactive = privacy.inactive_accounts_purge()
            files = privacy.applicant_files_purge()
            others = privacy.app_data_purge()  # each app's own data (core.personal_data: events.privacy)
            pages = pagecache.purge_outdated()  # older copies of public pages (a phone since hidden)
            ratelimit.purge_expired()  # rate-limit counters of windows gone (client addresses)
            self.stdout.write(
                _(
                    "%(unverified)s compte(s) jamais confirmé(s) supprimé(s), %(inactive)s compte(s) inutilisé(s) "
                    "effacé(s), %(files)s dossier(s) de candidature supprimé(s), %(guests)s inscription(s) "
                    "d'invité non confirmée(s) supprimée(s), %(registrations)s inscription(s) ancienne(s) "
                    "anonymisée(s), %(pages)s page(s) publique(s) périmée(s) supprimée(s)."
                )
                % {
                    "unverified": unverified,
                    "inactive": inactive,
                    "files": files,
                    "guests": others.get("unconfirmed_guests_deleted", 0),
                    "registrations": others.get("registrations_anonymised", 0),
                    "pages": pages,
                }
            )

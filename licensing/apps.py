from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import TREASURER, VETTING_COMMITTEE


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = _("Licences du logo")
    # Its part of a person's data: export, erasure (core.personal_data).
    personal_data = "licensing.privacy"
    # The audit trail's labels for this app's records (read by core.history).
    audit_labels = {
        "licence.granted": _("Licence créée"),
        "licence.paid": _("Cotisation de l'année payée"),
        "licence.activated": _("Licence active"),
        "licence.suspended": _("Licence suspendue"),
        "licence.revoked": _("Licence révoquée"),
        "licence.expired": _("Licence expirée"),
        "licence.dates_aligned": _("Dates alignées sur la facture"),
        "label.requested": _("Label demandé"),
        "label.approved": _("Label accordé"),
        "label.rejected": _("Label refusé"),
        "label.withdrawn": _("Label retiré"),
    }
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    staff_groups = {
        VETTING_COMMITTEE: [
            "view_logolicense",
            "revoke_logolicense",
            "view_productlabel",
            "review_productlabel",
        ],
        TREASURER: ["view_logolicense"],
    }

    def ready(self) -> None:
        from core import space_cards
        from licensing import receivers  # noqa: F401  (connects the signal receivers)
        from licensing.views import space_card

        if space_card not in space_cards.SIDE:
            space_cards.SIDE.append(space_card)

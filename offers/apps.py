from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import EVENTS_TEAM


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Offres entre adhérents")
    # The audit trail's labels for what this app records (read by core.history).
    audit_labels = {
        "offer.published": _("Offre publiée"),
        "offer.updated": _("Offre modifiée"),
        "offer.withdrawn": _("Offre retirée par l'entreprise"),
        "offer.republished": _("Offre remise en ligne par l'entreprise"),
        "offer.hidden": _("Offre masquée par l'équipe"),
        "offer.restored": _("Offre rétablie par l'équipe"),
    }
    # Its part of a person's data: export, erasure (core.personal_data).
    personal_data = "offers.privacy"
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    # The events team runs the members' Christmas market, hence moderates the offers.
    staff_groups = {EVENTS_TEAM: ["view_offer", "change_offer"]}

    def ready(self) -> None:
        from core import space_cards
        from offers.views import space_card

        if space_card not in space_cards.SIDE:
            space_cards.SIDE.append(space_card)

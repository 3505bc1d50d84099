from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from members.groups import TREASURER, VETTING_COMMITTEE


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = _("Licences du logo")
    # What each staff group may do with this app's models (collected by members.groups.ensure_groups).
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
        from licensing import receivers  # noqa: F401  (connects the signal receivers)
        from licensing.views import space_card
        from members import space_cards

        if space_card not in space_cards.SIDE:
            space_cards.SIDE.append(space_card)

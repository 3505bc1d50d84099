from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import VETTING_COMMITTEE


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Annuaire")
    # Its part of a person's data: export, erasure (core.personal_data).
    personal_data = "directory.privacy"
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    staff_groups = {
        VETTING_COMMITTEE: ["view_listing", "change_listing", "view_listingchange", "change_listingchange"],
    }

    def ready(self) -> None:
        from core import space_cards
        from directory import receivers  # noqa: F401 - connects the signal receivers
        from directory.views.space import space_card

        if space_card not in space_cards.SIDE:
            space_cards.SIDE.append(space_card)

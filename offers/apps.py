from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Offres entre adhérents")

    def ready(self) -> None:
        from members import space_cards
        from offers.views import space_card

        if space_card not in space_cards.SIDE:
            space_cards.SIDE.append(space_card)

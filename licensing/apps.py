from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = _("Licences du logo")

    def ready(self) -> None:
        from licensing import receivers  # noqa: F401  (connects the signal receivers)
        from licensing.views import space_card
        from members import space_cards

        if space_card not in space_cards.SIDE:
            space_cards.SIDE.append(space_card)

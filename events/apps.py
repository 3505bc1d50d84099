from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")

    def ready(self) -> None:
        from events import receivers  # noqa: F401 - connects the receivers
        from events.views_space import registrations_card
        from members import space_cards

        space_cards.MAIN.append(registrations_card)

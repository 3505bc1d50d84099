from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")

    def ready(self) -> None:
        from events.models import Event, Registration, SpeedDatingSchedule
        from jura_portal import pagecache

        # Seats left, the waiting list, a cancellation: the public event pages follow every change.
        pagecache.watch(Event, Registration, SpeedDatingSchedule)
        from events.views_space import registrations_card
        from members import space_cards

        space_cards.MAIN.append(registrations_card)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import EVENTS_TEAM


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")
    # Its part of a person's data: export, erasure (core.personal_data).
    personal_data = "events.privacy"
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    # Check-in needs change_registration; the speed-dating table plan view_speeddatingschedule.
    audit_detail_labels = {"registrations": _("inscriptions")}
    staff_groups = {
        EVENTS_TEAM: [
            "view_event",
            "add_event",
            "change_event",
            "view_registration",
            "change_registration",
            "view_speeddatingschedule",
            "add_speeddatingschedule",
            "change_speeddatingschedule",
            "view_speeddatingseat",
        ],
    }

    def ready(self) -> None:
        from events import receivers  # noqa: F401 - connects the receivers
        from events.models import Event, Registration, SpeedDatingSchedule
        from jura_portal import pagecache

        # Seats left, the waiting list, a cancellation: the public event pages follow every change.
        pagecache.watch(Event, Registration, SpeedDatingSchedule)
        from core import space_cards
        from events.views_space import registrations_card

        space_cards.MAIN.append(registrations_card)

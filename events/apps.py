from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import EVENTS_TEAM


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")
    # The audit trail's labels for what this app records (read by core.history).
    audit_labels = {
        "event.published": _("Événement publié"),
        "event.territory_invited": _("Adhérents du territoire invités"),
        "event.updated": _("Événement modifié"),
        "event.moved": _("Date, heure ou lieu changés"),
        "event.change_notified": _("Inscrits prévenus du changement"),
        "event.cancelled": _("Événement annulé"),
        "event.duplicated": _("Événement dupliqué"),
        "registration.created": _("Inscription"),
        "registration.requested": _("Inscription demandée (invité, à confirmer)"),
        "registration.confirmed_by_guest": _("Inscription confirmée par l'invité"),
        "registration.promoted": _("Place obtenue depuis la liste d'attente"),
        "registration.cancelled": _("Inscription annulée"),
        "registration.checked_in": _("Présence pointée"),
        "registration.check_in_undone": _("Pointage annulé"),
        "speeddating.generated": _("Planning de speed-dating généré"),
        "speeddating.regenerated": _("Planning de speed-dating regénéré"),
    }
    audit_detail_labels = {
        "registrations": _("inscriptions"),
        "from": _("copie de l'événement n°"),
        "sequence": _("version du fichier agenda"),
        "participants": _("participants"),
        "rounds": _("tours"),
        "group_size": _("personnes par table"),
        "same_trade_meetings": _("rencontres entre entreprises du même métier"),
    }
    # Its part of a person's data: export, erasure (core.personal_data).
    personal_data = "events.privacy"
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    # Check-in needs change_registration; the speed-dating table plan view_speeddatingschedule.
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
        from events.views.space import registrations_card

        space_cards.MAIN.append(registrations_card)

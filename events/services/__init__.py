"""Every change to an event or a registration: one function per arrow, named `<thing>_<verb>`.

events.py: staff's moves on an event (publish, update, move, cancel, duplicate...);
registrations.py: seats taken, confirmed, cancelled, checked in; reminders.py: the day-before email;
seats.py: what they share (the event's lock, the waiting list, the emails); speeddating.py: the tables
of a speed-dating. Views and admins call `services.<name>`: the names below are the package's API.
"""

from events.services.events import (
    EDITABLE_FIELDS,
    SCHEDULE_FIELDS,
    EventUpdate,
    event_cancel,
    event_change_recipients,
    event_duplicate,
    event_move,
    event_notify_change,
    event_publish,
    event_update,
    territory_invitation_count,
    unique_slug,
)
from events.services.registrations import (
    registration_cancel,
    registration_check_in,
    registration_check_in_undo,
    registration_confirm_by_guest,
    registration_create_by_staff,
    registration_create_for_guest,
    registration_create_for_member,
)
from events.services.reminders import event_reminders_send
from events.services.seats import waitlist_position

__all__ = [
    "EDITABLE_FIELDS",
    "SCHEDULE_FIELDS",
    "EventUpdate",
    "event_cancel",
    "event_change_recipients",
    "event_duplicate",
    "event_move",
    "event_notify_change",
    "event_publish",
    "event_reminders_send",
    "event_update",
    "registration_cancel",
    "registration_check_in",
    "registration_check_in_undo",
    "registration_confirm_by_guest",
    "registration_create_by_staff",
    "registration_create_for_guest",
    "registration_create_for_member",
    "territory_invitation_count",
    "unique_slug",
    "waitlist_position",
]

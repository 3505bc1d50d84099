"""The events' admin: events (events.py, with attendance.py's pages), registrations, speed-dating."""

from events.admin.events import EventAdmin
from events.admin.registrations import RegistrationAdmin
from events.admin.speeddating import SpeedDatingScheduleAdmin

__all__ = ["EventAdmin", "RegistrationAdmin", "SpeedDatingScheduleAdmin"]

"""The events' domain errors: a move the rules do not allow; the message is for the person who tried."""

from core.errors import PortalError


class EventError(PortalError):
    """A move the event rules do not allow; the message is French and shown as it is.

    `field` names the event's field the refusal is about, when there is one (the admin shows the
    message next to it).
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class SpeedDatingError(PortalError):
    """A generation the rules do not allow; the message is for the staff member who tried."""

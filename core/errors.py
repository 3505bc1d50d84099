"""The one base of every domain error.

Each app keeps its own errors in `<app>/errors.py`, subclasses of `PortalError`. The message is
French and meant for the person who tried: views show it as a message, the staff-moves admin as
an error next to the object, without knowing which app raised it.
"""


class PortalError(Exception):
    """A move the portal's rules do not allow; the message is for the person who tried."""

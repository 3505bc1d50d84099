from core.errors import PortalError


class DuesError(PortalError):
    """A dues move the rules do not allow; the message is for the person who tried."""

from core.errors import PortalError


class CharterError(PortalError):
    """A charter move the rules do not allow; the message is for the person who tried."""

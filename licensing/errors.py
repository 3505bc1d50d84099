from core.errors import PortalError


class LicensingError(PortalError):
    """A licence or label move the rules do not allow; the message is for the person who tried."""

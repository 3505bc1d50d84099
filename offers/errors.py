from core.errors import PortalError


class OfferError(PortalError):
    """A move on an offer that the rules do not allow; the message is for the person who tried."""

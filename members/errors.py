from core.errors import PortalError


class MembershipError(PortalError):
    """A move the membership rules do not allow; the message is for the person who tried."""

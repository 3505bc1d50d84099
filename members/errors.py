from core.errors import PortalError


class MembershipError(PortalError):
    """A move the membership rules do not allow; the message is for the person who tried."""


class InvitationError(PortalError):
    """The link cannot be used; `expired` tells a link that was good once from a broken one."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired

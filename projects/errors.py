"""The collective-projects domain's error: a refused transition, with a French message for the person."""

from core.errors import PortalError


class ProjectError(PortalError):
    """A transition of the projects domain was refused; str(error) is the message shown to the person."""

from core.errors import PortalError


class DirectoryError(PortalError):
    """A move the directory refuses; the message is French and shown as it is."""

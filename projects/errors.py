"""The collective-projects domain's error: a refused transition, with a French message for the person."""


# TODO(core): subclass core.errors.PortalError once the Core commit is on main (rebase), instead of Exception.
class ProjectError(Exception):
    """A transition of the projects domain was refused; str(error) is the message shown to the person."""

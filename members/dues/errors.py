class DuesError(Exception):
    """A dues move the rules do not allow; the message is for the person who tried."""

class LicensingError(Exception):
    """A licence or label move the rules do not allow; the message is for the person who tried."""

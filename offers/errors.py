class OfferError(Exception):
    """A move on an offer that the rules do not allow; the message is for the person who tried."""

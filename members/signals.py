"""Signals other apps listen to, so that the members app does not import them."""

from django.dispatch import Signal

# Sent inside the transaction that changed a company's membership status
# (acceptance included), with `company`, `previous` (the status before) and
# `actor` (the user, or None for a scheduled job). Receivers run in that
# transaction: what they write commits or rolls back with the status.
company_status_changed = Signal()

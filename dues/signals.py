"""Signals the dues send, so that what depends on payment (the logo licence) follows it.

Each is sent inside the transaction that made the change, with `invoice`
(and `actor`: the user, or None for a provider notification or a scheduled job).
"""

from django.dispatch import Signal

invoice_issued = Signal()  # a new invoice (first membership year or renewal)
invoice_paid = Signal()  # the invoice became fully paid
invoice_cancelled = Signal()  # a credit note cancelled the invoice

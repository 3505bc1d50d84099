"""What the charter announces, so that it never writes through the members app (which listens).

Both are sent inside the charter's transaction: what receivers write commits or rolls back with it.
"""

from django.dispatch import Signal

# A company signed the version in force: `company` (locked), `version`, `signature`, `acting_user`.
# The members app marks the application's charter step done and lifts a charter suspension.
charter_signed = Signal()

# A member's signature stopped counting after a campaign's deadline (charter.standing): `company`
# (locked, active, out of standing) and `version` (the version whose deadline passed). The members
# app suspends the company and returns it; a receiver that refuses raises a PortalError.
charter_deadline_missed = Signal()

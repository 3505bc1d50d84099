"""The directory's version: a number that grows whenever what the public lists may have changed.

The counts per filter value of the list without a search are kept a short
while in each process (directory.selectors), under this number: a change (a
listing shown or hidden, a name, trades or a commune) makes them recomputed on
the next view, in every process. It is a PostgreSQL sequence: reading it costs
one tiny query, moving it takes no lock and no write to a shared row. A
sequence is not transactional, so `bump` moves it at once (for the rest of the
transaction, and the tests) and again after the commit: counts cached between
the two, from the data as it was, stay under a number nobody reads any more.
"""

from jura_portal import pagecache, versions

SEQUENCE = "directory_version"


def current() -> int:
    return versions.current(SEQUENCE)


def bump() -> None:
    """What the public sees changed (or will, when the transaction commits)."""
    versions.bump(SEQUENCE)
    pagecache.bump()  # the stored public pages too (bulk UPDATEs of listings send no signal)

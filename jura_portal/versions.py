"""A version number kept in a PostgreSQL sequence: read in one tiny query, moved without a lock.

A sequence is not transactional, so `bump` moves it at once (for the rest of the transaction, and
the tests) and again after the commit: whatever was cached between the two, from the data as it
was, stays under a number nobody reads any more. Used by the directory's counts and the stored
public pages.
"""

from django.db import connection, transaction


def current(sequence: str) -> int:
    with connection.cursor() as cursor:
        # last_value + is_called: a new sequence says 1 both before and after its first nextval().
        cursor.execute(f"SELECT last_value + is_called::int FROM {sequence}")  # noqa: S608 - a constant
        return cursor.fetchone()[0]


def _advance(sequence: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])


def bump(sequence: str) -> None:
    """Move the version now and again once the transaction commits."""
    _advance(sequence)
    transaction.on_commit(lambda: _advance(sequence), robust=True)

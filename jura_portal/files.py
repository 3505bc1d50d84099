"""Deleting uploaded files that nothing shows any more (a replaced logo, a refused photo)."""

import logging

from django.core.files.storage import Storage
from django.db import transaction

logger = logging.getLogger(__name__)


def delete_on_commit(storage: Storage, name: str) -> None:
    """Delete the file from its storage once the transaction commits (never when it rolls back)."""
    if not name:
        return

    def delete() -> None:
        try:
            storage.delete(name)
        except Exception:  # a file left behind is an orphan, not a reason to fail the request
            logger.exception("Could not delete the file %s", name)

    transaction.on_commit(delete)

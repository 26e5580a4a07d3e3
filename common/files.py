"""Uploaded files that belong to a save: kept only if the save commits.

A file is written to storage before the row that points to it is committed. If the transaction
then rolls back (a refused change, a database connection that drops), the file would be left
with nothing pointing to it. `note_stored` records such a file; `files_kept_only_if_committed`,
around a request, deletes again those whose transaction never committed.
"""

import contextlib
import logging
from contextvars import ContextVar

from django.db import connection, transaction

logger = logging.getLogger(__name__)

_pending: ContextVar[list | None] = ContextVar("svd_pending_files", default=None)


def note_stored(field_file) -> None:
    """Call just after saving an uploaded file inside the transaction of its row."""
    pending = _pending.get()
    if pending is None:
        return
    entry = (field_file.storage, field_file.name)
    pending.append(entry)
    transaction.on_commit(lambda: pending.remove(entry) if entry in pending else None)


@contextlib.contextmanager
def files_kept_only_if_committed():
    """Around one request: afterwards, delete the files noted whose transaction did not commit.
    (Inside a transaction still open, as a test's, nothing is known yet and nothing is deleted.)"""
    pending: list = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        if pending and not connection.in_atomic_block:
            for storage, name in pending:
                try:
                    storage.delete(name)
                except Exception:
                    logger.warning("Could not remove %s, left by a save that failed", name)

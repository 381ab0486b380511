"""A read-only command that closes the store last folds an ingest's commits into the file: without it
they stay in the ``-wal`` (SQLite folds the log only when a connection that can write closes last), and a
plain copy of the store file alone is an older store.

A read-only connection cannot checkpoint, so this opens a short write connection after it, only when the
log holds something and the file and its folder can be written. The checkpoint is PASSIVE (it never waits
for a lock, never stops a writer or a reader); closing that connection last then removes the log. Any
failure is ignored: a question must never fail for this."""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path


def fold_after_read(path: Path) -> None:
    """Checkpoint (PASSIVE) the store at ``path`` when its write-ahead log holds frames."""
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size == 0 or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            return
    except OSError:  # no log: nothing to fold
        return
    with suppress(sqlite3.Error, OSError):
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, timeout=0, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 0")
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            db.close()

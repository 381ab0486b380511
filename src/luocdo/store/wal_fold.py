"""A read-only command that closes the store last folds an ingest's commits into the file: without it
they stay in the ``-wal`` (SQLite folds the log only when a connection that can write closes last), and a
plain copy of the store file alone is an older store.

A read-only connection cannot checkpoint, so this opens a short write connection after it, only when the
log holds something and the file and its folder can be written: when a read-only Store closes, and at the
process's exit for the stores a command read without closing them (most commands leave that to the exit).
The checkpoint is PASSIVE (it never waits for a lock, never stops a writer or a reader); closing that
connection last then removes the log. Any failure is ignored: a question must never fail for this."""

from __future__ import annotations

import atexit
import os
import sqlite3
import weakref
from contextlib import suppress
from pathlib import Path

_open: weakref.WeakSet = weakref.WeakSet()  # the read-only stores of this process still open
_paths: set[Path] = set()  # and the files they read: folded at its exit


def fold_at_exit(store) -> None:
    """Close ``store`` (a read-only luocdo Store) and fold its file's log when this process exits."""
    if not _paths:
        atexit.register(_fold_all)
    _open.add(store)
    _paths.add(store.path.absolute())


def _fold_all() -> None:
    for store in list(_open):
        with suppress(sqlite3.Error):
            store.db.close()  # the connections closed first: the fold's own connection closes last
    for path in sorted(_paths):
        fold_after_read(path)


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

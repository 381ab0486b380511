"""A read-only command that closes the store last folds an ingest's commits into the file: without it
they stay in the ``-wal`` (SQLite folds the log only when a connection that can write closes last), and a
plain copy of the store file alone is an older store.

A read-only connection cannot checkpoint, so this opens a short write connection after it: when a
read-only Store closes, and at the process's exit for the stores a command read without closing them
(most commands leave that to the exit). Only when the log holds something, the file and its folder can be
written (not a read-only file system, not a store read as immutable), the store has its content stamps
(what is built from the store goes by them, luocdo.store.stamps: a fold changes the files' sizes and
times, not a stamp) and no other connection is writing. The checkpoint never waits for a lock
(`emptied_wal` without a wait: what readers still use stays); closing that connection last removes the
log. Any failure is
ignored: a question must never fail or wait for this."""

from __future__ import annotations

import atexit
import os
import sqlite3
import weakref
from contextlib import suppress
from pathlib import Path

from luocdo.store import stamps

# how long a checkpoint that empties the write-ahead log waits for readers still using it (then it
# copies what it can, as a passive checkpoint does, and leaves the log as it is)
EMPTY_WAL_WAIT_MS = 100


def emptied_wal(db: sqlite3.Connection, wait_ms: int = EMPTY_WAL_WAIT_MS) -> bool:
    """Copy the write-ahead log into the store file and empty it, unless another connection still reads
    from it (then copy what can be copied). A log left behind by a writer whose close was not the last
    (a read-only connection stays open and closes last: it cannot checkpoint) is read whole again by
    every process that next opens the store first, to rebuild its index: 115 MB after `validate --full`
    at 200,000 reports, about 45 ms of CPU per connection opened. A checkpoint whose wait runs out goes on
    as a passive one. Whether the log was emptied."""
    before = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        busy, _log, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(before)}")
    return busy == 0


_open: weakref.WeakSet = weakref.WeakSet()  # the read-only stores of this process still open
_paths: set[Path] = set()  # and the files they read: folded at its exit


def fold_at_exit(store) -> None:
    """Fold the log of ``store`` (a read-only luocdo Store) when this process exits, after closing it."""
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


def _writable(path: Path) -> bool:
    folder = path.parent
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
        return False
    try:
        return not os.statvfs(folder).f_flag & os.ST_RDONLY
    except (OSError, AttributeError):  # no statvfs (Windows): os.access said it
        return True


def fold_after_read(path: Path) -> None:
    """Checkpoint the store at ``path`` when its write-ahead log holds frames and nothing writes it."""
    path = path.absolute()
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size == 0 or not _writable(path):
            return
    except OSError:  # no log: nothing to fold
        return
    with suppress(sqlite3.Error, OSError):
        # read through a connection that cannot fold: one that can write folds the log when it closes last
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0, isolation_level=None)
        try:
            if stamps.read(db)[0] is None:
                return  # an older store: its Oxigraph copy and the web's cache go by the files' times
        finally:
            db.close()
        db = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=0, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 0")
            db.execute("BEGIN IMMEDIATE")  # fails at once while another connection writes
            db.execute("ROLLBACK")
            emptied_wal(db, wait_ms=0)
        finally:
            db.close()

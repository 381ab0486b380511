"""The store's content stamps: meta rows given a new value by every committed write transaction that
changes the store, and by nothing else (a checkpoint, a VACUUM, a copy of the files leave them as they
are). What is built from the store and kept (the Oxigraph copy beside it, the web's cached answers) is
current while the stamp it was built under still stands.

Two stamps, because the findings `validate` keeps are not in the RDF view (luocdo.backends.triples): the
facts' stamp changes with any write of the facts (ingest, settle, a catalog, a removal, a migration);
the findings' stamp with a transaction that writes only the kept findings (luocdo.validate.kept). The
Oxigraph copy reads the first, the web's cache both.

A value is random (16 hex digits), not a counter: a store restored from an older copy and written
again never takes back a value the caches saw. The write-transaction helpers of luocdo.store.db
write them (one row per transaction that changed something: SQLite's own change counter is not kept
per transaction in WAL mode, and PRAGMA data_version is per connection only)."""

from __future__ import annotations

import sqlite3

FACTS = "content_stamp"
FINDINGS = "findings_written_stamp"


def bump(db: sqlite3.Connection, key: str) -> None:
    """Inside a write transaction: a new value for the stamp ``key``."""
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, lower(hex(randomblob(8))))", (key,))


def read(db: sqlite3.Connection) -> tuple[str | None, str | None]:
    """The facts' and the findings' stamps as committed (None: not written yet, or a store of schema 11
    read where it cannot be upgraded)."""
    try:
        got = dict(
            db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (FACTS, FINDINGS)).fetchall()
        )
    except sqlite3.OperationalError:  # no meta table
        return None, None
    return got.get(FACTS), got.get(FINDINGS)

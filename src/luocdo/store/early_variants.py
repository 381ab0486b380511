"""The whole store's variant decisions (store/variants.py) taken on the second core while the end of a
bulk load builds its indexes and links on the first.

After a bulk load into an empty store the documents, citations, reports and catalog that the decisions
read are those the load committed: the end of the load (Store._end_bulk) changes none of them. A thread
reads them through a connection of its own, in one read transaction (SQLite releases the GIL while it
steps, and the end of the load is nearly all SQLite), and decides every group. Settle then takes those
decisions for the groups that its own writes before them (files resolved again, partial documents
merged, orphans dropped) did not touch, and decides the touched ones again (variants.refreshed).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from luocdo.store.variants import Decisions, decisions


class EarlyVariants:
    """``decisions`` of the store at ``path`` as its last commit left it, computed in a thread."""

    def __init__(self, path: Path, busy_ms: int) -> None:
        self._decided: Decisions | None = None
        self._thread = threading.Thread(target=self._run, args=(path, busy_ms), name="luocdo-early-variants")
        self._thread.start()

    def _run(self, path: Path, busy_ms: int) -> None:
        try:
            db = sqlite3.connect(path, isolation_level=None)
            try:
                db.row_factory = sqlite3.Row
                db.execute(f"PRAGMA busy_timeout = {busy_ms}")
                db.execute("PRAGMA query_only = ON")
                db.execute("BEGIN")  # one snapshot for every read
                self._decided = decisions(db)
            finally:
                db.close()
        except sqlite3.Error:
            self._decided = None  # settle decides on the store as usual

    def result(self) -> Decisions | None:
        """The decisions (None: the thread could not read the store)."""
        self._thread.join()
        return self._decided

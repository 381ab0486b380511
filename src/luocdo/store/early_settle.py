"""Settle's whole-store decisions (the variants, store/variants.py; the documents' attributes,
store/settled.py) taken on the second core while the end of a bulk load builds its indexes and links on
the first.

After a bulk load into an empty store the documents, citations, reports and catalog that the decisions
read are those the load committed: the end of the load (Store._end_bulk) changes none of them. A thread
reads them through a connection of its own, in one read transaction (SQLite releases the GIL while it
steps, and the end of the load is nearly all SQLite), and decides. Settle then takes those decisions for
what its own writes before them (files resolved again, documents merged, orphans dropped) did not touch
(store/touched.py), and decides the touched ones again (variants.refreshed,
settled.settle_attributes_from).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from luocdo.store.second_core import SecondCore
from luocdo.store.settled import Changes, attribute_changes
from luocdo.store.variants import Decisions, decisions

# documents decided together (settle's own slices hold 20,000): the thread's working set is held beside
# the end of the load's, whose sorts make the writer's peak. Deciding a 5k store (16,000 documents) at
# once raised the thread's process by 17.5 MB, by 2,000 documents 6.6 MB, in no more CPU (0.27 s against
# 0.24 s); at 50k 24.7 MB against 7.4 MB (2.5 s of CPU either way)
AT_ONCE = 2_000
# SQLite virtual-machine steps between two looks at whether the decisions are still wanted (cancel)
CHECK_STEPS = 100_000


class EarlySettle(SecondCore):
    """The decisions on the store at ``path``, taken in a thread. Its read transaction (a deferred BEGIN)
    takes its snapshot at its first read, which may come before or after the commit of the end of the
    load that started it: that commit changes none of the rows the decisions read (the documents,
    citations, files and catalog), so either snapshot gives the same decisions. A commit of another
    connection since the load's start changes the store's data_version: settle then drops them."""

    def __init__(self, path: Path, busy_ms: int, after: SecondCore | None = None) -> None:
        self._decided: tuple[Decisions, Changes] | None = None
        super().__init__("luocdo-early-settle", path, busy_ms, after=after)

    def _work(self, path: Path, busy_ms: int) -> None:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.row_factory = sqlite3.Row
            self._watch(db, CHECK_STEPS)
            db.execute(f"PRAGMA busy_timeout = {busy_ms}")
            db.execute("PRAGMA query_only = ON")
            db.execute("BEGIN")  # one snapshot for every read
            self._decided = (decisions(db, AT_ONCE), attribute_changes(db, AT_ONCE))
        finally:
            db.close()

    def _failed(self) -> None:
        self._decided = None  # settle decides on the store as usual

    def result(self) -> tuple[Decisions, Changes] | None:
        """The variants' decisions and the attributes' changes (None: the thread could not read the store)."""
        return self._decided if self._wait() else None

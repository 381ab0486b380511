"""The second process of `validate` on a large store (started by luocdo.validate.parallel as
`python -m luocdo.validate.second_process rules|json …`): the rules it is given, written into a
scratch SQLite file, or the second half of the kept findings' JSON."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator

from luocdo.i18n import set_language
from luocdo.store import Store
from luocdo.store import findings as kept
from luocdo.validate.kept import batched, read
from luocdo.validate.parallel import CHUNK, findings_state, mapped
from luocdo.validate.report import write_finding_items
from luocdo.validate.rules import RULES, View

HELPER_WAIT_MS = 2000  # a lock it meets (none is expected: WAL readers do not wait for the writer)


def _open(store_path: str) -> Store:
    """The store, read-only, without the upkeep a write would do first and with a short wait: the parent
    holds the write lock, and does this process's work itself when it cannot start (exit status not 0)."""
    store = Store(store_path, create=False, upkeep=False)
    store.db.execute(f"PRAGMA busy_timeout = {HELPER_WAIT_MS}")
    mapped(store.db)
    return store


def rules(store_path: str, out: str, codes: list[str]) -> None:
    store = _open(store_path)
    view = View(store, keeping=True)
    scratch = sqlite3.connect(out, isolation_level=None)
    scratch.execute("PRAGMA journal_mode = OFF")
    scratch.execute("PRAGMA synchronous = OFF")
    scratch.execute("BEGIN")

    def found() -> Iterator:
        for code in codes:
            yield from RULES[code][1](view)

    said = kept.Said(scratch)
    for chunk in batched(found(), CHUNK):
        kept.insert(scratch, chunk, said)
    scratch.execute("COMMIT")
    scratch.close()
    store.close()


def json_half(store_path: str, out: str) -> None:
    asked = json.loads(sys.stdin.read())
    set_language(asked["lang"])
    store = _open(store_path)
    about = tuple(asked["about"]) if asked["about"] is not None else None
    store.db.execute("BEGIN")  # the findings as the writer of the first half read them, or nothing
    if findings_state(store.db) != asked["state"]:
        sys.exit(3)
    found = read(store, asked["codes"], asked["severities"], about, start=tuple(asked["start"]))
    with open(out, "w", encoding="utf-8", newline="") as f:
        write_finding_items(found, f, first=False)
    store.db.execute("COMMIT")
    store.close()


if __name__ == "__main__":
    if sys.argv[1] == "json":
        json_half(sys.argv[2], sys.argv[3])
    else:
        rules(sys.argv[2], sys.argv[3], sys.argv[4:])

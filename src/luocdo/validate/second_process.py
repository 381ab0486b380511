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
from luocdo.validate.parallel import CHUNK, findings_state
from luocdo.validate.report import finding_row, write_json_items
from luocdo.validate.rules import RULES, View


def rules(store_path: str, out: str, codes: list[str]) -> None:
    store = Store(store_path, create=False)
    view = View(store, keeping=True)
    scratch = sqlite3.connect(out, isolation_level=None)
    scratch.execute("PRAGMA journal_mode = OFF")
    scratch.execute("PRAGMA synchronous = OFF")
    scratch.execute("BEGIN")

    def found() -> Iterator:
        for code in codes:
            yield from RULES[code][1](view)

    for chunk in batched(found(), CHUNK):
        kept.insert(scratch, chunk)
    scratch.execute("COMMIT")
    scratch.close()
    store.close()


def json_half(store_path: str, out: str) -> None:
    asked = json.loads(sys.stdin.read())
    set_language(asked["lang"])
    store = Store(store_path, create=False)
    about = tuple(asked["about"]) if asked["about"] is not None else None
    store.db.execute("BEGIN")  # the findings as the writer of the first half read them, or nothing
    if findings_state(store.db) != asked["state"]:
        sys.exit(3)
    found = read(store, asked["codes"], asked["severities"], about, start=tuple(asked["start"]))
    with open(out, "w", encoding="utf-8", newline="") as f:
        write_json_items(map(finding_row, found), f, first=False)
    store.db.execute("COMMIT")
    store.close()


if __name__ == "__main__":
    if sys.argv[1] == "json":
        json_half(sys.argv[2], sys.argv[3])
    else:
        rules(sys.argv[2], sys.argv[3], sys.argv[4:])

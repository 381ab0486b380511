"""Two stores compared table by table: every column of every row (sorted), and the schema entries.

    python bench/store_tables_s13_links.py A.db B.db

files.ingested_at (the clock) and meta's content_stamp (new at every write) differ between two runs of
the same tree, so they are left out. Prints each table's row count and digest, then DIFFERENT: none or
the tables that differ with a few rows found on one side only."""

from __future__ import annotations

import hashlib
import sqlite3
import sys

CLOCK_COLUMNS = {"ingested_at"}


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f'PRAGMA table_xinfo("{table}")') if r[1] not in CLOCK_COLUMNS]


def digests(db: sqlite3.Connection) -> dict[str, tuple[int, str] | str]:
    out: dict[str, tuple[int, str] | str] = {}
    for (table,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall():
        cols = _columns(db, table)
        quoted = ",".join(f'"{c}"' for c in cols)
        where = " WHERE key != 'content_stamp'" if table == "meta" else ""
        order = ",".join(str(i) for i in range(1, len(cols) + 1))
        h = hashlib.sha256()
        n = 0
        for row in db.execute(f'SELECT {quoted} FROM "{table}"{where} ORDER BY {order}'):  # noqa: S608
            h.update(repr(tuple(row)).encode())
            n += 1
        out[table] = (n, h.hexdigest()[:16])
    schema = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    out["~schema"] = hashlib.sha256(repr(schema).encode()).hexdigest()[:16]
    return out


def main(a_path: str, b_path: str) -> int:
    da = sqlite3.connect(f"file:{a_path}?mode=ro", uri=True)
    db = sqlite3.connect(f"file:{b_path}?mode=ro", uri=True)
    a, b = digests(da), digests(db)
    for t in sorted(a):
        print(f"{t:28s} {a[t]} {'SAME' if a[t] == b.get(t) else 'DIFF ' + str(b.get(t))}")
    diff = [t for t in sorted(set(a) | set(b)) if a.get(t) != b.get(t)]
    print("DIFFERENT:", diff if diff else "none")
    for t in diff:
        if t.startswith("~"):
            continue
        rows_a = set(map(tuple, da.execute(f'SELECT * FROM "{t}"')))  # noqa: S608
        rows_b = set(map(tuple, db.execute(f'SELECT * FROM "{t}"')))  # noqa: S608
        print(t, "only A:", repr(sorted(rows_a - rows_b, key=repr)[:2])[:400])
        print(t, "only B:", repr(sorted(rows_b - rows_a, key=repr)[:2])[:400])
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

"""Turn a store this luocdo wrote back into the store luocdo 0.x of schema 7 wrote (each table's
evidence sentence as text, no sentences table), for the migration tests: the tables keep the
column order and the indexes schema 7 had."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from schema8 import as_schema_8

# schema 8 column -> schema 7 column, per table
_V7_COLUMN = {
    "mentions": ("sentence_no INTEGER NOT NULL", "sentence    TEXT NOT NULL"),
    "relations": ("sentence_no INTEGER", "sentence    TEXT"),
    "edges": ("sentence_no INTEGER NOT NULL", "sentence    TEXT NOT NULL"),
}


def as_schema_7(path: Path) -> None:
    as_schema_8(path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("BEGIN IMMEDIATE")
    for table, (new, old) in _V7_COLUMN.items():
        create = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        assert new in create, (table, create)
        extras = db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
            (table,),
        ).fetchall()
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        db.execute(f"ALTER TABLE {table} RENAME TO {table}_v8")
        for (sql,) in db.execute(
            "SELECT name FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
            (f"{table}_v8",),
        ).fetchall():
            kind = db.execute("SELECT type FROM sqlite_master WHERE name = ?", (sql,)).fetchone()[0]
            db.execute(f"DROP {kind} {sql}")
        db.execute(create.replace(new, old))
        names = ", ".join(f'"{c}"' if c != "sentence_no" else "sentence" for c in cols)
        values = ", ".join(f'o."{c}"' if c != "sentence_no" else "s.text" for c in cols)
        db.execute(
            f"INSERT INTO {table} ({names}) SELECT {values} FROM {table}_v8 o LEFT JOIN sentences s"
            " ON s.file_id = o.file_id AND s.n = o.sentence_no ORDER BY o.rowid"
        )
        db.execute(f"DROP TABLE {table}_v8")
        for (sql,) in extras:
            db.execute(sql)
    db.execute("DROP TABLE sentences")
    # the tables schema 7 never had: kept findings, reach, settle_touched, and their triggers
    for kind, name in db.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') AND (name LIKE 'findings%'"
        " OR name LIKE '%reach%' OR name LIKE 'settle_touched%')"
    ).fetchall():
        if kind == "trigger" or not name.startswith("sqlite_"):
            db.execute(f"DROP {kind} IF EXISTS {name}")
    db.execute("DELETE FROM links_dirty")
    db.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    db.execute("COMMIT")
    db.close()

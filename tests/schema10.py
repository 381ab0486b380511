"""Turn a store this luocdo wrote back into the store luocdo of schema 10 wrote (ccb5aab: each citation's
type, relation and notes as words in mentions.type, .relation and .notes, each edge's relation in
edges.relation, the index edges_src), for the migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from luocdo.store.db import _EDGES_V10, _MENTIONS_V10

_WORDS = {"type_code": "type", "relation_code": "relation", "notes_own": "notes"}


def _as_schema_10(db: sqlite3.Connection, table: str, ddl: str) -> None:
    extras = db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
    db.execute(f"ALTER TABLE {table} RENAME TO {table}_v11")
    for kind, name in db.execute(
        "SELECT type, name FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        (f"{table}_v11",),
    ).fetchall():
        db.execute(f"DROP {kind} {name}")
    db.execute(ddl)
    names = ["rowid", *(f'"{_WORDS.get(c, c)}"' for c in cols)]
    values = ["o.rowid", *(f'o."{_WORDS.get(c, c)}"' for c in cols)]
    if table == "edges":  # id is its rowid
        names, values = names[1:], values[1:]
    db.execute(
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)}"  # noqa: S608
        f" FROM {table}_v11 o ORDER BY o.rowid"
    )
    db.execute(f"DROP TABLE {table}_v11")
    for (sql,) in extras:
        db.execute(sql)


def as_schema_10(path: Path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("BEGIN IMMEDIATE")
    _as_schema_10(db, "mentions", _MENTIONS_V10)
    _as_schema_10(db, "edges", _EDGES_V10)
    db.execute("CREATE INDEX edges_src ON edges(src, relation)")
    db.execute("DELETE FROM links_dirty")
    db.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")
    db.execute("COMMIT")
    db.close()

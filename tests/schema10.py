"""Turn a store this luocdo wrote back into the store luocdo of schema 10 wrote (ccb5aab: each citation's
type, relation and notes as words in mentions.type, .relation and .notes, each edge's relation in
edges.relation, the index edges_src, the sentences a rowid table), for the migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from luocdo.store.db import _EDGES_V10, _MENTIONS_V10

# schema 10's sentences, as its schema.sql made it (a rowid table)
_SENTENCES_V10 = """CREATE TABLE sentences (
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,       -- 1, 2, … in the order the file first uses them
    z           BLOB NOT NULL,          -- dictionary id (1 byte, 0: none) and the raw deflate stream
    PRIMARY KEY (file_id, n)
)"""
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
    db.execute("ALTER TABLE sentences RENAME TO sentences_v11")
    db.execute(_SENTENCES_V10)
    db.execute(
        "INSERT INTO sentences (file_id, n, z) SELECT file_id, n, z FROM sentences_v11 ORDER BY file_id, n"
    )
    db.execute("DROP TABLE sentences_v11")
    db.execute("DELETE FROM links_dirty")
    db.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")
    db.execute("COMMIT")
    db.close()

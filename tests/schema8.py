"""Turn a store this luocdo wrote back into the store luocdo of schema 8 wrote (each sentence as text,
relations with their evidence column, the indexes mentions_doc and documents_num), for the migration
tests. relations.evidence gets the relation's sentence: what schema 8 stored there was the extraction's
evidence, which no reader used."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from luocdo.store.compressed import register
from schema9 import as_schema_9

_KEY_OWN = re.compile(r"key_own\s+TEXT,[^\n]*")
_KEY_DERIVED = re.compile(r"\n[ ]*--[^\n]*\n[ ]*key\s+TEXT GENERATED ALWAYS[^\n]*")

_SENTENCES_V8 = """CREATE TABLE sentences (
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (file_id, n)
)"""


def as_schema_8(path: Path) -> None:
    as_schema_9(path)
    db = sqlite3.connect(path, isolation_level=None)
    register(db)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("BEGIN IMMEDIATE")
    db.execute("ALTER TABLE sentences RENAME TO sentences_v9")
    db.execute(_SENTENCES_V8)
    db.execute(
        "INSERT INTO sentences (file_id, n, text) SELECT file_id, n, luocdo_sentence(z) FROM sentences_v9"
        " ORDER BY file_id, n"
    )
    db.execute("DROP TABLE sentences_v9")
    db.execute("DROP TABLE sentence_dicts")
    db.execute("ALTER TABLE relations ADD COLUMN evidence TEXT NOT NULL DEFAULT ''")
    db.execute(
        "UPDATE relations SET evidence = coalesce((SELECT s.text FROM sentences s"
        " WHERE s.file_id = relations.file_id AND s.n = relations.sentence_no), '')"
    )
    _mentions_with_their_key(db)
    db.execute("CREATE INDEX mentions_doc ON mentions(doc_id)")
    db.execute("CREATE INDEX documents_num ON documents(num_norm)")
    db.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    db.execute("COMMIT")
    db.close()


def _mentions_with_their_key(db: sqlite3.Connection) -> None:
    """mentions as schema 8 had it: the key stored in every row, no key_own."""
    create = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'mentions'"
    ).fetchone()[0]
    v8 = _KEY_DERIVED.sub("", _KEY_OWN.sub("key         TEXT NOT NULL,", create))
    assert "key_own" not in v8 and "GENERATED" not in v8, v8
    extras = db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'mentions' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
    ).fetchall()
    cols = [r[1] for r in db.execute("PRAGMA table_info(mentions)") if r[1] != "key_own"]
    db.execute("ALTER TABLE mentions RENAME TO mentions_v9")
    db.execute(v8)
    names = ", ".join(f'"{c}"' for c in cols)
    db.execute(
        f"INSERT INTO mentions (rowid, {names}, key) SELECT rowid, {names}, key FROM mentions_v9 ORDER BY rowid"
    )
    db.execute("DROP TABLE mentions_v9")
    for (sql,) in extras:
        db.execute(sql)

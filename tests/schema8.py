"""Turn a store this luocdo wrote back into the store luocdo of schema 8 wrote (each sentence as text,
relations with their evidence column, the indexes mentions_doc and documents_num), for the migration
tests. relations.evidence gets the relation's sentence: what schema 8 stored there was the extraction's
evidence, which no reader used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from luocdo.store.compressed import register

_SENTENCES_V8 = """CREATE TABLE sentences (
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (file_id, n)
)"""


def as_schema_8(path: Path) -> None:
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
    db.execute("CREATE INDEX mentions_doc ON mentions(doc_id)")
    db.execute("CREATE INDEX documents_num ON documents(num_norm)")
    db.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    db.execute("COMMIT")
    db.close()

"""Turn a store this luocdo wrote back into the store luocdo of schema 9 wrote (36383a3: each citation's
text and identity stored whole in mentions.surface and mentions.ident, each report's header as JSON in
files.header), for the migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from luocdo.store.compressed import register
from luocdo.store.evidence import surface_sql
from schema10 import as_schema_10

# schema 9's mentions, as its schema.sql made it (as_schema_8 reads this text back)
MENTIONS_V9 = """CREATE TABLE mentions (
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    mid         TEXT NOT NULL,
    line        INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    surface     TEXT NOT NULL,
    sentence_no INTEGER NOT NULL,       -- its evidence sentence: sentences (file_id, n)
    type        TEXT NOT NULL,
    number      TEXT,
    num_norm    TEXT,                   -- number normalized for lookups (no leading zeros, casefolded)
    year        TEXT,
    symbol      TEXT,
    date        TEXT,
    date_valid  INTEGER NOT NULL,
    issuer      TEXT,
    issuer_explicit INTEGER NOT NULL,
    relation    TEXT NOT NULL,
    short_form  INTEGER NOT NULL,
    in_footnote INTEGER NOT NULL,
    name        TEXT,
    key_own     TEXT,                   -- the citation's key where it is not the derived one (key below)
    resolved_key TEXT,
    confidence  REAL NOT NULL,
    notes       TEXT NOT NULL,          -- JSON list
    position    TEXT,                   -- in a Word/PDF file: "page 3, line 12", "paragraph 41"
    doc_id      INTEGER REFERENCES documents(id),
    candidates  INTEGER NOT NULL DEFAULT 1,  -- >1: ambiguous, doc_id is NULL
    ident       TEXT,                   -- the identity the citation names by itself ('?': a missing part;
                                        -- a conventional name: the document that approved it); NULL: none
    rel_confidence REAL,                -- how firmly the text states the report's relation to it (NULL: 1)
    -- luocdo.pipeline's key, derived from the parts (schema 9: luocdo.store.mention_key.KEY_SQL)
    key         TEXT GENERATED ALWAYS AS (coalesce(key_own, type || '|' || coalesce(number, '') || '|' || coalesce(symbol, '') || '|' || coalesce(nullif(year, ''), substr(nullif(date, ''), 1, 4), '') || '|' || coalesce(issuer, ''))) VIRTUAL,
    PRIMARY KEY (file_id, mid)
)"""


# schema 9's files, as its schema.sql made it
FILES_V9 = """CREATE TABLE files (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,   -- the smallest of its paths (file_paths): what answers show
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    header      TEXT NOT NULL,          -- ReportHeader as JSON
    report_doc  INTEGER REFERENCES documents(id)
)"""


def _files_as_schema_9(db: sqlite3.Connection) -> None:
    """files rebuilt with the header's JSON stored (foreign keys are off: the other tables keep pointing
    at the rows of 'files')."""
    extras = db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'files' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
    ).fetchall()
    db.execute(FILES_V9.replace("CREATE TABLE files", "CREATE TABLE files_v9"))
    db.execute(
        "INSERT INTO files_v9 (id, path, sha256, size, ingested_at, header, report_doc)"
        " SELECT id, path, sha256, size, ingested_at, header, report_doc FROM files ORDER BY id"
    )
    db.execute("DROP TABLE files")
    db.execute("PRAGMA legacy_alter_table = ON")  # the other tables' references stay 'files'
    db.execute("ALTER TABLE files_v9 RENAME TO files")
    db.execute("PRAGMA legacy_alter_table = OFF")
    for (sql,) in extras:
        db.execute(sql)


PARTIAL_V9 = (
    "CREATE INDEX mentions_partial ON mentions(num_norm, symbol, type, year, date, issuer, short_form, doc_id,"
    " candidates) WHERE short_form = 1 AND resolved_key IS NULL OR short_form = 0 AND ident LIKE '%?%'"
)


def as_schema_9(path: Path) -> None:
    as_schema_10(path)
    db = sqlite3.connect(path, isolation_level=None)
    register(db)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("BEGIN IMMEDIATE")
    extras = db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'mentions' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        " AND name != 'mentions_checked'"
    ).fetchall()
    # schema 9's index of the citations settle checks (replaced by mentions_checked)
    extras.append((PARTIAL_V9,))
    cols = [
        r[1]
        for r in db.execute("PRAGMA table_info(mentions)")
        if r[1] not in ("surface_own", "surface_at", "surface_len", "ident_own")
    ]
    db.execute("ALTER TABLE mentions RENAME TO mentions_v10")
    for kind, name in db.execute(
        "SELECT type, name FROM sqlite_master WHERE tbl_name = 'mentions_v10' AND type IN ('index', 'trigger')"
        " AND sql IS NOT NULL"
    ).fetchall():
        db.execute(f"DROP {kind} {name}")
    db.execute(MENTIONS_V9)
    names = ", ".join(f'"{c}"' for c in cols)
    values = ", ".join(f'm."{c}"' for c in cols)
    db.execute(
        f"INSERT INTO mentions (rowid, {names}, surface, ident) SELECT m.rowid, {values},"  # noqa: S608
        f" {surface_sql('m')}, m.ident FROM mentions_v10 m ORDER BY m.rowid"
    )
    db.execute("DROP TABLE mentions_v10")
    for (sql,) in extras:
        db.execute(sql)
    _files_as_schema_9(db)
    db.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    db.execute("COMMIT")
    db.close()

"""The stored validation findings (a derived table, rebuildable from the facts: schema.sql `findings`).

Triggers of schema.sql mark what a write changed in `findings_dirty`: 'f:ID' a file written or removed,
'n:NUM' a number whose citations or documents changed (every number `settle` must look at again, and the
numbers of documents created, changed or removed), 'd:ID' a document created, changed or removed (or a
report's own document moved onto another by settle), 'n:*' everything (a catalog import). `luocdo.validate.kept` re-checks them when the findings are next read. The
stamp (meta 'findings_stamp') names what else the findings depend on: the reference catalog and the luocdo
version; a different stamp makes them all stale.

A finding's explanation and suggestion are kept as their templates and values (JSON), put into words
when shown, each text once in `findings_said` (most findings of a rule say the same words), referred to
by number; its evidence as references to the stored mentions (file id, mention id) or, for an edge's
evidence, the file id, line and sentence. FORMAT names this layout: the findings of another are
dropped and computed again (the stamp differs).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from luocdo.store.evidence import sentence_sql

TABLES = ("findings", "findings_dirty", "findings_said")
# the triggers that mark a written document and a written file: a bulk load drops them while it writes
# (store/db.py's BULK_DEFERRED_TRIGGERS) and marks each batch's new documents and files in one statement
# at its commit (mark_added: the same rows); not missing while a bulk load runs
ADDED_TRIGGERS = ("findings_document_added", "findings_file_added")
ALL = "n:*"
# the layout of the kept findings: 2, explanations and suggestions kept once (findings_said)
FORMAT = 2


@dataclass(frozen=True)
class Dirty:
    everything: bool
    numbers: frozenset[str]
    files: frozenset[int]
    docs: frozenset[int]

    def __bool__(self) -> bool:
        return self.everything or bool(self.numbers or self.files or self.docs)


@cache
def schema_statements() -> tuple[str, ...]:
    """The CREATE statements of schema.sql that make the findings tables, their indexes and triggers."""
    from luocdo.store.schema_parts import statements

    return tuple(s for s in statements() if "findings" in s and "CREATE " in s.upper())


def _names(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master")}


def missing(db: sqlite3.Connection, *, bulk: bool = False) -> bool:
    """A store made before the findings were kept (or without one of their triggers; ``bulk``: a bulk
    load runs, which drops ADDED_TRIGGERS until its end)."""
    have = _names(db)
    want = {
        s.split("EXISTS", 1)[1].split()[0]
        for s in schema_statements()
        if "EXISTS" in s
        and ("TABLE" in s.upper().split("EXISTS")[0] or "TRIGGER" in s.upper().split("EXISTS")[0])
    }
    if bulk:
        want -= set(ADDED_TRIGGERS)
    return not want <= have


def mark_added(db: sqlite3.Connection, doc_after: int, file_after: int) -> None:
    """What ADDED_TRIGGERS mark for each document and file written, for those of ids above these (a
    batch's, written while the triggers were dropped): 'd:ID' and 'n:NUM' a document, 'f:ID' a file."""
    db.execute(
        "INSERT OR IGNORE INTO findings_dirty SELECT 'd:' || id FROM documents WHERE id > ?1"
        " UNION ALL SELECT 'n:' || coalesce(num_norm, '') FROM documents WHERE id > ?1"
        " UNION ALL SELECT 'f:' || id FROM files WHERE id > ?2",
        (doc_after, file_after),
    )


def create(db: sqlite3.Connection) -> None:
    """Inside a write transaction: the tables, indexes and triggers a store lacks; the findings of a
    store that had none are all to be computed (at the next read)."""
    fresh = "findings" not in _names(db)
    for sql in schema_statements():
        db.execute(sql)
    if fresh and db.execute("SELECT 1 FROM files LIMIT 1").fetchone():
        db.execute("INSERT OR IGNORE INTO findings_dirty VALUES (?)", (ALL,))


def stamp(db: sqlite3.Connection) -> str:
    """What the findings depend on besides the store's facts: the luocdo version (its rules) and the
    reference catalog file (the one the store was told to use, $LUOCDO_REFERENCE, else the shipped one)."""
    from luocdo import __version__
    from luocdo.reference import ENV

    row = db.execute("SELECT value FROM meta WHERE key = 'reference_catalog'").fetchone()
    chosen = os.environ.get(ENV) or (row[0] if row else None)
    ref = "shipped"
    if chosen:
        p = Path(chosen)
        try:
            st = p.stat()
            ref = f"{p.resolve()}:{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            ref = f"{p}:missing"
    return json.dumps([__version__, ref, FORMAT])


def stored_stamp(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'findings_stamp'").fetchone()
    return row[0] if row else None


def dirty(db: sqlite3.Connection) -> Dirty:
    numbers: set[str] = set()
    files: set[int] = set()
    docs: set[int] = set()
    everything = False
    for (key,) in db.execute("SELECT key FROM findings_dirty"):
        kind, _, value = key.partition(":")
        if key == ALL:
            everything = True
        elif kind == "n" and value:
            numbers.add(value)
        elif kind == "f" and value:
            files.add(int(value))
        elif kind == "d" and value:
            docs.add(int(value))
    if stored_stamp(db) != stamp(db):
        everything = True
    return Dirty(everything, frozenset(numbers), frozenset(files), frozenset(docs))


def is_current(db: sqlite3.Connection) -> bool:
    """Findings kept and nothing to re-check (a read-only connection can tell)."""
    if not {"findings", "findings_dirty"} <= _names(db) or missing(db):
        return False
    if db.execute("SELECT 1 FROM findings_dirty LIMIT 1").fetchone():
        return False
    return stored_stamp(db) == stamp(db)


FILE_CODES = ("V001", "V004", "V005", "V006", "V007")  # about one citation: kept per file
NUMBER_CODES = ("V002", "V009", "V011")  # about every citation of a number: kept per number
DOC_CODES = ("V009", "V010")  # about one cited document (V009 from the reference catalog): kept per document
PAIR_CODE = "V003"  # two citations of one document with two numbers: kept under both files
EDGE_CODE = "V008"  # an edge between two documents: kept per file and per document


def _ids(values: Iterable) -> str:
    return json.dumps(sorted(values))


def with_cited(db: sqlite3.Connection, d: Dirty) -> Dirty:
    """The dirty keys and the documents the dirty files cite or are (a file written since)."""
    if d.everything or not d.files:
        return d
    files = _ids(d.files)
    cited = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT doc_id FROM mentions WHERE file_id IN (SELECT value FROM json_each(?))"
            " AND doc_id IS NOT NULL UNION SELECT report_doc FROM files"
            " WHERE id IN (SELECT value FROM json_each(?)) AND report_doc IS NOT NULL",
            (files, files),
        )
    }
    return Dirty(False, d.numbers, d.files, d.docs | cited)


def remove(db: sqlite3.Connection, d: Dirty) -> None:
    """Inside the write transaction: the findings the dirty keys make stale."""
    if d.everything:
        if _layout_is_older(db):  # kept by a luocdo before FORMAT 2: the table made again
            db.execute("DROP TABLE findings")
            for sql in schema_statements():
                db.execute(sql)
        db.execute("DELETE FROM findings")
        db.execute("DELETE FROM findings_said")
        return
    files, nums, docs = _ids(d.files), _ids(d.numbers), _ids(d.docs)
    codes = ",".join(f"'{c}'" for c in FILE_CODES)
    db.execute(
        f"DELETE FROM findings WHERE code IN ({codes}) AND file_id IN (SELECT value FROM json_each(?))",  # noqa: S608
        (files,),
    )
    codes = ",".join(f"'{c}'" for c in NUMBER_CODES)
    db.execute(
        f"DELETE FROM findings WHERE code IN ({codes}) AND doc IS NULL"  # noqa: S608
        " AND num IN (SELECT value FROM json_each(?))",
        (nums,),
    )
    codes = ",".join(f"'{c}'" for c in DOC_CODES)
    db.execute(
        f"DELETE FROM findings WHERE code IN ({codes}) AND doc IN (SELECT value FROM json_each(?))",  # noqa: S608
        (docs,),
    )
    db.execute(
        "DELETE FROM findings WHERE code = ? AND (file_id IN (SELECT value FROM json_each(?))"
        " OR file2 IN (SELECT value FROM json_each(?)))",
        (PAIR_CODE, files, files),
    )
    db.execute(
        "DELETE FROM findings WHERE code = ? AND (file_id IN (SELECT value FROM json_each(?))"
        " OR doc IN (SELECT value FROM json_each(?)) OR doc2 IN (SELECT value FROM json_each(?)))",
        (EDGE_CODE, files, docs, docs),
    )
    db.execute(
        "DELETE FROM findings_said WHERE id NOT IN (SELECT why FROM findings UNION ALL SELECT fix FROM findings)"
    )


def _layout_is_older(db: sqlite3.Connection) -> bool:
    """The findings table holds its explanations itself (a store checked by a luocdo before FORMAT 2)."""
    row = db.execute("SELECT type FROM pragma_table_info('findings') WHERE name = 'why'").fetchone()
    return row is not None and row[0].upper() != "INTEGER"


# json.dumps(x, ensure_ascii=False), without building an encoder on every call
_encode = json.JSONEncoder(ensure_ascii=False).encode


class Said:
    """The numbers of the explanations and suggestions in `findings_said`, for one write transaction of
    `db`: each text written once (keyed by template and values; a value that cannot be a key: written
    each time), numbered here from the largest number kept; the last 4,096 remembered."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.known: dict = {}
        self.next = db.execute("SELECT coalesce(max(id), 0) + 1 FROM findings_said").fetchone()[0]
        self.new: list[tuple[int, str]] = []

    def __call__(self, m) -> int:
        try:
            # the values' types too: 1, 1.0 and True are one key but three texts
            key = (m.template, *m.values.items(), *map(type, m.values.values()))
            n = self.known.get(key)
        except TypeError:  # a value that is a list or a dict
            return self._number(m)
        if n is None:
            if len(self.known) >= 4096:
                self.known.clear()
            n = self.known[key] = self._number(m)
        return n

    def _number(self, m) -> int:
        n = self.next
        self.next += 1
        self.new.append((n, _encode(m.as_json())))
        return n

    def write(self) -> None:
        """The texts numbered since the last write, into findings_said."""
        self.db.executemany("INSERT INTO findings_said (id, said) VALUES (?, ?)", self.new)
        self.new.clear()


def rows_of(found: Iterable, said: Said) -> list[tuple]:
    """The findings as rows of the table (the columns of `insert`); their texts numbered by `said`."""
    return [
        (
            f.code,
            f.severity,
            f.document,
            f.keys.get("num"),
            f.keys.get("num2"),
            f.keys.get("file_id"),
            f.keys.get("file2"),
            f.keys.get("doc"),
            f.keys.get("doc2"),
            said(f.why),
            said(f.fix),
            _encode(f.refs),
            f.order[0],
            f.order[1],
        )
        for f in found
    ]


def insert(db: sqlite3.Connection, found: Iterable, said: Said | None = None) -> int:
    """Keep the findings `found`; `said`: the numbers of the texts kept so far in this transaction."""
    said = said if said is not None else Said(db)
    rows = rows_of(found, said)
    said.write()
    db.executemany(
        "INSERT INTO findings (code, severity, document, num, num2, file_id, file2, doc, doc2, why, fix,"
        " evidence, ord, ord2) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    return len(rows)


def settled(db: sqlite3.Connection) -> None:
    """Inside the write transaction, once the stale findings are replaced."""
    db.execute("DELETE FROM findings_dirty")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('findings_stamp', ?)", (stamp(db),))


# a finding's row as read: its explanation and suggestion as texts (_COLUMNS), or as their numbers in
# findings_said (_COLUMNS_NUMBERED; `said` reads a text): most findings share a few texts, and the order's
# sort then carries numbers, not texts
_ROW = "id, code, severity, document, num, num2, file_id, file2, doc, doc2, {why}, {fix}, evidence, ord, ord2"
_TEXT = "(SELECT said FROM findings_said WHERE findings_said.id = findings.{0}) AS {0}"
_COLUMNS = _ROW.format(why=_TEXT.format("why"), fix=_TEXT.format("fix"))
_COLUMNS_NUMBERED = _ROW.format(why="why", fix="fix")

# the order `validate` shows them in; a finding's place in it (every column NOT NULL: row values compare)
_ORDER = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, code, document, ord, ord2, id"


def rows(
    db: sqlite3.Connection,
    codes: list[str] | None = None,
    severities: list[str] | None = None,
    about: tuple[int, str | None] | None = None,
    *,
    start: tuple | None = None,
    stop: tuple | None = None,
    numbered: bool = False,
) -> Iterator[sqlite3.Row]:
    """The stored findings in the order `validate` shows them, streamed; `about=(doc id, its number)`:
    those about the document and the citations of its number (what `show` and `validate --doc` show).
    `start`, `stop`: only those from the place `start` on, before the place `stop` (see `middle`).
    `numbered`: their explanation and suggestion as numbers (`said`), not texts."""
    where, args = _where(codes, severities, about)
    if start is not None:
        where += f" AND ({_ORDER}) >= ({','.join('?' * len(start))})"
        args += list(start)
    if stop is not None:
        where += f" AND ({_ORDER}) < ({','.join('?' * len(stop))})"
        args += list(stop)
    yield from db.execute(
        f"SELECT {_COLUMNS_NUMBERED if numbered else _COLUMNS} FROM findings WHERE {where} ORDER BY {_ORDER}",  # noqa: S608
        args,
    )


def said(db: sqlite3.Connection, text_id: int) -> str:
    """The text of an explanation or suggestion (a row's `why` or `fix`)."""
    return db.execute("SELECT said FROM findings_said WHERE id = ?", (text_id,)).fetchone()[0]


def middle(
    db: sqlite3.Connection,
    codes: list[str] | None = None,
    severities: list[str] | None = None,
    about: tuple[int, str | None] | None = None,
) -> tuple | None:
    """The place (in `rows`' order) of the finding halfway through those `rows` gives: `rows(stop=it)`
    and `rows(start=it)` are its two halves. None for fewer than two findings."""
    where, args = _where(codes, severities, about)
    n = db.execute(f"SELECT count(*) FROM findings WHERE {where}", args).fetchone()[0]  # noqa: S608
    if n < 2:
        return None
    row = db.execute(
        f"SELECT {_ORDER} FROM findings WHERE {where} ORDER BY {_ORDER} LIMIT 1 OFFSET ?",  # noqa: S608
        [*args, n // 2],
    ).fetchone()
    return tuple(row)


def counts(
    db: sqlite3.Connection,
    codes: list[str] | None = None,
    severities: list[str] | None = None,
    about: tuple[int, str | None] | None = None,
) -> dict[tuple[str, str], int]:
    """How many stored findings `rows` gives, per (severity, code)."""
    where, args = _where(codes, severities, about)
    return {
        (sev, code): n
        for sev, code, n in db.execute(
            f"SELECT severity, code, count(*) FROM findings WHERE {where} GROUP BY severity, code",  # noqa: S608
            args,
        )
    }


def _where(
    codes: list[str] | None, severities: list[str] | None, about: tuple[int, str | None] | None
) -> tuple[str, list]:
    where, args = ["1"], []
    if codes:
        where.append("code IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(codes))
    if severities:
        where.append("severity IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(severities))
    if about is not None:
        doc, num = about
        where.append(
            "(doc = ? OR doc2 = ? OR (num = ? AND doc IS NULL AND code NOT IN (?, ?)))"
            if num
            else "(doc = ? OR doc2 = ?)"
        )
        args += [doc, doc, num, PAIR_CODE, EDGE_CODE] if num else [doc, doc]
    return " AND ".join(where), args


def evidence_many(db: sqlite3.Connection, refs_jsons: list[str]) -> list[list[dict]]:
    """evidence() of many findings at once: their paths and sentences read in two queries, not two a
    piece (a whole store's findings are hundreds of thousands)."""
    refs = json.loads("[" + ",".join(refs_jsons) + "]")  # one parse for all
    files = json.dumps(sorted({fid for rs in refs for fid, _line, _mid, _s in rs if fid is not None}))
    paths = dict(
        db.execute("SELECT id, path FROM files WHERE id IN (SELECT value FROM json_each(?))", (files,))
    )
    cited = json.dumps(sorted({(fid, mid) for rs in refs for fid, _line, mid, _s in rs if mid is not None}))
    sentences = {
        (fid, mid): text
        for fid, mid, text in db.execute(
            f"SELECT m.file_id, m.mid, {sentence_sql('m')} FROM json_each(?) j JOIN mentions m"
            " ON m.file_id = json_extract(j.value, '$[0]') AND m.mid = json_extract(j.value, '$[1]')",
            (cited,),
        )
    }
    return [
        [
            {
                "file": paths.get(fid),
                "line": line,
                "sentence": sentences.get((fid, mid)) if mid is not None else sentence,
            }
            for fid, line, mid, sentence in rs
        ]
        for rs in refs
    ]

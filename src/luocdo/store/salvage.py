"""``luocdo doctor --salvage NEW.db``: copy what can still be read from a damaged store into a new one.

Rows are read table by table in rowid order; where SQLite cannot walk a damaged page, the rows around it
are read one rowid at a time, so one bad page costs only the rows it held. The new store then keeps only
whole files: a file that lost any of its rows (its mentions, its edges, its report's document) is left
out, so that ingesting the source folders again into the new store brings it back complete.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from luocdo.store import coded, compressed, stamps
from luocdo.store.db import Store, StoreError
from luocdo.store.evidence import sentence_sql, surface_at
from luocdo.store.header_columns import COLUMNS as HEADER_COLUMNS
from luocdo.store.header_columns import HEADER_OBJECT_SQL, split_sql
from luocdo.store.mention_ident import IDENT_SQL, NO_IDENT
from luocdo.store.opening import connect_readonly

# parents before children; links are rebuilt from the edges, links_dirty is bookkeeping
TABLES = (
    "documents",
    "bodies",
    "files",
    "file_paths",
    "sentences",
    "mentions",
    "relations",
    "edges",
    "catalog",
    "meta",
)
CHUNK = 500
# schema 10's columns of words and the columns schema 11 keeps them in
_WORDS = {"type": "type_code", "relation": "relation_code", "notes": "notes_own"}
MAX_BLIND_CHUNKS = 2000  # after a damaged page, rowids tried one by one before giving up on a table


@dataclass
class TableCopy:
    table: str
    copied: int = 0
    unreadable_ranges: int = 0  # stretches of rowids SQLite could not read
    error: str | None = None  # the table could not be read at all


@dataclass
class SalvageReport:
    tables: list[TableCopy] = field(default_factory=list)
    files_dropped: list[str] = field(default_factory=list)  # files left out because they lost rows
    counts: dict[str, int] = field(default_factory=dict)  # the new store's rows


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]


def _rows(src: sqlite3.Connection, table: str, cols: list[str], copy: TableCopy) -> Iterator[tuple]:
    """Every row of ``table`` SQLite can still read, in rowid order."""
    select = ", ".join(f'"{c}"' for c in cols)
    last, blind = -(2**63), 0
    while True:
        try:
            got = 0
            for row in src.execute(
                f'SELECT rowid, {select} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT {CHUNK}',  # noqa: S608
                (last,),
            ):
                last = row[0]
                got += 1
                yield tuple(row[1:])
            if got == 0:
                return
            blind = 0
        except sqlite3.DatabaseError:
            # a damaged page under this stretch: the rowids after the last good one, one at a time
            copy.unreadable_ranges += 1
            start = max(last, 0)
            for rowid in range(start + 1, start + 1 + CHUNK):
                try:
                    row = src.execute(
                        f'SELECT {select} FROM "{table}" WHERE rowid = ?',  # noqa: S608
                        (rowid,),
                    ).fetchone()
                except sqlite3.DatabaseError:
                    continue
                if row is not None:
                    yield tuple(row)
            last = start + CHUNK
            blind += 1
            if blind > MAX_BLIND_CHUNKS:
                return


def _sentence_rows(src: sqlite3.Connection, cols: list[str], copy: TableCopy) -> Iterator[tuple]:
    """Every row of schema 11's sentences (a WITHOUT ROWID table) SQLite can still read, in key order
    (file_id, n); where a damaged page stops the walk, it goes on from the next file."""
    select = ", ".join(f'"{c}"' for c in cols)
    last, blind = (-(2**63), -(2**63)), 0
    while True:
        try:
            got = 0
            for row in src.execute(
                f"SELECT file_id, n, {select} FROM sentences WHERE (file_id, n) > (?, ?)"  # noqa: S608
                f" ORDER BY file_id, n LIMIT {CHUNK}",
                last,
            ):
                last = (row[0], row[1])
                got += 1
                yield tuple(row[2:])
            if got == 0:
                return
            blind = 0
        except sqlite3.DatabaseError:
            if blind == 0:  # one damaged stretch, however many files it takes to get past it
                copy.unreadable_ranges += 1
            after = _next_file(src, last[0])
            if after is None:
                return
            last = (after, -(2**63))
            blind += 1
            if blind > MAX_BLIND_CHUNKS * CHUNK:
                return


def _next_file(src: sqlite3.Connection, after: int) -> int | None:
    """The source's next file id after `after` (None: no more files), or `after` + 1 where its files
    cannot be read there either: a damaged interior page of sentences is then walked past file by file,
    not id by id (a zeroed root page took a million failed queries)."""
    try:
        row = src.execute("SELECT id FROM files WHERE id > ? ORDER BY id LIMIT 1", (after,)).fetchone()
    except sqlite3.DatabaseError:
        return after + 1 if after >= 0 else 0
    return None if row is None else row[0]


class _Sentences:
    """The new store's sentences, compressed as its writer compresses them. A store of schema 7 or older
    keeps each row's evidence sentence as text: numbered per file as they come; schema 8 keeps them as
    text, schema 9 and 10 compressed (a sentence that cannot be decompressed whole any more is left out,
    and so is then its file)."""

    def __init__(self, new: Store, src: sqlite3.Connection) -> None:
        self.new = new
        self.dst = new.db
        self.numbers: dict[int, dict[str, int]] = {}
        self.dictionaries = compressed.stored_dictionaries(src)

    def insert(self, file_id: int, n: int, text: str) -> None:
        z = self.new._sentence_compressor([text])(text)
        self.dst.execute("INSERT OR IGNORE INTO sentences (file_id, n, z) VALUES (?, ?, ?)", (file_id, n, z))

    def copy(self, src: sqlite3.Connection, copy: TableCopy) -> None:
        have = _columns(src, "sentences")
        if not have:
            copy.error = "no such table"
            return
        stored = "z" if "z" in have else "text"
        (sql,) = src.execute("SELECT sql FROM sqlite_master WHERE name = 'sentences'").fetchone()
        cols = ["file_id", "n", stored]
        rows = (
            _sentence_rows(src, cols, copy)
            if "WITHOUT ROWID" in sql.upper()  # schema 11
            else _rows(src, "sentences", cols, copy)
        )
        for file_id, n, value in rows:
            if stored == "z":
                # a cut stream would give a cut sentence, and the citations' offsets into it nothing
                value = compressed.whole_text(value, self.dictionaries)
            if isinstance(value, str):
                self.insert(file_id, n, value)
                copy.copied += 1

    def number(self, file_id: int, text: str | None) -> int | None:
        if text is None:
            return None
        of_file = self.numbers.setdefault(file_id, {})
        n = of_file.get(text)
        if n is None:
            n = of_file[text] = len(of_file) + 1
            self.insert(file_id, n, text)
        return n


def _copy_table(
    src: sqlite3.Connection, dst: sqlite3.Connection, table: str, sentences: _Sentences | None = None
) -> TableCopy:
    copy = TableCopy(table)
    if table == "sentences" and sentences is not None:
        try:
            sentences.copy(src, copy)
        except sqlite3.DatabaseError as e:
            copy.error = str(e)
        return copy
    try:
        have = set(_columns(src, table))
        cols = [c for c in _columns(dst, table) if c in have]
        as_text = sentences is not None and "sentence" in have and "sentence_no" in _columns(dst, table)
        old_key = table == "mentions" and "key" in have and "key_own" not in have
        if old_key:  # schema 8's key, kept whole in key_own (the key read back is the same)
            cols = [*cols, "key"]
        if as_text:  # an older store's sentence text becomes the number of a row of the sentences table
            cols = [*cols, "sentence"]
        old_text = table == "mentions" and "surface" in have and "surface_own" not in have
        if old_text:  # schema 9's text and identity, kept whole (made offsets by _compact_mentions)
            cols = [*cols, "surface", "ident"]
        old_header = table == "files" and "header" in have and "header_own" not in have
        if old_header:  # schema 9's header JSON, kept whole (made columns by _compact_headers)
            cols = [*cols, "header"]
        into = set(_columns(dst, table))
        # schema 10's words, kept as words (their numbers are made by _code_words)
        old_words = {w: c for w, c in _WORDS.items() if c in into and w in have and c not in have}
        cols = [*cols, *old_words]
    except sqlite3.DatabaseError as e:
        copy.error = str(e)
        return copy
    if not cols:
        copy.error = "no such table"
        return copy
    renamed = {
        "sentence": "sentence_no",
        **({"key": "key_own"} if old_key else {}),
        **({"surface": "surface_own", "ident": "ident_own"} if old_text else {}),
        **({"header": "header_own"} if old_header else {}),
        **old_words,
    }
    names = ", ".join(renamed.get(c, f'"{c}"') for c in cols)
    marks = ", ".join("?" for _ in cols)
    verb = "INSERT OR REPLACE" if table in ("catalog", "meta", "bodies") else "INSERT OR IGNORE"
    sql = f'{verb} INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 (fixed names)
    batch: list[tuple] = []
    for row in _rows(src, table, cols, copy):
        if as_text:
            at = cols.index("sentence")
            row = (*row[:at], sentences.number(row[cols.index("file_id")], row[at]), *row[at + 1 :])
        if old_text:  # no identity: '' in ident_own (else the parts would derive one)
            row = (*row[:-1], NO_IDENT if row[-1] is None else row[-1])
        if table == "meta" and row[cols.index("key")] in ("schema_version", "catalog_digest"):
            continue
        batch.append(row)
        if len(batch) >= CHUNK:
            dst.executemany(sql, batch)
            copy.copied += len(batch)
            batch = []
    dst.executemany(sql, batch)
    copy.copied += len(batch)
    return copy


# files whose rows are not all there: left out of the new store, so that a re-ingest brings them back
_INCOMPLETE_FILES = """
SELECT id FROM files WHERE report_doc IS NOT NULL AND report_doc NOT IN (SELECT id FROM documents)
UNION SELECT m.file_id FROM mentions m WHERE m.doc_id IS NOT NULL AND m.doc_id NOT IN (SELECT id FROM documents)
UNION SELECT e.file_id FROM edges e WHERE e.src NOT IN (SELECT id FROM documents)
    OR e.dst NOT IN (SELECT id FROM documents)
UNION SELECT file_id FROM mentions GROUP BY file_id
    HAVING max(CAST(substr(mid, 2) AS INTEGER)) != count(*)
UNION SELECT r.file_id FROM relations r WHERE NOT EXISTS
    (SELECT 1 FROM mentions m WHERE m.file_id = r.file_id AND m.mid = r.from_mid)
    OR NOT EXISTS (SELECT 1 FROM mentions m WHERE m.file_id = r.file_id AND m.mid = r.to_mid)
UNION SELECT m.file_id FROM mentions m JOIN files f ON f.id = m.file_id
    WHERE m.doc_id IS NOT NULL AND m.doc_id != f.report_doc AND NOT EXISTS
    (SELECT 1 FROM edges e WHERE e.file_id = m.file_id AND e.line = m.line AND e.relation = m.relation
     AND e.dst = m.doc_id)
UNION SELECT id FROM files WHERE json_valid(header) = 0
UNION SELECT file_id FROM (SELECT file_id, sentence_no FROM mentions UNION SELECT file_id, sentence_no FROM edges
    UNION SELECT file_id, sentence_no FROM relations WHERE sentence_no IS NOT NULL
    EXCEPT SELECT file_id, n FROM sentences)
"""


def _compact_mentions(db: sqlite3.Connection) -> None:
    """Citations copied from a schema 7-9 store as schema 10 keeps them: the text an offset into its
    sentence where the sentence holds it, the identity only where it is not the derived one."""
    db.create_function("luocdo_surface_at", 2, surface_at, deterministic=True)
    db.execute(
        f"UPDATE mentions SET surface_at = luocdo_surface_at(surface_own, {sentence_sql('mentions')})"
        " WHERE surface_own IS NOT NULL"
    )
    db.execute(
        "UPDATE mentions SET surface_len = length(surface_own), surface_own = NULL"
        " WHERE surface_at IS NOT NULL AND surface_own IS NOT NULL"
    )
    db.execute(f"UPDATE mentions SET ident_own = NULL WHERE ident_own IS ({IDENT_SQL})")  # noqa: S608


def _code_words(db: sqlite3.Connection) -> None:
    """Types and relations copied from a schema 7-10 store (the words) as schema 11 keeps them: their
    numbers (luocdo.store.coded); the notes only where there are some."""
    types = coded.encode_sql("type_code", coded.TYPES)
    relations = coded.encode_sql("relation_code", coded.RELATIONS)
    db.execute(  # noqa: S608 (fixed words)
        f"UPDATE mentions SET type_code = {types}, relation_code = {relations}"
        " WHERE typeof(type_code) = 'text' OR typeof(relation_code) = 'text'"
    )
    db.execute(f"UPDATE edges SET relation_code = {relations} WHERE typeof(relation_code) = 'text'")  # noqa: S608
    db.execute("UPDATE mentions SET notes_own = NULL WHERE notes_own = '[]'")


def _compact_headers(db: sqlite3.Connection) -> None:
    """Headers copied from a schema 7-9 store (the JSON text) as schema 10 keeps them: columns."""
    columns = ", ".join(HEADER_COLUMNS)
    split = ", ".join(split_sql("header_own", "path"))
    db.execute(f"UPDATE files SET ({columns}) = ({split}) WHERE header_own IS NOT NULL")  # noqa: S608
    db.execute(f"UPDATE files SET header_own = NULL WHERE {HEADER_OBJECT_SQL} IS header_own")  # noqa: S608


def _keep_whole_files(db: sqlite3.Connection) -> list[str]:
    """Leave out the files that lost rows, the rows of files that were lost, and documents nothing
    refers to any more. Returns the paths of the files left out."""
    for table in ("file_paths", "sentences", "mentions", "relations", "edges"):
        db.execute(f"DELETE FROM {table} WHERE file_id NOT IN (SELECT id FROM files)")  # noqa: S608
    ids = [r[0] for r in db.execute(_INCOMPLETE_FILES)]
    dropped = []
    for fid in ids:
        row = db.execute("SELECT path FROM files WHERE id = ?", (fid,)).fetchone()
        dropped.append(row[0] if row else f"file #{fid}")
        for table in ("file_paths", "sentences", "mentions", "relations", "edges"):
            db.execute(f"DELETE FROM {table} WHERE file_id = ?", (fid,))  # noqa: S608
        db.execute("DELETE FROM files WHERE id = ?", (fid,))
    db.execute("UPDATE mentions SET doc_id = NULL WHERE doc_id NOT IN (SELECT id FROM documents)")
    db.execute(
        "DELETE FROM documents WHERE id NOT IN (SELECT doc_id FROM mentions WHERE doc_id IS NOT NULL)"
        " AND id NOT IN (SELECT report_doc FROM files WHERE report_doc IS NOT NULL)"
        " AND id NOT IN (SELECT src FROM edges) AND id NOT IN (SELECT dst FROM edges)"
    )
    return sorted(dropped)


def salvage(src_path: Path, dst_path: Path) -> SalvageReport:
    """Copy the readable rows of the store at ``src_path`` into a new store at ``dst_path``."""
    if dst_path.exists():
        raise StoreError(f"{dst_path}: already exists; salvage writes a new store (give a new file name)")
    if not src_path.exists():
        raise StoreError(f"{src_path}: no such file")
    try:
        src = connect_readonly(src_path, timeout=5)
        src.execute("SELECT name FROM sqlite_master").fetchall()
    except (sqlite3.Error, OSError) as e:
        raise StoreError(
            f"{src_path}: nothing can be salvaged: SQLite cannot read its header ({e})"
        ) from None
    report = SalvageReport()
    new = Store(dst_path, create=True)
    db = new.db
    try:
        db.execute("PRAGMA foreign_keys = OFF")  # rows arrive before the rows they point at
        db.execute("BEGIN IMMEDIATE")
        sentences = _Sentences(new, src)
        for table in TABLES:
            report.tables.append(_copy_table(src, db, table, sentences))
        report.files_dropped = _keep_whole_files(db)
        _compact_mentions(db)
        _compact_headers(db)
        _code_words(db)
        # a file whose paths were lost keeps its own; copies salvaged from an older store become one report
        new._migrate_to_7()
        new._rebuild_links()
        for name, province in db.execute(
            "SELECT DISTINCT d.issuer, d.province FROM documents d"
            " WHERE d.issuer IS NOT NULL AND d.issuer NOT IN (SELECT name FROM bodies)"
        ).fetchall():
            new._body(name, province)  # bodies lost with their page: derived again from the documents
        # the stamps copied with the meta rows name the damaged store's content, not this one's
        for key in (stamps.FACTS, stamps.FINDINGS):
            stamps.bump(db, key)
        db.execute("COMMIT")
        db.execute("PRAGMA foreign_keys = ON")
        report.counts = new.counts()
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        src.close()
        new.close()
    return report

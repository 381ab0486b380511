"""SQLite store of record. Each file is ingested in one IMMEDIATE transaction: a crash or a kill
leaves the store as it was before that file, and concurrent ingests wait for each other."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sized
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import regex

from luocdo.resolve.corpus import identity, norm_number, norm_symbol
from luocdo.store import coded, compressed, findings, reach, sentence_blobs, stamps, touched, upgrading
from luocdo.store.binding import register_adapters
from luocdo.store.bodies import body_info
from luocdo.store.cited import CitedParts, conventional_documents, mention_identity
from luocdo.store.collector import rare_collections
from luocdo.store.early_reach import EarlyReach, remove_abandoned
from luocdo.store.early_settle import EarlySettle
from luocdo.store.evidence import surface_at
from luocdo.store.header_columns import COLUMNS as HEADER_COLUMNS
from luocdo.store.header_columns import (
    HEADER_OBJECT_SQL,
    HEADER_SQL,
    columns_sql,
    field_sql,
    insert_sql,
    own_sql,
    split_sql,
)
from luocdo.store.header_columns import values as header_values
from luocdo.store.mention_ident import IDENT_SQL, NO_IDENT, derived_ident, own_ident
from luocdo.store.mention_key import KEY_SQL, own_key
from luocdo.store.opening import (
    APPLICATION_ID,
    OpenProblem,
    StoreFile,
    connect_readonly,
    describe,
    folder_writable,
    inspect_file,
    inspected,
)
from luocdo.store.pending import files_to_resolve, fits, issued
from luocdo.store.prepare import IngestResult, Prepared, prepared
from luocdo.store.schema_parts import schema_text
from luocdo.store.settled import Changes, settle_attributes, settle_attributes_from, settle_partial_documents
from luocdo.store.variants import Decisions, merge_variants, merged_citations, refreshed, variant_targets
from luocdo.store.wal_fold import fold_after_read, fold_at_exit

if TYPE_CHECKING:  # the extraction side (pydantic, the grammar) is imported where a write needs it
    from luocdo.model import ReportHeader
    from luocdo.store.file_rows import FileRows

register_adapters()  # None and bytes bound without sqlite3's adaptation look-ups (store/binding.py)

# how long a command waits for another process's write lock before it says the store is busy (longer
# while that process upgrades the store: store/upgrading.py)
BUSY_SECONDS = 120
SCHEMA_VERSION = "12"
# migrated when the store is opened for writing
OLDER_SCHEMAS = ("3", "4", "5", "6", "7", "8", "9", "10", "11")
# read as they are where they cannot be upgraded (a read-only file or folder): schema 12 only adds the
# content stamps (luocdo.store.stamps), which such a store, written by no one, does without
READ_AS_THEY_ARE = ("11",)


# An ingest of at least this many files into an empty store is a bulk load: the indexes only questions
# use and the triggers that keep the links current are dropped while it writes, then built once at its
# end (a bulk load killed before its end is finished by the next process that opens the store).
BULK_LOAD_MIN_FILES = 1000
# mentions_doc_dates is not deferred: it is the only index of a document's citations (schema 9), which the
# writer's candidate look-ups probe (_candidate_query's EXISTS, _preferred's counts): without it each
# probe scans every citation written so far, a cost that grows with the load (13 % of the writer at 20k)
BULK_DEFERRED_INDEXES = (
    "edges_dst",
    "edges_pair",
    "mentions_ident",
    "mentions_checked",
    "documents_num_symbol",
    "documents_issuer",
)
# indexes an older schema.sql created that a newer one replaced: dropped when the store is opened for
# writing (mentions_partial: mentions_checked, the same rows from a cheaper WHERE)
REPLACED_INDEXES = ("mentions_partial",)
# indexes over columns schema 10 added (mentions.ident_own): not made by the steps of a migration from an
# older schema, whose mentions lack them, but once the store is migrated (_missing_indexes)
AFTER_MIGRATION_INDEXES = ("mentions_checked",)
# (the findings' marks of a written document and file: written for each batch at its commit, _commit)
BULK_DEFERRED_TRIGGERS = (
    "edges_dirty_insert",
    "edges_dirty_delete",
    "edges_dirty_update",
    *touched.TRIGGERS,
    *findings.ADDED_TRIGGERS,
)
_FINDINGS_MARKERS = "SELECT name FROM sqlite_master WHERE name IN ('findings_dirty', {})".format(
    ",".join(f"'{t}'" for t in findings.ADDED_TRIGGERS)
)
BULK_KEY = "bulk_load:"  # meta key of a running bulk load: bulk_load:HOST:PID
# -wal pages after which a bulk load's commit folds the -wal into the store (SQLite's default: 1,000).
# Each fold copies every page the batches since the last one changed, and the random-order indexes' pages
# change again in the next batches: folding every 64 MB instead of every 4 MB copies them far fewer times
# (at 25,000 reports the commits' CPU fell from 2.9 to 1.6 s and their wall, fsyncs included, from 8-11
# to 4-5 s). Back to what the connection had at the end of the load.
BULK_WAL_PAGES = 16_000
# files written in one transaction (when the caller does not say): a commit writes to the -wal every page
# the batch changed, and the random-order indexes' pages (documents' identities, files' contents, the
# citations by document) are changed again by the next batch. A bulk load, which no reader waits on,
# commits every 256 files instead of 64: at 50,000 reports its commits' CPU falls from 3.2 to 2.1 s
# (bench/s15_writer_replay.py). Either way a batch also ends after BATCH_SECONDS of extraction, and a
# kill loses only the batch not yet committed, whole files.
BATCH_FILES = 64
BULK_BATCH_FILES = 256
BATCH_SECONDS = 1.0
CACHE_KIB = 65_536  # every connection's page cache
# the end of a bulk load builds the indexes and the links with SQLite's sorter, which holds as much as the
# page cache before it spills to temporary files: with the full cache that is 64 MB more at the peak
# (200,000 reports); with 16 MB for both, the peak stays that of the load and the sorts take no longer
BULK_END_CACHE_KIB = 16_384
SEEN_MAX = 50_000  # documents a writer remembers from one batch to the next (memory stays flat)
SETTLE_ROUNDS = 4  # passes of settle at most (resolve, merge, settle attributes) before it leaves the rest


# schema 7's edges (what the migrations from schemas 3-6 fill before _migrate_to_8)
_EDGES_V7 = (
    "CREATE TABLE edges (id INTEGER PRIMARY KEY, src INTEGER NOT NULL REFERENCES documents(id),"
    " relation TEXT NOT NULL, dst INTEGER NOT NULL REFERENCES documents(id),"
    " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, line INTEGER NOT NULL,"
    " sentence TEXT NOT NULL, confidence REAL NOT NULL)"
)

# schema 9's mentions (what the migrations from schemas 3-8 fill before _migrate_to_10)
_MENTIONS_V9 = (
    "CREATE TABLE mentions (file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, mid TEXT NOT NULL,"
    ' line INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface TEXT NOT NULL,'
    " sentence_no INTEGER NOT NULL, type TEXT NOT NULL, number TEXT, num_norm TEXT, year TEXT, symbol TEXT,"
    " date TEXT, date_valid INTEGER NOT NULL, issuer TEXT, issuer_explicit INTEGER NOT NULL, relation TEXT NOT NULL,"
    " short_form INTEGER NOT NULL, in_footnote INTEGER NOT NULL, name TEXT, key_own TEXT, resolved_key TEXT,"
    " confidence REAL NOT NULL, notes TEXT NOT NULL, position TEXT, doc_id INTEGER REFERENCES documents(id),"
    " candidates INTEGER NOT NULL DEFAULT 1, ident TEXT, rel_confidence REAL,"
    f" key TEXT GENERATED ALWAYS AS (coalesce(key_own, {KEY_SQL})) VIRTUAL, PRIMARY KEY (file_id, mid))"
)

# a citation's row and an edge's as the writer passes them (type and relation as schema 11 stores them,
# encoded by the writer: coded.TYPE_CODES, RELATION_CODES; notes as the JSON text)
_MENTION_INSERT = (
    'INSERT INTO mentions (file_id, mid, line, start, "end", surface_own, surface_at, surface_len, sentence_no,'
    " type_code, number, num_norm, year, symbol, date, date_valid, issuer, issuer_explicit, relation_code,"
    " short_form, in_footnote, name, key_own, resolved_key, confidence, notes_own, position, rel_confidence,"
    " doc_id, candidates, ident_own) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, nullif(?26, '[]'), ?27, ?28, ?29, ?30, ?31)"
)
_EDGE_INSERT = (
    "INSERT INTO edges (src, relation_code, dst, file_id, line, sentence_no, confidence)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
)
# what the stored columns hold for a word: coded.TYPE_CODES / RELATION_CODES (a word not in them is stored
# as it is). In the statement, the CASE cost 0.2-0.35 µs a citation (bench/s17_writer_micro_case.py), the
# dict's look-up a tenth of it.

# schema 10's mentions and edges (what the migrations from schemas 3-9 fill before _migrate_to_11)
_MENTIONS_V10 = (
    "CREATE TABLE mentions (file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, mid TEXT NOT NULL,"
    ' line INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface_own TEXT, surface_at INTEGER,'
    " surface_len INTEGER, sentence_no INTEGER NOT NULL, type TEXT NOT NULL, number TEXT, num_norm TEXT, year TEXT,"
    " symbol TEXT, date TEXT, date_valid INTEGER NOT NULL, issuer TEXT, issuer_explicit INTEGER NOT NULL,"
    " relation TEXT NOT NULL, short_form INTEGER NOT NULL, in_footnote INTEGER NOT NULL, name TEXT, key_own TEXT,"
    " resolved_key TEXT, confidence REAL NOT NULL, notes TEXT NOT NULL, position TEXT,"
    " doc_id INTEGER REFERENCES documents(id), candidates INTEGER NOT NULL DEFAULT 1, ident_own TEXT,"
    " rel_confidence REAL,"
    f" key TEXT GENERATED ALWAYS AS (coalesce(key_own, {KEY_SQL})) VIRTUAL,"
    f" ident TEXT GENERATED ALWAYS AS (nullif(coalesce(ident_own, {IDENT_SQL}), '')) VIRTUAL,"
    " PRIMARY KEY (file_id, mid))"
)
_EDGES_V10 = (
    "CREATE TABLE edges (id INTEGER PRIMARY KEY, src INTEGER NOT NULL REFERENCES documents(id),"
    " relation TEXT NOT NULL, dst INTEGER NOT NULL REFERENCES documents(id),"
    " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, line INTEGER NOT NULL,"
    " sentence_no INTEGER NOT NULL, confidence REAL NOT NULL)"
)
# schema 11's stored columns for schema 10's words: (stored column, expression over a schema 10 row o)
_CODED_V11 = {
    "type": ("type_code", coded.encode_sql("o.type", coded.TYPES)),
    "relation": ("relation_code", coded.encode_sql("o.relation", coded.RELATIONS)),
    "notes": ("notes_own", "nullif(o.notes, '[]')"),
}

_HEADER_COLUMNS = ", ".join(HEADER_COLUMNS)
# a file's row, its header as columns (schema 10: luocdo.store.header_columns)
_INSERT_FILE = insert_sql(["path", "sha256", "size", "ingested_at", "report_doc"])
# a file's path and header changed: ?1 the path, ?2 the header's JSON text, ?3 the file's id
_UPDATE_FILE_PATH = (
    f"UPDATE files SET path = ?1, ({_HEADER_COLUMNS}, header_own) = (SELECT {_HEADER_COLUMNS}, {own_sql('j')}"
    f" FROM (SELECT *, {columns_sql('j', 'path')} FROM (SELECT ?1 AS path, ?2 AS j))) WHERE id = ?3"
)


def _bulk_owner_alive(key: str) -> bool:
    host, _, pid = key.removeprefix(BULK_KEY).rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's: it cannot be asked (a store on a shared folder)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class StoreError(Exception):
    """A user-facing problem with the store (one line, no traceback)."""


@cache
def schema_indexes() -> dict[str, tuple[str, str]]:
    """The indexes schema.sql creates: name -> (table, statement). Only indexes: one added to schema.sql
    without a new schema version is created on older stores when they are opened; a missing table or
    trigger is damage (doctor), never silently made again empty."""
    found = regex.finditer(r"CREATE\s+INDEX\s+IF\s+NOT\s+EXISTS\s+(\w+)\s+ON\s+(\w+)[^;]*;", schema_text())
    return {m[1]: (m[2], m[0]) for m in found}


def default_store_path() -> Path:
    return Path(os.environ.get("LUOCDO_STORE") or "luocdo.db")


def _mid_order(mid: str) -> tuple:
    """Mentions in the order of the text (their ids are m1, m2, … in that order)."""
    return (0, int(mid[1:]), "") if mid[:1] == "m" and mid[1:].isdigit() else (1, 0, mid)


@dataclass(slots=True)
class _Cited:
    """A stored mention, as settle resolves it again."""

    id: str
    number: str | None
    symbol: str | None
    year: str | None
    date: str | None
    issuer: str | None
    name: str | None
    type: str
    short_form: int
    key: str
    resolved_key: str | None
    doc_id: int | None
    candidates: int

    def order(self) -> tuple:
        return _mid_order(self.id)


def edge_rows(fid: int, rdoc: int, cited: list[tuple], relations: list[tuple]) -> list[tuple]:
    """The edges of one file: from its report's document to each document it cites, then between the
    documents of each relation its text states. ``cited``: (mid, line, relation, sentence number,
    confidence, relation confidence, document id) in the order of the text; ``relations``: (line,
    relation, from mid, to mid, sentence number, confidence)."""
    rows = []
    conf: dict[str, float] = {}
    doc_of: dict[str, int | None] = {}
    code = coded.RELATION_CODES.get
    for mid, line, rel, sentence, c, rc, d in cited:
        conf[mid], doc_of[mid] = c, d
        if d is not None and d != rdoc:
            # as sure as the citation and the words stating the relation ("gắn với việc thực hiện")
            rows.append((rdoc, code(rel, rel), d, fid, line, sentence, min(c, 1.0 if rc is None else rc)))
    for line, rel, a_mid, b_mid, sentence, c in relations:
        a, b = doc_of.get(a_mid), doc_of.get(b_mid)
        if a is not None and b is not None and a != b:
            c = min(c, conf.get(a_mid, 1.0), conf.get(b_mid, 1.0))
            rows.append((a, code(rel, rel), b, fid, line, sentence, c))
    return rows


class Store:
    """A luocdo store. ``create=True`` (ingest, catalog commands): opened for writing, created when
    missing or empty. ``create=False`` (every command that only reads): an existing store, opened
    through a read-only connection. Either way a file that is not a luocdo store is refused before
    anything is written to it."""

    def __init__(self, path: Path | str, *, create: bool = True, upkeep: bool = True) -> None:
        self.path = Path(path)
        self.readonly = not create
        # read-only: the upkeep a write would do first (`_open_readonly`); False for a reader that must
        # not wait for the write lock (validate's helper, started while its parent holds it)
        self._upkeep = upkeep
        # what this write transaction already read or wrote (cleared when it ends or rolls back)
        self._docs_seen: dict[str, list] = {}  # ident -> [id, date, title]
        self._docs_absent: set[str] = set()  # identities no document has (this batch: _look_up_batch)
        self._batch_stored: _MaybeStored | None = None  # the batch's paths and contents the store may hold
        self._batch_now: str | None = None  # when the batch being written was written
        self._signed: tuple[compressed.Compressor, tuple[int, int]] | None = None
        self._bodies_seen: set[tuple] = set()
        # document id -> _preferred's weight of it (in the catalog, its complete citations, its identity) for
        # the writer's look-ups: counting a central document's citations reads tens of thousands of rows at
        # 200,000 reports, so _write adds what it writes instead of counting again (_mention_rows)
        self._weights: dict[int, tuple[int, int, str]] = {}
        self._seen_version: int | None = None  # PRAGMA data_version when they were last known current
        self._bulk = False  # this connection is bulk loading (links rebuilt at its end, not per commit)
        # max document and file ids when a batch began without the findings' ADDED_TRIGGERS (_unmarked_since)
        self._added_after: tuple[int, int] | None = None
        # PRAGMA data_version when this connection last saw the store without a citation in a write transaction
        # (a bulk load's start), None once a settle of its began: while no other connection has committed
        # since, every citation is one this connection wrote and no merge of variants holds one (settle)
        self._empty_version: int | None = None
        # the whole store's settle decisions, taken by a thread while the end of a bulk load into an empty
        # store runs (store/early_settle.py): settle's, if no other connection committed since
        self._early_settle: EarlySettle | None = None
        self._wal_pages = 1000  # its wal_autocheckpoint before a bulk load (BULK_WAL_PAGES while it runs)
        self._compressor: compressed.Compressor | None = None  # of the sentences this writer stores
        # its dictionary was found stored in this batch's transaction: not compared again for each file
        # (a copy of the dictionary bound and compared, 11 us a file); cleared when the batch ends or a
        # file of it is rolled back
        self._dict_checked = False
        self._untrained: list[str] = []  # sentences written before the store had a dictionary
        self._said_waiting = False  # for another process's upgrade of the store
        self._changes_at_begin = 0  # the connection's total_changes when the batch's transaction began
        # rows of settle's own bookkeeping (settle_touched, settle_pending) deleted or written again in the
        # transaction: not a change of the store's content, so not counted against its stamp (a settle
        # leaves what it settled touched on purpose, and the next transaction clears it)
        self._bookkeeping = 0
        self._closed = False
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no luocdo store here (run `luocdo ingest` first)")
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: the folder {self.path.parent} does not exist")
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self._open()
                break
            except OpenProblem as e:
                raise StoreError(f"{self.path}: {e}") from None
            except sqlite3.OperationalError as e:
                # another process is creating or writing the store: wait for it, as writes do, and for
                # as long as another process upgrades it (minutes on a large store)
                if "locked" in str(e) and self._upgrade_elsewhere():
                    deadline = time.monotonic() + BUSY_SECONDS
                elif "locked" not in str(e):
                    raise StoreError(f"{self.path}: not a usable luocdo store ({e})") from None
                elif time.monotonic() > deadline:
                    raise StoreError(f"{self.path}: {describe(e)}") from None
                if getattr(self, "db", None) is not None:
                    self.db.close()
                time.sleep(0.05)
            except sqlite3.DatabaseError as e:
                raise StoreError(f"{self.path}: not a usable luocdo store ({e})") from None

    def _migrate_or_say(self) -> bool:
        """_migrate, with a failure said as what it means: the upgrade runs in one transaction, so the
        store is left as it was (a full disk used to read "not a usable luocdo store")."""
        old = self._meta("schema_version")
        try:
            return self._migrate()
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise  # another process writes it: waited for by the caller
            need = ""
            if "full" in str(e).lower():
                mb = self.path.stat().st_size / 1e6
                need = f"; it needs about as much free space as the store takes ({mb:,.0f} MB)"
            raise OpenProblem(
                f"cannot upgrade the store from schema {old} to {SCHEMA_VERSION} ({describe(e)}); it is"
                f" unchanged, at schema {old}{need}"
            ) from None

    def _open(self) -> None:
        if self.readonly:
            found, db = inspected(self.path) if self.path.exists() else (None, None)
            self._open_readonly(found, db)
            fold_at_exit(self)
            return
        found = inspect_file(self.path) if self.path.exists() else None
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise OpenProblem("the store file is read-only: it cannot be written (queries still work)")
        if not folder_writable(self.path):
            raise OpenProblem(
                f"the folder {self.path.parent} is read-only: the store cannot be written there"
                " (queries still work)"
            )
        self._setup()

    def _open_readonly(self, found: StoreFile | None, db: sqlite3.Connection | None) -> None:
        """A read-only connection to an existing luocdo store (`db`, the one the file was inspected
        through). Upkeep that needs a write (a schema migration, a newer bundled catalog, links left
        stale by an older luocdo) is done first through a short write connection when the file can be
        written, the file being a luocdo store."""
        if found is None or found.empty:
            if db is not None:
                db.close()
            raise OpenProblem("no luocdo store here (an empty file; run `luocdo ingest` first)")
        self.db = db if db is not None else connect_readonly(self.path)
        self._configure()
        if self._upkeep and self._needs_upkeep():
            if os.access(self.path, os.W_OK) and folder_writable(self.path):
                self.db.close()
                Store(self.path, create=True).close()
                self.db = connect_readonly(self.path)
                self._configure()
            elif self._meta("schema_version") in OLDER_SCHEMAS and self._upgrade_elsewhere():
                # another user's process (one that can write the file) is upgrading it: read it after
                self.db.close()
                while upgrading.in_progress(self.path):
                    time.sleep(0.5)
                self.db = connect_readonly(self.path)
                self._configure()
            if self._meta("schema_version") in OLDER_SCHEMAS and not self._read_as_it_is():
                raise OpenProblem(
                    f"store schema {self._meta('schema_version')} must be upgraded, which a read-only store"
                    " cannot be: copy it to a writable folder and open it there once"
                )
        version = self._meta("schema_version")
        if version != SCHEMA_VERSION and not self._read_as_it_is():
            raise OpenProblem(f"store schema {version}, this luocdo reads {SCHEMA_VERSION}")

    def _read_as_it_is(self) -> bool:
        """A store of an older schema this read-only connection reads without its upgrade (one that
        cannot be written: no one writes it while it is read)."""
        return self._meta("schema_version") in READ_AS_THEY_ARE and not (
            os.access(self.path, os.W_OK) and folder_writable(self.path)
        )

    def _upgrade_elsewhere(self) -> bool:
        """Whether another living process is upgrading this store; said once on stderr."""
        upgrade = upgrading.in_progress(self.path)
        if upgrade is not None and not self._said_waiting:
            print(upgrading.waiting_line(self.path, upgrade), file=sys.stderr, flush=True)
            self._said_waiting = True
        return upgrade is not None

    def _needs_upkeep(self) -> bool:
        from luocdo.catalog import bundled_digest

        if self._meta("schema_version") in OLDER_SCHEMAS:
            return True
        if self._meta("schema_version") != SCHEMA_VERSION:
            return False  # refused below
        if self._meta("catalog_digest") != bundled_digest():
            return True
        if self._schema_objects_missing() or self._abandoned_bulk_loads():
            return True
        return self.db.execute("SELECT 1 FROM links_dirty LIMIT 1").fetchone() is not None

    def _schema_objects_missing(self) -> bool:
        """Indexes of schema.sql added without a schema version (for the questions) that this store does
        not have yet: created when it is next opened for writing."""
        return (
            bool(self._missing_indexes())
            or bool(self._replaced_indexes())
            or findings.missing(self.db, bulk=bool(self._bulk_loads()))
            or reach.needs_upkeep(self.db)
            or touched.missing(self.db, bulk=bool(self._bulk_loads()))
        )

    def _missing_indexes(self) -> list[str]:
        have = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master")}
        missing = [
            sql for name, (table, sql) in schema_indexes().items() if name not in have and table in have
        ]
        # a bulk load drops some indexes and triggers until its end: not missing while one runs
        return missing if missing and not self._bulk_loads() else []

    def _replaced_indexes(self) -> list[str]:
        have = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        return [name for name in REPLACED_INDEXES if name in have]

    def _bulk_loads(self) -> list[str]:
        try:
            return [r[0] for r in self.db.execute("SELECT key FROM meta WHERE key LIKE 'bulk_load:%'")]
        except sqlite3.OperationalError:
            return []

    def _configure(self) -> None:
        self.db.row_factory = sqlite3.Row
        self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        # a 64 MB page cache (filled only as pages are read): a chain under a central directive reads
        # thousands of scattered evidence rows, and the default 2 MB cache re-reads them on every question
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.db.execute("PRAGMA foreign_keys = ON")
        self._sentence_dicts = compressed.register(self.db)

    def _setup(self) -> None:
        self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        self._configure()
        mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise StoreError(f"{self.path}: cannot use write-ahead logging (journal mode {mode})")
        self.db.execute("PRAGMA synchronous = NORMAL")
        if self._meta("schema_version") is None:
            with self._immediate():
                if self._meta("schema_version") is None:  # nobody created it while we waited
                    if self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone():
                        raise OpenProblem("not a luocdo store (it holds tables of another program)")
                    self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    self._create_schema()
                    self.db.execute(
                        "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
                    )
        if (old := self._meta("schema_version")) in OLDER_SCHEMAS:
            self._upgrade_elsewhere()  # says what this process waits for, if another one migrates
            try:
                # schema 11 -> 12 rebuilds no table (minutes of VACUUM at 200,000 reports for nothing)
                if self._migrate_or_say() and old not in READ_AS_THEY_ARE:
                    # the tables a migration rebuilt leave their old pages free: give them back (schema 7
                    # -> 8 takes a store to about 0.6 of its size); the migration is committed whatever
                    # happens here
                    try:
                        self.db.execute("VACUUM")
                    except sqlite3.OperationalError as e:  # the disk cannot hold a copy of the store
                        print(
                            f"{self.path}: migrated to schema {SCHEMA_VERSION}; the space it freed stays"
                            f" in the file ({e})",
                            file=sys.stderr,
                        )
            finally:
                upgrading.done(self.path)
        version = self._meta("schema_version")
        if version != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema {version}, this luocdo reads {SCHEMA_VERSION}")
        self._finish_abandoned_bulk_loads()
        if self._schema_objects_missing():
            with self._immediate():
                for sql in self._missing_indexes():
                    self.db.execute(sql)
                for name in self._replaced_indexes():
                    self.db.execute(f"DROP INDEX {name}")
                findings.create(self.db)  # the stored findings' tables (derived: computed when next read)
                reach.ensure(self.db)
                touched.create(self.db)  # what settle decides again (everything for an older store)
        self._refresh_bundled_catalog()
        if self.db.execute("SELECT 1 FROM links_dirty LIMIT 1").fetchone():
            # edges changed by a writer that did not refresh the links (an older luocdo still running)
            with self._immediate():
                pass  # the links are refreshed before every commit

    def _create_schema(self) -> None:
        """Every CREATE of schema.sql (all IF NOT EXISTS); pragmas are set per connection."""
        schema = schema_text()
        migrating = self._meta("schema_version") in OLDER_SCHEMAS
        later = {schema_indexes()[name][1] for name in AFTER_MIGRATION_INDEXES} if migrating else set()
        stmt = ""
        for line in schema.splitlines(keepends=True):
            if not stmt and line.lstrip().startswith("--"):
                continue
            stmt += line
            if sqlite3.complete_statement(stmt):  # a trigger holds semicolons of its own
                if "CREATE " in stmt.upper() and stmt.strip() not in later:
                    self.db.execute(stmt)
                stmt = ""

    def _migrate(self) -> bool:
        """Whether this process migrated the store (False: another one did while this one waited).
        Schema 3 -> 4: edges get an id. Schema 4 -> 5: triggers mark the links whose edges change
        (the links table is then built from the edges). Schema 5 -> 6: what `settle` needs to resolve
        partial citations again on the whole store (see _migrate_to_6). Schema 6 -> 7: files of the same
        content are one report with several paths (see _migrate_to_7). Schema 7 -> 8: each evidence
        sentence stored once (see _migrate_to_8); the steps before it work on schema 7's tables. Schema 8 -> 9:
        the sentences compressed, relations.evidence and two indexes dropped (see _migrate_to_9). Schema
        9 -> 10: a citation's text as an offset into its sentence, its identity derived (see
        _migrate_to_10); the steps before it work on schema 9's mentions. Schema 10 -> 11: types and
        relations as numbers (see _migrate_to_11); the steps before it fill schema 10's mentions and edges."""
        with self._immediate():
            version = self._meta("schema_version")
            if version not in OLDER_SCHEMAS:
                return False  # another process migrated it while we waited
            upgrading.start(self.path, SCHEMA_VERSION)  # for the commands that wait meanwhile
            if version == "3":
                self.db.execute("ALTER TABLE edges RENAME TO edges_v3")
                for index in ("edges_dst", "edges_src", "edges_file", "edges_pair"):
                    self.db.execute(f"DROP INDEX IF EXISTS {index}")
                self.db.execute(_EDGES_V7)
            old = int(version)
            if old < 8:  # schema 8's relations name their sentence (sentence_no)
                self._add_v6_columns()
            self._create_schema()
            if version == "3":
                self.db.execute(
                    "INSERT INTO edges (src, relation, dst, file_id, line, sentence, confidence)"
                    " SELECT src, relation, dst, file_id, line, sentence, confidence FROM edges_v3"
                    " ORDER BY rowid"
                )
                self.db.execute("DROP TABLE edges_v3")
            if version in ("3", "4"):
                self._rebuild_links()
            if old < 6:
                self._migrate_to_6()
            if old < 7:
                self._migrate_to_7()
            if old < 8:
                self._migrate_to_8()
            if old < 9:
                self._migrate_to_9()
            if old < 10:
                self._migrate_to_10()
            if old < 11:
                self._migrate_to_11()
            # schema 12: the content stamps (luocdo.store.stamps), written as this transaction commits
            if old < 8:  # schema 8 records what its writes touched (settle_touched)
                touched.touch_all(self.db)  # an older luocdo did not
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION,))
        return True

    def _migrate_to_8(self) -> None:
        """Each distinct evidence sentence of a file once, in the sentences table, numbered in the order
        of the mentions, then the relations, then the edges that use it; the three tables rebuilt with
        the number instead of the text (edge ids kept: links name their best evidence by it)."""
        db = self.db
        db.execute(
            "CREATE TABLE sentences_v8 (file_id INTEGER, n INTEGER, text TEXT, PRIMARY KEY (file_id, n))"
        )
        db.execute(
            "INSERT INTO sentences_v8 (file_id, n, text) SELECT file_id,"
            " row_number() OVER (PARTITION BY file_id ORDER BY min(k), min(o)), sentence FROM ("
            " SELECT file_id, sentence, 0 AS k, CAST(substr(mid, 2) AS INTEGER) AS o FROM mentions"
            " UNION ALL SELECT file_id, sentence, 1, rowid FROM relations WHERE sentence IS NOT NULL"
            " UNION ALL SELECT file_id, sentence, 2, id FROM edges) GROUP BY file_id, sentence"
        )
        for table in ("mentions", "relations", "edges"):
            cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            db.execute(f"ALTER TABLE {table} RENAME TO {table}_v7")
            # the indexes go with the renamed table: dropped, so that schema.sql makes them on the new one
            for (index,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (f"{table}_v7",),
            ).fetchall():
                db.execute(f"DROP INDEX {index}")
            for (trigger,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (f"{table}_v7",)
            ).fetchall():
                db.execute(f"DROP TRIGGER {trigger}")
            if table == "mentions":
                db.execute(_MENTIONS_V9)  # made schema 10's by _migrate_to_10
            if table == "edges":
                db.execute(_EDGES_V10)  # made schema 11's by _migrate_to_11
            self._create_schema()
            now = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
            pairs = [(f'"{c}"', f'o."{c}"') for c in cols if c != "sentence" and c in now]
            if "key" in cols and "key_own" in now:  # schema 9's mentions: the key only where not derived
                pairs.append(("key_own", f"CASE WHEN o.key IS NOT {KEY_SQL} THEN o.key END"))
            kept = ", ".join(name for name, _ in pairs)
            old = ", ".join(value for _, value in pairs)
            db.execute(
                f"INSERT INTO {table} ({kept}, sentence_no) SELECT {old}, s.n FROM {table}_v7 o"  # noqa: S608
                " LEFT JOIN sentences_v8 s ON s.file_id = o.file_id AND s.text = o.sentence ORDER BY o.rowid"
            )
            db.execute(f"DROP TABLE {table}_v7")
        db.execute("DELETE FROM links_dirty")  # the same edges, under the same ids

    def _migrate_to_9(self) -> None:
        """The sentences compressed with a dictionary trained on the store's first sentences (those of
        its first files, as a new store's first batch trains it); relations.evidence (a copy of the
        extraction's evidence that no reader uses: a relation's evidence is its sentence) and the
        indexes that are prefixes of others (mentions_doc, documents_num) dropped."""
        db = self.db
        if "text" in {r[1] for r in db.execute("PRAGMA table_info(sentences)")}:  # schema 8's table
            db.execute("ALTER TABLE sentences RENAME TO sentences_v8")
            self._create_schema()
        first = [
            r[0]
            for r in db.execute(
                "SELECT text FROM sentences_v8 WHERE file_id IN (SELECT file_id FROM sentences_v8"
                " GROUP BY file_id ORDER BY file_id LIMIT 200) ORDER BY file_id, n"
            )
        ]
        zdict = compressed.train(first)
        compress = compressed.Compressor()
        if len(zdict) >= compressed.DICT_BYTES // 2:
            db.execute("INSERT INTO sentence_dicts (id, data) VALUES (1, ?)", (zdict,))
            compress = compressed.Compressor(1, zdict)
            self._sentence_dicts[1] = zdict
        db.create_function("luocdo_compress", 1, compress, deterministic=True)
        db.execute(
            "INSERT INTO sentences (file_id, n, z) SELECT file_id, n, luocdo_compress(text) FROM sentences_v8"
            " ORDER BY file_id, n"
        )
        db.execute("DROP TABLE sentences_v8")
        if "evidence" in {r[1] for r in db.execute("PRAGMA table_info(relations)")}:
            db.execute("ALTER TABLE relations DROP COLUMN evidence")
        if "key_own" not in {r[1] for r in db.execute("PRAGMA table_info(mentions)")}:
            self._rebuild_mentions_with_derived_key()
        db.execute("DROP INDEX IF EXISTS mentions_doc")
        db.execute("DROP INDEX IF EXISTS documents_num")

    def _set_aside(self, table: str, old: str) -> None:
        """`table` renamed `old` for a migration to copy from, without its indexes and triggers (they
        carry schema.sql's names, which the table made again takes)."""
        self.db.execute(f"ALTER TABLE {table} RENAME TO {old}")
        for kind, name in self.db.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ?"
            " AND sql IS NOT NULL",
            (old,),
        ).fetchall():
            self.db.execute(f"DROP {kind} {name}")

    def _rebuild_mentions_with_derived_key(self) -> None:
        """mentions rebuilt as schema 9 has it: key_own only where the key is not the derived one."""
        db = self.db
        cols = [r[1] for r in db.execute("PRAGMA table_info(mentions)")]
        self._set_aside("mentions", "mentions_v8")
        db.execute(_MENTIONS_V9)  # made schema 10's by _migrate_to_10
        self._create_schema()
        kept = [c for c in cols if c != "key"]
        names = ", ".join(f'"{c}"' for c in kept)
        before = db.execute("SELECT coalesce(max(rowid), 0) FROM settle_touched").fetchone()[0]
        db.execute(
            f"INSERT INTO mentions (rowid, {names}, key_own) SELECT rowid, {names},"  # noqa: S608
            f" CASE WHEN key IS NOT {KEY_SQL} THEN key END FROM mentions_v8 ORDER BY rowid"
        )
        # the same citations again: nothing for settle to decide (the triggers saw them as written)
        db.execute("DELETE FROM settle_touched WHERE rowid > ?", (before,))
        db.execute("DROP TABLE mentions_v8")

    def _migrate_to_10(self) -> None:
        """mentions rebuilt as schema 10 has them: the text as written an offset into its sentence where
        the sentence holds it verbatim (surface_own otherwise), the identity kept only where it is not
        the derived one (ident_own). Row ids kept; the same citations: nothing for settle to decide."""
        db = self.db
        relations = {r[1] for r in db.execute("PRAGMA table_info(relations)")}
        if {"sentence", "sentence_no"} <= relations:  # left by 8 -> 9 migrations: always empty
            db.execute("ALTER TABLE relations DROP COLUMN sentence")
        self._split_headers()
        cols = [r[1] for r in db.execute("PRAGMA table_info(mentions)")]
        if "surface" not in cols:
            return  # schema 10's already
        self._set_aside("mentions", "mentions_v9")
        db.execute(_MENTIONS_V10)  # made schema 11's by _migrate_to_11
        self._create_schema()
        dictionaries = compressed.stored_dictionaries(db)

        def surface_in(surface: str | None, z: bytes | None) -> int | None:
            # a sentence that does not decode whole (damaged): the citation keeps its text itself, and
            # the store opens (doctor then names the sentence)
            text = compressed.whole_text(z, dictionaries)
            return None if text is None else surface_at(surface, text)

        db.create_function("luocdo_surface_in", 2, surface_in, deterministic=True)
        kept = [c for c in cols if c not in ("surface", "ident")]
        names = ", ".join(f'"{c}"' for c in kept)
        before = db.execute("SELECT coalesce(max(rowid), 0) FROM settle_touched").fetchone()[0]
        db.execute(
            f"INSERT INTO mentions (rowid, {names}, surface_own, surface_at, surface_len, ident_own)"  # noqa: S608
            f" SELECT rowid, {names}, CASE WHEN at IS NULL THEN surface END, at,"
            " CASE WHEN at IS NOT NULL THEN length(surface) END,"
            f" CASE WHEN ident IS ({IDENT_SQL}) THEN NULL ELSE coalesce(ident, '{NO_IDENT}') END"
            f" FROM (SELECT o.rowid AS rowid, o.*, luocdo_surface_in(o.surface, s.z) AS at"
            " FROM mentions_v9 o LEFT JOIN sentences s ON s.file_id = o.file_id AND s.n = o.sentence_no) o"
            " ORDER BY rowid"
        )
        # the same citations again: nothing for settle to decide (the triggers saw them as written)
        db.execute("DELETE FROM settle_touched WHERE rowid > ?", (before,))
        db.execute("DROP TABLE mentions_v9")

    def _migrate_to_11(self) -> None:
        """mentions and edges rebuilt as schema 11 has them: a type and a relation as their number in
        luocdo.store.coded's lists, the notes only where there are some; edges_src (src, relation)
        dropped (edges_pair (src, dst) serves a document's edges out); sentences a WITHOUT ROWID table.
        Row ids kept (links name their best evidence by the edge's): the same citations and edges,
        nothing for settle to decide."""
        db = self.db
        db.execute("DROP INDEX IF EXISTS edges_src")
        (sentences,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'sentences'").fetchone()
        if "WITHOUT ROWID" not in sentences.upper():
            db.execute("ALTER TABLE sentences RENAME TO sentences_v10")
            self._create_schema()
            db.execute(
                "INSERT INTO sentences (file_id, n, z) SELECT file_id, n, z FROM sentences_v10 ORDER BY file_id, n"
            )
            db.execute("DROP TABLE sentences_v10")
        touched_before = db.execute("SELECT coalesce(max(rowid), 0) FROM settle_touched").fetchone()[0]
        dirty_before = db.execute("SELECT coalesce(max(rowid), 0) FROM links_dirty").fetchone()[0]
        for table in ("mentions", "edges"):
            cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            if "relation_code" in cols:
                continue  # schema 11's already
            self._set_aside(table, f"{table}_v10")
            self._create_schema()
            names = [("rowid", "o.rowid")] if table == "mentions" else []
            for c in cols:
                names.append(_CODED_V11.get(c, (f'"{c}"', f'o."{c}"')))
            db.execute(
                f"INSERT INTO {table} ({', '.join(n for n, _ in names)})"  # noqa: S608 (fixed names)
                f" SELECT {', '.join(v for _, v in names)} FROM {table}_v10 o ORDER BY o.rowid"
            )
            db.execute(f"DROP TABLE {table}_v10")
        # the same citations and edges again: nothing for settle or the links (the triggers saw them written)
        db.execute("DELETE FROM settle_touched WHERE rowid > ?", (touched_before,))
        db.execute("DELETE FROM links_dirty WHERE rowid > ?", (dirty_before,))

    def _split_headers(self) -> None:
        """files.header (the JSON text) becomes columns and the virtual column made of them. The table is
        altered in place, not rebuilt: its rows are what the other tables' foreign keys point at."""
        db = self.db
        have = {r[1] for r in db.execute("PRAGMA table_info(files)")}
        if "header_own" in have:
            return
        for (trigger,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'files' AND sql LIKE '%header%'"
        ).fetchall():
            db.execute(f"DROP TRIGGER {trigger}")  # made again by _create_schema
        for column in (*HEADER_COLUMNS, "header_own TEXT"):
            db.execute(f"ALTER TABLE files ADD COLUMN {column}")
        split = ", ".join(split_sql("header", "path"))
        db.execute(f"UPDATE files SET ({_HEADER_COLUMNS}) = ({split})")  # noqa: S608
        db.execute(f"UPDATE files SET header_own = header WHERE {HEADER_OBJECT_SQL} IS NOT header")  # noqa: S608
        db.execute("ALTER TABLE files DROP COLUMN header")
        db.execute(f"ALTER TABLE files ADD COLUMN header TEXT GENERATED ALWAYS AS ({HEADER_SQL}) VIRTUAL")
        self._create_schema()

    def _add_v6_columns(self) -> None:
        for table, column, kind in (
            ("mentions", "ident", "TEXT"),
            ("mentions", "rel_confidence", "REAL"),
            ("relations", "sentence", "TEXT"),
        ):
            have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    def _migrate_to_6(self) -> None:
        """Fill the columns schema 6 added: each mention's own identity (computed from its parts), and,
        from the edges already stored, the relation confidence of each mention and the evidence sentence
        of each relation (a citation or a relation that has no edge keeps NULL: when settle rebuilds its
        edge, it takes the citation's confidence and sentence). Every partial citation is then resolved
        again by the next settle."""
        db = self.db
        conventional = {}
        for key, known in conventional_documents().items():
            conventional[key] = identity(
                number=known["number"],
                symbol=known["symbol"],
                year=known["year"],
                date=known["date"],
                issuer=known["issuer"],
            )
        rows = db.execute(
            "SELECT m.rowid, m.number, m.symbol, m.year, m.date, m.issuer, m.name, m.type, m.short_form,"
            " m.resolved_key, d.ident FROM mentions m LEFT JOIN documents d ON d.id = m.doc_id WHERE m.ident IS NULL"
        ).fetchall()
        update = []
        for rowid, number, symbol, year, date, issuer, name, type_, short, rkey, doc_ident in rows:
            if short and rkey and rkey in conventional and conventional[rkey] == doc_ident:
                ident = doc_ident
            elif number is None and not name:
                continue
            else:
                ident = identity(
                    number=number, symbol=symbol, year=year, date=date, issuer=issuer, name=name, type_=type_
                )
            update.append((ident, rowid))
        db.executemany("UPDATE mentions SET ident = ? WHERE rowid = ?", update)
        db.execute(
            "UPDATE mentions SET rel_confidence = (SELECT e.confidence FROM edges e JOIN files f ON f.id = e.file_id"
            " WHERE e.file_id = mentions.file_id AND e.line = mentions.line AND e.src = f.report_doc"
            " AND e.dst = mentions.doc_id AND e.relation = mentions.relation AND e.sentence = mentions.sentence"
            " ORDER BY e.confidence LIMIT 1) WHERE rel_confidence IS NULL AND doc_id IS NOT NULL"
        )
        db.execute(
            "UPDATE relations SET sentence = (SELECT e.sentence FROM edges e WHERE e.file_id = relations.file_id"
            " AND e.line = relations.line AND e.relation = relations.relation"
            " AND e.src = (SELECT doc_id FROM mentions a WHERE a.file_id = relations.file_id AND a.mid = relations.from_mid)"
            " AND e.dst = (SELECT doc_id FROM mentions b WHERE b.file_id = relations.file_id AND b.mid = relations.to_mid)"
            " ORDER BY e.sentence LIMIT 1) WHERE sentence IS NULL"
        )
        db.execute("INSERT OR IGNORE INTO settle_pending VALUES ('*')")

    def _migrate_to_7(self) -> None:
        """Every file's path becomes its first path; files of the same content become one report: the
        one of the smallest path keeps its facts and takes the others' paths, whose facts are removed
        (the numbers they cite are settled again: each was counted once per copy)."""
        db = self.db
        db.execute("INSERT OR IGNORE INTO file_paths (path, file_id) SELECT path, id FROM files")
        for (sha,) in db.execute(
            "SELECT sha256 FROM files GROUP BY sha256 HAVING count(*) > 1 ORDER BY sha256"
        ).fetchall():
            same = db.execute("SELECT id FROM files WHERE sha256 = ? ORDER BY path", (sha,))
            keep, *copies = [r[0] for r in same]
            for fid in copies:
                self._mark_pending_file(fid)
                db.execute("UPDATE file_paths SET file_id = ? WHERE file_id = ?", (keep, fid))
                for table in (
                    "edges",
                    "relations",
                    "mentions",
                    "sentences",
                ):  # salvage runs this without foreign keys
                    db.execute(f"DELETE FROM {table} WHERE file_id = ?", (fid,))  # noqa: S608 (fixed names)
                db.execute("DELETE FROM files WHERE id = ?", (fid,))
            self._set_first_path(keep)

    # a link's row from its edges: best is the strongest edge (confidence, then path, line, and the
    # smallest id among equals, what the index scan's order gave before the id was written here). Most
    # links (82 % at 50k) have one edge: that edge, without the look-up, the join and the sort. The
    # look-up goes through edges_pair (src, dst): `+b.relation` keeps SQLite from taking edges_dst (dst,
    # relation), as good to its planner without statistics, when that index is the newer of the two,
    # which reads every edge of the link's relation into a central document (minutes at 50k)
    _LINK_ROW = (
        "SELECT e.src, e.relation, e.dst, count(*), CASE WHEN count(*) = 1 THEN e.id ELSE (SELECT b.id"
        " FROM edges b JOIN files f ON f.id = b.file_id WHERE b.src = e.src AND +b.relation = e.relation"
        " AND b.dst = e.dst ORDER BY b.confidence DESC, f.path, b.line, b.id LIMIT 1) END FROM edges e"
    )

    def _abandoned_bulk_loads(self) -> list[str]:
        return [k for k in self._bulk_loads() if not _bulk_owner_alive(k)]

    def _finish_abandoned_bulk_loads(self) -> None:
        """A bulk load killed before its end left the store without some indexes and with its links
        not built: build them (once no bulk load is running any more). The scratch files of reach that a
        process killed during the end of its load left beside the store (store/early_reach.py) removed:
        its mark is there until the end's last commit, which removes the file first (_end_bulk_reach)."""
        if not self._abandoned_bulk_loads():
            return
        with suppress(OSError):  # a folder that cannot be listed: nothing of ours to remove there
            remove_abandoned(self.path, lambda owner: _bulk_owner_alive(BULK_KEY + owner))
        with self._immediate():
            for key in self._abandoned_bulk_loads():
                self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
            if not self.db.execute("SELECT 1 FROM meta WHERE key LIKE 'bulk_load:%'").fetchone():
                self._end_bulk_schema()

    def _start_bulk(self) -> bool:
        """Into an empty store: drop the indexes writing does not read and the links triggers, and
        mark the store as bulk loading (meta), in one transaction. False when the store is not empty.
        Into a store without a citation it also notes the store's data_version (_empty_version: settle's
        shortcut; a stale value is harmless, another connection's commit changes the version)."""
        with self._immediate():
            if self.db.execute("SELECT 1 FROM files LIMIT 1").fetchone():
                return False
            if not self.db.execute("SELECT 1 FROM mentions LIMIT 1").fetchone():
                self._empty_version = self.db.execute("PRAGMA data_version").fetchone()[0]
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (self._bulk_key(), _now()))
            for index in BULK_DEFERRED_INDEXES:
                self.db.execute(f"DROP INDEX IF EXISTS {index}")
            for trigger in BULK_DEFERRED_TRIGGERS:
                self.db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        self._bulk = True
        self._wal_pages = self.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        self.db.execute(f"PRAGMA wal_autocheckpoint = {BULK_WAL_PAGES}")
        # the batches write without foreign keys (ingest_prepared turns them on again before the end):
        # each citation, edge, sentence and path would look its parents up (the writer has just written
        # or read them, in the same transaction), about 386,000 look-ups at 5,000 reports; a file deleted
        # while the load writes (a path written again) has its rows deleted by _detach, as the cascade would
        self.db.execute("PRAGMA foreign_keys = OFF")
        return True

    def _end_bulk(self, *, early: bool = True) -> None:
        """The indexes and triggers again, and every link built from the edges, in one transaction.
        Meanwhile, on the second core: settle's whole-store decisions taken, into an empty store
        (store/early_settle.py; ``early``: the load succeeded, a settle may follow), and the
        conventional names settle reads imported. If it fails, the decisions are dropped.
        Into an empty store reach's rows are computed on the second core too (store/early_reach.py)
        and copied by a second transaction, which also ends the load (_end_bulk_reach)."""
        busy_ms = int(BUSY_SECONDS * 1000)
        reach_early = None
        if early and self._empty_version is not None:
            with suppress(OSError):  # no scratch file beside the store: reach built here, as before
                reach_early = EarlyReach(self.path, busy_ms)
            # after reach's (which this end needs first): one thread at a time beside this one, which
            # then keeps a core (second_core.py)
            self._early_settle = EarlySettle(self.path, busy_ms, after=reach_early)
        # settle reads the conventional names' documents: in a writer whose workers extracted, importing
        # luocdo.extract.conventional for them (0.1 s) is done by a thread while this one is in SQLite;
        # not after a failed load, which no settle follows
        if early:
            threading.Thread(target=conventional_documents, name="luocdo-conventional").start()
        try:
            with self._immediate(keep_seen=True):  # no document changes: settle next resolves with them
                if reach_early is None:
                    self.db.execute("DELETE FROM meta WHERE key = ?", (self._bulk_key(),))
                self._end_bulk_schema(reach_later=reach_early is not None)
            if reach_early is not None:
                self._end_bulk_reach(reach_early)
        except BaseException:
            self._drop_early_settle()  # the store is not the one settle would find after this end
            raise
        finally:
            if reach_early is not None:
                reach_early.close()
            with suppress(sqlite3.Error):  # never in the way of the error that ended the load
                self.db.execute(f"PRAGMA wal_autocheckpoint = {self._wal_pages}")
        self._bulk = False

    def _end_bulk_reach(self, reach_early: EarlyReach) -> None:
        """The second transaction of the end of a bulk load into an empty store: reach's rows copied
        from the thread's scratch file (a transfer of records into the empty table), or built here when
        the thread failed or another connection committed since the load began (its edges may then not
        be those the thread read); the load's mark removed. A process that dies before it leaves the
        mark: the next one to open the store finishes the end (_finish_abandoned_bulk_loads), and reach,
        empty beside the links (reach.unbuilt), is built at that open."""
        scratch = reach_early.result()
        if scratch is not None:
            self.db.execute("ATTACH DATABASE ? AS early_reach", (str(scratch),))  # not inside a transaction
        try:
            with self._immediate(keep_seen=True):
                self.db.execute("DELETE FROM meta WHERE key = ?", (self._bulk_key(),))
                fresh = self._empty_version == self.db.execute("PRAGMA data_version").fetchone()[0]
                self.db.execute(f"PRAGMA cache_size = -{BULK_END_CACHE_KIB}")
                try:
                    if scratch is not None and fresh:
                        self.db.execute("DELETE FROM reach")
                        self.db.execute("INSERT INTO main.reach SELECT * FROM early_reach.reach")
                        self.db.execute("DELETE FROM reach_dirty")
                    else:
                        reach.build(self.db)
                finally:
                    with suppress(sqlite3.Error):
                        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
                # the scratch file removed before the commit that removes the load's mark: a process
                # killed after it leaves no file, one killed before it leaves the mark, and the next
                # open removes the file (_finish_abandoned_bulk_loads). The rows were read: an attached
                # file unlinked stays readable through its descriptor; where it cannot be, close() does it
                with suppress(OSError):
                    reach_early.scratch.unlink(missing_ok=True)
        finally:
            if scratch is not None:
                with suppress(sqlite3.Error):
                    self.db.execute("DETACH DATABASE early_reach")

    def _end_bulk_schema(self, *, reach_later: bool = False) -> None:
        """The end of a bulk load (also of one killed, finished by the next process to open the store),
        inside the caller's transaction. Its sorts take a smaller page cache (BULK_END_CACHE_KIB).
        ``reach_later``: reach is not built at this transaction's end but by _end_bulk_reach's."""
        self.db.execute(f"PRAGMA cache_size = -{BULK_END_CACHE_KIB}")
        try:
            self._create_schema()  # every index and trigger of schema.sql that is missing
            touched.touch_all(self.db)  # the touches were not recorded while it wrote: settle everything
            if reach_later:
                self._rebuild_links_unmarked()
            else:
                self._rebuild_links()
            # what _mark_pending_file marks for each file, for all of them at once (the store was empty):
            # each number once from the indexes' order (DISTINCT), the cited documents by theirs (EXISTS),
            # not every citation put through the UNION's b-tree (0.23 -> 0.14 s of CPU at 50k)
            self.db.execute(
                "INSERT OR IGNORE INTO settle_pending"
                " SELECT * FROM (SELECT DISTINCT num_norm FROM mentions WHERE num_norm IS NOT NULL)"
                " UNION SELECT * FROM (SELECT DISTINCT d.num_norm FROM documents d WHERE d.num_norm IS NOT NULL"
                " AND EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id))"
                " UNION SELECT d.num_norm FROM files f JOIN documents d ON d.id = f.report_doc"
                " WHERE d.num_norm IS NOT NULL"
            )
            if reach_later:  # the links' inserts marked every link for reach.refresh at this commit
                self.db.execute("DELETE FROM reach_dirty")
        finally:
            with suppress(sqlite3.Error):  # never in the way of the error that ended it
                self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    @staticmethod
    def _bulk_key() -> str:
        return f"{BULK_KEY}{socket.gethostname()}:{os.getpid()}"

    def _rebuild_links(self) -> None:
        self.db.execute("DELETE FROM links")
        # every edge read in the table's order (NOT INDEXED), not through edges_pair with a look-up of each
        # row's relation: the GROUP BY sorts them anyway (1.66-1.71 -> 1.57-1.60 s at 50k)
        self.db.execute(f"INSERT INTO links {self._LINK_ROW} NOT INDEXED GROUP BY e.src, e.relation, e.dst")
        self.db.execute("DELETE FROM links_dirty")

    def _rebuild_links_unmarked(self) -> None:
        """_rebuild_links without the trigger that marks each new link for reach.refresh (reach_dirty:
        461,488 rows at 50k, deleted unread when reach comes from the edges: 1.36 -> 1.19-1.23 s of CPU):
        dropped and made again from its own definition inside the caller's transaction, so that no other
        connection ever sees the store without it."""
        row = self.db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'links_reach_insert'"
        ).fetchone()
        if row is None:
            self._rebuild_links()
            return
        self.db.execute("DROP TRIGGER links_reach_insert")
        self._rebuild_links()
        self.db.execute(row[0])

    def _refresh_links(self) -> None:
        """Recompute the links whose edges changed (marked by the edges triggers), inside the write
        transaction that changed them; all of them after a big change. A bulk load builds them at its end."""
        if self._bulk:
            return
        rows = [tuple(r) for r in self.db.execute("SELECT DISTINCT src, relation, dst FROM links_dirty")]
        if not rows:
            return
        if len(rows) > 20_000:
            self._rebuild_links()
            return
        self.db.executemany("DELETE FROM links WHERE src = ? AND relation = ? AND dst = ?", rows)
        self.db.executemany(
            f"INSERT INTO links {self._LINK_ROW} WHERE e.src = ? AND e.relation = ? AND e.dst = ?"
            " GROUP BY e.src, e.relation, e.dst",
            rows,
        )
        self.db.execute("DELETE FROM links_dirty")

    def _refresh_bundled_catalog(self) -> None:
        """Load the bundled catalog when the store has none or an older one."""
        from luocdo.catalog import bundled_digest, bundled_entries, load_into

        digest = bundled_digest()
        if self._meta("catalog_digest") == digest:
            return
        with self._immediate():
            load_into(self.db, bundled_entries(), "bundled")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('catalog_digest', ?)", (digest,))
            # the catalog ranks the documents a partial citation can be: settle them all again (a new
            # store has none: its first ingest marks what it writes, like any other)
            if self.db.execute("SELECT 1 FROM files LIMIT 1").fetchone():
                self.db.execute("INSERT OR IGNORE INTO settle_pending VALUES ('*')")

    def set_reference_catalog(self, path: str | None) -> None:
        """The reference catalog file this store's answers use (None: the shipped one)."""
        with self._immediate():
            if path:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('reference_catalog', ?)", (path,))
            else:
                self.db.execute("DELETE FROM meta WHERE key = 'reference_catalog'")

    def import_catalog(self, entries: list[dict], origin: str) -> int:
        from luocdo.catalog import load_into

        with self._immediate():
            n = load_into(self.db, entries, origin)
            # the catalog ranks the documents a partial citation can be: settle them all again
            self.db.execute("INSERT OR IGNORE INTO settle_pending VALUES ('*')")
        return n

    @contextmanager
    def _immediate(self, *, keep_seen: bool = False, writes: str = stamps.FACTS):
        """One write transaction: BEGIN IMMEDIATE waits for other writers; any error rolls back.
        ``keep_seen``: the documents this connection remembers stay, when no other connection committed
        since (for a transaction that does not change documents before it reads them). ``writes``: the
        stamp (luocdo.store.stamps) a change made in the block renews; the links and reach refreshed
        after it renew the facts'. A transaction that changed no row renews none."""
        self.db.execute("BEGIN IMMEDIATE")
        if not keep_seen or self.db.execute("PRAGMA data_version").fetchone()[0] != self._seen_version:
            self._forget_seen()
        try:
            began = self.db.total_changes
            self._bookkeeping = 0
            added_after = self._unmarked_since()
            yield
            if added_after is not None:
                findings.mark_added(self.db, *added_after)
            wrote = self.db.total_changes
            self._refresh_links()
            reach.refresh(self.db)
            refreshed = self.db.total_changes != wrote
            changed = wrote - began - self._bookkeeping != 0
            if changed:
                stamps.bump(self.db, writes)
            if refreshed and (writes != stamps.FACTS or not changed):
                stamps.bump(self.db, stamps.FACTS)
        except BaseException:
            self.db.execute("ROLLBACK")
            self._rolled_back()
            raise
        self.db.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    def _drop_early_settle(self) -> None:
        early, self._early_settle = self._early_settle, None
        if early is not None:
            early.cancel()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._drop_early_settle()  # closed without a settle: its decisions are not wanted
        self.db.close()
        if self.readonly:
            fold_after_read(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- ingest -------------------------------------------------------------------------
    def ingest(self, path: Path) -> IngestResult:
        """Ingest one file in its own transaction."""
        return next(iter(self.ingest_many([path])))

    def ingest_many(
        self, paths, *, batch_files: int | None = None, batch_seconds: float = BATCH_SECONDS, jobs: int = 1
    ):
        """Ingest files, yielding one IngestResult per file once its facts are committed.

        Files are written in transactions of up to `batch_files` files (BATCH_FILES, BULK_BATCH_FILES in
        a bulk load, when None) or `batch_seconds` of extraction
        (a commit costs about a millisecond: per-file commits would dominate); the transaction is opened
        once the batch is extracted, so the write lock is held only while writing. Each file is inside its own
        savepoint: a file that fails to store is rolled back alone, and a crash or kill loses only
        the uncommitted batch — the store always holds whole files. With ``jobs`` > 1 the files are
        extracted in that many worker processes while this one writes; the workers start a fresh
        interpreter (forkserver, or spawn on Windows) that imports the calling script as a module, so a
        script that calls this with ``jobs`` > 1 needs the ``if __name__ == "__main__":`` guard
        (the ``luocdo`` command has it).
        """
        if not isinstance(paths, Sized):  # a ReportFiles is walked as it is read, never held as a list
            paths = list(paths)
        return self.ingest_prepared(
            lambda stored_sha: prepared(paths, stored_sha, jobs, for_store=True, store=self.path.resolve()),
            batch_files=batch_files,
            batch_seconds=batch_seconds,
            expected_files=len(paths),
        )

    def ingest_prepared(
        self,
        source: Callable[[Callable[[str], str | None]], Iterable[Prepared | IngestResult]],
        *,
        batch_files: int | None = None,
        batch_seconds: float = BATCH_SECONDS,
        expected_files: int | None = None,
    ):
        """Write files already read and extracted (``luocdo ingest --from-extracts`` reads them from
        shards), yielding one IngestResult per file once committed: the batches, savepoints and
        resolution of ``ingest_many``, which calls this. ``source(stored_sha)`` yields the files in
        order; ``stored_sha(key)`` is the sha the store (or the batch not yet written) holds for a key,
        None when new — a file whose sha it returns is ``unchanged``. With ``expected_files`` ≥
        BULK_LOAD_MIN_FILES into an empty store, it is a bulk load (docs/store.md)."""
        with rare_collections():  # the read-ahead's rows walked by the cycle collector less often
            bulk = (expected_files or 0) >= BULK_LOAD_MIN_FILES and self._start_bulk()
            if batch_files is None:
                batch_files = BULK_BATCH_FILES if bulk else BATCH_FILES
            try:
                yield from self._ingest_batches(source, batch_files, batch_seconds)
            except BaseException:
                if bulk:
                    with suppress(sqlite3.Error):
                        self._foreign_keys_again()
                    with suppress(sqlite3.Error):  # disk full, I/O error: the next process to open it ends it
                        self._end_bulk(early=False)  # no settle follows a failed load here (Ctrl-C, an error)
                raise
            if bulk:
                try:
                    self._foreign_keys_again()
                    self._end_bulk()
                except sqlite3.Error as e:
                    raise self._write_failed(e) from None

    def _foreign_keys_again(self) -> None:
        """After a bulk load's batches (_start_bulk turned them off): outside any transaction, where the
        pragma takes effect."""
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
            self._rolled_back()
        self.db.execute("PRAGMA foreign_keys = ON")

    def _ingest_batches(self, source, batch_files: int, batch_seconds: float):
        # extraction happens outside any transaction: the write lock is taken only to write a batch, so a
        # second ingest waits for a batch's write (a second at most), never for an extraction
        batch: list[Prepared | IngestResult] = []
        in_batch: dict[str, str] = {}  # key -> sha of the files of the batch, not yet written
        stored_sha = _StoredShas(self, in_batch)
        started: float | None = None
        for prep in source(stored_sha):
            if started is None:
                started = time.monotonic()
            batch.append(prep)
            if isinstance(prep, Prepared):
                in_batch[prep.key] = prep.sha
            if len(batch) >= batch_files or time.monotonic() - started >= batch_seconds:
                yield from self._write_batch(batch)
                batch, started = [], None
                in_batch.clear()
        if batch:
            yield from self._write_batch(batch)

    def _write_batch(self, batch: list[Prepared | IngestResult]) -> list[IngestResult]:
        """One transaction for the files of a batch (a file that fails to store is rolled back alone:
        _write_files). Returns the results once committed."""
        if not any(isinstance(prep, Prepared) for prep in batch):
            return [prep for prep in batch if isinstance(prep, IngestResult)]  # nothing to write
        # a savepoint (a file's, when a batch is written again: _write_files) or a statement that may abort
        # keeps the pages it changes as they were (SQLite's sub-journal): in memory (a few hundred KB, freed
        # when released) instead of a temporary file written through the kernel, 200 KB a report at 20,000
        # reports and more as the indexes widen; back to the default after the batch (settle's and a bulk
        # load's end's sorts stay on disk: memory stays flat)
        self.db.execute("PRAGMA temp_store = MEMORY")
        try:
            self._begin_batch()
        except BaseException:
            with suppress(sqlite3.Error):
                self.db.execute("PRAGMA temp_store = DEFAULT")
            raise
        written = self._sentence_state()
        try:
            preps = [prep for prep in batch if isinstance(prep, Prepared)]
            self._look_up_batch(preps)
            results = self._write_files(batch, alone=False)
            if results is None:
                # a file could not be stored: the batch again from its start, the way it is written when a
                # file fails (each file in a savepoint of its own, that file alone rolled back)
                self.db.execute("ROLLBACK")
                self._rolled_back()
                self._sentence_state(written)
                self._begin_batch()
                self._look_up_batch(preps)
                results = self._write_files(batch, alone=True)
            # the commit's whole-store rebuilds (links, reach) sort every edge: on disk, as before. SQLite
            # refuses the change inside a transaction once the connection has opened its temporary
            # database: the batch then commits with its sorts in memory rather than fail
            with suppress(sqlite3.OperationalError):
                self.db.execute("PRAGMA temp_store = DEFAULT")
            self._commit()
        finally:
            self._batch_stored, self._batch_now = None, None
            self._dict_checked = False
            self._docs_absent.clear()
            try:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                    self._rolled_back()
            finally:
                with suppress(sqlite3.Error):  # never in the way of the error that ended the batch
                    self.db.execute("PRAGMA temp_store = DEFAULT")
        return results

    def _write_files(self, batch: list[Prepared | IngestResult], *, alone: bool) -> list[IngestResult] | None:
        """The files of a batch, inside its transaction. Without ``alone`` none is in a savepoint of its
        own: a savepoint copies every page a file changes first (SQLite's sub-journal), and a file almost
        never fails; when one does, None (the transaction holds part of that file: the caller rolls it
        back and writes the batch again with ``alone``, each file in its savepoint, rolled back alone)."""
        results: list[IngestResult] = []
        not_stored: dict[str, str] = {}  # key -> why, for a repeat of the same file in the batch
        for prep in batch:
            if isinstance(prep, IngestResult):
                if prep.status == "unchanged" and prep.key in not_stored:
                    prep = IngestResult(prep.key, "failed", error=not_stored[prep.key])
                results.append(prep)
                continue
            if alone:
                self.db.execute("SAVEPOINT one_file")
            try:
                rows = prep.for_store()
                self._write(prep.key, prep.sha, prep.size, rows)
                if alone:
                    self.db.execute("RELEASE one_file")
                status = "updated" if prep.existed else "added"
                results.append(
                    IngestResult(prep.key, status, mentions=len(rows.mentions), warnings=rows.warnings)
                )
            except sqlite3.Error as e:
                if not self.db.in_transaction:  # SQLite gave up the whole batch (disk full, I/O error)
                    self._rolled_back()
                    raise self._write_failed(e) from None
                if not alone:
                    return None
                self.db.execute("ROLLBACK TO one_file")
                self.db.execute("RELEASE one_file")
                self._rolled_back()
                not_stored[prep.key] = f"cannot store ({e})"
                results.append(IngestResult(prep.key, "failed", error=not_stored[prep.key]))
        return results

    def _sentence_state(self, state: tuple | None = None) -> tuple:
        """What the sentences' compressor holds across files (its dictionary, the sentences it is not yet
        trained on), kept at a batch's start; given, put back (the batch written again from its start).
        The dictionaries are put back into the same dict: it is the one the connection's SQL function
        luocdo_sentence decodes with (compressed.register)."""
        if state is not None:
            self._compressor, self._untrained = state[0], list(state[2])
            self._sentence_dicts.clear()
            self._sentence_dicts.update(state[1])
        return (self._compressor, dict(self._sentence_dicts), list(self._untrained))

    def _begin_batch(self) -> None:
        while True:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as e:
                # the VACUUM after another process's migration holds the lock for minutes: wait
                if ("locked" in str(e) or "busy" in str(e)) and self._upgrade_elsewhere():
                    continue
                self._begin_failed(e)
        self._changes_at_begin = self.db.total_changes
        self._bookkeeping = 0
        self._added_after = self._unmarked_since()  # the batch's findings' marks, if made at _commit
        # what this connection read or wrote stays true while no other connection commits
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._seen_version or len(self._docs_seen) > SEEN_MAX:
            # the weights stay true while no other connection commits (they are few: no need to forget them
            # when the documents fill up)
            weights = (
                self._weights if version == self._seen_version and len(self._weights) <= SEEN_MAX else {}
            )
            self._forget_seen()
            self._weights = weights
        self._seen_version = version

    def _begin_failed(self, e: sqlite3.OperationalError) -> NoReturn:
        if "locked" in str(e) or "busy" in str(e):
            raise StoreError(
                f"{self.path}: the store stayed busy for {BUSY_SECONDS:g} s (another process kept writing it: {e});"
                " the files of this batch were not stored, the store holds the files stored before"
            ) from None
        raise self._write_failed(e) from None

    def _look_up_batch(self, preps: list[Prepared]) -> None:
        """What writing the batch's files looks up file by file, read for the whole batch in one statement
        each: which of their paths and contents the store holds, and the documents their citations name."""
        db = self.db
        self._batch_now = _now()

        def held(sql: str, values: list[str]) -> set[str]:
            return {
                r[0] for r in db.execute(f"{sql} IN (SELECT value FROM json_each(?))", (json.dumps(values),))
            }

        self._batch_stored = _MaybeStored(
            held("SELECT path FROM file_paths WHERE path", [p.key for p in preps]),
            held("SELECT sha256 FROM files WHERE sha256", [p.sha for p in preps]),
        )
        seen = self._docs_seen
        wanted: set[str] = set()
        for p in preps:
            rows = p.for_store()
            wanted.add(_report_identity(rows.header, rows.source))
            if rows.cited is not None:
                wanted.update(i for i in rows.cited.idents if i is not None)
        wanted = {i for i in wanted if i not in seen}
        if not wanted:
            return
        for ident, doc_id, date, title in db.execute(
            "SELECT ident, id, date, title FROM documents WHERE ident IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(wanted)),),
        ):
            seen[ident] = [doc_id, date, title]
            wanted.discard(ident)
        self._docs_absent = wanted

    def _compressor_signature(self, c: compressed.Compressor) -> tuple[int, int]:
        if self._signed is None or self._signed[0] is not c:
            self._signed = (c, sentence_blobs.signature(c))
        return self._signed[1]

    def _unmarked_since(self) -> tuple[int, int] | None:
        """Inside a write transaction: while a bulk load runs (this connection's or another process's),
        the triggers that mark a written document and file for the findings are dropped
        (findings.ADDED_TRIGGERS); then the largest document and file ids now, whose successors this
        transaction marks at its end (findings.mark_added), whichever connection writes them. None when
        the triggers are there (or the store keeps no findings)."""
        names = {r[0] for r in self.db.execute(_FINDINGS_MARKERS)}
        if "findings_dirty" not in names or set(findings.ADDED_TRIGGERS) <= names:
            return None
        return self.db.execute(
            "SELECT coalesce((SELECT max(id) FROM documents), 0), coalesce((SELECT max(id) FROM files), 0)"
        ).fetchone()

    def _commit(self) -> None:
        try:
            if self._added_after is not None:
                findings.mark_added(self.db, *self._added_after)
            self._refresh_links()
            reach.refresh(self.db)
            if self.db.total_changes - self._changes_at_begin - self._bookkeeping != 0:
                stamps.bump(self.db, stamps.FACTS)
            self.db.execute("COMMIT")
        except sqlite3.Error as e:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self._rolled_back()
            raise self._write_failed(e) from None

    def _write_failed(self, e: sqlite3.Error) -> StoreError:
        return StoreError(
            f"{self.path}: cannot write the store ({e}); the files of the last batch were not stored,"
            " the store holds the files stored before"
        )

    def _stored_sha(self, key: str) -> str | None:
        row = self.db.execute(
            "SELECT f.sha256 FROM file_paths p JOIN files f ON f.id = p.file_id WHERE p.path = ?", (key,)
        ).fetchone()
        return row[0] if row else None

    def _set_first_path(self, fid: int) -> None:
        """A report is shown under the smallest of its paths (whatever the order they were ingested in);
        the evidence ranked by path is ranked again when it changes."""
        db = self.db
        first = db.execute("SELECT min(path) FROM file_paths WHERE file_id = ?", (fid,)).fetchone()[0]
        row = db.execute("SELECT path, header FROM files WHERE id = ?", (fid,)).fetchone()
        if first is None or row is None or row[0] == first:
            return
        header = row[1]
        from luocdo.model import ReportHeader

        try:
            h = ReportHeader.model_validate_json(header)
        except ValueError:
            pass  # a damaged header stays as it is (doctor reports it)
        else:
            h.source = first
            header = h.model_dump_json()
        db.execute(_UPDATE_FILE_PATH, (first, header, fid))
        db.execute("INSERT INTO links_dirty SELECT src, relation, dst FROM edges WHERE file_id = ?", (fid,))

    def _detach(self, path: str) -> bool:
        """``path`` is no longer a path of its report; a report left without a path is removed."""
        db = self.db
        row = db.execute("SELECT file_id FROM file_paths WHERE path = ?", (path,)).fetchone()
        if row is None:
            return False
        fid = row[0]
        self._weights.clear()  # its citations may go
        db.execute("DELETE FROM file_paths WHERE path = ?", (path,))
        if db.execute("SELECT 1 FROM file_paths WHERE file_id = ? LIMIT 1", (fid,)).fetchone():
            self._set_first_path(fid)  # a copy remains: the same report, under its other paths
        else:
            self._mark_pending_file(fid)  # what it cited may now resolve otherwise
            db.execute("DELETE FROM edges WHERE file_id = ?", (fid,))
            # what ON DELETE CASCADE deletes with the file, deleted first: a bulk load writes without
            # foreign keys (_start_bulk); with them, the cascade then finds nothing left
            for table in ("sentences", "mentions", "relations"):
                db.execute(f"DELETE FROM {table} WHERE file_id = ?", (fid,))
            db.execute("DELETE FROM files WHERE id = ?", (fid,))
        return True

    def _write(self, key: str, sha: str, size: int, rows: FileRows) -> None:
        db = self.db
        maybe = self._batch_stored  # the paths and contents the store may hold (None: not known)
        if maybe is None or key in maybe.paths:
            self._detach(key)  # its old content, when it had one
        same = None
        if maybe is None or sha in maybe.shas:
            same = db.execute(
                "SELECT id FROM files WHERE sha256 = ? ORDER BY path LIMIT 1", (sha,)
            ).fetchone()
        if maybe is not None:
            maybe.paths.add(key)
            maybe.shas.add(sha)
        if same:  # a copy of a stored report (another folder, another name): the same report, one more path
            db.execute("INSERT INTO file_paths (path, file_id) VALUES (?, ?)", (key, same[0]))
            self._set_first_path(same[0])
            return
        # documents first: the file is then written with its report's document, and each mention once,
        # with the document it resolved to
        parts = rows.cited
        doc_of, candidates, idents, rdoc = self._resolve_file(rows.header, rows.source, rows.mentions, parts)
        cur = db.execute(
            _INSERT_FILE,
            (
                key,
                sha,
                size,
                self._batch_now or _now(),
                rdoc,
                *header_values(rows.header, key),
                rows.header_json,
            ),
        )
        fid = cur.lastrowid
        db.execute("INSERT INTO file_paths (path, file_id) VALUES (?, ?)", (key, fid))
        compress = self._sentence_compressor(rows.sentences)
        if rows.blobs is not None and rows.blobs_dict == self._compressor_signature(compress):
            blobs = rows.blobs  # compressed by the extraction worker, with the dictionary this write uses
        else:
            blobs = [compress(sentence) for sentence in rows.sentences]
        db.executemany(
            "INSERT INTO sentences (file_id, n, z) VALUES (?,?,?)",
            [(fid, n, z) for n, z in enumerate(blobs, 1)],
        )
        own_keys = parts.own_keys if parts is not None else [own_key(m) for m in rows.mentions]
        mentions, cited = self._mention_rows(fid, rows.mentions, own_keys, doc_of, candidates, idents)
        db.executemany(_MENTION_INSERT, mentions)
        db.executemany(
            "INSERT INTO relations (file_id, line, relation, from_mid, to_mid, confidence, sentence_no)"
            " VALUES (?,?,?,?,?,?,?)",
            [(fid, *r) for r in rows.relations],
        )
        relations = [
            (r.line, r.relation, r.from_id, r.to_id, r.sentence_no, r.confidence) for r in rows.relations
        ]
        db.executemany(
            _EDGE_INSERT,
            edge_rows(fid, rdoc, cited, relations),
        )
        if not self._bulk:  # a bulk load marks all its files at its end (_end_bulk_schema)
            self._mark_pending_file(fid)

    def _mention_rows(
        self, fid: int, mentions, own_keys: list, doc_of: dict, candidates: dict, idents: dict
    ) -> tuple[list[tuple], list[tuple]]:
        """In one pass over a file's citations: their rows for _MENTION_INSERT, and for edge_rows (mid,
        line, relation, sentence number, confidence, relation confidence, document id). ``doc_of``,
        ``candidates``, ``idents``: _resolve_mentions' (a citation it did not resolve: no document, 1
        candidate). Each citation written in full of a document whose weight the writer keeps counts one
        more for it (the identity stored is idents' by construction: mention_ident.own_ident); a file
        rolled back forgets them all."""
        doc_of_, ident_of = doc_of.get, idents.get
        candidates_of = candidates.get if candidates else None
        type_code, relation_code = coded.TYPE_CODES.get, coded.RELATION_CODES.get
        weights = self._weights
        rows, cited = [], []
        for m, ko in zip(mentions, own_keys, strict=True):
            # MentionRow's fields (the citation's key is stored as ko: key_own)
            (
                mid, line, start, end, surface, sentence_no, type_, number, num_norm, year, symbol, date,
                date_valid, issuer, issuer_explicit, relation, short_form, in_footnote, name, _, resolved_key,
                confidence, notes, position, relation_confidence, at,
            ) = m  # fmt: skip
            doc = doc_of_(mid)
            ident = ident_of(mid)
            rows.append(
                (
                    fid, mid, line, start, end,
                    surface if at is None else None, at, None if at is None else len(surface),
                    sentence_no, type_code(type_, type_), number, num_norm, year, symbol, date, date_valid,
                    issuer, issuer_explicit, relation_code(relation, relation), short_form, in_footnote, name,
                    ko, resolved_key, confidence, notes, position, relation_confidence, doc,
                    1 if candidates_of is None else candidates_of(mid, 1),
                    own_ident(ident, derived_ident(number, num_norm, symbol, year, date, issuer)),
                )
            )  # fmt: skip
            cited.append((mid, line, relation, sentence_no, confidence, relation_confidence, doc))
            if weights:
                w = weights.get(doc)
                if w is not None and ident == w[2]:
                    weights[doc] = (w[0], w[1] + 1, w[2])
        return rows, cited

    def _rolled_back(self) -> None:
        """After a rollback: what this connection remembers of the write goes, the sentence dictionary it
        trained in it too (its readers would otherwise decode another process's dictionary of the same
        number with it: raw deflate has no checksum, the text would be wrong without an error)."""
        self._forget_seen()
        self._dict_checked = False
        stored = compressed.stored_dictionaries(self.db)
        for dict_id in [i for i, d in self._sentence_dicts.items() if stored.get(i) != d]:
            del self._sentence_dicts[dict_id]
        if self._compressor is not None and self._compressor.dict_id not in self._sentence_dicts:
            self._compressor = None

    def _sentence_compressor(self, sentences: list[str]) -> compressed.Compressor:
        """The compressor of the sentences this write stores: with the store's dictionary, checked in
        this transaction (one rolled back, or another process's, is never assumed); the store's first
        sentences train it (compressed without one until DICT_BYTES of them were written)."""
        db = self.db
        c = self._compressor
        if c is not None and c.dict_id:
            if self._dict_checked:
                return c  # found stored earlier in this batch's transaction, which no rollback has undone
            # compared inside SQLite: no copy of the dictionary into Python for every file written
            row = db.execute(
                "SELECT 1 FROM sentence_dicts WHERE id = ? AND data = ?", (c.dict_id, c.zdict)
            ).fetchone()
            if row is not None:
                self._dict_checked = self._batch_now is not None  # inside _write_batch only
                return c
            self._compressor = None  # made in a write that was rolled back, or replaced: never assumed
            self._sentence_dicts.pop(c.dict_id, None)
        row = db.execute("SELECT id, data FROM sentence_dicts ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            self._untrained.extend(sentences)
            if sum(len(s) for s in self._untrained) < compressed.DICT_BYTES:
                if self._compressor is None:
                    self._compressor = compressed.Compressor()
                return self._compressor
            zdict = compressed.train(self._untrained)
            db.execute("INSERT INTO sentence_dicts (id, data) VALUES (1, ?)", (zdict,))
            row = (1, zdict)
        self._untrained = []
        dict_id, zdict = row[0], bytes(row[1])
        self._sentence_dicts[dict_id] = zdict
        self._compressor = compressed.Compressor(dict_id, zdict)
        return self._compressor

    def _mark_pending_file(self, fid: int) -> None:
        """The partial citations of every number this file cites or is must be resolved again at settle:
        the documents they can be, or how often each is cited, may have changed."""
        self.db.execute(
            "INSERT OR IGNORE INTO settle_pending SELECT num_norm FROM mentions"
            " WHERE file_id = ? AND num_norm IS NOT NULL"
            " UNION SELECT d.num_norm FROM mentions m JOIN documents d ON d.id = m.doc_id"
            " WHERE m.file_id = ? AND d.num_norm IS NOT NULL"
            " UNION SELECT d.num_norm FROM files f JOIN documents d ON d.id = f.report_doc"
            " WHERE f.id = ? AND d.num_norm IS NOT NULL",
            (fid, fid, fid),
        )

    # ---- corpus resolution ----------------------------------------------------------------
    def _forget_seen(self) -> None:
        self._docs_seen.clear()
        self._weights = {}
        self._docs_absent.clear()
        self._bodies_seen.clear()
        self._seen_version = None

    def _doc(
        self,
        ident: str,
        *,
        type: str | None = None,
        number: str | None = None,
        year: str | None = None,
        symbol: str | None = None,
        name: str | None = None,
        issuer: str | None = None,
        date: str | None = None,
        title: str | None = None,
        province_hint: str | None = None,
    ) -> int:
        row = self._docs_seen.get(ident)
        if row is None and ident not in self._docs_absent:
            found = self.db.execute(
                "SELECT id, date, title FROM documents WHERE ident = ?", (ident,)
            ).fetchone()
            if found:
                row = self._docs_seen[ident] = list(found)
        if row:
            if title and not row[2]:
                self.db.execute("UPDATE documents SET title = ? WHERE id = ?", (title, row[0]))
                row[2] = title
            if date and (not row[1] or len(row[1]) < len(date)):
                self.db.execute("UPDATE documents SET date = ? WHERE id = ?", (date, row[0]))
                row[1] = date
            return row[0]
        level, province, _ = body_info(issuer, province_hint)
        cur = self.db.execute(
            "INSERT INTO documents (ident, type, number, num_norm, year, symbol, name, issuer, date, title, level,"
            " province) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                ident,
                type or "Other",
                number,
                norm_number(number) if number else None,
                year,
                symbol,
                name,
                issuer,
                date,
                title,
                level,
                province,
            ),
        )
        if issuer:
            self._body(issuer, province)
        self._docs_seen[ident] = [cur.lastrowid, date, title]
        return cur.lastrowid

    def _body(self, name: str, province_hint: str | None) -> None:
        if (name, province_hint) in self._bodies_seen:
            return  # the same upsert again in this transaction changes nothing
        self._bodies_seen.add((name, province_hint))
        level, province, district = body_info(name, province_hint)
        self.db.execute(
            "INSERT INTO bodies (name, level, province, district) VALUES (?,?,?,?) ON CONFLICT(name) DO UPDATE SET"
            " province = COALESCE(bodies.province, excluded.province), level = COALESCE(bodies.level, excluded.level)",
            (
                name,
                level,
                province or province_hint if level not in ("central", "party-central") else None,
                district,
            ),
        )

    def _candidates(
        self,
        number: str,
        symbol: str | None,
        type_: str | None,
        year: str | None,
        issuer: str | None,
        date: str | None = None,
        weighed: dict | None = None,
    ) -> list[sqlite3.Row]:
        """Complete documents a mention with missing parts could be. Only documents that some file
        names in full count (a complete citation, a report, a conventional name): a document left by a
        file since changed or removed is no candidate. ``weighed``: as for _preferred."""
        query = _candidate_query(norm_number(number), *issued(issuer, date), symbol, type_, year)
        rows = self.db.execute(*query).fetchall()
        return self._preferred([r for r in rows if fits(r, symbol, type_, year, issuer, date)], weighed)

    def _named_in_full(self, num_norm: str, issuer: str | None, full_date: str | None) -> list[sqlite3.Row]:
        """The documents of a number that can be candidates (see _candidates) of a citation of this
        issuer or, without one, of this full date (luocdo.store.pending.issued)."""
        return self.db.execute(*_candidate_query(num_norm, issuer, full_date)).fetchall()

    def _preferred(self, cands: list[sqlite3.Row], weighed: dict | None = None) -> list[sqlite3.Row]:
        """Among several documents a partial mention could be, keep the one the catalog knows or that
        the corpus cites in full far more often (a wrong date elsewhere must not make every mention
        ambiguous). Complete citations only are counted: they do not depend on how partial ones were
        resolved, nor on the order in which the files came. ``weighed``: document id -> its weight,
        remembered while nothing is written (a central document is cited thousands of times)."""
        if len(cands) < 2:
            return cands

        def weight(r: sqlite3.Row) -> tuple[int, int, str]:
            known = self.db.execute(
                "SELECT 1 FROM catalog WHERE number = ? AND symbol = ? AND year = ? LIMIT 1",
                (norm_number(r["number"]), norm_symbol(r["symbol"]), r["year"] or (r["date"] or "")[:4]),
            ).fetchone()
            n = self.db.execute(
                "SELECT count(*) FROM mentions WHERE doc_id = ? AND ident = ?", (r["id"], r["ident"])
            ).fetchone()[0]
            return (1 if known else 0, n, r["ident"])

        weighed = {} if weighed is None else weighed
        for r in cands:
            if r["id"] not in weighed:
                weighed[r["id"]] = weight(r)
        weights = {r["id"]: weighed[r["id"]] for r in cands}
        ranked = sorted(cands, key=lambda r: weights[r["id"]], reverse=True)
        w0, w1 = weights[ranked[0]["id"]], weights[ranked[1]["id"]]
        if w0[0] > w1[0] or w0[1] >= max(3 * w1[1], 2):
            return ranked[:1]
        return ranked

    def _resolve_file(self, h: ReportHeader, source: str, mentions, parts: CitedParts | None = None):
        """Documents of one file: (mention id -> document id or None, mention id -> candidates when not 1,
        mention id -> the identity it names, the report's document)."""
        doc_of, candidates, idents = self._resolve_mentions(mentions, h.province, parts, self._weights)
        rdoc = self._doc(
            _report_identity(h, source),
            type=h.type or "Báo cáo",
            number=h.number,
            symbol=h.symbol,
            year=None,
            issuer=h.issuer,
            date=h.date,
            title=h.title,
            province_hint=h.province,
        )
        if h.issuer:
            self._body(h.issuer, h.province)
        return doc_of, candidates, idents, rdoc

    def _resolve_mentions(
        self, mentions, prov: str | None, parts: CitedParts | None = None, weighed: dict | None = None
    ):
        """The document each citation of one file is: (mention id -> document id or None, mention id ->
        candidates when not 1, mention id -> the identity the citation names). ``mentions`` in the order
        of the text (MentionRow tuples when a file is written, _Cited rows when settle resolves it again);
        ``parts``: what depends on them alone, when the extraction computed it (luocdo.store.cited).
        A partial citation is read as a complete one of the same file first, else as the one complete
        document of the store it can be. ``weighed``: as for _preferred (the writer's, kept by _write)."""
        by_key = {}
        doc_of: dict[str, int | None] = {}
        local: dict[tuple[str, str], list[tuple[str | None, int]]] = {}  # this report's complete citations
        candidates: dict[str, int] = {}  # mentions that fit several documents (>1) or none (0)
        idents: dict[str, str] = {}
        conventional: dict[str, str] = {}  # resolved key -> identity of the document a conventional name is
        named = parts.idents if parts is not None else [mention_identity(m) for m in mentions]

        # complete citations first, so that a partial one ("Kế hoạch số 252/KH-UBND của UBND tỉnh", no date)
        # is read as the complete citation of the same report rather than as some other year's document
        order, unknown_parts = [], []
        for m, ident in zip(mentions, named, strict=True):
            if ident is None or (m.short_form and m.resolved_key):
                continue
            idents[m.id] = ident
            (unknown_parts if m.number and "?" in ident else order).append(m)
        order += unknown_parts
        # (number, symbol, issuer, document) of the complete citations resolved, put in ``local`` only when a
        # partial citation reads it (most reports have none)
        complete: list[tuple[str, str, str | None, int]] = []
        seen = self._docs_seen
        for m in order:
            ident = idents[m.id]
            doc_id, n = None, 1
            partial = "?" in ident or m.short_form
            if partial:
                near = None
                if m.number and m.symbol:
                    for number, symbol, issuer, d in complete:
                        local.setdefault((norm_number(number), norm_symbol(symbol)), []).append((issuer, d))
                    complete.clear()
                    near = local.get((norm_number(m.number), norm_symbol(m.symbol)))
                if near:
                    fits = {d for iss, d in near if not m.issuer or not iss or iss == m.issuer}
                    if len(fits) == 1:
                        doc_id = fits.pop()
                if doc_id is None:
                    y = m.year or (m.date[:4] if m.date else None)
                    cands = self._candidates(m.number, m.symbol, m.type, y, m.issuer, m.date, weighed)
                    if len(cands) == 1:
                        doc_id = cands[0]["id"]
                    elif len(cands) > 1:
                        n = len(cands)
                    elif m.short_form:
                        n = 0  # a short form nothing in the corpus settles
            if doc_id is None and n == 1:
                row = seen.get(ident)
                if row is not None and (not m.date or (row[1] and len(row[1]) >= len(m.date))):
                    doc_id = row[0]  # known, and nothing to add to it (what _doc would find)
                else:
                    doc_id = self._doc(
                        ident,
                        type=m.type,
                        number=m.number,
                        year=m.year,
                        symbol=m.symbol,
                        name=m.name,
                        issuer=m.issuer,
                        date=m.date,
                        province_hint=prov,
                    )
            doc_of[m.id] = doc_id
            by_key.setdefault(m.key, doc_id)
            if doc_id is not None and m.number and m.symbol and "?" not in ident:
                complete.append((m.number, m.symbol, m.issuer, doc_id))
            if n != 1:
                candidates[m.id] = n
        for m, ident in zip(mentions, named, strict=True):
            if m.short_form and m.resolved_key:
                if parts is not None:
                    known = parts.conventional.get(m.resolved_key)
                else:
                    known = conventional_documents().get(m.resolved_key)
                if m.resolved_key not in by_key and known is not None:
                    # a conventional name ("Đề án 06"): the document that approved it, cited in full or not
                    fields = {k: known[k] for k in ("type", "number", "year", "symbol", "date", "issuer")}
                    cident = identity(
                        number=known["number"],
                        symbol=known["symbol"],
                        year=known["year"],
                        date=known["date"],
                        issuer=known["issuer"],
                    )
                    by_key[m.resolved_key] = self._doc(cident, **fields, province_hint=prov)
                    conventional[m.resolved_key] = cident
                if m.resolved_key in conventional:
                    idents[m.id] = conventional[m.resolved_key]
                elif ident is not None:
                    idents[m.id] = ident
                doc_of[m.id] = by_key.get(m.resolved_key)
        return doc_of, candidates, idents

    def settle(self) -> int:
        """Settle what depends on the whole store, so that the same files give the same store whatever
        the order or the concurrency of their ingests: resolve again the partial citations whose
        candidates may have changed since they were resolved (settle_pending) and rebuild the edges of
        their files; merge documents known only partly ('?' year or issuer) into the one complete
        document they can be; drop documents nothing refers to any more; settle the attributes of
        documents and bodies (luocdo.store.settled). Every decision is taken on the whole store with
        tie-breaks on values, never on the order of arrival or on row ids. Returns how many partial
        documents were merged."""
        db = self.db
        with self._immediate(keep_seen=True):  # the documents the last batch wrote, as they are
            # after a bulk load into an empty store, no other connection having committed since: only a
            # settle merges variants, and the load wrote every complete citation at its identity's document
            # (tests/test_settle_fresh.py): no merge to undo, without reading every citation to find one
            fresh = self._empty_version == db.execute("PRAGMA data_version").fetchone()[0]
            self._empty_version = None
            early, self._early_settle = self._early_settle, None
            if early is not None and not fresh:
                early.cancel()  # another connection wrote: its decisions are not used, not waited for
            decided = early.result() if early is not None and fresh else None
            pending = [r[0] for r in db.execute("SELECT num_norm FROM settle_pending")]
            # the variants are decided again from the citations as written, as on a store filled anew
            self._resolve_pending(set() if fresh else self._unmerge_variants(pending))
            merged, numbers = self._settle_round(pending, decided if fresh else None)
            # a merge or a settled date changes what a partial citation of its number reads: the files
            # that would now read one otherwise are resolved again and what they change settled, until
            # nothing changes, so that the store does not depend on what the settle before left
            for _ in range(SETTLE_ROUNDS - 1):
                numbers |= touched.read(db).numbers
                fids = files_to_resolve(db, numbers, self._named_in_full, self._preferred)
                if not fids:
                    numbers = set()
                    break
                self._resolve_files(fids)
                more, numbers = self._settle_round(sorted(numbers))
                merged += more
            self._bookkeeping += db.execute("DELETE FROM settle_pending").rowcount
            # out of passes: the numbers the last one merged into are looked at again by the next settle
            self._bookkeeping += db.executemany(
                "INSERT OR IGNORE INTO settle_pending VALUES (?)", [(n,) for n in sorted(numbers)]
            ).rowcount
        return merged

    def _settle_round(
        self, pending: list[str], early: tuple[Decisions, Changes] | None = None
    ) -> tuple[int, set[str]]:
        """One pass of settle after the files were resolved: merges, orphans, variants, attributes.
        Returns how many documents were merged and the numbers of the documents merged into. ``early``:
        the whole store's decisions taken before this settle wrote (EarlySettle)."""
        db = self.db
        self._forget_seen()  # what follows merges, removes and settles documents behind the cache
        # only what the writes since the last settle touched (luocdo.store.touched), unless everything
        seen = touched.read(db, pending)
        whole = seen.everything or "*" in pending
        docs = None if whole else seen.docs
        settle_partial_documents(db, docs)  # their date and type, from all their citations: merges read them
        if whole:
            partial = db.execute(
                "SELECT * FROM documents WHERE ident LIKE '%?%' AND number IS NOT NULL ORDER BY ident"
            ).fetchall()
        else:
            seen = touched.read(db, pending)
            partial = touched.partial_documents(db, seen)
        merges = []
        named: dict[tuple, list[sqlite3.Row]] = {}  # documents do not change in this loop
        weighed: dict = {}
        for r in partial:
            y = r["year"] or (r["date"] or "")[:4] or None
            num = (norm_number(r["number"]), *issued(r["issuer"], r["date"]))
            if num not in named:
                named[num] = self._named_in_full(*num)
            fitting = [d for d in named[num] if fits(d, r["symbol"], r["type"], y, r["issuer"], r["date"])]
            cands = self._preferred(fitting, weighed)
            if len(cands) == 1:
                merges.append((r["id"], cands[0]["id"]))
        refiled: set[int] = set()
        for old, target in merges:
            refiled.update(
                r[0]
                for r in db.execute(
                    "SELECT file_id FROM mentions WHERE doc_id = ? UNION SELECT id FROM files WHERE report_doc = ?",
                    (old, old),
                )
            )
            db.execute("UPDATE mentions SET doc_id = ? WHERE doc_id = ?", (target, old))
            db.execute("UPDATE files SET report_doc = ? WHERE report_doc = ?", (target, old))
        for fid in sorted(refiled):
            self._rebuild_edges(fid)  # no edge from a document to itself once a report is merged
        db.executemany("DELETE FROM documents WHERE id = ?", [(old,) for old, _ in merges])
        orphan = (
            "DELETE FROM documents WHERE id NOT IN (SELECT doc_id FROM mentions WHERE doc_id IS NOT NULL)"
            " AND id NOT IN (SELECT report_doc FROM files WHERE report_doc IS NOT NULL)"
            " AND id NOT IN (SELECT src FROM edges) AND id NOT IN (SELECT dst FROM edges)"
        )
        if whole:
            db.execute(orphan)
        else:
            seen = touched.read(db, pending)
            _drop_unreferenced(db, seen.docs)
        # a citation with a slip in its date: the document it means (store/variants.py)
        if whole and early is not None:  # the groups this settle's writes touched decided again
            variants = merge_variants(db, decided=refreshed(db, early[0], touched.read(db, past_all=True)))
        elif whole:
            variants = merge_variants(db)
        else:
            seen = touched.read(db, pending)
            variants = merge_variants(db, seen.numbers, seen)
        targets = sorted({t for _, t in merges} | {t for _, t in variants})
        numbers = {
            r[0]
            for r in db.execute(
                "SELECT num_norm FROM documents WHERE id IN (SELECT value FROM json_each(?)) AND num_norm IS NOT NULL",
                (json.dumps(targets),),
            )
        }
        if not whole:
            seen = touched.read(db, pending)
        # a body no document is of any more (the files naming it changed or went) is not known
        only = "" if whole else " AND name IN (SELECT value FROM json_each(?))"
        db.execute(
            f"DELETE FROM bodies WHERE NOT EXISTS (SELECT 1 FROM documents WHERE issuer = bodies.name){only}",  # noqa: S608
            () if whole else (json.dumps(sorted(seen.issuers)),),
        )
        # what settle_attributes changes stays touched: the next settle decides again the partial
        # documents of their numbers, as a whole-store settle would with the settled values
        since = touched.read(db, past_all=True) if whole and early is not None else None
        self._bookkeeping += touched.clear(db)
        if since is not None:  # the documents this settle's writes touched decided again
            settle_attributes_from(db, early[1], since.docs)
        elif whole:
            settle_attributes(db)
        else:
            settle_attributes(db, seen.docs, seen.issuers)
        return len(merges), numbers

    def _unmerge_variants(self, pending: list[str]) -> set[int]:
        """Give every complete citation a merge of variants holds, in the groups the writes touched, the
        document it names back (store/variants.py: settle merges again those that are still slips).
        When the variants decided on the citations as written merge every one of them back where it
        was, all of it is undone (an ingest that changes nothing leaves the store as it was, its edges
        included). Returns the files among theirs that have a partial citation or a short form: resolved
        again, since one of those may have been read as the complete citation of its own file."""
        db = self.db
        seen = touched.read(db, pending)
        whole = seen.everything or "*" in pending
        rows = merged_citations(db, None if whole else seen)
        if not rows:
            return set()
        db.execute("SAVEPOINT unmerge")
        idents = json.dumps(sorted({r["ident"] for r in rows}))
        existing = {
            r[0]
            for r in db.execute(
                "SELECT id FROM documents WHERE ident IN (SELECT value FROM json_each(?))", (idents,)
            )
        }
        back: list[tuple[int, int]] = []  # (the document a citation names, the one that held it)
        for r in rows:
            doc = self._doc(
                r["ident"],
                **{k: r[k] for k in ("type", "number", "year", "symbol", "name", "issuer", "date")},
            )
            db.execute(
                "UPDATE mentions SET doc_id = ? WHERE file_id = ? AND mid = ?", (doc, r["file_id"], r["mid"])
            )
            back.append((doc, r["doc_id"]))
        refiled = {r["file_id"] for r in rows}
        for fid in sorted(refiled):
            self._rebuild_edges(fid)
        # a document that held them and nothing else is no candidate of the decision (settle drops it)
        _drop_unreferenced(db, {held for _, held in back})
        if whole:
            decided = dict(variant_targets(db))
        else:
            now = touched.read(db, pending)
            decided = dict(variant_targets(db, now.numbers, now))
        # undone only when the decision puts back exactly what was held, and nothing else: a document
        # of a slip's identity that a write brought back (a report citing it anew) is decided with the
        # citations as written, as a store filled anew decides it, not against a holder whose dates
        # still count the slips it held
        if decided == dict(back) and not existing & {doc for doc, _ in back}:
            db.execute("ROLLBACK TO unmerge")
            db.execute("RELEASE unmerge")
            self._forget_seen()  # the documents made for them are gone again
            return set()
        db.execute("RELEASE unmerge")
        return {
            r[0]
            for r in db.execute(
                "SELECT DISTINCT file_id FROM mentions WHERE file_id IN (SELECT value FROM json_each(?))"
                " AND (ident LIKE '%?%' OR short_form = 1)",
                (json.dumps(sorted(refiled)),),
            )
        }

    def _resolve_pending(self, also: set[int] = frozenset()) -> int:
        """Resolve again, against the whole store, the files that have a partial citation (or a short
        form) of a number in settle_pending, and the files ``also``; rewrite the mentions and the edges
        of those whose resolution changed. Returns how many files changed."""
        db = self.db
        pending = [r[0] for r in db.execute("SELECT num_norm FROM settle_pending")]
        if not pending and not also:
            return 0
        needs = "(m.ident LIKE '%?%' OR m.short_form = 1)"
        if "*" in pending:
            fids = {r[0] for r in db.execute(f"SELECT DISTINCT m.file_id FROM mentions m WHERE {needs}")}  # noqa: S608
        else:  # only the files where a partial citation of those numbers would now be read otherwise
            fids = files_to_resolve(db, pending, self._named_in_full, self._preferred)
        return self._resolve_files(fids | set(also))

    def _resolve_files(self, fids: set[int]) -> int:
        """Resolve these files again against the whole store (Store._resolve_pending)."""
        db = self.db
        self._weights.clear()  # it changes what citations name
        changed = 0
        for fid, province in db.execute(
            f"SELECT id, {field_sql('province')} FROM files"
            " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY path",
            (json.dumps(sorted(fids)),),
        ).fetchall():
            rows = db.execute(
                "SELECT mid, number, symbol, year, date, issuer, name, type, short_form, key, resolved_key,"
                " doc_id, candidates FROM mentions WHERE file_id = ?",
                (fid,),
            ).fetchall()
            cited = sorted((_Cited(*r) for r in rows), key=_Cited.order)
            doc_of, candidates, _ = self._resolve_mentions(cited, province)
            update = []
            for c in cited:
                now = (doc_of.get(c.id), candidates.get(c.id, 1))
                if now != (c.doc_id, c.candidates):
                    update.append((*now, fid, c.id))
            if update:
                db.executemany(
                    "UPDATE mentions SET doc_id = ?, candidates = ? WHERE file_id = ? AND mid = ?", update
                )
                self._rebuild_edges(fid)
                changed += 1
        return changed

    def _rebuild_edges(self, fid: int) -> None:
        """The edges of one file, again from its stored citations and relations (as _write made them)."""
        db = self.db
        rdoc = db.execute("SELECT report_doc FROM files WHERE id = ?", (fid,)).fetchone()[0]
        cited = [
            tuple(r)
            for r in db.execute(
                "SELECT mid, line, relation, sentence_no, confidence, rel_confidence, doc_id FROM mentions"
                " WHERE file_id = ?",
                (fid,),
            )
        ]
        sentence_of = {c[0]: c[3] for c in cited}
        relations = [
            (line, rel, a, b, sentence if sentence is not None else sentence_of.get(a), conf)
            for line, rel, a, b, sentence, conf in db.execute(
                "SELECT line, relation, from_mid, to_mid, sentence_no, confidence FROM relations WHERE file_id = ?"
                " ORDER BY rowid",
                (fid,),
            )
        ]
        db.execute("DELETE FROM edges WHERE file_id = ?", (fid,))
        db.executemany(
            _EDGE_INSERT,
            edge_rows(fid, rdoc, sorted(cited, key=lambda c: _mid_order(c[0])), relations),
        )

    def forget(self, path: str) -> bool:
        """Remove one path. A report keeps its facts while a copy of it is stored under another path;
        its last path removed, its facts go."""
        with self._immediate():
            found = self._detach(path)
        return found

    # ---- reading ------------------------------------------------------------------------------
    def files(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM files ORDER BY path").fetchall()

    def header(self, file_row: sqlite3.Row) -> ReportHeader:
        from luocdo.model import ReportHeader

        try:
            return ReportHeader.model_validate_json(file_row["header"])
        except ValueError:
            raise StoreError(
                f"{self.path}: the stored header of {file_row['path']} is damaged (not valid JSON);"
                " `luocdo doctor` reports the damaged rows"
            ) from None

    _CHECKS = (
        ("SQLite's integrity check", "PRAGMA integrity_check", lambda r: r[0] if r[0] != "ok" else None),
        ("the foreign key check", "PRAGMA foreign_key_check", lambda r: f"foreign key: {tuple(r)}"),
        (
            "the mentions check",
            "SELECT count(*) FROM mentions m LEFT JOIN files f ON f.id = m.file_id WHERE f.id IS NULL",
            lambda r: "mentions without their file" if r[0] else None,
        ),
        (
            "the headers check",
            "SELECT count(*) FROM files WHERE json_valid(header) = 0",
            lambda r: f"{r[0]} report headers are damaged (not valid JSON)" if r[0] else None,
        ),
        (
            "the links check",
            "SELECT count(*) FROM (SELECT * FROM (SELECT src, relation, dst, count(*) FROM edges GROUP BY 1, 2, 3"
            " EXCEPT SELECT src, relation, dst, n FROM links) UNION ALL SELECT * FROM (SELECT src, relation, dst, n"
            " FROM links EXCEPT SELECT src, relation, dst, count(*) FROM edges GROUP BY 1, 2, 3))",
            lambda r: f"{r[0]} links differ from the edges they are derived from" if r[0] else None,
        ),
        (
            "the sentences check",
            "SELECT count(*) FROM (SELECT file_id, sentence_no FROM mentions UNION SELECT file_id, sentence_no FROM edges"
            " UNION SELECT file_id, sentence_no FROM relations WHERE sentence_no IS NOT NULL"
            " EXCEPT SELECT file_id, n FROM sentences)",
            lambda r: f"{r[0]} evidence sentences are missing" if r[0] else None,
        ),
        (
            "the evidence check",
            "SELECT count(*) FROM links l LEFT JOIN edges e ON e.id = l.best"
            " WHERE e.id IS NULL OR e.src != l.src OR e.dst != l.dst OR e.relation != l.relation",
            lambda r: f"{r[0]} links point at evidence of another link" if r[0] else None,
        ),
    )

    def integrity(self) -> list[str]:
        """Problems found by SQLite's own check and luocdo's consistency checks (empty when healthy).
        A check that SQLite cannot finish on a damaged file is itself a problem, not an exception."""
        problems: list[str] = []
        for name, sql, problem_of in self._CHECKS:
            try:
                for row in self.db.execute(sql):
                    p = problem_of(row)
                    if p:
                        problems.append(p)
            except sqlite3.DatabaseError as e:
                problems.append(f"{name} could not finish ({e})")
        try:
            problems.extend(self._unreadable_sentences())
        except sqlite3.DatabaseError as e:
            problems.append(f"the sentences' text check could not finish ({e})")
        return problems

    def _unreadable_sentences(self) -> list[str]:
        """Evidence sentences whose compressed text does not decode (SQLite's own check sees valid
        pages, not a damaged deflate stream or an unknown dictionary), with the first one's report."""
        dictionaries = compressed.stored_dictionaries(self.db)
        bad: list[tuple[int, int]] = []
        for file_id, n, z in self.db.execute("SELECT file_id, n, z FROM sentences"):
            if not compressed.intact(z, dictionaries):
                bad.append((file_id, n))
        if not bad:
            return []
        file_id, n = bad[0]
        where = (self.paths(file_id) or [f"report {file_id}"])[0]
        return [f"{len(bad)} evidence sentences cannot be read (damaged); the first: {where}, sentence {n}"]

    def counts(self) -> dict[str, int]:
        """Rows per table; "files" counts reports (a copy under another path is the same report),
        "paths" every path they were ingested under."""
        return {
            t: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)
            for t, table in (
                ("files", "files"),
                ("paths", "file_paths"),
                ("mentions", "mentions"),
                ("documents", "documents"),
                ("bodies", "bodies"),
                ("edges", "edges"),
                ("catalog", "catalog"),
            )
        }

    def paths(self, file_id: int) -> list[str]:
        """Every path of a report, the one it is shown under (the smallest) first."""
        rows = self.db.execute("SELECT path FROM file_paths WHERE file_id = ? ORDER BY path", (file_id,))
        return [r[0] for r in rows]

    def most_common_date(self, doc_id: int) -> str | None:
        c = Counter(
            r[0]
            for r in self.db.execute(
                "SELECT date FROM mentions WHERE doc_id = ? AND date IS NOT NULL", (doc_id,)
            )
        )
        return c.most_common(1)[0][0] if c else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _StoredShas:
    """The sha the store (or the batch not yet written) holds for a key, None when new.
    ``look_ahead(keys)`` reads the store's for many keys in one statement: each is kept for that key's
    next ask only (as fresh as asking then: extraction reads files ahead of the writer anyway)."""

    def __init__(self, store: Store, in_batch: dict[str, str]) -> None:
        self.store, self.in_batch = store, in_batch
        self.ahead: dict[str, str | None] = {}

    def __call__(self, key: str) -> str | None:
        if key in self.in_batch:
            return self.in_batch[key]
        if key in self.ahead:
            return self.ahead.pop(key)
        return self.store._stored_sha(key)

    def look_ahead(self, keys: list[str]) -> None:
        self.ahead.update(dict.fromkeys(keys))
        self.ahead.update(
            self.store.db.execute(
                "SELECT p.path, f.sha256 FROM file_paths p JOIN files f ON f.id = p.file_id"
                " WHERE p.path IN (SELECT value FROM json_each(?))",
                (json.dumps(keys),),
            ).fetchall()
        )


@dataclass(slots=True)
class _MaybeStored:
    """The paths and contents (sha256) of a batch that the store may hold: a superset, looked up when
    the batch begins and added to as it writes (a path or content not in it is not stored)."""

    paths: set[str]
    shas: set[str]


def _report_identity(h: ReportHeader, source: str) -> str:
    """The identity of a report's own document."""
    if h.number:
        return identity(number=h.number, symbol=h.symbol, year=None, date=h.date, issuer=h.issuer)
    return f"report|{source}"


def _drop_unreferenced(db: sqlite3.Connection, ids) -> None:
    """Deletes those of the documents ``ids`` that nothing refers to any more (no citation, report, edge)."""
    db.execute(
        "DELETE FROM documents WHERE id IN (SELECT value FROM json_each(?))"
        " AND NOT EXISTS (SELECT 1 FROM mentions WHERE doc_id = documents.id)"
        " AND NOT EXISTS (SELECT 1 FROM files WHERE report_doc = documents.id)"
        " AND NOT EXISTS (SELECT 1 FROM edges WHERE src = documents.id)"
        " AND NOT EXISTS (SELECT 1 FROM edges WHERE dst = documents.id)",
        (json.dumps(sorted(ids)),),
    )


def _candidate_query(
    num: str,
    issuer: str | None,
    full_date: str | None,
    symbol: str | None = None,
    type_: str | None = None,
    year: str | None = None,
) -> tuple[str, list]:
    """The SQL of the documents a partial citation can be (Store._candidates, Store._named_in_full):
    the complete documents of the number that some file names in full, of no known body, of the body
    it names or (it names none) of its full date (``issuer``, ``full_date``: pending.issued), read by
    index seeks (documents_num_issuer) so that the cost does not grow with the documents of the number
    (thousands at 200,000 reports). ``symbol``, ``type_``, ``year`` narrow it further, still a superset
    of what `pending.fits` keeps; with a symbol, one range of the identity index (an identity begins
    with the number and the symbol as normalized, resolve.corpus.identity: "26|ct/ttg|…")."""
    where = [
        "d.id IN (SELECT id FROM documents WHERE num_norm = ? AND issuer IS NULL"
        " UNION ALL SELECT id FROM documents WHERE num_norm = ? AND issuer = ''"
        " UNION ALL SELECT id FROM documents WHERE num_norm = ? AND issuer = ?"
        # a constant false guard first: without a full date, not one row of the number's documents read
        " UNION ALL SELECT id FROM documents WHERE ? IS NOT NULL AND num_norm = ? AND date = ?)",
        "d.ident NOT LIKE '%?%'",
    ]
    args: list = [num, num, num, issuer, full_date, num, full_date]
    if symbol is not None:
        low = f"{num}|{norm_symbol(symbol)}|"
        where.append("d.ident >= ? AND d.ident < ?")
        args += [low, low[:-1] + "}"]  # "}" follows "|": every identity that begins with `low`
    elif type_:
        where.append("d.type = ?")
        args.append(type_)
    if year:
        doc_year = "coalesce(nullif(d.year, ''), nullif(substr(d.date, 1, 4), ''))"
        where.append(f"({doc_year} IS NULL OR {doc_year} = ?)")
        args.append(year)
    # named in full: one probe per range of mentions_doc_dates (doc_id, date, year), the dated citations
    # first: a central document's partial citations (no date, no year) come first in the index, and one
    # probe over all of them read tens of thousands of rows at 200,000 reports (89 ms a look-up)
    where.append(
        "(EXISTS (SELECT 1 FROM mentions x WHERE x.doc_id = d.id AND x.date IS NOT NULL AND x.ident = d.ident)"
        " OR EXISTS (SELECT 1 FROM mentions x WHERE x.doc_id = d.id AND x.date IS NULL AND x.year IS NOT NULL"
        " AND x.ident = d.ident)"
        " OR EXISTS (SELECT 1 FROM files f WHERE f.report_doc = d.id)"
        " OR EXISTS (SELECT 1 FROM mentions x WHERE x.doc_id = d.id AND x.date IS NULL AND x.year IS NULL"
        " AND x.ident = d.ident))"
    )
    return f"SELECT * FROM documents d WHERE {' AND '.join(where)} ORDER BY d.ident", args  # noqa: S608

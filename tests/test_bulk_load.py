"""A bulk load (many files into an empty store: indexes and links built once at the end) gives the store
that file-by-file ingests give, and a bulk load killed midway leaves whole files that the next opening
of the store completes (indexes, links)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import luocdo.store.db as store_db
from helpers import synth_reports
from luocdo.pipeline import extract_file
from luocdo.store import Store, compressed
from luocdo.store.canon import ALL_TABLES, canonical_tables

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[Path]:
    """The sample reports and 48 synthetic ones (enough for two extraction workers)."""
    return sorted(synth_reports(tmp_path_factory.mktemp("bulk"), 48, seed=5).glob("*.md")) + SAMPLES


def _tables(db: Path) -> dict[str, list[tuple]]:
    st = Store(db, create=False)
    try:
        assert st.integrity() == []
        return canonical_tables(st.db, ALL_TABLES)
    finally:
        st.close()


def _indexes(db: Path) -> set[str]:
    with sqlite3.connect(db) as c:
        return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")}


def _ingest(db: Path, files: list[Path], jobs: int = 1) -> None:
    st = Store(db)
    for _ in st.ingest_many(files, jobs=jobs):
        pass
    st.settle()
    st.close()


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "with-workers"])
def test_a_bulk_load_gives_the_store_of_file_by_file_ingests(tmp_path, reports, monkeypatch, jobs):
    one_by_one = tmp_path / "one.db"
    st = Store(one_by_one)
    for f in reports:
        st.ingest(f)  # one file: never a bulk load
    st.settle()
    st.close()
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 10)
    bulk = tmp_path / "bulk.db"
    _ingest(bulk, reports, jobs)
    assert _indexes(bulk) == _indexes(one_by_one)
    with sqlite3.connect(bulk) as c:
        assert c.execute("SELECT count(*) FROM meta WHERE key LIKE 'bulk_load:%'").fetchone()[0] == 0
    a, b = _tables(one_by_one), _tables(bulk)
    for name in ALL_TABLES:
        assert a[name] == b[name], name
    assert a["edges"] and a["mention_evidence"] and a["relation_evidence"]


def test_a_store_that_holds_files_is_not_bulk_loaded(tmp_path, reports, monkeypatch):
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 2)
    st = Store(tmp_path / "s.db")
    st.ingest(reports[0])
    started = []
    real = Store._start_bulk
    monkeypatch.setattr(Store, "_start_bulk", lambda self: started.append(real(self)) or started[-1])
    for _ in st.ingest_many(reports[1:6]):
        assert "edges_pair" in _indexes(tmp_path / "s.db")
    assert started == [False]


def test_a_bulk_load_folds_the_wal_less_often_and_only_while_it_runs(tmp_path, reports, monkeypatch):
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 10)
    st = Store(tmp_path / "s.db")
    st.db.execute("PRAGMA wal_autocheckpoint = 500")
    during = {st.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] for _ in st.ingest_many(reports)}
    assert during == {store_db.BULK_WAL_PAGES}
    assert st.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 500
    for _ in st.ingest_many(reports[:3]):  # not a bulk load (the store holds files): as set
        assert st.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 500
    st.close()


def _commits(st: Store, files: list[Path], **kw) -> list[int]:
    """The files each transaction of an ingest commits, counted from the statements it runs."""
    sizes: list[int] = []
    files_in = [0]

    def seen(sql: str) -> None:
        if sql.startswith("INSERT INTO file_paths"):  # one a file stored
            files_in[0] += 1
        elif sql == "COMMIT" and files_in[0]:
            sizes.append(files_in[0])
            files_in[0] = 0

    st.db.set_trace_callback(seen)
    for _ in st.ingest_many(files, batch_seconds=3600.0, **kw):  # batches cut by their files only
        pass
    st.db.set_trace_callback(None)
    return sizes


def test_a_bulk_load_commits_larger_batches_than_other_ingests(tmp_path, reports, monkeypatch):
    """A bulk load commits every BULK_BATCH_FILES files, an ingest into a store that holds files every
    BATCH_FILES, and a caller's batch_files is kept either way."""
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 10)
    monkeypatch.setattr(store_db, "BATCH_FILES", 4)
    monkeypatch.setattr(store_db, "BULK_BATCH_FILES", 16)
    n = len(reports)
    bulk = Store(tmp_path / "bulk.db")
    assert _commits(bulk, reports) == [16] * (n // 16) + ([n % 16] if n % 16 else [])
    bulk.close()
    held = Store(tmp_path / "held.db")
    assert _commits(held, reports[:2]) == [2]
    assert _commits(held, reports[2:12]) == [4, 4, 2]  # not a bulk load: the store holds files
    held.close()
    given = Store(tmp_path / "given.db")
    assert _commits(given, reports, batch_files=8) == [8] * (n // 8) + ([n % 8] if n % 8 else [])
    given.close()


def test_a_batch_compares_the_stored_dictionary_once(tmp_path, reports, monkeypatch):
    """The sentence dictionary a batch writes with is compared with the stored one once per batch, not
    once per file; a file rolled back makes the next one compare it again."""
    monkeypatch.setattr(compressed, "DICT_BYTES", 2000)  # trained on the first few files
    st = Store(tmp_path / "s.db")
    for _ in st.ingest_many(reports[:20]):
        pass
    assert st.db.execute("SELECT count(*) FROM sentence_dicts").fetchone()[0] == 1
    compared: list[str] = []
    st.db.set_trace_callback(
        lambda sql: compared.append(sql) if "FROM sentence_dicts WHERE id" in sql else None
    )
    for _ in st.ingest_many(reports[20:40], batch_files=20):
        pass
    assert len(compared) == 1
    compared.clear()
    real = Store._write
    fails = {str(reports[45].resolve())}

    def write(self, key, sha, size, rows):
        real(self, key, sha, size, rows)
        if key in fails:
            raise sqlite3.OperationalError("the file fails after it was written")

    monkeypatch.setattr(Store, "_write", write)
    results = list(st.ingest_many(reports[40:50], batch_files=10))
    assert [r.status for r in results].count("failed") == 1
    # once in the batch's first attempt, which the failing file ends; once in the batch written again
    # (each file in its savepoint), then again after the file rolled back
    assert len(compared) == 3
    st.close()


def _cache_while_linking(monkeypatch, fail: bool = False) -> list[int]:
    """The connection's cache_size each time the links are built from the edges (one of the sorts at
    the end of a bulk load); ``fail``: that build then fails."""
    seen: list[int] = []
    real = Store._rebuild_links

    def rebuild(self):
        seen.append(self.db.execute("PRAGMA cache_size").fetchone()[0])
        if fail:
            raise sqlite3.OperationalError("disk I/O error")
        real(self)

    monkeypatch.setattr(Store, "_rebuild_links", rebuild)
    return seen


def test_the_end_of_a_bulk_load_sorts_in_a_smaller_cache_then_gives_it_back(tmp_path, reports, monkeypatch):
    """The indexes and links built at the end sort in as much memory as the page cache: a smaller cache
    then keeps the peak that of the load; the connection has its own cache again afterwards."""
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 10)
    st = Store(tmp_path / "s.db")
    at_end = _cache_while_linking(monkeypatch)
    during = {st.db.execute("PRAGMA cache_size").fetchone()[0] for _ in st.ingest_many(reports)}
    assert during == {-store_db.CACHE_KIB}
    assert at_end == [-store_db.BULK_END_CACHE_KIB] and store_db.BULK_END_CACHE_KIB < store_db.CACHE_KIB
    assert st.db.execute("PRAGMA cache_size").fetchone()[0] == -store_db.CACHE_KIB
    st.close()


def test_an_end_of_a_bulk_load_that_fails_gives_back_the_cache_and_the_checkpoints(
    tmp_path, reports, monkeypatch
):
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 10)
    st = Store(tmp_path / "s.db")
    pages = st.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    at_end = _cache_while_linking(monkeypatch, fail=True)
    with pytest.raises(store_db.StoreError):
        for _ in st.ingest_many(reports):
            pass
    assert at_end == [-store_db.BULK_END_CACHE_KIB]
    assert st.db.execute("PRAGMA cache_size").fetchone()[0] == -store_db.CACHE_KIB
    assert st.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == pages
    st.close()


BULK_INGEST = """
import sys
from pathlib import Path
import luocdo.store.db as store_db
from luocdo.pipeline import extract_file
store_db.BULK_LOAD_MIN_FILES = 1
st = store_db.Store(sys.argv[1])
for _ in st.ingest_many(sorted(Path(sys.argv[2]).glob("*.md")), batch_files=4):
    pass
st.settle()
"""


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as c:
            return c.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_a_bulk_load_killed_midway_keeps_whole_files_and_the_next_opening_completes_it(tmp_path, reports):
    corpus = tmp_path / "r"
    corpus.mkdir()
    for f in reports:
        (corpus / f.name).write_bytes(f.read_bytes())
    db = tmp_path / "s.db"
    proc = subprocess.Popen([sys.executable, "-c", BULK_INGEST, str(db), str(corpus)])
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and _stored(db) < 8:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = _stored(db)
    assert 0 < stored < len(reports), "the kill must land in the middle of the bulk load"
    with sqlite3.connect(db) as c:  # killed before its end: marked, indexes and links not built
        assert c.execute("SELECT count(*) FROM meta WHERE key LIKE 'bulk_load:%'").fetchone()[0] == 1
        assert c.execute("SELECT count(*) FROM links").fetchone()[0] == 0
    assert "edges_pair" not in _indexes(db)
    # a command that only reads completes it (through a short write), and finds whole files only
    st = Store(db, create=False)
    assert st.integrity() == []
    for row in st.files():  # every stored report with all of its citations
        n = st.db.execute("SELECT count(*) FROM mentions WHERE file_id = ?", (row["id"],)).fetchone()[0]
        assert n == len(extract_file(Path(row["path"])).mentions), row["path"]
    st.close()
    assert "edges_pair" in _indexes(db) and "edges_dirty_insert" in _indexes(db)
    # the ingest run again stores the rest: the store of one uninterrupted ingest
    subprocess.run([sys.executable, "-c", BULK_INGEST, str(db), str(corpus)], check=True)
    fresh = tmp_path / "fresh.db"
    subprocess.run([sys.executable, "-c", BULK_INGEST, str(fresh), str(corpus)], check=True)
    a, b = _tables(db), _tables(fresh)
    for name in ("documents", "edges", "links", "links_best", "mentions", "mention_evidence", "relations"):
        assert a[name] == b[name], name


def _pending(db: Path) -> set[str]:
    with sqlite3.connect(db) as c:
        return {r[0] for r in c.execute("SELECT num_norm FROM settle_pending")}


def test_a_bulk_load_leaves_to_settle_the_numbers_file_by_file_ingests_leave(tmp_path, reports, monkeypatch):
    """Before settle: every number a file cites, the numbers of the documents its citations resolved to,
    and its own number, as each file-by-file write marks them (_mark_pending_file)."""
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 10)
    for name, files in (("bulk", reports), ("one_by_one", None)):
        st = Store(tmp_path / f"{name}.db")
        if files:
            list(st.ingest_many(files))
        else:
            for f in reports:
                st.ingest(f)
        st.close()
    bulk, one_by_one = _pending(tmp_path / "bulk.db"), _pending(tmp_path / "one_by_one.db")
    assert bulk == one_by_one and len(bulk) > 10

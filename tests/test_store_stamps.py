"""The store's content stamps (luocdo.store.stamps): renewed by every write transaction that changes the
store and by nothing else; what is built from the store (the Oxigraph copy, the web's cache) goes by them,
so folding the -wal into the file (luocdo.store.wal_fold) rebuilds nothing and a real write does."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from luocdo.backends import oxigraph
from luocdo.store import Store, stamps
from luocdo.store import db as store_db
from luocdo.store.wal_fold import fold_after_read
from luocdo.validate import kept
from luocdo.web.state import Settings, State
from test_store import copy_samples


def _stamps(path: Path) -> tuple[str | None, str | None]:
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)  # closing it folds nothing
    try:
        return stamps.read(db)
    finally:
        db.close()


def _wal_frames(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.fixture
def store(tmp_path) -> tuple[Path, list[Path]]:
    reports = copy_samples(tmp_path / "r")
    path = tmp_path / "s.db"
    with Store(path) as st:
        list(st.ingest_many(reports[:-1]))
        st.settle()
    return path, reports


def test_every_write_renews_the_facts_stamp_and_nothing_else_does(store):
    path, reports = store
    st = Store(path)
    # the first settle after the fixture's decides again what that one settled, and may write rows the
    # same (a partial citation resolved again to its document made anew): a write, though the graph is
    # the same; after it, the same files again write nothing
    list(st.ingest_many(reports[:-1]))
    st.settle()
    first, _ = _stamps(path)
    assert first is not None
    list(st.ingest_many(reports[:-1]))
    st.settle()
    st.close()
    assert _stamps(path)[0] == first
    seen = {first}
    for write in (
        lambda s: list(s.ingest_many(reports[-1:])),
        lambda s: s.forget(str(reports[0])),
        lambda s: s.set_reference_catalog("c.xlsx"),
        lambda s: s.import_catalog([], "x"),
    ):
        with Store(path) as s:
            write(s)
        now = _stamps(path)[0]
        assert now not in seen, write
        seen.add(now)
    # kept across processes and checkpoints: the file folded and the log removed
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert _stamps(path)[0] == now


def test_settle_clearing_its_own_bookkeeping_renews_no_stamp(store):
    """What a settle leaves touched on purpose (for the next one to decide again) is cleared by the next
    write transaction: bookkeeping, not a change of the store (the review found every first ingest of
    unchanged files after a bulk load renewing the stamp for it)."""
    path, _ = store
    with Store(path) as st:
        st.settle()
        with st._immediate():
            st.db.execute("INSERT INTO settle_pending VALUES ('no such number')")
            st.db.execute("INSERT INTO settle_touched VALUES (NULL, NULL, NULL, NULL)")
        before = _stamps(path)
        st.settle()  # clears both, decides nothing new
        assert st.db.execute("SELECT count(*) FROM settle_touched").fetchone()[0] == 0
    assert _stamps(path) == before


def test_a_write_rolled_back_leaves_the_stamp(store):
    path, reports = store
    before = _stamps(path)
    st = Store(path)
    with pytest.raises(RuntimeError), st._immediate():
        st.db.execute("DELETE FROM files")
        raise RuntimeError
    st.close()
    assert _stamps(path) == before


def test_kept_findings_renew_the_findings_stamp_only(store):
    path, _ = store
    facts, findings = _stamps(path)
    with Store(path, create=False) as st:
        assert kept.current(st)  # the findings checked and kept through a write connection
    facts_after, findings_after = _stamps(path)
    assert facts_after == facts
    assert findings_after is not None and findings_after != findings
    with Store(path, create=False) as st:
        assert kept.current(st)  # already current: nothing written
    assert _stamps(path) == (facts, findings_after)


def _with_a_wal(path: Path, reports: list[Path]) -> Store:
    """The last report ingested while a reader keeps the store open: the writer's close does not fold the
    log, the reader (returned, to be closed) does."""
    reader = Store(path, create=False)
    reader.counts()
    with Store(path) as st:
        list(st.ingest_many(reports[-1:]))
        st.settle()
    assert _wal_frames(path) > 0
    return reader


@pytest.mark.skipif(not oxigraph.available(), reason="pyoxigraph is not installed")
def test_a_fold_rebuilds_no_oxigraph_copy_and_drops_no_web_answer_but_a_write_does(store):
    path, reports = store
    built: list[str] = []
    state = State(Settings(store=path))
    computed: list[int] = []

    def answer() -> int:
        computed.append(1)
        return len(computed)

    reader = _with_a_wal(path, reports)
    st = Store(path, create=False)  # not closed yet: closing it would fold the log
    oxigraph.open_current(st, notice=built.append)
    assert len(built) == 1
    assert state.cached("k", answer) == 1
    stat = path.stat()
    st.close()
    reader.close()  # folds the log into the file
    assert _wal_frames(path) == 0
    assert (path.stat().st_size, path.stat().st_mtime_ns) != (stat.st_size, stat.st_mtime_ns)
    with Store(path, create=False) as st:
        oxigraph.open_current(st, notice=built.append)
    assert len(built) == 1  # not built again
    assert state.cached("k", answer) == 1  # the answer kept
    with Store(path) as st:
        st.forget(str(reports[0]))
    with Store(path, create=False) as st:
        oxigraph.open_current(st, notice=built.append)
    assert len(built) == 2
    assert state.cached("k", answer) == 2


def test_another_reference_catalog_rebuilds_the_oxigraph_copy(store, tmp_path, monkeypatch):
    """The documents' statuses in the RDF view come from the reference catalog: choosing another one
    (no write of the facts) makes the copy stale (the review: the content stamp alone missed it)."""
    from luocdo.reference import ENV

    path, _ = store
    with Store(path, create=False) as st:
        before = oxigraph.stamp(st, "http://x/")
        other = tmp_path / "other-catalog.tsv.xz"
        other.write_bytes(b"not read here")
        monkeypatch.setenv(ENV, str(other))
        assert oxigraph.stamp(st, "http://x/") != before


def test_a_web_cache_is_kept_through_a_fold_and_dropped_by_kept_findings(store):
    path, reports = store
    state = State(Settings(store=path))
    reader = _with_a_wal(path, reports)
    before = state.generation()
    reader.close()
    assert _wal_frames(path) == 0
    assert state.generation() == before
    with Store(path, create=False) as st:
        kept.current(st)
    assert state.generation() != before


def _as_schema_11(path: Path) -> None:
    """The store as 7ddee8b left it: schema 11, no stamps; with free pages (a VACUUM would give them back)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("INSERT INTO meta VALUES ('ballast', zeroblob(200000))")
    db.execute("DELETE FROM meta WHERE key IN (?, ?, 'ballast')", (stamps.FACTS, stamps.FINDINGS))
    db.execute("UPDATE meta SET value = '11' WHERE key = 'schema_version'")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db.execute("PRAGMA freelist_count").fetchone()[0] > 0
    db.close()


def test_a_schema_11_store_gets_its_stamps_without_a_vacuum(store):
    path, _ = store
    _as_schema_11(path)
    with Store(path, create=False) as st:  # a read-only command upgrades it first
        assert st._meta("schema_version") == store_db.SCHEMA_VERSION == "12"
        assert stamps.read(st.db)[0] is not None
        assert st.db.execute("PRAGMA freelist_count").fetchone()[0] > 0


def test_a_schema_11_store_that_cannot_be_written_is_read_as_it_is(store, monkeypatch):
    path, _ = store
    _as_schema_11(path)
    monkeypatch.setattr(store_db, "folder_writable", lambda p: False)
    with Store(path, create=False) as st:
        assert st._meta("schema_version") == "11"
        assert st.counts()["files"] > 0
        assert stamps.read(st.db) == (None, None)
        # what is built from it goes by the files then
        assert "files" in oxigraph.stamp(st, "http://x/")
    assert State(Settings(store=path)).generation()[0] != (None, None)
    # an older schema is still refused
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")
    db.close()
    with pytest.raises(store_db.StoreError, match="must be upgraded"):
        Store(path, create=False)


def test_a_store_without_stamps_is_not_folded(store, tmp_path):
    path, reports = store
    reader = _with_a_wal(path, reports)
    db = sqlite3.connect(path, isolation_level=None)  # a store of schema 11, as 7ddee8b writes it
    db.execute("DELETE FROM meta WHERE key IN (?, ?)", (stamps.FACTS, stamps.FINDINGS))
    db.close()
    frames = _wal_frames(path)
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    reader.db.close()
    fold_after_read(path)
    assert _wal_frames(path) == frames
    assert path.read_bytes() == copy.read_bytes()

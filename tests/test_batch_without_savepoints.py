"""A batch's files are written without a savepoint each (SQLite copies every page a savepoint's file
changes first); when one fails, the batch is written again from its start with a savepoint per file,
and the store is the one a savepoint per file gives: the other files stored, the same rows and ids. A
bulk load marks each batch's new documents and files for the findings at its commit, not by a trigger
per row: the same marks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers import synth_reports
from luocdo.store import Store, compressed

ROWS = {
    "files": "SELECT id, path, sha256, size, report_doc, header FROM files ORDER BY id",
    "documents": "SELECT * FROM documents ORDER BY id",
    "mentions": "SELECT * FROM mentions ORDER BY file_id, mid",
    "sentences": "SELECT * FROM sentences ORDER BY file_id, n",
    "sentence_dicts": "SELECT * FROM sentence_dicts ORDER BY id",
    "edges": "SELECT * FROM edges ORDER BY id",
    "file_paths": "SELECT * FROM file_paths ORDER BY path",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[Path]:
    return sorted(synth_reports(tmp_path_factory.mktemp("batch"), 12, seed=7).glob("*.md"))


def _rows(st: Store) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in st.db.execute(sql)] for t, sql in ROWS.items()}


def _failing(monkeypatch, key: str) -> None:
    """The file ``key`` fails after its rows were written (a constraint, a full disk for one file)."""
    real = Store._write

    def write(self, k, sha, size, rows):
        real(self, k, sha, size, rows)
        if k == key:
            raise sqlite3.IntegrityError("the file fails after it was written")

    monkeypatch.setattr(Store, "_write", write)


def test_a_batch_whose_files_all_store_opens_no_savepoint(tmp_path, reports):
    st = Store(tmp_path / "s.db")
    seen: list[str] = []
    st.db.set_trace_callback(seen.append)
    results = list(st.ingest_many(reports, batch_files=len(reports), batch_seconds=3600.0))
    st.db.set_trace_callback(None)
    assert [r.status for r in results] == ["added"] * len(reports)
    assert not [sql for sql in seen if sql.startswith("SAVEPOINT")]
    assert sum(sql.startswith("INSERT INTO file_paths") for sql in seen) == len(reports)
    st.close()


def test_a_file_that_fails_is_rolled_back_alone_and_the_store_is_that_of_one_file_a_batch(
    tmp_path, reports, monkeypatch
):
    """The batch written again gives the rows and ids of the same files written one a batch (each
    batch its own transaction), the failing one left out of both; the dictionary is trained on the
    same sentences (those of the first attempt are not counted twice)."""
    monkeypatch.setattr(compressed, "DICT_BYTES", 12_000)  # trained after the failing file
    key = str(reports[5].resolve())
    _failing(monkeypatch, key)
    stores = {}
    for name, size in (("batch", len(reports)), ("one", 1)):
        st = Store(tmp_path / f"{name}.db")
        results = list(st.ingest_many(reports, batch_files=size, batch_seconds=3600.0))
        assert [r.status for r in results] == ["added"] * 5 + ["failed"] + ["added"] * (len(reports) - 6)
        assert "cannot store (the file fails after it was written)" in results[5].error
        stores[name] = _rows(st)
        st.close()
    assert stores["batch"]["sentence_dicts"], "the dictionary is trained within the batch"
    assert key not in {r[1] for r in stores["batch"]["files"]}
    assert stores["batch"] == stores["one"]


def _findings_marks(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT key FROM findings_dirty ORDER BY key").fetchall()


def test_a_bulk_load_marks_each_batch_for_the_findings_as_the_triggers_would(tmp_path, reports, monkeypatch):
    """A bulk load writes without the triggers that mark a written document and file for the findings
    (none of them while it runs: a store opened meanwhile does not find them missing), marks each
    batch's at its commit, and leaves the marks the triggers leave; they are back at its end."""
    import luocdo.store.db as store_db
    from luocdo.store import findings

    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 5)
    during: list[set[str]] = []
    st = Store(tmp_path / "bulk.db")
    for _ in st.ingest_many(reports, batch_files=4, batch_seconds=3600.0):
        names = {r[0] for r in st.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        during.append(set(findings.ADDED_TRIGGERS) & names)
        assert not findings.missing(st.db, bulk=True)
    st.close()
    assert during and during == [set()] * len(during)
    with sqlite3.connect(tmp_path / "bulk.db") as c:
        names = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(findings.ADDED_TRIGGERS) <= names
    kept = tuple(t for t in store_db.BULK_DEFERRED_TRIGGERS if t not in findings.ADDED_TRIGGERS)
    monkeypatch.setattr(store_db, "BULK_DEFERRED_TRIGGERS", kept)  # the triggers kept while it writes
    st = Store(tmp_path / "triggers.db")
    for _ in st.ingest_many(reports, batch_files=4, batch_seconds=3600.0):
        pass
    st.close()
    marks = _findings_marks(tmp_path / "bulk.db")
    assert len(marks) > 2 * len(reports)
    assert marks == _findings_marks(tmp_path / "triggers.db")


def test_another_process_writing_during_a_bulk_load_marks_its_files_for_the_findings(
    tmp_path, reports, monkeypatch
):
    """A file another connection ingests between two batches of a bulk load (the triggers that would mark
    it are dropped meanwhile) is marked for the findings as the triggers would have: the marks after the
    load are those of a load that kept the triggers."""
    import luocdo.store.db as store_db
    from luocdo.store import findings

    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 5)
    marks = {}
    for name in ("bulk", "triggers"):
        if name == "triggers":
            kept = tuple(t for t in store_db.BULK_DEFERRED_TRIGGERS if t not in findings.ADDED_TRIGGERS)
            monkeypatch.setattr(store_db, "BULK_DEFERRED_TRIGGERS", kept)
        st = Store(tmp_path / f"{name}.db")
        for n, _ in enumerate(st.ingest_many(reports[:-1], batch_files=4, batch_seconds=3600.0), 1):
            if n == 4:  # between the first and the second batch
                with Store(tmp_path / f"{name}.db") as other:
                    assert [r.status for r in other.ingest_many(reports[-1:])] == ["added"]
        assert not st.db.execute("SELECT 1 FROM meta WHERE key LIKE 'bulk_load:%'").fetchone()
        st.close()
        marks[name] = _findings_marks(tmp_path / f"{name}.db")
    assert len(marks["bulk"]) > 2 * len(reports)
    assert marks["bulk"] == marks["triggers"]


def test_a_batch_written_again_keeps_the_dictionaries_the_connection_decodes_with(
    tmp_path, reports, monkeypatch
):
    """The batch written again trains the dictionary; the writer's connection decodes (luocdo_sentence)
    the sentences it wrote with it inside the batch's transaction, as it does without a failing file:
    the dictionaries put back are those the SQL function reads, not a copy of them."""
    monkeypatch.setattr(compressed, "DICT_BYTES", 12_000)  # trained after the failing file
    _failing(monkeypatch, str(reports[1].resolve()))
    commit = Store._commit
    decoded: list[tuple] = []

    def reading(self):
        rows = self.db.execute("SELECT count(*), count(luocdo_sentence(z)) FROM sentences").fetchone()
        dicts = self.db.execute("SELECT count(*) FROM sentence_dicts").fetchone()[0]
        decoded.append((dicts, *rows))
        commit(self)

    monkeypatch.setattr(Store, "_commit", reading)
    st = Store(tmp_path / "s.db")
    results = list(st.ingest_many(reports, batch_files=len(reports), batch_seconds=3600.0))
    st.close()
    assert [r.status for r in results].count("failed") == 1
    assert len(decoded) == 1 and decoded[0][0] == 1  # the dictionary trained in the batch
    assert decoded[0][1] == decoded[0][2] > 0

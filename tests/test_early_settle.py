"""The decisions a thread takes while the end of a bulk load runs (store/early_settle.py): settle takes
them for the variant groups and the documents its own writes did not touch and decides the others again
(variants.refreshed, settled.settle_attributes_from), which gives what deciding on the whole store
then gives."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

import luocdo.store.db as store_db
from luocdo.store import Store, early_settle, settled, touched, variants
from luocdo.store.canon import ALL_TABLES, canonical_tables
from test_settle_fresh import BULK_FILES, SLIPS, _bulk
from test_settle_touched import _prepare

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def calls(monkeypatch):
    """The calls of variants.refreshed (settle took the early decisions)."""
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 2)
    monkeypatch.setattr(early_settle, "AT_ONCE", 2)  # the thread decides in slices of two documents
    seen: list[int] = []
    refreshed = store_db.refreshed

    def spy(db, early, since):
        seen.append(len(early))
        return refreshed(db, early, since)

    monkeypatch.setattr(store_db, "refreshed", spy)
    return seen


def _flat(decided) -> list[tuple[int, int]]:
    return [pair for _, pairs in decided for pair in pairs]


def test_the_groups_written_after_the_early_decisions_are_decided_again(calls, tmp_path):
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS)  # its end starts the thread; no settle yet
        early = store._early_settle.result()[0]
        assert _flat(early) == variant_targets_now(store) != []  # 143/2021 of 10/12/2020 is 143/2020
        slips = sorted({stray for stray, _ in _flat(early)})
        db = store.db
        db.execute("BEGIN IMMEDIATE")
        for slip in slips:  # nothing dates the slips now
            db.execute("UPDATE mentions SET date = NULL WHERE doc_id = ?", (slip,))
        since = touched.read(db, past_all=True)
        assert not since.everything and set(slips) <= since.docs  # the '*' of the load's end aside
        now = variant_targets_now(store)
        assert now != _flat(early)  # the early decisions are stale
        assert variants.refreshed(db, early, since) == now
        db.execute("ROLLBACK")


def variant_targets_now(store: Store) -> list[tuple[int, int]]:
    return variants.variant_targets(store.db)


def test_the_untouched_groups_keep_the_early_decisions(calls, tmp_path):
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS)
        early = store._early_settle.result()[0]
        said = [(key, [(-1, -2)]) for key, _ in early]  # what only the early decisions say
        assert variants.refreshed(store.db, said, touched.read(store.db, past_all=True)) == [(-1, -2)] * len(
            early
        )


def test_the_documents_written_after_the_early_changes_are_settled_again(calls, tmp_path):
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS)
        early = store._early_settle.result()[1]
        db = store.db
        db.execute("BEGIN IMMEDIATE")
        (doc,) = db.execute(
            "SELECT doc_id FROM mentions WHERE doc_id IS NOT NULL AND length(date) = 10 ORDER BY doc_id LIMIT 1"
        ).fetchone()
        db.execute(
            "UPDATE mentions SET date = '2001-02-03' WHERE doc_id = ?", (doc,)
        )  # the reports date it anew
        since = touched.read(db, past_all=True).docs
        assert doc in since

        def settled_as(settle) -> list[tuple]:
            db.execute("SAVEPOINT s")
            settle()
            out = canonical_tables(db, ["documents"])["documents"]
            db.execute("ROLLBACK TO s")
            db.execute("RELEASE s")
            return out

        whole = settled_as(lambda: settled.settle_attributes(db))
        assert settled_as(lambda: settled.settle_attributes_from(db, early, since)) == whole
        assert settled_as(lambda: settled.settle_attributes_from(db, early, set())) != whole  # stale
        db.execute("ROLLBACK")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=BULK_FILES)
@example(files=SLIPS)
def test_a_bulk_load_settled_with_the_early_decisions_is_the_store_settled_without(calls, files):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        calls.clear()
        with Store(folder / "early.db") as store:
            _bulk(store, folder, files)
            store.settle()
            early = canonical_tables(store.db, ALL_TABLES)
        assert len(calls) == 1  # the first round's variants, from the thread's decisions
        with Store(folder / "late.db") as store:
            _bulk(store, folder, files)
            store._early_settle.result()[0]
            store._early_settle = None  # as before: decided on the whole store in settle
            store.settle()
            late = canonical_tables(store.db, ALL_TABLES)
        assert len(calls) == 1
        assert early == late


def test_another_connections_commit_after_the_load_voids_the_early_decisions(calls, tmp_path):
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS[:2])
        assert store._early_settle is not None
        with Store(tmp_path / "s.db") as other:
            other._write_batch([_prepare(tmp_path, *SLIPS[2])])
        store.settle()
        assert calls == []  # the other's citations were not in the thread's snapshot
        assert store._early_settle is None


END = """
import sys, threading
from luocdo.store import Store
st = Store(sys.argv[1])
assert st._start_bulk()
before = "luocdo.extract.conventional" in sys.modules
st._end_bulk()
for t in threading.enumerate():
    if t.name == "luocdo-conventional":
        t.join()
print(before, "luocdo.extract.conventional" in sys.modules)
st.close()
"""


def test_the_end_of_a_bulk_load_imports_the_conventional_names_settle_reads(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", END, str(tmp_path / "s.db")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["False", "True"]


def test_the_thread_decides_a_slice_of_documents_at_a_time(calls, tmp_path, monkeypatch):
    asked: list = []
    for module in (settled, variants):
        slices = module._slices
        monkeypatch.setattr(
            module, "_slices", lambda db, at_once=None, f=slices: asked.append(at_once) or f(db, at_once)
        )
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS)
        store._early_settle.result()
    assert asked == [2, 2]  # not settle's own slices (settled.DOCS_AT_ONCE): its working set beside the end's

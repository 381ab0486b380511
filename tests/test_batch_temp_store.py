"""A batch keeps its files' savepoint journals in memory (temp_store MEMORY) only while it writes them:
the commit's whole-store rebuilds and everything after the batch sort on disk, even when the batch fails."""

from __future__ import annotations

import sqlite3

import pytest

from luocdo.store import Store
from luocdo.store.db import StoreError
from test_store import copy_samples

MEMORY, DEFAULT = 2, 0


def _temp_store(st: Store) -> int:
    return st.db.execute("PRAGMA temp_store").fetchone()[0]


def test_files_are_written_with_journals_in_memory_and_committed_with_sorts_on_disk(tmp_path, monkeypatch):
    st = Store(tmp_path / "s.db")
    seen: dict[str, list[int]] = {"write": [], "commit": []}
    write, commit = Store._write, Store._commit

    def spy_write(self, *args, **kwargs):
        seen["write"].append(_temp_store(self))
        return write(self, *args, **kwargs)

    def spy_commit(self, *args, **kwargs):
        seen["commit"].append(_temp_store(self))
        return commit(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_write", spy_write)
    monkeypatch.setattr(Store, "_commit", spy_commit)
    results = list(st.ingest_many(copy_samples(tmp_path / "r")))
    assert results and all(r.status == "added" for r in results)
    assert seen["write"] and set(seen["write"]) == {MEMORY}
    assert seen["commit"] and set(seen["commit"]) == {DEFAULT}
    assert _temp_store(st) == DEFAULT


def test_a_batch_that_fails_leaves_the_default(tmp_path, monkeypatch):
    st = Store(tmp_path / "s.db")

    def failing_commit(self, *args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "_commit", failing_commit)
    with pytest.raises((sqlite3.Error, StoreError)):
        list(st.ingest_many(copy_samples(tmp_path / "r")))
    assert _temp_store(st) == DEFAULT

"""A bulk load writes its batches without foreign keys (Store._start_bulk): none of its rows' parents
is looked up. They are on again for the end of the load and after it, and a file deleted while the load
writes (its path written again with another content) leaves none of its rows, as the cascade would."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

import luocdo.store.db as store_db
from luocdo.store import Store
from luocdo.store.canon import ALL_TABLES, canonical_tables
from luocdo.store.prepare import prepared

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")


def _preps(paths: list[Path]) -> list:
    return list(prepared(paths, lambda key: None, 1, for_store=True))


def _write(db: Path, preps: list, *, bulk: bool, seen: list | None = None) -> Store:
    st = Store(db)
    if seen is not None:
        real = st._write

        def write(key, sha, size, rows):
            seen.append(st.db.execute("PRAGMA foreign_keys").fetchone()[0])
            return real(key, sha, size, rows)

        st._write = write
    for _ in st.ingest_prepared(lambda stored_sha: iter(preps), expected_files=len(preps) if bulk else None):
        pass
    return st


def _orphans(db: sqlite3.Connection) -> list[tuple]:
    return [
        (table, n)
        for table in ("file_paths", "sentences", "mentions", "relations", "edges")
        for (n,) in db.execute(f"SELECT count(*) FROM {table} WHERE file_id NOT IN (SELECT id FROM files)")
        if n
    ]


def test_a_bulk_load_writes_without_foreign_keys_and_ends_with_them(tmp_path, monkeypatch):
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 3)
    preps = _preps(SAMPLES[:4])
    seen: list[int] = []
    st = _write(tmp_path / "bulk.db", preps, bulk=True, seen=seen)
    assert seen == [0, 0, 0, 0]  # 1, 1, 1, 1 with the look-ups
    assert st.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert st.db.execute("PRAGMA foreign_key_check").fetchall() == []
    st.close()
    seen.clear()
    st = _write(tmp_path / "one.db", preps, bulk=False, seen=seen)  # not a bulk load: with them
    assert seen == [1, 1, 1, 1]
    st.close()


def test_a_path_written_again_in_a_bulk_load_leaves_none_of_its_old_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 3)
    a, b, c = _preps(SAMPLES[:3])
    again = dataclasses.replace(b, key=a.key)  # a's path, b's content: a's file is deleted
    preps = [a, c, again]
    bulk = _write(tmp_path / "bulk.db", preps, bulk=True)
    one = _write(tmp_path / "one.db", preps, bulk=False)
    assert bulk.db.execute("SELECT count(*) FROM files").fetchone()[0] == 2
    assert _orphans(bulk.db) == [] and _orphans(one.db) == []
    assert bulk.db.execute("PRAGMA foreign_key_check").fetchall() == []
    for st in (bulk, one):
        st.settle()
    x, y = canonical_tables(bulk.db, ALL_TABLES), canonical_tables(one.db, ALL_TABLES)
    for name in ALL_TABLES:
        assert x[name] == y[name], name
    bulk.close()
    one.close()


def test_a_bulk_load_that_fails_gives_the_foreign_keys_back(tmp_path, monkeypatch):
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 3)
    monkeypatch.setattr(store_db, "BULK_BATCH_FILES", 1)  # the first file committed before the failure
    preps = _preps(SAMPLES[:2])

    def source(stored_sha):
        yield from preps
        raise KeyboardInterrupt

    st = Store(tmp_path / "s.db")
    with pytest.raises(KeyboardInterrupt):
        for _ in st.ingest_prepared(source, expected_files=3):
            pass
    assert st.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert st.db.execute("SELECT count(*) FROM files").fetchone()[0] == 2
    assert _orphans(st.db) == [] and st.db.execute("PRAGMA foreign_key_check").fetchall() == []
    st.close()

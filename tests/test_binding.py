"""None and bytes bound through a registered adapter (store/binding.py): the same values stored."""

import sqlite3

import luocdo.store.db  # noqa: F401  (registers the adapters)


def test_none_and_bytes_answered_by_the_registry():
    # without an adapter registered for it, sqlite3.adapt(None) raises (no adapter, no __adapt__, no
    # __conform__): the search every None bound went through
    assert sqlite3.adapt(None) is None
    blob = bytes(range(256))
    assert sqlite3.adapt(blob) is blob


def test_the_values_bound_are_the_same():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (a, b, c)")
    blob = b"\x00z\xff" * 100
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", [(None, blob, "x"), (1, None, b"")])
    rows = db.execute("SELECT a IS NULL, typeof(b), b, typeof(c), c FROM t ORDER BY rowid").fetchall()
    assert rows == [(1, "blob", blob, "text", "x"), (0, "null", None, "blob", b"")]

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


def test_an_adapter_the_process_registered_is_kept():
    # the registry is process-wide: another program's adapter for bytes or None, registered before the
    # store was imported, still binds its values its own way
    from luocdo.store.binding import register_adapters

    keys = [(bytes, sqlite3.PrepareProtocol), (type(None), sqlite3.PrepareProtocol)]
    saved = {k: sqlite3.adapters.get(k) for k in keys}
    try:
        sqlite3.register_adapter(bytes, bytes.hex)
        sqlite3.register_adapter(type(None), lambda _: "nothing")
        register_adapters()
        db = sqlite3.connect(":memory:")
        assert db.execute("SELECT ?, ?", (b"\x01\xff", None)).fetchone() == ("01ff", "nothing")
    finally:
        for k, adapter in saved.items():
            if adapter is None:
                sqlite3.adapters.pop(k, None)
            else:
                sqlite3.adapters[k] = adapter

"""None and bytes bound to SQLite without Python's adaptation protocol.

Python's sqlite3 (3.11) binds an exact int, float, str or bytearray at once; any other value, None and
bytes included, goes through its adaptation protocol first: the adapters registered for (type,
PrepareProtocol) are looked up, then PrepareProtocol (a type) is asked for ``__adapt__`` — an
AttributeError whose message is formatted and thrown away — then the value for ``__conform__``; then it
is bound as it is. About 0.34 µs a value (bench/s17_writer_micro_none.py), and the writer binds 7 None a
citation. With an adapter registered for the type the first look-up answers, through a C call that
gives the value back as it is: 0.12 µs. The values bound, and so the rows, are the same.

The registry is the sqlite3 module's: every connection of the process binds them so. An adapter the
process registered for None or bytes before luocdo's store was imported is its own (another program's
values, bound its way): it is kept, never replaced by these."""

from __future__ import annotations

import sqlite3

_NOTHING: dict = {}


def register_adapters() -> None:
    for kind, adapter in (
        (type(None), _NOTHING.get),  # {}.get(None) is None: bound as NULL
        (bytes, bytes.__bytes__),  # the same bytes object: bound as a blob
    ):
        if (kind, sqlite3.PrepareProtocol) not in sqlite3.adapters:
            sqlite3.register_adapter(kind, adapter)

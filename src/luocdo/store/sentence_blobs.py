"""Evidence sentences compressed in the extraction workers instead of the one writing process.

A worker compresses with the store's newest dictionary that is committed (read through a read-only
connection of its own, once it exists; until then, checked again at most every RECHECK_SECONDS), and
sends the blobs with the signature of that dictionary. The writer keeps them only when it writes with
the same dictionary (luocdo.store.db.Store._write), else compresses the sentences itself: the bytes
stored are the same either way (one compressor, luocdo.store.compressed).
"""

from __future__ import annotations

import time
from pathlib import Path

from luocdo.store import compressed

RECHECK_SECONDS = 1.0  # a store without a dictionary yet: its first batch trains one

_by_store: dict[str, tuple[float, compressed.Compressor | None]] = {}


def signature(c: compressed.Compressor) -> tuple[int, int]:
    """What tells two compressors apart: the dictionary's id and a checksum of its bytes."""
    return c.dict_id, c.checksum


def _committed(store: str) -> compressed.Compressor | None:
    from luocdo.store.opening import connect_readonly

    try:
        db = connect_readonly(Path(store), timeout=1)
        try:
            dicts = compressed.stored_dictionaries(db)
        finally:
            db.close()
    except Exception:  # noqa: BLE001 (no store yet, locked, damaged: the writer compresses)
        return None
    if not dicts:
        return compressed.Compressor()
    newest = max(dicts)
    return compressed.Compressor(newest, dicts[newest])


def compressor_for(store: str) -> compressed.Compressor | None:
    """The compressor a worker uses for this store (None: leave it to the writer)."""
    now = time.monotonic()
    known = _by_store.get(store)
    if known is not None:
        checked, c = known
        if (c is not None and c.dict_id) or now - checked < RECHECK_SECONDS:
            return c
    c = _committed(store)
    _by_store[store] = (now, c)
    return c


def compress(sentences: list[str], store: str) -> tuple[list[bytes], tuple[int, int]] | None:
    """The sentences compressed for this store, with the signature of the dictionary used."""
    c = compressor_for(store)
    if c is None:
        return None
    try:
        return [c(s) for s in sentences], signature(c)
    except Exception:  # noqa: BLE001 (the file must not fail for this: the writer compresses it)
        return None

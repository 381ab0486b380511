"""Evidence sentences compressed (schema 9): raw deflate with a preset dictionary kept in the store.

A stored sentence is one byte naming its dictionary (0: none, else a row of ``sentence_dicts``) and the
deflate stream. A store's dictionary is trained once, from the first ``DICT_BYTES`` of distinct
sentences one process writes to a store that has none (a store's first batch, in practice); it is never
changed afterwards: each sentence names the dictionary it was compressed with, so a later one could be
added under another id without touching what is stored. Sentences written before a store has a
dictionary are compressed without one.

Every connection that reads sentences registers ``luocdo_sentence(z)`` (``register``): the readers get
the text through ``luocdo.store.evidence.sentence_sql``.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

DICT_BYTES = 32 * 1024  # deflate's window: a longer dictionary is not seen
_WBITS = -15  # raw deflate (no zlib header or checksum: 6 bytes less per sentence)
_LEVEL = 6  # 9 compresses sentences 3 % smaller for 25 % more of the writer's time on them
# a compressor is copied per sentence: at memory level 7 its buffers are 64 KB at most (cheap to copy and
# to allocate), 12 against 18 µs a sentence at level 9, for 1 % less compression
_MEM_LEVEL = 7
SQL_FUNCTION = "luocdo_sentence"
SQL_FOLDED_HAS = "luocdo_sentence_has"  # (z, casefolded words): the casefolded sentence holds them


def train(sentences: list[str]) -> bytes:
    """A preset dictionary: the distinct sentences in the order given, up to DICT_BYTES (deflate matches
    against the dictionary's last bytes most cheaply, and a report's wording repeats across reports)."""
    out = bytearray()
    seen: set[str] = set()
    for s in sentences:
        if s in seen:
            continue
        seen.add(s)
        b = s.encode("utf-8")
        if len(out) + len(b) > DICT_BYTES:
            break
        out += b
    return bytes(out)


# the sentences a compressor remembers (then forgets all and starts again): a report's wording repeats
# across reports (on the synthetic corpus, 16 % of the sentences a worker compresses it compressed among
# the last 1,024 it remembers; 20 % with 4,096, for 4 times the memory: ~550 bytes a sentence remembered,
# 0.6 against 2.3 MB at most)
_REMEMBERED = 1024


class Compressor:
    """Compresses sentences with one dictionary. Setting a dictionary up costs ~40 µs (deflate hashes
    it), so it is done once and copied for each sentence (~12 µs with the compression). A sentence it
    compressed before is answered from memory: deflate from the same state gives the same bytes."""

    def __init__(self, dict_id: int = 0, zdict: bytes = b"") -> None:
        self.dict_id = dict_id
        self.zdict = zdict
        if zdict:
            self._base = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WBITS, _MEM_LEVEL, zdict=zdict)
        else:
            self._base = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WBITS, _MEM_LEVEL)
        self._tag = bytes([dict_id])
        self._done: dict[str, bytes] = {}
        self._checksum: int | None = None

    @property
    def checksum(self) -> int:
        """crc32 of the dictionary, computed once (16 µs for 32 KB: it was once per report sent)."""
        if self._checksum is None:
            self._checksum = zlib.crc32(self.zdict)
        return self._checksum

    def __call__(self, sentence: str) -> bytes:
        done = self._done
        z = done.get(sentence)
        if z is None:
            c = self._base.copy()
            z = self._tag + c.compress(sentence.encode("utf-8")) + c.flush()
            if len(done) >= _REMEMBERED:
                done.clear()
            done[sentence] = z
        return z


def decompress(z: bytes, dictionaries: dict[int, bytes]) -> str:
    dict_id = z[0]
    if dict_id == 0:
        return zlib.decompress(z[1:], _WBITS).decode("utf-8")
    d = zlib.decompressobj(_WBITS, zdict=dictionaries[dict_id])
    return (d.decompress(z[1:]) + d.flush()).decode("utf-8")


def whole_text(z: bytes | None, dictionaries: dict[int, bytes]) -> str | None:
    """The stored sentence's text when it decodes whole, else None: a cut deflate stream still yields
    the text before the cut through ``decompress`` (a reader shows what it can); what is copied or
    measured against (a migration, a salvage) must be the whole sentence."""
    if not z:
        return None
    try:
        d = zlib.decompressobj(_WBITS, zdict=dictionaries[z[0]]) if z[0] else zlib.decompressobj(_WBITS)
        text = (d.decompress(z[1:]) + d.flush()).decode("utf-8")
    except (zlib.error, UnicodeDecodeError, KeyError, IndexError, TypeError):
        return None
    return text if d.eof and not d.unused_data else None


def intact(z: bytes, dictionaries: dict[int, bytes]) -> bool:
    """Whether a stored sentence decodes whole (``whole_text``)."""
    return whole_text(z, dictionaries) is not None


def stored_dictionaries(db: sqlite3.Connection) -> dict[int, bytes]:
    try:
        return {i: bytes(d) for i, d in db.execute("SELECT id, data FROM sentence_dicts")}
    except sqlite3.DatabaseError:  # no such table (an older store, or one not created yet), or damaged
        return {}


def _committed_dictionaries(path: str) -> dict[int, bytes]:
    from luocdo.store.opening import connect_readonly

    db = connect_readonly(Path(path), timeout=30)
    try:
        return stored_dictionaries(db)
    finally:
        db.close()


def register(db: sqlite3.Connection) -> dict[int, bytes]:
    """Registers luocdo_sentence(z) on ``db``; returns the dictionaries it knows (a writer adds the one
    it trains). A dictionary it does not know yet (another process trained it since) is read on first
    use through a connection of its own: the functions must not hold ``db`` (a cycle would keep a
    connection that is not closed explicitly open until the process ends, and its write-ahead log with
    it)."""
    known = stored_dictionaries(db)
    path = next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "")

    def sentence(z: bytes | None) -> str | None:
        if z is None:
            return None
        if z[0] and z[0] not in known and path:
            known.update(_committed_dictionaries(path))
        return decompress(z, known)

    def folded_has(z: bytes | None, needle: str) -> bool:
        text = sentence(z)
        return text is not None and needle in text.casefold()

    db.create_function(SQL_FUNCTION, 1, sentence, deterministic=True)
    # search: one call per sentence instead of decompressing, then casefolding, through two functions
    db.create_function(SQL_FOLDED_HAS, 2, folded_has, deterministic=True)
    return known

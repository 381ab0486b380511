"""A compressor answers a sentence it compressed before from memory, with the same bytes; the signature
of its dictionary is computed once (luocdo.store.compressed, luocdo.store.sentence_blobs)."""

from __future__ import annotations

import zlib

from luocdo.store import compressed, sentence_blobs

ZDICT = "Căn cứ Kế hoạch số 227/KH-UBND ngày 11/8/2019 của Ủy ban nhân dân tỉnh. ".encode() * 40
SENTENCES = [
    "Thực hiện Kế hoạch số 227/KH-UBND ngày 11/8/2019 của Ủy ban nhân dân tỉnh Nghệ An.",
    "Căn cứ Nghị định số 61/2018/NĐ-CP của Chính phủ.",
    "",
]


class _CountingBase:
    """A compressobj that counts its copies (each is one sentence deflated)."""

    def __init__(self, base) -> None:
        self.base, self.copies = base, 0

    def copy(self):
        self.copies += 1
        return self.base.copy()


def test_a_sentence_compressed_again_is_the_same_bytes_without_deflating_again() -> None:
    for dict_id, zdict in ((0, b""), (3, ZDICT)):
        fresh = [compressed.Compressor(dict_id, zdict)(s) for s in SENTENCES]
        c = compressed.Compressor(dict_id, zdict)
        c._base = counting = _CountingBase(c._base)
        first = [c(s) for s in SENTENCES]
        again = [c(s) for s in reversed(SENTENCES)][::-1]
        assert first == again == fresh
        assert counting.copies == len(SENTENCES)
        assert [compressed.decompress(z, {3: ZDICT}) for z in again] == SENTENCES


def test_the_remembered_sentences_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(compressed, "_REMEMBERED", 2)
    c = compressed.Compressor(3, ZDICT)
    out = [c(s) for s in SENTENCES * 3]
    assert len(c._done) <= 2
    assert out == [compressed.Compressor(3, ZDICT)(s) for s in SENTENCES * 3]


def test_the_dictionarys_checksum_is_computed_once(monkeypatch) -> None:
    c = compressed.Compressor(3, ZDICT)
    calls = []
    crc32 = zlib.crc32
    monkeypatch.setattr(zlib, "crc32", lambda data, *a: calls.append(len(data)) or crc32(data, *a))
    assert all(sentence_blobs.signature(c) == (3, crc32(ZDICT)) for _ in range(5))
    assert len(calls) <= 1

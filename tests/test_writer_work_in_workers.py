"""What the extraction workers compute for the one writing process (luocdo.store.cited,
luocdo.store.sentence_blobs) gives the store the writer alone would give."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest

from luocdo.store import Store, compressed, sentence_blobs
from luocdo.store.prepare import Prepared, prepared

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")


def _ingested(store: Path, files: list[Path], jobs: int = 1) -> Store:
    st = Store(store)
    for _ in st.ingest_many(files, jobs=jobs):
        pass
    return st


def _prepared_one(path: Path) -> Prepared:
    (prep,) = prepared([path], lambda key: None, 1, for_store=True)
    assert isinstance(prep, Prepared)
    return prep


def _edited(dst: Path, n: int, tag: str) -> list[Path]:
    """The sample reports n times as other reports (one line more each): new contents, the same
    citations (two rounds hold enough sentences to train the store's dictionary)."""
    dst.mkdir(parents=True, exist_ok=True)
    out = []
    for i, p in enumerate(SAMPLES * n):
        out.append(dst / f"{i}_{p.name}")
        out[-1].write_text(p.read_text(encoding="utf-8") + f"\nBản sao {tag} {i}.\n", encoding="utf-8")
    return sorted(out)


def test_the_writer_resolves_the_same_with_the_parts_a_worker_computed(tmp_path: Path) -> None:
    """Store._resolve_mentions gives the same documents, candidates and identities whether the identities,
    own keys and conventional documents come from the extraction (rows.cited) or are computed by it."""
    st = _ingested(tmp_path / "s.db", SAMPLES)
    named = tmp_path / "named"
    named.mkdir()
    for p in SAMPLES:  # a conventional name too: the document that approved it, known to luocdo
        text = p.read_text(encoding="utf-8") + "\nXã đã đẩy mạnh triển khai Đề án 06 trên địa bàn.\n"
        (named / p.name).write_text(text, encoding="utf-8")
    conventional = 0
    for path in [*SAMPLES, *sorted(named.iterdir())]:
        rows = _prepared_one(path).for_store()
        assert rows.cited is not None
        conventional += len(rows.cited.conventional)
        got = []
        for parts in (rows.cited, None):
            st.db.execute("BEGIN IMMEDIATE")
            try:
                got.append(st._resolve_mentions(rows.mentions, rows.header.province, parts))
            finally:
                st.db.execute("ROLLBACK")
                st._rolled_back()
        assert got[0] == got[1]
    assert conventional  # the samples name a conventional document ("Đề án 06")
    st.close()


def test_a_worker_compresses_with_the_committed_dictionary(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sentence_blobs, "RECHECK_SECONDS", 0.0)
    store = tmp_path / "s.db"
    st = Store(store)
    sentences = ["Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ.", "Thực hiện Chỉ thị số 26/CT-TTg."]
    blobs, sig = sentence_blobs.compress(sentences, str(store))
    assert sig == (0, 0)  # no dictionary yet: compressed without one, as the writer then does
    assert [compressed.decompress(z, {}) for z in blobs] == sentences
    for _ in st.ingest_many(_edited(tmp_path / "r", 2, "a")):
        pass
    (dict_id, zdict), *_ = compressed.stored_dictionaries(st.db).items()
    blobs, sig = sentence_blobs.compress(sentences, str(store))
    writer = compressed.Compressor(dict_id, zdict)
    assert sig == sentence_blobs.signature(writer) and sig[0] == dict_id
    assert blobs == [writer(s) for s in sentences]  # the bytes the writer would store
    st.close()
    assert sentence_blobs.compress(sentences, str(tmp_path / "missing" / "s.db")) is None


def _at_level_1(writer: compressed.Compressor, s: str) -> bytes:
    c = zlib.compressobj(1, zlib.DEFLATED, -15, 9, zdict=writer.zdict)
    return bytes([writer.dict_id]) + c.compress(s.encode()) + c.flush()


def test_the_writer_keeps_a_workers_sentences_only_with_its_own_dictionary(tmp_path: Path) -> None:
    st = _ingested(tmp_path / "s.db", _edited(tmp_path / "r", 2, "a"))
    assert compressed.stored_dictionaries(st.db)
    other = _edited(tmp_path / "o", 1, "b")[:2]
    for path, right in zip(other, (False, True), strict=True):
        prep = _prepared_one(path)
        rows = prep.for_store()
        st.db.execute("BEGIN IMMEDIATE")
        writer = st._sentence_compressor(rows.sentences)
        st.db.execute("ROLLBACK")
        if right:  # the worker's bytes, with the writer's dictionary: kept as they are (compressed at
            # another level, so that bytes the writer made again would not be these)
            rows.blobs = [_at_level_1(writer, s) for s in rows.sentences]
            assert rows.blobs != [writer(s) for s in rows.sentences]
            rows.blobs_dict = sentence_blobs.signature(writer)
        else:  # another dictionary's: compressed again by the writer
            rows.blobs = [b"\x07not a sentence" for _ in rows.sentences]
            rows.blobs_dict = (7, 0)
        (res,) = st._write_batch([prep])
        assert res.status == "added"
        fid = st.db.execute("SELECT file_id FROM file_paths WHERE path = ?", (prep.key,)).fetchone()[0]
        stored = [
            bytes(r[0]) for r in st.db.execute("SELECT z FROM sentences WHERE file_id = ? ORDER BY n", (fid,))
        ]
        assert stored == (rows.blobs if right else [writer(s) for s in rows.sentences])
        text = [
            r[0]
            for r in st.db.execute(
                f"SELECT {compressed.SQL_FUNCTION}(z) FROM sentences WHERE file_id = ? ORDER BY n", (fid,)
            )
        ]
        assert text == rows.sentences
    st.close()


@pytest.mark.slow
def test_sentences_compressed_in_the_workers_are_the_writers_bytes(tmp_path: Path, monkeypatch) -> None:
    """Into a store that has its dictionary, the workers compress every sentence (the writer none) and
    the store holds the bytes a one-process ingest stores."""
    first = _edited(tmp_path / "first", 2, "a")
    more = _edited(tmp_path / "more", 3, "b")
    stores = {}
    for jobs in (1, 2):
        st = _ingested(tmp_path / f"s{jobs}.db", first)
        calls = 0
        real = compressed.Compressor.__call__

        def counted(self, sentence: str, real=real) -> bytes:
            nonlocal calls
            calls += 1
            return real(self, sentence)

        monkeypatch.setattr(compressed.Compressor, "__call__", counted)
        results = [r.status for r in st.ingest_many(more, jobs=jobs)]
        monkeypatch.setattr(compressed.Compressor, "__call__", real)
        assert set(results) == {"added"}
        if jobs == 2:
            assert calls == 0  # every sentence came compressed from a worker
        else:
            assert calls > 0
        st.close()
        with sqlite3.connect(tmp_path / f"s{jobs}.db") as c:
            stores[jobs] = sorted(
                (p, n, bytes(z))
                for p, n, z in c.execute(
                    "SELECT p.path, s.n, s.z FROM sentences s JOIN file_paths p ON p.file_id = s.file_id"
                )
            )
    assert stores[2] == stores[1]

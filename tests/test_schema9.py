"""Schema 9: evidence sentences compressed with a dictionary trained on a store's first sentences,
relations.evidence and two indexes dropped; a schema 8 store is migrated with every answer kept."""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.store import Store, canon, compressed
from luocdo.store.compressed import DICT_BYTES, Compressor, decompress, train
from luocdo.store.db import SCHEMA_VERSION
from luocdo.store.evidence import sentence_sql, surface_sql
from luocdo.store.mention_key import KEY_SQL, derived_key
from luocdo.store.salvage import salvage
from luocdo.store.schema_parts import schema_text
from luocdo.synth.cli import main as synth
from schema8 import as_schema_8
from test_question_answers import BEFORE, ROOT, _ingest, _same_answers

SAMPLES = ROOT / "sample_reports"


@given(st.lists(st.text(), max_size=30), st.text())
@settings(max_examples=200, deadline=None)
def test_a_sentence_reads_back_as_written_with_or_without_a_dictionary(first: list[str], s: str) -> None:
    zdict = train(first)
    assert len(zdict) <= DICT_BYTES
    for dict_id, compress in ((0, Compressor()), (7, Compressor(7, zdict))):
        z = compress(s)
        assert z[0] == dict_id
        assert decompress(z, {7: zdict}) == s


def test_a_dictionary_keeps_the_sentences_it_was_trained_on_first() -> None:
    sentences = [
        "Thực hiện Chỉ thị số 26/CT-TTg.",
        "Thực hiện Chỉ thị số 26/CT-TTg.",
        "x" * (DICT_BYTES - 10),
    ]
    assert (
        train(sentences)
        == b"Th\xe1\xbb\xb1c hi\xe1\xbb\x87n Ch\xe1\xbb\x89 th\xe1\xbb\x8b s\xe1\xbb\x91 26/CT-TTg."
    )


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("schema9")
    synth(["--reports", "100", "--seed", "9", str(root / "synth")])
    store = root / "s.db"
    _ingest(root / "synth", store)
    return store


def test_a_new_store_trains_one_dictionary_and_compresses_its_sentences(synth_store: Path) -> None:
    with Store(synth_store, create=False) as s:
        db = s.db
        assert (
            db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        )
        (size,) = db.execute("SELECT length(data) FROM sentence_dicts WHERE id = 1").fetchone()
        assert DICT_BYTES - 1000 < size <= DICT_BYTES
        assert db.execute("SELECT count(*) FROM sentence_dicts").fetchone()[0] == 1
        by_dict = dict(
            db.execute("SELECT hex(substr(z, 1, 1)), count(*) FROM sentences GROUP BY 1").fetchall()
        )
        assert set(by_dict) == {"00", "01"} and by_dict["01"] > by_dict["00"]  # the first files' go without
        raw, stored = db.execute(
            "SELECT sum(length(CAST(luocdo_sentence(z) AS BLOB))), sum(length(z)) FROM sentences"
            " WHERE substr(z, 1, 1) = X'01'"
        ).fetchone()
        assert raw > 3 * stored
        # every citation's sentence reads back and holds what it cites
        for surface, sentence in db.execute(
            f"SELECT {surface_sql('m')}, {sentence_sql('m')} FROM mentions m WHERE m.number IS NOT NULL LIMIT 500"
        ):
            assert m_number_in(surface, sentence)
        assert not {"evidence"} & {r[1] for r in db.execute("PRAGMA table_info(relations)")}
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not {"mentions_doc", "documents_num"} & indexes


def m_number_in(surface: str, sentence: str) -> bool:
    digits = "".join(ch for ch in surface if ch.isdigit())
    return "".join(ch for ch in sentence if ch.isdigit()).find(digits) >= 0


def test_search_finds_words_of_the_compressed_sentences(synth_store: Path) -> None:
    with Store(synth_store, create=False) as s:
        (sentence,) = s.db.execute(
            f"SELECT {sentence_sql('m')} FROM mentions m ORDER BY file_id DESC, mid LIMIT 1"
        ).fetchone()
    words = " ".join(sentence.split()[:4])
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "luocdo",
            "search",
            words.upper(),
            "--store",
            str(synth_store),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LUOCDO_LANG": "en"},
    ).stdout
    assert words in out


def test_a_dictionary_rolled_back_is_trained_again(tmp_path: Path) -> None:
    """A dictionary made in a write that failed is not assumed by the next write of the same process."""
    with Store(tmp_path / "s.db") as s:
        s.db.execute("BEGIN IMMEDIATE")
        first = s._sentence_compressor(["a" * DICT_BYTES])
        assert first.dict_id == 1
        s.db.execute("ROLLBACK")
        s.db.execute("BEGIN IMMEDIATE")
        again = s._sentence_compressor(["b" * 10])
        assert again.dict_id == 0  # nothing trained yet in this store: the write trains again later
        s.db.execute("COMMIT")
        assert s.db.execute("SELECT count(*) FROM sentence_dicts").fetchone()[0] == 0


def test_a_dictionary_rolled_back_never_decodes_another_writers_sentences(tmp_path: Path) -> None:
    """A write that trained dictionary 1 fails; another process then trains its own dictionary 1 and
    stores a sentence with it: the first store reads that sentence as written (raw deflate has no
    checksum: decoded with the wrong dictionary it would be wrong text, without an error)."""
    sentence = "Thực hiện Kế hoạch số 196/KH-UBND ngày 01/02/2021 của UBND thành phố Cần Thơ."
    with Store(tmp_path / "s.db") as a:
        with pytest.raises(RuntimeError), a._immediate():
            mine = a._sentence_compressor(
                [f"Căn cứ Nghị định số {i}/2018/NĐ-CP của Chính phủ." for i in range(2000)]
            )
            assert mine.dict_id == 1 and mine.zdict
            raise RuntimeError("the write fails")
        with Store(tmp_path / "s.db") as b, b._immediate():
            other = b._sentence_compressor([f"{sentence} ({i})" for i in range(1000)])
            assert other.dict_id == 1 and other.zdict and other.zdict != mine.zdict
            z = other(sentence)
        assert a.db.execute(f"SELECT {compressed.SQL_FUNCTION}(?)", (z,)).fetchone()[0] == sentence


def _samples_store(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    store = tmp_path / "s.db"
    _ingest(SAMPLES, store)
    return store


def test_a_schema_8_store_is_migrated_with_every_answer_kept(tmp_path: Path) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as s:
        expected = canon.canonical_tables(s.db, canon.ALL_TABLES)
    as_schema_8(store)
    with sqlite3.connect(store) as c:  # what luocdo of schema 8 wrote
        assert c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "8"
        assert c.execute("SELECT count(*) FROM sentences WHERE text != ''").fetchone()[0] > 0
    with Store(store) as s:
        db = s.db
        assert (
            db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        )
        assert s.integrity() == []
        assert canon.canonical_tables(db, canon.ALL_TABLES) == expected
        assert "text" not in {r[1] for r in db.execute("PRAGMA table_info(sentences)")}
        assert "evidence" not in {r[1] for r in db.execute("PRAGMA table_info(relations)")}
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not {"mentions_doc", "documents_num"} & indexes
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed after the migration
    _same_answers(store, SAMPLES, BEFORE / "sample", "196/KH-UBND")


@pytest.mark.parametrize("older", [False, True])
def test_a_schema_8_or_9_store_can_be_salvaged(tmp_path: Path, older: bool) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as s:
        expected = canon.canonical_tables(s.db, canon.ALL_TABLES)
    if older:
        as_schema_8(store)
    report = salvage(store, tmp_path / "new.db")
    assert report.files_dropped == []
    with Store(tmp_path / "new.db") as s:
        got = canon.canonical_tables(s.db, canon.ALL_TABLES)
        assert s.integrity() == []
    assert {k: v for k, v in got.items() if k != "headers"} == {
        k: v for k, v in expected.items() if k != "headers"
    }


def test_a_salvaged_store_leaves_out_the_files_whose_sentences_cannot_be_read(
    synth_store: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "d.db"
    with sqlite3.connect(synth_store) as c, sqlite3.connect(damaged) as d:
        c.backup(d)
    with sqlite3.connect(damaged) as d:
        fid = d.execute("SELECT file_id FROM sentences WHERE substr(z, 1, 1) = X'01' LIMIT 1").fetchone()[0]
        d.execute("UPDATE sentences SET z = X'01FFFF' WHERE file_id = ? AND n = 1", (fid,))
        path = d.execute("SELECT path FROM files WHERE id = ?", (fid,)).fetchone()[0]
    report = salvage(damaged, tmp_path / "new.db")
    assert report.files_dropped == [path]


# the parts are the extraction's (numbers, symbols, ISO dates, bodies' names): text SQLite stores (no lone
# surrogate) and never a NUL, which SQLite's substr() stops at
_NO_NUL = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


@given(
    st.sampled_from(["Chỉ thị", "Quyết định", "Other"]),
    *[st.one_of(st.none(), st.text(_NO_NUL, max_size=12)) for _ in range(5)],
    st.one_of(st.none(), st.text(_NO_NUL, max_size=3)),
)
@settings(max_examples=300, deadline=None)
def test_the_key_derived_in_sql_is_the_one_derived_in_python(type_, number, symbol, year, date, issuer, own):
    db = sqlite3.connect(":memory:")
    db.execute(
        f"CREATE TABLE m (type, number, symbol, year, date, issuer, key_own, key AS (coalesce(key_own, {KEY_SQL})))"
    )
    db.execute("INSERT INTO m VALUES (?, ?, ?, ?, ?, ?, ?)", (type_, number, symbol, year, date, issuer, own))
    want = own if own is not None else derived_key(type_, number, symbol, year, date, issuer)
    assert db.execute("SELECT key FROM m").fetchone()[0] == want


def test_the_schema_derives_the_key_as_mention_key_says() -> None:
    assert f"coalesce(key_own, {KEY_SQL})" in schema_text()


def test_every_key_reads_back_as_the_pipeline_made_it(synth_store: Path) -> None:
    from luocdo.pipeline import extract_text

    with Store(synth_store, create=False) as s:
        stored = {
            (Path(path).name, mid): key
            for path, mid, key in s.db.execute(
                "SELECT f.path, m.mid, m.key FROM mentions m JOIN files f ON f.id = m.file_id"
            )
        }
        own = s.db.execute("SELECT count(*), count(key_own) FROM mentions").fetchone()
    assert 0 < own[1] < own[0] / 3  # kept only where the key is not the derived one
    folder = synth_store.parent / "synth"
    made = {}
    for path in sorted(folder.glob("*.md")):
        for m in extract_text(path.read_text("utf-8"), path.name).mentions:
            made[(path.name, m.id)] = m.key
    assert stored == made


def test_an_ingest_leaves_no_write_ahead_log_behind(tmp_path: Path) -> None:
    """Every connection is closed when luocdo ends (none is kept alive by the SQL functions)."""
    store = _samples_store(tmp_path)
    assert store.exists() and not Path(f"{store}-wal").exists()


def test_a_reader_open_before_the_dictionary_was_trained_reads_what_came_after(
    synth_store: Path, tmp_path: Path
) -> None:
    store = _samples_store(tmp_path)
    with Store(store, create=False) as reader:
        assert reader.db.execute("SELECT count(*) FROM sentence_dicts").fetchone()[0] == 0
        _ingest(synth_store.parent / "synth", store)  # another process: trains the dictionary
        got = reader.db.execute(
            f"SELECT {sentence_sql('m')} FROM mentions m JOIN sentences s ON s.file_id = m.file_id"
            " AND s.n = m.sentence_no WHERE substr(s.z, 1, 1) = X'01' ORDER BY m.file_id, m.mid"
        ).fetchall()
    with Store(store, create=False) as fresh:
        want = fresh.db.execute(
            f"SELECT {sentence_sql('m')} FROM mentions m JOIN sentences s ON s.file_id = m.file_id"
            " AND s.n = m.sentence_no WHERE substr(s.z, 1, 1) = X'01' ORDER BY m.file_id, m.mid"
        ).fetchall()
    assert len(got) > 100 and [tuple(r) for r in got] == [tuple(r) for r in want]


def test_a_store_the_schema_8_code_built_is_migrated_to_the_store_schema_9_builds(tmp_path: Path) -> None:
    """tests/data/schema8_sample_reports.db.gz: the sample reports ingested by luocdo 9882edb (schema 8),
    from /work/wt-size/sample_reports (the paths it holds are moved to this checkout's first)."""
    old = tmp_path / "old.db"
    old.write_bytes(gzip.decompress((ROOT / "tests" / "data" / "schema8_sample_reports.db.gz").read_bytes()))
    with sqlite3.connect(old) as c:
        assert c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "8"
        for table in ("files", "file_paths"):
            c.execute(
                f"UPDATE {table} SET path = replace(path, '/work/wt-size/sample_reports', ?)", (str(SAMPLES),)
            )
        # a report without a number is the document 'report|PATH'; a header names its source
        c.execute(
            "UPDATE documents SET ident = replace(ident, '/work/wt-size/sample_reports', ?) WHERE ident LIKE 'report|%'",
            (str(SAMPLES),),
        )
        c.execute(
            "UPDATE files SET header = replace(header, '/work/wt-size/sample_reports', ?)", (str(SAMPLES),)
        )
    fresh = _samples_store(tmp_path / "fresh")
    with Store(old) as migrated, Store(fresh, create=False) as new:
        assert migrated.integrity() == []
        assert canon.canonical_tables(migrated.db, canon.ALL_TABLES) == canon.canonical_tables(
            new.db, canon.ALL_TABLES
        )
    _same_answers(old, SAMPLES, BEFORE / "sample", "196/KH-UBND")

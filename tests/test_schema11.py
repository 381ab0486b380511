"""Schema 11: a citation's type and relation and an edge's relation stored as their number in
luocdo.store.coded's lists (the word itself when it is not in them), the notes only where there are
some, edges_src dropped; a schema 10 store is migrated with every table and answer kept."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.store import Store, StoreError, canon, coded
from luocdo.store.compressed import register
from luocdo.store.db import SCHEMA_VERSION
from luocdo.store.evidence import surface_sql
from luocdo.store.salvage import salvage
from luocdo.store.schema_parts import schema_text
from schema10 import as_schema_10
from test_question_answers import BEFORE, ROOT, _ingest, _same_answers
from test_schema10 import _citations, _damage_one_sentence

SAMPLES = ROOT / "sample_reports"
_WORD = st.one_of(
    st.sampled_from(coded.TYPES + coded.RELATIONS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.integers(0, 30).map(str),  # a word that reads like a number is kept as the word
)


def _version(db: sqlite3.Connection) -> str:
    return db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]


def test_the_schema_reads_the_words_as_coded_says() -> None:
    text = schema_text()
    assert (
        f"type        TEXT GENERATED ALWAYS AS ({coded.decode_sql('type_code', coded.TYPES)}) VIRTUAL" in text
    )
    relation = (
        f"relation    TEXT GENERATED ALWAYS AS ({coded.decode_sql('relation_code', coded.RELATIONS)}) VIRTUAL"
    )
    assert text.count(relation) == 2  # mentions and edges
    assert "INDEX IF NOT EXISTS edges_src" not in text


def test_the_words_are_schema_11s() -> None:
    # a store keeps the CASE of its own CREATE TABLE: words added here without a new schema version and a
    # migration would be written as numbers that an existing store reads back as digits
    words = "\n".join(coded.TYPES + ("",) + coded.RELATIONS).encode()
    if SCHEMA_VERSION in ("11", "12"):  # schema 12 adds the content stamps, no word
        assert hashlib.sha256(words).hexdigest() == (
            "7d08a583f11ac7d85cd9cece3c9e92c28a3159830fc2da9c2c38bdaccf42d86e"
        ), "coded.TYPES or RELATIONS changed: that is schema 12, with a migration of mentions and edges"


@given(_WORD, st.sampled_from([coded.TYPES, coded.RELATIONS]))
@settings(max_examples=300, deadline=None)
def test_a_word_reads_back_as_written(word: str, words: tuple[str, ...]) -> None:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE TABLE t (c, w TEXT GENERATED ALWAYS AS ({coded.decode_sql('c', words)}) VIRTUAL)")
    db.execute(f"INSERT INTO t (c) VALUES ({coded.encode_sql('?1', words)})", (word,))
    stored, read = db.execute("SELECT c, w FROM t").fetchone()
    assert read == word
    assert stored == coded.encode(word, words)
    assert isinstance(stored, int) == (word in words)


def _samples_store(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    store = tmp_path / "s.db"
    _ingest(SAMPLES, store)
    return store


def _words(db: sqlite3.Connection) -> list[tuple]:
    return [
        tuple(r)
        for q in (
            "SELECT file_id, mid, type, relation, notes FROM mentions ORDER BY file_id, mid",
            "SELECT id, relation FROM edges ORDER BY id",
        )
        for r in db.execute(q)
    ]


def test_a_fresh_store_keeps_numbers_for_the_words(tmp_path: Path) -> None:
    store = _samples_store(tmp_path)
    with Store(store, create=False) as s:
        db = s.db
        assert _version(db) == SCHEMA_VERSION == "12"  # schema 11's tables, with the content stamps
        kinds = db.execute(
            "SELECT typeof(type_code), typeof(relation_code), count(notes_own), count(*) FROM mentions GROUP BY 1, 2"
        ).fetchall()
        assert [k[:2] for k in kinds] == [("integer", "integer")]
        assert (
            db.execute("SELECT count(*) FROM edges WHERE typeof(relation_code) != 'integer'").fetchone()[0]
            == 0
        )
        assert (
            db.execute("SELECT count(*) FROM mentions WHERE notes = '[]'").fetchone()[0]
            == kinds[0][3] - kinds[0][2]
        )


def test_a_schema_10_store_is_migrated_with_every_table_and_answer_kept(tmp_path: Path) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as s:
        expected = canon.canonical_tables(s.db, canon.ALL_TABLES)
        citations = _citations(s.db, surface_sql("m"))
        words = _words(s.db)
        stored = [
            tuple(r)
            for r in s.db.execute("SELECT type_code, relation_code, notes_own FROM mentions ORDER BY rowid")
        ]
    as_schema_10(store)
    with sqlite3.connect(store) as c:  # what luocdo of schema 10 wrote
        assert _version(c) == "10"
        assert _words(c) == words
        assert c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'edges_src'").fetchone()[0] == 1
        touched = c.execute("SELECT count(*) FROM settle_touched").fetchone()[0]
    with Store(store) as s:
        db = s.db
        assert _version(db) == SCHEMA_VERSION
        assert s.integrity() == []
        assert canon.canonical_tables(db, canon.ALL_TABLES) == expected
        assert _citations(db, surface_sql("m")) == citations
        assert _words(db) == words
        assert [
            tuple(r)
            for r in db.execute("SELECT type_code, relation_code, notes_own FROM mentions ORDER BY rowid")
        ] == stored
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'edges_src'").fetchone()[0] == 0
        assert (
            "WITHOUT ROWID"
            in db.execute("SELECT sql FROM sqlite_master WHERE name = 'sentences'").fetchone()[0]
        )
        assert db.execute("SELECT count(*) FROM settle_touched").fetchone()[0] == touched
        assert db.execute("SELECT count(*) FROM links_dirty").fetchone()[0] == 0
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed after the migration
    _same_answers(store, SAMPLES, BEFORE / "sample", "196/KH-UBND")


def test_a_store_the_schema_10_code_built_is_migrated_to_the_store_schema_11_builds(tmp_path: Path) -> None:
    """tests/data/schema10_sample_reports.db.gz: the sample reports ingested by luocdo ccb5aab (schema 10),
    from /work/wt-base9/sample_reports (the paths it holds are moved to this checkout's first)."""
    old = tmp_path / "old.db"
    old.write_bytes(gzip.decompress((ROOT / "tests" / "data" / "schema10_sample_reports.db.gz").read_bytes()))
    there = "/work/wt-base9/sample_reports"
    with sqlite3.connect(old) as c:
        register(c)
        assert _version(c) == "10"
        for table in ("files", "file_paths"):
            c.execute(f"UPDATE {table} SET path = replace(path, ?, ?)", (there, str(SAMPLES)))  # noqa: S608
        c.execute(
            "UPDATE documents SET ident = replace(ident, ?, ?) WHERE ident LIKE 'report|%'",
            (there, str(SAMPLES)),
        )
        c.execute("UPDATE files SET h_source = replace(h_source, ?, ?)", (there, str(SAMPLES)))
        c.execute("UPDATE files SET header_own = replace(header_own, ?, ?)", (there, str(SAMPLES)))
        written = _citations(c, surface_sql("m"))
    fresh = _samples_store(tmp_path / "fresh")
    with Store(old) as migrated, Store(fresh, create=False) as new:
        assert _version(migrated.db) == SCHEMA_VERSION
        assert migrated.integrity() == []
        assert canon.canonical_tables(migrated.db, canon.ALL_TABLES) == canon.canonical_tables(
            new.db, canon.ALL_TABLES
        )
        assert _citations(migrated.db, surface_sql("m")) == written == _citations(new.db, surface_sql("m"))
        assert _mention_words(migrated.db) == _mention_words(new.db)
    _same_answers(old, SAMPLES, BEFORE / "sample", "196/KH-UBND")


def _mention_words(db: sqlite3.Connection) -> list[tuple]:
    return [
        tuple(r)
        for r in db.execute(
            "SELECT f.path, m.mid, m.type, m.relation, m.notes FROM mentions m JOIN files f ON f.id = m.file_id"
            " ORDER BY 1, 2"
        )
    ]


@pytest.mark.parametrize("older", [False, True])
def test_a_schema_10_or_11_store_can_be_salvaged(tmp_path: Path, older: bool) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as s:
        expected = canon.canonical_tables(s.db, canon.ALL_TABLES)  # edges: with their relation
        words = _mention_words(s.db)
    if older:
        as_schema_10(store)
    report = salvage(store, tmp_path / "new.db")
    assert report.files_dropped == []
    with Store(tmp_path / "new.db") as s:
        assert s.integrity() == []
        got = canon.canonical_tables(s.db, canon.ALL_TABLES)
        assert _mention_words(s.db) == words
        assert (
            s.db.execute(
                "SELECT count(*) FROM mentions WHERE typeof(type_code) = 'text' OR typeof(relation_code) = 'text'"
                " OR notes_own = '[]'"
            ).fetchone()[0]
            == 0
        )
        assert (
            s.db.execute("SELECT count(*) FROM edges WHERE typeof(relation_code) = 'text'").fetchone()[0] == 0
        )
    assert {k: v for k, v in got.items() if k != "headers"} == {
        k: v for k, v in expected.items() if k != "headers"
    }


def test_a_schema_10_store_with_a_damaged_sentence_is_migrated_and_doctor_names_it(tmp_path: Path) -> None:
    from luocdo.synth.cli import main as synth

    synth(["--reports", "60", "--seed", "11", str(tmp_path / "synth")])
    store = tmp_path / "s.db"
    _ingest(tmp_path / "synth", store)  # big enough for a sentence dictionary
    as_schema_10(store)
    path, n, _ = _damage_one_sentence(store)
    with Store(store) as s:
        assert _version(s.db) == SCHEMA_VERSION
        assert s.integrity() == [
            f"1 evidence sentences cannot be read (damaged); the first: {path}, sentence {n}"
        ]


def test_salvage_walks_the_sentences_past_a_damaged_page(tmp_path: Path) -> None:
    """schema 11's sentences have no rowid: salvage reads them in the order of their key and goes on from
    the next file after a page it cannot read; only the files of that page are left out, and ingesting
    the reports again gives the store back."""
    from luocdo.synth.cli import main as synth

    synth(["--reports", "60", "--seed", "12", str(tmp_path / "synth")])
    good = tmp_path / "good.db"
    _ingest(tmp_path / "synth", good)
    with sqlite3.connect(good) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = [
            r[0]
            for r in con.execute("SELECT pageno FROM dbstat WHERE name = 'sentences' AND pagetype = 'leaf'")
        ]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    assert len(pages) >= 3
    with Store(good, create=False) as s:
        expected = canon.canonical_tables(s.db, canon.ALL_TABLES)
    data = bytearray(good.read_bytes())
    page = pages[len(pages) // 2]
    data[(page - 1) * size : page * size] = bytes(size)
    bad = tmp_path / "bad.db"
    bad.write_bytes(bytes(data))
    report = salvage(bad, tmp_path / "new.db")
    copied = next(t for t in report.tables if t.table == "sentences")
    assert copied.unreadable_ranges >= 1 and copied.copied > 0
    assert 0 < len(report.files_dropped) < 60
    with Store(tmp_path / "new.db") as s:
        assert s.integrity() == []
    _ingest(tmp_path / "synth", tmp_path / "new.db")
    with Store(tmp_path / "new.db") as s:
        assert canon.canonical_tables(s.db, canon.ALL_TABLES) == expected


def test_a_migration_the_disk_cannot_hold_says_so_and_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.db"
    old.write_bytes(gzip.decompress((ROOT / "tests" / "data" / "schema10_sample_reports.db.gz").read_bytes()))
    migrate = Store._migrate

    def on_a_full_disk(self: Store) -> bool:
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages + 5}")  # SQLite's own "database or disk is full"
        return migrate(self)

    monkeypatch.setattr(Store, "_migrate", on_a_full_disk)
    with pytest.raises(StoreError) as e:
        Store(old)
    said = str(e.value)
    assert said.startswith(f"{old}: cannot upgrade the store from schema 10 to {SCHEMA_VERSION}"), said
    assert "full" in said and "it is unchanged, at schema 10" in said and "MB)" in said
    assert "not a usable" not in said
    with sqlite3.connect(old) as c:
        assert _version(c) == "10"
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    monkeypatch.setattr(Store, "_migrate", migrate)
    with Store(old) as upgraded:
        assert _version(upgraded.db) == SCHEMA_VERSION


def test_salvage_gets_past_a_damaged_root_page_of_the_sentences_file_by_file(tmp_path: Path) -> None:
    """Every read of the sentences fails: salvage says so once and moves on by the source's file ids (it
    used to try a million ids one by one and count each as a damaged stretch)."""
    from luocdo.synth.cli import main as synth

    synth(["--reports", "20", "--seed", "13", str(tmp_path / "synth")])
    good = tmp_path / "good.db"
    _ingest(tmp_path / "synth", good)
    with sqlite3.connect(good) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sentences'").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
        files = con.execute("SELECT count(*) FROM files").fetchone()[0]
    data = bytearray(good.read_bytes())
    data[(root - 1) * size : root * size] = bytes(size)
    bad = tmp_path / "bad.db"
    bad.write_bytes(bytes(data))
    report = salvage(bad, tmp_path / "new.db")
    copied = next(t for t in report.tables if t.table == "sentences")
    assert (copied.copied, copied.unreadable_ranges) == (0, 1)
    assert len(report.files_dropped) == files  # no file keeps its evidence: each is listed for re-ingest
    with Store(tmp_path / "new.db") as s:
        assert s.integrity() == []

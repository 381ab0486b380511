"""Schema 10: a citation's text as an offset into its evidence sentence, its identity derived from its
parts; a schema 9 store is migrated with every table and answer kept."""

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

from luocdo.resolve.corpus import identity, norm_number
from luocdo.store import Store, canon
from luocdo.store.db import SCHEMA_VERSION
from luocdo.store.evidence import surface_at, surface_from_sql, surface_sql
from luocdo.store.mention_ident import IDENT_SQL, derived_ident, own_ident
from luocdo.store.salvage import salvage
from luocdo.store.schema_parts import schema_text, statements
from luocdo.synth.cli import main as synth
from schema8 import as_schema_8
from schema9 import as_schema_9
from schema10 import as_schema_10
from test_question_answers import BEFORE, ROOT, _ingest, _same_answers

SAMPLES = ROOT / "sample_reports"
_NO_NUL = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_TEXT = st.characters(blacklist_categories=("Cs",))  # a surface may hold anything SQLite stores


def _samples_store(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    store = tmp_path / "s.db"
    _ingest(SAMPLES, store)
    return store


def _citations(db: sqlite3.Connection, surface: str = "m.surface") -> list[tuple]:
    """Every citation's text and identity (and key), by file path and mention id."""
    return [
        tuple(r)
        for r in db.execute(
            f"SELECT f.path, m.mid, {surface}, m.ident, m.key FROM mentions m JOIN files f ON f.id = m.file_id"
            " ORDER BY f.path, m.mid"
        )
    ]


@given(st.text(_TEXT, max_size=20), st.text(_TEXT, max_size=40), st.text(_TEXT, max_size=20))
@settings(max_examples=300, deadline=None)
def test_a_surface_reads_back_from_its_sentence_or_its_own_copy(
    before: str, surface: str, after: str
) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE m (s TEXT, surface_own TEXT, surface_at INTEGER, surface_len INTEGER)")
    for sentence in (before + surface + after, before + after):
        at = surface_at(surface, sentence)
        row = (surface, None, None) if at is None else (None, at, len(surface))
        db.execute("DELETE FROM m")
        db.execute("INSERT INTO m VALUES (?, ?, ?, ?)", (sentence, *row))
        assert db.execute(f"SELECT {surface_from_sql('m', 'm.s')} FROM m").fetchone()[0] == surface
    if "\x00" not in before + surface + after:
        assert surface_at(surface, before + surface + after) is not None


@given(
    st.one_of(
        st.none(),
        st.just(""),
        st.text(_NO_NUL, max_size=6),
        st.from_regex(r"0*[1-9][0-9]{0,3}", fullmatch=True),
    ),
    st.one_of(
        st.none(),
        st.text(_NO_NUL, max_size=12),
        st.from_regex(r"[A-ZĐa-z]{1,4}[-/]{1,3}[A-ZĐ]{1,5}", fullmatch=True),
    ),
    st.one_of(st.none(), st.just(""), st.text(_NO_NUL, max_size=4)),
    st.one_of(st.none(), st.just(""), st.text(_NO_NUL, max_size=10)),
    st.one_of(st.none(), st.just(""), st.text(_NO_NUL, max_size=8)),
    st.one_of(st.none(), st.text(_NO_NUL, max_size=6)),
    st.sampled_from(["Chỉ thị", "Quyết định", "Other"]),
    st.booleans(),
)
@settings(max_examples=400, deadline=None)
def test_the_identity_reads_back_whatever_the_sql_derives(
    number, symbol, year, date, issuer, name, type_, none
):
    """Derived in SQL as in Python (derived_ident); stored (ident_own) wherever that is not the identity."""
    num_norm = norm_number(number) if number else None
    ident = (
        None
        if none and not number and not name
        else identity(
            number=number, symbol=symbol, year=year, date=date, issuer=issuer, name=name, type_=type_
        )
    )
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE mentions (number, num_norm, symbol, year, date, issuer, ident_own,"
        f" derived AS ({IDENT_SQL}), ident AS (nullif(coalesce(ident_own, {IDENT_SQL}), '')))"
    )
    derived = derived_ident(number, num_norm, symbol, year, date, issuer)
    db.execute(
        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
        (number, num_norm, symbol, year, date, issuer, own_ident(ident, derived)),
    )
    got_derived, got = db.execute("SELECT derived, ident FROM mentions").fetchone()
    assert got_derived == derived
    assert got == ident


def test_the_schema_derives_the_identity_as_mention_ident_says() -> None:
    assert f"nullif(coalesce(ident_own, {IDENT_SQL}), '')" in schema_text()


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("schema10")
    synth(["--reports", "60", "--seed", "10", str(root / "synth")])
    store = root / "s.db"
    _ingest(root / "synth", store)
    return store


def test_every_surface_and_identity_reads_back_as_the_pipeline_made_them(synth_store: Path) -> None:
    from luocdo.pipeline import extract_text

    with Store(synth_store, create=False) as s:
        db = s.db
        assert (
            db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        )
        stored = {
            (Path(p).name, mid): (surface, ident)
            for p, mid, surface, ident, _ in _citations(db, surface_sql("m"))
        }
        n, own_text, own_ident_ = db.execute(
            "SELECT count(*), count(surface_own), count(ident_own) FROM mentions"
        ).fetchone()
    assert own_text < n / 50 and own_ident_ < n / 5  # kept only where they cannot be derived
    made = {}
    for path in sorted((synth_store.parent / "synth").glob("*.md")):
        for m in extract_text(path.read_text("utf-8"), path.name).mentions:
            made[(path.name, m.id)] = m.surface
    assert {k: v[0] for k, v in stored.items()} == made
    # a complete citation names the identity of its parts
    with Store(synth_store, create=False) as s:
        for number, symbol, year, date, issuer, name, type_, ident in s.db.execute(
            "SELECT number, symbol, year, date, issuer, name, type, ident FROM mentions"
            " WHERE resolved_key IS NULL"
        ):
            want = (
                None
                if number is None and not name
                else identity(
                    number=number, symbol=symbol, year=year, date=date, issuer=issuer, name=name, type_=type_
                )
            )
            assert ident == want


def test_a_schema_9_store_is_migrated_with_every_table_and_answer_kept(tmp_path: Path) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as s:
        expected = canon.canonical_tables(s.db, canon.ALL_TABLES)
        citations = _citations(s.db, surface_sql("m"))
    as_schema_9(store)
    with sqlite3.connect(store) as c:  # what luocdo of schema 9 wrote
        assert c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "9"
        assert _citations(c) == citations
        touched = c.execute("SELECT count(*) FROM settle_touched").fetchone()[0]
    with Store(store) as s:
        db = s.db
        assert (
            db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        )
        assert s.integrity() == []
        assert canon.canonical_tables(db, canon.ALL_TABLES) == expected
        assert _citations(db, surface_sql("m")) == citations
        # the same citations: nothing more for settle to decide
        assert db.execute("SELECT count(*) FROM settle_touched").fetchone()[0] == touched
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed after the migration
    _same_answers(store, SAMPLES, BEFORE / "sample", "196/KH-UBND")


def test_a_store_the_schema_9_code_built_is_migrated_to_the_store_schema_10_builds(tmp_path: Path) -> None:
    """tests/data/schema9_sample_reports.db.gz: the sample reports ingested by luocdo 36383a3 (schema 9),
    from /work/wt-base8/sample_reports (the paths it holds are moved to this checkout's first)."""
    old = tmp_path / "old.db"
    old.write_bytes(gzip.decompress((ROOT / "tests" / "data" / "schema9_sample_reports.db.gz").read_bytes()))
    there = "/work/wt-base8/sample_reports"
    with sqlite3.connect(old) as c:
        assert c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "9"
        for table in ("files", "file_paths"):
            c.execute(f"UPDATE {table} SET path = replace(path, ?, ?)", (there, str(SAMPLES)))  # noqa: S608
        c.execute(
            "UPDATE documents SET ident = replace(ident, ?, ?) WHERE ident LIKE 'report|%'",
            (there, str(SAMPLES)),
        )
        c.execute("UPDATE files SET header = replace(header, ?, ?)", (there, str(SAMPLES)))
        written = _citations(c)
    fresh = _samples_store(tmp_path / "fresh")
    with Store(old) as migrated, Store(fresh, create=False) as new:
        assert migrated.integrity() == []
        assert canon.canonical_tables(migrated.db, canon.ALL_TABLES) == canon.canonical_tables(
            new.db, canon.ALL_TABLES
        )
        assert _citations(migrated.db, surface_sql("m")) == written == _citations(new.db, surface_sql("m"))
    _same_answers(old, SAMPLES, BEFORE / "sample", "196/KH-UBND")


@pytest.mark.parametrize(("older", "version"), [(as_schema_8, "8"), (as_schema_9, "9"), (as_schema_10, "10")])
def test_an_older_store_in_a_read_only_folder_is_refused_in_one_line(tmp_path: Path, older, version) -> None:
    store = _samples_store(tmp_path)
    older(store)
    (tmp_path / "s.db-wal").unlink(missing_ok=True)
    os.chmod(tmp_path, 0o555)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "luocdo", "stats", "--store", str(store)],
            capture_output=True,
            text=True,
            env={**os.environ, "LUOCDO_LANG": "en"},
        )
    finally:
        os.chmod(tmp_path, 0o755)
    if os.geteuid() == 0:
        pytest.skip("root writes a read-only folder")
    assert out.returncode != 0
    assert out.stderr.strip().count("\n") == 0
    assert f"store schema {version} must be upgraded" in out.stderr


@pytest.mark.parametrize("older", [False, True])
def test_a_schema_9_or_10_store_can_be_salvaged(tmp_path: Path, older: bool) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as s:
        expected = canon.canonical_tables(s.db, canon.ALL_TABLES)
        citations = _citations(s.db, surface_sql("m"))
    if older:
        as_schema_9(store)
    report = salvage(store, tmp_path / "new.db")
    assert report.files_dropped == []
    with Store(tmp_path / "new.db") as s:
        assert s.integrity() == []
        got = canon.canonical_tables(s.db, canon.ALL_TABLES)
        assert _citations(s.db, surface_sql("m")) == citations
        assert s.db.execute("SELECT count(surface_own), count(ident_own) FROM mentions").fetchone()[0] == 0
    assert {k: v for k, v in got.items() if k != "headers"} == {
        k: v for k, v in expected.items() if k != "headers"
    }


def _damage_one_sentence(store: Path, with_dictionary: bool = True) -> tuple[str, int, str]:
    """Cuts the stream of a sentence some citation sits in (SQLite still reads the page): returns that
    report's path, the sentence's number and one of its citations' mention id. A stream compressed with
    the store's dictionary still decodes when cut, to the text before the cut; one without raises."""
    with sqlite3.connect(store) as db:
        file_id, n, mid = db.execute(
            "SELECT m.file_id, m.sentence_no, m.mid FROM mentions m JOIN sentences s"
            " ON s.file_id = m.file_id AND s.n = m.sentence_no WHERE (hex(substr(s.z, 1, 1)) != '00') = ?"
            " ORDER BY m.file_id, m.sentence_no LIMIT 1 OFFSET 5",
            (with_dictionary,),
        ).fetchone()
        (z,) = db.execute("SELECT z FROM sentences WHERE file_id = ? AND n = ?", (file_id, n)).fetchone()
        db.execute("UPDATE sentences SET z = ? WHERE file_id = ? AND n = ?", (z[: len(z) // 2], file_id, n))
        (path,) = db.execute("SELECT min(path) FROM file_paths WHERE file_id = ?", (file_id,)).fetchone()
    return path, n, mid


def _copy(store: Path, to: Path) -> Path:
    with sqlite3.connect(store) as src, sqlite3.connect(to) as dst:
        src.backup(dst)
    return to


@pytest.mark.parametrize("with_dictionary", [True, False])
def test_a_schema_9_store_with_a_damaged_sentence_is_migrated_and_doctor_names_it(
    synth_store: Path, tmp_path: Path, with_dictionary: bool
) -> None:
    store = _copy(synth_store, tmp_path / "s.db")  # big enough for a sentence dictionary
    as_schema_9(store)
    with sqlite3.connect(store) as db:
        written = {(r[0], r[1]): r[2] for r in db.execute("SELECT file_id, mid, surface FROM mentions")}
    path, n, mid = _damage_one_sentence(store, with_dictionary)
    with Store(store) as s:  # migrated: the citation keeps its text itself
        assert (
            s.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
            == SCHEMA_VERSION
        )
        read = {
            (r[0], r[1]): r[2]
            for r in s.db.execute(f"SELECT file_id, mid, {surface_sql('m')} FROM mentions m")
        }
        assert read == written
        own = s.db.execute("SELECT mid FROM mentions WHERE surface_own IS NOT NULL").fetchall()
        assert mid in {r[0] for r in own}
        assert s.integrity() == [
            f"1 evidence sentences cannot be read (damaged); the first: {path}, sentence {n}"
        ]


def test_salvage_leaves_out_a_report_whose_sentence_was_cut(synth_store: Path, tmp_path: Path) -> None:
    store = _copy(synth_store, tmp_path / "s.db")
    path, _, _ = _damage_one_sentence(store)
    report = salvage(store, tmp_path / "new.db")
    assert report.files_dropped == [path]  # not kept with its citations' text read from a cut sentence
    with Store(tmp_path / "new.db") as s:
        assert s.integrity() == []


_FIELD = st.one_of(st.none(), st.text(_NO_NUL, max_size=12))


@given(
    st.fixed_dictionaries(
        {
            "source": st.text(_NO_NUL, min_size=1, max_size=12),
            **{f: _FIELD for f in ("type", "number", "symbol", "issuer", "title", "signer", "date")},
            "admin_level": st.one_of(st.none(), st.sampled_from(["province", "district", "commune"])),
            "recipients": st.lists(st.text(_NO_NUL, max_size=8), max_size=3),
            "line": st.one_of(st.none(), st.integers(0, 10**6)),
            "title_lines": st.integers(0, 5),
        }
    ),
    st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_a_header_reads_back_as_the_json_it_was_written_as(fields: dict, at_its_path: bool) -> None:
    """Split into columns in SQL, made again by json_object, or kept whole where that is not the text."""
    from luocdo.model import ReportHeader
    from luocdo.store.db import _INSERT_FILE, _UPDATE_FILE_PATH
    from luocdo.store.header_columns import values

    header = ReportHeader(**fields)
    text = header.model_dump_json()
    path = fields["source"] if at_its_path else fields["source"] + "x"
    db = sqlite3.connect(":memory:")
    (create,) = [s for s in statements() if "CREATE TABLE IF NOT EXISTS files (" in s]
    db.execute(create)
    db.execute(_INSERT_FILE, (path, "sha", 1, "now", None, *values(header, path), text))  # the writer
    assert db.execute("SELECT header FROM files").fetchone()[0] == text
    for written in (text, "{not json", '{"source": 1}'):  # a first path changing, whatever the text
        db.execute(_UPDATE_FILE_PATH, (path + "y", written, 1))
        assert db.execute("SELECT header FROM files").fetchone()[0] == written
    if at_its_path and "\\" not in text and not any(ord(c) < 32 for c in text):
        assert db.execute("DELETE FROM files").rowcount == 1
        db.execute(_INSERT_FILE, (path, "sha", 1, "now", None, *values(header, path), text))
        assert db.execute("SELECT header_own, h_source FROM files").fetchone() == (None, None)


def test_the_schema_makes_the_header_as_header_columns_says() -> None:
    from luocdo.store.header_columns import HEADER_SQL

    assert f"header      TEXT GENERATED ALWAYS AS ({HEADER_SQL}) VIRTUAL" in schema_text()

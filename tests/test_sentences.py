"""Schema 8: each evidence sentence of a report is stored once (the sentences table), referenced by
number from mentions, relations and edges; a schema 7 store is migrated with every answer kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from luocdo.store import Store, canon
from luocdo.store.db import SCHEMA_VERSION
from luocdo.store.evidence import evidence_of
from luocdo.store.salvage import salvage
from schema7 import as_schema_7
from test_question_answers import BEFORE, ROOT, _ingest, _same_answers

SAMPLES = ROOT / "sample_reports"
REFERENCES = (
    "SELECT file_id, sentence_no FROM mentions UNION SELECT file_id, sentence_no FROM edges"
    " UNION SELECT file_id, sentence_no FROM relations WHERE sentence_no IS NOT NULL"
)


def _samples_store(tmp_path: Path) -> Path:
    store = tmp_path / "s.db"
    _ingest(SAMPLES, store)
    return store


def _sentence_problems(db: sqlite3.Connection) -> dict[str, int]:
    return {
        "repeated": db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM sentences GROUP BY file_id, luocdo_sentence(z) HAVING count(*) > 1)"
        ).fetchone()[0],
        "unused": db.execute(
            f"SELECT count(*) FROM (SELECT file_id, n FROM sentences EXCEPT SELECT * FROM ({REFERENCES}))"
        ).fetchone()[0],
        "missing": db.execute(
            f"SELECT count(*) FROM ({REFERENCES} EXCEPT SELECT file_id, n FROM sentences)"
        ).fetchone()[0],
    }


def test_each_sentence_of_a_report_is_stored_once(tmp_path: Path) -> None:
    st = Store(_samples_store(tmp_path))
    db = st.db
    assert (
        db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        == SCHEMA_VERSION
        == "12"  # schema 11's sentences, with the content stamps
    )
    assert _sentence_problems(db) == {"repeated": 0, "unused": 0, "missing": 0}
    # far fewer rows than the places that use them: a relation's edge and its citations share theirs
    used = (
        db.execute("SELECT count(*) FROM mentions").fetchone()[0]
        + db.execute("SELECT count(*) FROM edges").fetchone()[0]
    )
    assert db.execute("SELECT count(*) FROM sentences").fetchone()[0] < used / 2
    # numbered 1..k in each file, in the order the extraction worker gives them
    for fid, k, top in db.execute("SELECT file_id, count(*), max(n) FROM sentences GROUP BY file_id"):
        assert k == top, fid
    st.close()


def test_evidence_numbers_each_distinct_sentence_once() -> None:
    from luocdo.pipeline import extract_file

    path = sorted(SAMPLES.glob("*.md"))[0]
    text = path.read_text("utf-8")
    ex = extract_file(path)
    ev = evidence_of(text, ex)
    assert len(set(ev.sentences)) == len(ev.sentences)
    assert set(ev.mentions) == {m.id for m in ex.mentions}
    assert all(1 <= n <= len(ev.sentences) for n in [*ev.mentions.values(), *ev.relations])
    assert sorted({*ev.mentions.values(), *ev.relations}) == list(range(1, len(ev.sentences) + 1))


def test_forget_and_change_remove_a_reports_sentences(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    shutil.copytree(SAMPLES, folder)
    store = tmp_path / "s.db"
    _ingest(folder, store)
    st = Store(store)
    first, second = [r["id"] for r in st.db.execute("SELECT id FROM files ORDER BY path LIMIT 2")]
    n_second = st.db.execute("SELECT count(*) FROM sentences WHERE file_id = ?", (second,)).fetchone()[0]
    assert st.db.execute("SELECT count(*) FROM sentences WHERE file_id = ?", (first,)).fetchone()[0] > 0
    path = st.db.execute("SELECT path FROM files WHERE id = ?", (first,)).fetchone()[0]
    assert st.forget(path)
    assert st.db.execute("SELECT count(*) FROM sentences WHERE file_id = ?", (first,)).fetchone()[0] == 0
    assert (
        st.db.execute("SELECT count(*) FROM sentences WHERE file_id = ?", (second,)).fetchone()[0] == n_second
    )
    # a changed report: its old sentences go with its old facts
    other = Path(st.db.execute("SELECT path FROM files WHERE id = ?", (second,)).fetchone()[0])
    other.write_text(
        other.read_text("utf-8") + "\n\nThực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng.\n",
        "utf-8",
    )
    for _ in st.ingest_many([other]):
        pass
    st.settle()
    assert st.db.execute("SELECT count(*) FROM sentences WHERE file_id = ?", (second,)).fetchone()[0] == 0
    assert _sentence_problems(st.db) == {"repeated": 0, "unused": 0, "missing": 0}
    assert st.integrity() == []
    st.close()


def test_a_schema_7_store_is_migrated_with_every_answer_kept(tmp_path: Path) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as st:
        expected = canon.canonical_tables(st.db, canon.ALL_TABLES)
    as_schema_7(store)
    with sqlite3.connect(store) as c:  # what luocdo of schema 7 wrote: the text in each row, no sentences
        assert c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "7"
        assert not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'sentences'").fetchone()
        assert c.execute("SELECT count(*) FROM edges WHERE sentence != ''").fetchone()[0] > 0
    with Store(store) as st:
        assert (
            st.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
            == SCHEMA_VERSION
        )
        assert st.integrity() == []
        assert _sentence_problems(st.db) == {"repeated": 0, "unused": 0, "missing": 0}
        assert canon.canonical_tables(st.db, canon.ALL_TABLES) == expected
        assert st.db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed after the migration
    _same_answers(store, SAMPLES, BEFORE / "sample", "196/KH-UBND")


def test_a_schema_7_store_can_be_salvaged(tmp_path: Path) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as st:
        expected = canon.canonical_tables(st.db, canon.ALL_TABLES)
    as_schema_7(store)
    report = salvage(store, tmp_path / "new.db")
    assert report.files_dropped == []
    with Store(tmp_path / "new.db") as st:
        assert _sentence_problems(st.db) == {"repeated": 0, "unused": 0, "missing": 0}
        got = canon.canonical_tables(st.db, canon.ALL_TABLES)
    assert {k: v for k, v in got.items() if k != "headers"} == {
        k: v for k, v in expected.items() if k != "headers"
    }


def test_doctor_reports_missing_sentences(tmp_path: Path) -> None:
    store = _samples_store(tmp_path)
    with Store(store) as st:
        assert st.integrity() == []
    with sqlite3.connect(store) as c:
        c.execute("DELETE FROM sentences WHERE file_id = (SELECT min(id) FROM files) AND n = 1")
    with Store(store) as st:
        assert st.integrity() == ["1 evidence sentences are missing"]

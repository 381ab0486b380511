"""Issue 12, item 6: the same report in two folders is one report with two paths."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from luocdo.cli import app
from luocdo.store import Store
from luocdo.store.canon import canonical_tables
from luocdo.store.db import SCHEMA_VERSION
from luocdo.store.prepare import Prepared, prepared
from schema7 import as_schema_7

runner = CliRunner()

REPORT = (
    "UBND HUYỆN LỤC NAM\n\nSố: 15/BC-UBND\n\nLục Nam, ngày 3 tháng 4 năm 2022\n\nBÁO CÁO\n"
    "Kết quả thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ\n\n"
    "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ, căn cứ Nghị định số"
    " 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ, UBND huyện báo cáo như sau.\n"
)
OTHER = (
    REPORT.replace("Số: 15/BC-UBND", "Số: 16/BC-UBND")
    .replace("LỤC NAM", "YÊN THẾ")
    .replace("Lục Nam", "Yên Thế")
)


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.md").write_text(REPORT, "utf-8")
    (b / "x.md").write_text(REPORT, "utf-8")
    (b / "y.md").write_text(OTHER, "utf-8")
    return a, b


def canonical(st: Store) -> dict[str, list]:
    return canonical_tables(
        st.db, ("files", "headers", "file_paths", "documents", "bodies", "edges", "mentions", "links_best")
    )


def _ingest(preps: list[Prepared], store: Path) -> Store:
    st = Store(store)
    for p in preps:
        st._write_batch([p])  # one commit per file: the order of the files is the order of the writes
    st.settle()
    return st


def test_two_folders_with_the_same_report_count_one_report(tmp_path):
    a, b = _folders(tmp_path)
    db = tmp_path / "s.db"
    r = runner.invoke(app, ["--lang", "en", "ingest", str(a), str(b), "--store", str(db), "--quiet"])
    assert r.exit_code == 0, r.stderr
    assert "2 reports" in r.stderr, r.stderr
    st = Store(db, create=False)
    c = st.counts()
    assert (c["files"], c["paths"]) == (2, 3)
    row = st.db.execute(
        "SELECT * FROM files WHERE sha256 = (SELECT sha256 FROM files GROUP BY sha256"
        " ORDER BY min(path) LIMIT 1)"
    ).fetchone()
    assert row["path"] == str((a / "x.md").resolve())  # the smallest path is the one shown
    assert st.paths(row["id"]) == [str((a / "x.md").resolve()), str((b / "x.md").resolve())]
    assert json.loads(row["header"])["source"] == row["path"]
    st.close()

    r = runner.invoke(app, ["--lang", "en", "stats", "--store", str(db), "--format", "json"])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["counts"]["files"] == 2 and out["counts"]["paths"] == 3
    assert all(
        x["reports"] == 2 for x in out["most_cited"] if x["document"].startswith("Chỉ thị 26/CT-TTg")
    ), out
    per_body = {
        x["body"] if "body" in x else json.dumps(x, ensure_ascii=False): x for x in out["reports_per_body"]
    }
    assert sum(x.get("reports", 0) for x in out["reports_per_body"]) == 2, per_body

    r = runner.invoke(
        app, ["--lang", "en", "implementers", "26/CT-TTg", "--store", str(db), "--format", "json"]
    )
    assert r.exit_code == 0, r.stdout + r.stderr
    rows = json.loads(r.stdout)
    bodies = [json.dumps(x, ensure_ascii=False) for x in rows]
    assert sum("Lục Nam" in x for x in bodies) == 1, bodies
    assert sum("Yên Thế" in x for x in bodies) == 1, bodies


def test_either_order_gives_the_identical_store(tmp_path):
    a, b = _folders(tmp_path)
    files = [a / "x.md", b / "x.md", b / "y.md"]
    preps = [p for p in prepared(files, lambda key: None, 1) if isinstance(p, Prepared)]
    assert len(preps) == 3
    reference = None
    for i, order in enumerate(itertools.permutations(preps)):
        st = _ingest(list(order), tmp_path / f"s{i}.db")
        tables = canonical(st)
        assert st.integrity() == []
        st.close()
        if reference is None:
            reference = tables
        assert tables == reference, [Path(p.key).parent.name + "/" + Path(p.key).name for p in order]
    assert len(reference["files"]) == 2 and len(reference["file_paths"]) == 3


def test_removing_one_copy_keeps_the_report_under_its_other_path(tmp_path):
    a, b = _folders(tmp_path)
    st = Store(tmp_path / "s.db")
    for _ in st.ingest_many([a / "x.md", b / "x.md", b / "y.md"]):
        pass
    st.settle()
    first, second = str((a / "x.md").resolve()), str((b / "x.md").resolve())
    mentions = st.counts()["mentions"]
    assert st.forget(first)
    st.settle()
    assert st.counts()["files"] == 2 and st.counts()["paths"] == 2 and st.counts()["mentions"] == mentions
    row = st.db.execute("SELECT * FROM files WHERE path = ?", (second,)).fetchone()
    assert row is not None and st.paths(row["id"]) == [second]
    assert json.loads(row["header"])["source"] == second
    assert st.integrity() == []
    # the store is the one a fresh ingest of the remaining files gives
    fresh = Store(tmp_path / "fresh.db")
    for _ in fresh.ingest_many([b / "x.md", b / "y.md"]):
        pass
    fresh.settle()
    assert {k: v for k, v in canonical(st).items() if k != "files"} == {
        k: v for k, v in canonical(fresh).items() if k != "files"
    }
    assert st.forget(second)
    st.settle()
    assert st.counts()["files"] == 1 and st.counts()["paths"] == 1


def test_changing_one_copy_makes_it_a_report_of_its_own(tmp_path):
    a, b = _folders(tmp_path)
    st = Store(tmp_path / "s.db")
    for _ in st.ingest_many([a / "x.md", b / "x.md"]):
        pass
    st.settle()
    assert (st.counts()["files"], st.counts()["paths"]) == (1, 2)
    (a / "x.md").write_text(OTHER, "utf-8")  # a/x.md now holds another report
    assert [r.status for r in st.ingest_many([a / "x.md", b / "x.md"])] == ["updated", "unchanged"]
    st.settle()
    assert (st.counts()["files"], st.counts()["paths"]) == (2, 2)
    assert st.integrity() == []
    fresh = Store(tmp_path / "fresh.db")
    for _ in fresh.ingest_many([a / "x.md", b / "x.md"]):
        pass
    fresh.settle()
    assert canonical(st) == canonical(fresh)
    # and the same content again: one report with two paths again
    shutil.copy(b / "x.md", a / "x.md")
    assert [r.status for r in st.ingest_many([a / "x.md"])] == ["updated"]
    st.settle()
    assert (st.counts()["files"], st.counts()["paths"]) == (1, 2)
    assert st.integrity() == []


def test_a_schema_6_store_with_copies_is_migrated_to_one_report_per_content(tmp_path):
    a, b = _folders(tmp_path)
    st = Store(tmp_path / "s.db")
    for _ in st.ingest_many([a / "x.md", b / "x.md", b / "y.md"]):
        pass
    st.settle()
    expected = canonical(st)
    st.close()
    # what schema 6 was, and what it did with a copy: a second report, its facts stored twice
    as_schema_7(tmp_path / "s.db")
    with sqlite3.connect(tmp_path / "s.db") as c:
        c.executescript(
            "DROP TABLE file_paths; DROP INDEX files_sha;"
            " UPDATE meta SET value = '6' WHERE key = 'schema_version';"
        )
    old = sqlite3.connect(tmp_path / "s.db")
    old.close()
    six = Store.__new__(Store)  # write the copy as schema 6 did: a files row per path
    six.path, six.readonly, six._docs_seen, six._bodies_seen = tmp_path / "s.db", False, {}, set()
    six.db = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    six._configure()
    (ex_prep,) = [p for p in prepared([b / "x.md"], lambda key: None, 1)]
    six.db.execute("BEGIN IMMEDIATE")
    fid = six.db.execute(
        "INSERT INTO files (path, sha256, size, ingested_at, header) VALUES (?, ?, ?, '2024-01-01', ?)",
        (ex_prep.key, ex_prep.sha, ex_prep.size, ex_prep.extraction.document.model_dump_json()),
    ).lastrowid
    rdoc = six.db.execute(
        "SELECT report_doc FROM files WHERE path = ?", (str((a / "x.md").resolve()),)
    ).fetchone()[0]
    six.db.execute("UPDATE files SET report_doc = ? WHERE id = ?", (rdoc, fid))
    for table in ("mentions", "relations", "edges"):
        cols = [r[1] for r in six.db.execute(f"PRAGMA table_info({table})") if r[1] not in ("file_id", "id")]
        names = ", ".join(f'"{x}"' for x in cols)
        six.db.execute(
            f"INSERT INTO {table} (file_id, {names}) SELECT ?, {names} FROM {table} WHERE file_id ="  # noqa: S608
            " (SELECT id FROM files WHERE path = ?)",
            (fid, str((a / "x.md").resolve())),
        )
    six.db.execute("COMMIT")
    six.db.close()
    with sqlite3.connect(tmp_path / "s.db") as c:
        assert c.execute("SELECT count(*) FROM files").fetchone()[0] == 3  # the copy counted twice
    st = Store(tmp_path / "s.db")
    assert (
        st.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
    )
    assert (st.counts()["files"], st.counts()["paths"]) == (2, 3)
    st.settle()
    assert st.integrity() == []
    got = canonical(st)
    assert {k: v for k, v in got.items() if k != "files"} == {
        k: v for k, v in expected.items() if k != "files"
    }
    assert [r[:3] for r in got["files"]] == [r[:3] for r in expected["files"]]

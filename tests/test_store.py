"""The store of record: incremental, durable under kill -9, safe with concurrent ingests."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from luocdo.pipeline import extract_file
from luocdo.store import Store
from luocdo.store.db import SCHEMA_VERSION
from luocdo.store.evidence import sentence_sql, surface_sql
from schema7 import as_schema_7

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")


def copy_samples(dst: Path, n: int | None = None) -> list[Path]:
    dst.mkdir(parents=True, exist_ok=True)
    out = []
    for p in SAMPLES[:n]:
        shutil.copy(p, dst / p.name)
        out.append(dst / p.name)
    return out


def snapshot(st: Store) -> dict:
    db = st.db
    return {
        "files": [tuple(r) for r in db.execute("SELECT path, sha256 FROM files ORDER BY path")],
        "mentions": db.execute("SELECT count(*) FROM mentions").fetchone()[0],
        "edges": sorted(
            tuple(r)
            for r in db.execute(
                "SELECT a.ident, e.relation, b.ident, e.line FROM edges e JOIN documents a ON a.id = e.src"
                " JOIN documents b ON b.id = e.dst"
            )
        ),
    }


def test_reingesting_unchanged_files_changes_nothing(tmp_path):
    files = copy_samples(tmp_path / "r")
    st = Store(tmp_path / "s.db")
    assert {st.ingest(f).status for f in files} == {"added"}
    st.settle()
    before = snapshot(st)
    assert {st.ingest(f).status for f in files} == {"unchanged"}
    st.settle()
    assert snapshot(st) == before


def test_changed_file_replaces_exactly_its_facts(tmp_path):
    files = copy_samples(tmp_path / "r")
    st = Store(tmp_path / "s.db")
    for f in files:
        st.ingest(f)
    target = files[0]
    other = snapshot(st)
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text + "\nThực hiện Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ.\n", "utf-8"
    )
    assert st.ingest(target).status == "updated"
    n = st.db.execute(
        "SELECT count(*) FROM mentions m JOIN files f ON f.id = m.file_id WHERE f.path = ?",
        (str(target.resolve()),),
    ).fetchone()[0]
    assert n == len(extract_file(target).mentions)
    rows = st.db.execute(
        "SELECT f.path, count(*) FROM mentions m JOIN files f ON f.id = m.file_id GROUP BY f.path"
    ).fetchall()
    assert sum(c for _, c in rows) == other["mentions"] + 1


def test_unreadable_file_fails_alone(tmp_path):
    files = copy_samples(tmp_path / "r", 2)
    bad = tmp_path / "r" / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    st = Store(tmp_path / "s.db")
    res = [st.ingest(f) for f in [files[0], bad, files[1]]]
    assert [r.status for r in res] == ["added", "failed", "added"]
    assert "binary" in res[1].error
    assert st.counts()["files"] == 2


def test_not_a_store(tmp_path):
    from luocdo.store import StoreError

    p = tmp_path / "x.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable luocdo store"):
        Store(p)
    with pytest.raises(StoreError, match="no luocdo store"):
        Store(tmp_path / "none.db", create=False)


INGEST_LOOP = """
import sys
from pathlib import Path
from luocdo.store import Store
st = Store(sys.argv[1])
jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
for _ in st.ingest_many(sorted(Path(sys.argv[2]).glob("*.md")), batch_files=8, jobs=jobs):
    pass
st.settle()
"""


def _count(db_path: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db_path, timeout=5) as c:
            return c.execute("SELECT count(*) FROM file_paths").fetchone()[0]
    except sqlite3.Error:
        return 0


def check_consistent(db_path: Path) -> int:
    """How many paths the store holds, once it holds whole reports only (a copy of a report under
    another name is the same report: one more path, the same facts)."""
    st = Store(db_path)
    assert st.integrity() == []
    n = 0
    for row in st.files():
        got = st.db.execute("SELECT count(*) FROM mentions WHERE file_id = ?", (row["id"],)).fetchone()[0]
        assert got == len(extract_file(Path(row["path"])).mentions), row["path"]
        paths = [r[0] for r in st.db.execute("SELECT path FROM file_paths WHERE file_id = ?", (row["id"],))]
        assert row["path"] == min(paths)
        assert len({Path(p).read_bytes() for p in paths if Path(p).exists()}) <= 1, paths
        n += len(paths)
    st.close()
    return n


def _gone(tag: str, timeout: float = 10.0) -> bool:
    """No process carries ``tag`` in its environment any more (Linux /proc; elsewhere: True)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    needle = f"LUOCDO_TEST_TAG={tag}".encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for d in proc.iterdir():
            try:
                if d.name.isdigit() and needle in (d / "environ").read_bytes():
                    alive.append(d.name)
            except OSError:
                continue
        if not alive:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "with-workers"])
def test_kill_9_mid_ingest_leaves_only_whole_files(tmp_path, jobs):
    corpus = tmp_path / "r"
    copy_samples(corpus)
    for i in range(6):  # a larger batch: the samples under other names, each its own content (a copy
        for p in SAMPLES:  # of the same bytes is only one more path of a stored report)
            (corpus / f"{i}_{p.name}").write_bytes(p.read_bytes() + b"\n" * (i + 1))
    rng = random.Random(7)
    db = tmp_path / "s.db"
    total = len(list(corpus.glob("*.md")))
    tag = f"luocdo-kill-test-{os.getpid()}-{jobs}"
    env = {**os.environ, "LUOCDO_TEST_TAG": tag}  # inherited by every process the ingest starts
    seen = set()
    for attempt in range(20):
        before = check_consistent(db) if db.exists() else 0
        if before == total:
            break
        proc = subprocess.Popen([sys.executable, "-c", INGEST_LOOP, str(db), str(corpus), str(jobs)], env=env)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:  # wait until it is writing
            if db.exists() and _count(db) > before:
                break
            time.sleep(0.005)
        # the first kill as soon as a batch is seen committed, later ones after a random delay: with the
        # files extracted ahead by the workers, the writer can finish the rest within a few batches' time
        time.sleep(rng.uniform(0.0, 0.4) / (1 + attempt) if attempt else 0.0)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.add(check_consistent(db))
        assert _gone(tag), "worker processes outlived the killed ingest"
    subprocess.run([sys.executable, "-c", INGEST_LOOP, str(db), str(corpus), str(jobs)], check=True)
    assert check_consistent(db) == total
    assert any(0 < n < total for n in seen), (
        seen,
        total,
    )  # at least one kill landed in the middle of the batch


@pytest.mark.slow
def test_two_concurrent_ingests(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    copy_samples(a)
    for p in SAMPLES:
        shutil.copy(p, b / p.name) if b.exists() else (b.mkdir(), shutil.copy(p, b / p.name))
    for p in b.glob("*.md"):
        p.rename(b / f"b_{p.name}")
    db = tmp_path / "s.db"
    env = {**os.environ}
    procs = [subprocess.Popen([sys.executable, "-c", INGEST_LOOP, str(db), str(d)], env=env) for d in (a, b)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    assert check_consistent(db) == 2 * len(SAMPLES)


def test_reading_while_writing(tmp_path):
    files = copy_samples(tmp_path / "r")
    db = tmp_path / "s.db"
    writer = Store(db)
    reader = Store(db)
    writer.ingest(files[0])
    writer.db.execute("BEGIN IMMEDIATE")
    writer.db.execute("DELETE FROM mentions")  # uncommitted
    assert (
        reader.db.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0
    )  # WAL: readers see the last commit
    writer.db.execute("ROLLBACK")


def _report(path: Path, head_place: str, body: str) -> Path:
    path.write_text(
        f"Số: 1/BC-UBND\n\n{head_place}, ngày 3 tháng 4 năm 2022\n\nBÁO CÁO\nKết quả\n\n{body}\n", "utf-8"
    )
    return path


def test_a_partial_citation_is_read_as_the_same_reports_complete_one(tmp_path):
    st = Store(tmp_path / "s.db")
    st.ingest(
        _report(
            tmp_path / "a.md",
            "Tuy Phước",
            "Thực hiện Kế hoạch số 252/KH-UBND ngày 07/9/2019 của UBND tỉnh Bình Định.",
        )
    )
    st.ingest(
        _report(
            tmp_path / "b.md",
            "Phù Cát",
            "Thực hiện Kế hoạch số 252/KH-UBND ngày 07/9/2021 của UBND tỉnh Bình Định.\n\n"
            "Tiếp tục thực hiện Kế hoạch số 252/KH-UBND của UBND tỉnh Bình Định.",
        )
    )
    st.settle()
    rows = st.db.execute(
        "SELECT m.line, d.date FROM mentions m JOIN files f ON f.id = m.file_id JOIN documents d"
        " ON d.id = m.doc_id WHERE f.path LIKE '%b.md' ORDER BY m.line"
    ).fetchall()
    assert [r["date"] for r in rows] == ["2021-09-07", "2021-09-07"]


def test_an_unknown_issuer_is_not_merged_into_another_bodys_document(tmp_path):
    st = Store(tmp_path / "s.db")
    st.ingest(
        _report(
            tmp_path / "a.md",
            "Tuy Phước",
            "Thực hiện Kế hoạch số 121/KH-UBND ngày 07/3/2019 của UBND tỉnh Phú Thọ.",
        )
    )
    # no issuer written, a different date: another 121/KH-UBND
    st.ingest(_report(tmp_path / "b.md", "Xyz", "Thực hiện Kế hoạch số 121/KH-UBND ngày 24/9/2019."))
    st.settle()
    assert st.db.execute("SELECT count(*) FROM documents WHERE num_norm = '121'").fetchone()[0] == 2


def _batch(dst: Path, copies: int) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for p in SAMPLES:
            # each copy a report of its own (trailing blank lines: another content, the same citations);
            # identical copies would be one report with several paths
            (dst / f"{i}_{p.name}").write_bytes(p.read_bytes() + b"\n" * (i + 1))
    return dst


def _cli_ingest(corpus: Path, db: Path, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from luocdo.cli import app; app(prog_name='luocdo')",
            "ingest",
            str(corpus),
            "--store",
            str(db),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=preexec,
    )


def _limit_file_size(limit: int):
    def preexec():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


@pytest.mark.slow
@pytest.mark.parametrize("how", ["file-size-limit", "tmpfs"])
def test_disk_full_leaves_only_whole_files_and_says_so(tmp_path, how):
    corpus = _batch(tmp_path / "r", 8)
    if how == "tmpfs":
        mnt = tmp_path / "mnt"
        mnt.mkdir()
        if (
            os.geteuid() != 0
            or subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(mnt)], capture_output=True
            ).returncode
        ):
            pytest.skip("cannot mount a small tmpfs here (needs root); the file-size limit case covers it")
        db, preexec = mnt / "s.db", None
    else:
        db, preexec = tmp_path / "s.db", _limit_file_size(700 * 1024)
    try:
        r = _cli_ingest(corpus, db, preexec)
        assert r.returncode == 1
        assert "Traceback" not in r.stderr
        assert "cannot write the store" in r.stderr and "ingest stopped" in r.stderr, r.stderr
        kept = check_consistent(db)  # opens, passes the integrity check, holds whole files only
        assert kept < len(list(corpus.glob("*.md")))
        if how == "tmpfs":
            subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        r = _cli_ingest(corpus, db)  # with room again the ingest completes
        assert r.returncode == 0, r.stderr
        assert check_consistent(db) == len(list(corpus.glob("*.md")))
    finally:
        if how == "tmpfs":
            subprocess.run(["umount", str(mnt)], capture_output=True)


READER_LOOP = """
import json, sqlite3, sys, time
db, expected, stop = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
from pathlib import Path
seen, checks = set(), 0
while not Path(stop).exists() or checks == 0:
    try:
        con = sqlite3.connect(db, timeout=30)
        con.execute("BEGIN")  # one snapshot
        rows = con.execute("SELECT f.path, count(m.mid) FROM files f LEFT JOIN mentions m ON m.file_id = f.id"
                           " GROUP BY f.id").fetchall()
        con.execute("COMMIT")
        con.close()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            continue
        raise
    for path, n in rows:
        name = Path(path).name.split("_", 1)[1]
        assert n == expected[name], (path, n, expected[name])
    seen.add(len(rows))
    checks += 1
print(json.dumps({"checks": checks, "sizes": sorted(seen)}))
"""


@pytest.mark.slow
def test_reader_sees_only_whole_files_while_a_writer_ingests(tmp_path):
    corpus = _batch(tmp_path / "r", 6)
    expected = {p.name: len(extract_file(p).mentions) for p in SAMPLES}
    db, stop = tmp_path / "s.db", tmp_path / "stop"
    Store(db).close()
    reader = subprocess.Popen(
        [sys.executable, "-c", READER_LOOP, str(db), json.dumps(expected), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    writer = subprocess.run([sys.executable, "-c", INGEST_LOOP, str(db), str(corpus)], timeout=600)
    stop.touch()
    out, err = reader.communicate(timeout=120)
    assert writer.returncode == 0 and reader.returncode == 0, err[-2000:]
    stats = json.loads(out)
    assert stats["checks"] > 1
    assert check_consistent(db) == len(list(corpus.glob("*.md")))


def test_positions_in_word_files_are_stored(tmp_path):
    from make_documents import make_docx

    doc = make_docx(
        "Số: 5/BC-UBND\n\nThực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ.\n",
        tmp_path / "r.docx",
    )
    st = Store(tmp_path / "s.db")
    assert st.ingest(doc).status == "added"
    rows = st.db.execute("SELECT number, position FROM mentions").fetchall()
    assert [(r["number"], bool(r["position"])) for r in rows] == [("26", True)]


def _links(st: Store) -> list[tuple]:
    return sorted(
        tuple(r)
        for r in st.db.execute(
            "SELECT a.ident, l.relation, b.ident, l.n FROM links l JOIN documents a ON a.id = l.src"
            " JOIN documents b ON b.id = l.dst"
        )
    )


def _links_from_edges(st: Store) -> list[tuple]:
    return sorted(
        tuple(r)
        for r in st.db.execute(
            "SELECT a.ident, e.relation, b.ident, count(*) FROM edges e JOIN documents a ON a.id = e.src"
            " JOIN documents b ON b.id = e.dst GROUP BY e.src, e.relation, e.dst"
        )
    )


def test_links_follow_the_edges_through_changes_forgetting_and_settling(tmp_path):
    files = copy_samples(tmp_path / "r")
    st = Store(tmp_path / "s.db")
    for f in files:
        st.ingest(f)
    assert st.integrity() == [] and _links(st) == _links_from_edges(st) and _links(st)
    # a changed file: its old links go, its new ones come
    target = files[3]
    target.write_text(
        target.read_text(encoding="utf-8")
        + "\nUBND huyện ban hành Kế hoạch số 999/KH-UBND ngày 01/3/2024 triển khai Chỉ thị số 26/CT-TTg"
        " ngày 05/9/2016 của Thủ tướng Chính phủ.\n",
        "utf-8",
    )
    assert st.ingest(target).status == "updated"
    assert st.integrity() == [] and _links(st) == _links_from_edges(st)
    assert any("999" in a and "26" in b for a, _, b, _ in _links(st))
    st.settle()
    assert st.integrity() == [] and _links(st) == _links_from_edges(st)
    assert st.forget(str(target.resolve()))
    assert st.integrity() == [] and _links(st) == _links_from_edges(st)
    assert not any("999" in a for a, _, _, _ in _links(st))
    # the best evidence of each link is the strongest of its edges
    for lid_best, conf in st.db.execute(
        "SELECT l.best, (SELECT max(e.confidence) FROM edges e WHERE e.src = l.src AND e.relation = l.relation"
        " AND e.dst = l.dst) FROM links l"
    ):
        assert st.db.execute("SELECT confidence FROM edges WHERE id = ?", (lid_best,)).fetchone()[0] == conf


def test_a_schema_3_store_is_migrated(tmp_path):
    import sqlite3

    files = copy_samples(tmp_path / "r", 4)
    st = Store(tmp_path / "s.db")
    for f in files:
        st.ingest(f)
    st.settle()
    expected = _links(st)
    st.close()
    # turn it back into what luocdo wrote before links existed: edges without an id, no links table
    as_schema_7(tmp_path / "s.db")
    with sqlite3.connect(tmp_path / "s.db") as c:
        c.executescript(
            "DROP TABLE links; DROP TABLE links_dirty;"
            " CREATE TABLE edges_old AS SELECT src, relation, dst, file_id, line, sentence,"
            " confidence FROM edges; DROP TABLE edges; ALTER TABLE edges_old RENAME TO edges;"
            " CREATE INDEX edges_dst ON edges(dst, relation); CREATE INDEX edges_src ON edges(src, relation);"
            " CREATE INDEX edges_file ON edges(file_id); CREATE INDEX edges_pair ON edges(src, dst);"
            " UPDATE meta SET value = '3' WHERE key = 'schema_version';"
        )
    st = Store(tmp_path / "s.db")
    assert (
        st.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
    )
    assert st.integrity() == []
    assert _links(st) == expected


def test_a_schema_4_store_is_migrated_and_its_links_rebuilt(tmp_path):
    import sqlite3

    files = copy_samples(tmp_path / "r", 4)
    st = Store(tmp_path / "s.db")
    for f in files:
        st.ingest(f)
    expected = _links(st)
    st.close()
    as_schema_7(tmp_path / "s.db")
    with sqlite3.connect(tmp_path / "s.db") as c:  # schema 4 had links but no triggers
        c.executescript(
            "DROP TRIGGER edges_dirty_insert; DROP TRIGGER edges_dirty_delete; DROP TRIGGER edges_dirty_update;"
            " DROP TABLE links_dirty; DELETE FROM links WHERE src % 2 = 0;"
            " UPDATE meta SET value = '4' WHERE key = 'schema_version';"
        )
    st = Store(tmp_path / "s.db")
    assert (
        st.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
    )
    assert st.integrity() == [] and _links(st) == expected


def test_a_schema_5_store_is_migrated_and_settles_like_a_fresh_one(tmp_path):
    """Schema 6 keeps what settle needs to resolve partial citations again (each mention's identity and
    relation confidence, each relation's sentence): a schema 5 store gets them from its own rows, and
    settles to the store a fresh ingest gives."""
    import sqlite3

    files = copy_samples(tmp_path / "r", 6)
    st = Store(tmp_path / "s.db")
    for f in files:
        st.ingest(f)
    st.settle()
    q = {
        "edges": f"SELECT s.ident, e.relation, d.ident, f.path, e.line, {sentence_sql('e')}, e.confidence FROM edges e"
        " JOIN documents s ON s.id = e.src JOIN documents d ON d.id = e.dst JOIN files f ON f.id = e.file_id"
        " ORDER BY 1, 2, 3, 4, 5, 6",
        "mentions": "SELECT f.path, m.mid, d.ident, m.candidates, m.ident FROM mentions m"
        " JOIN files f ON f.id = m.file_id LEFT JOIN documents d ON d.id = m.doc_id ORDER BY 1, 2",
    }
    expected = {t: [tuple(r) for r in st.db.execute(sql)] for t, sql in q.items()}
    assert st.db.execute("SELECT count(*) FROM relations WHERE sentence_no IS NULL").fetchone()[0] == 0
    st.close()
    as_schema_7(tmp_path / "s.db")
    with sqlite3.connect(tmp_path / "s.db") as c:  # what schema 5 had
        c.executescript(
            "DROP INDEX files_report; DROP INDEX mentions_partial; DROP TABLE settle_pending;"
            " ALTER TABLE mentions DROP COLUMN ident; ALTER TABLE mentions DROP COLUMN rel_confidence; ALTER TABLE relations DROP COLUMN sentence;"
            " UPDATE meta SET value = '5' WHERE key = 'schema_version';"
        )
    st = Store(tmp_path / "s.db")
    assert (
        st.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
    )
    assert [tuple(r) for r in st.db.execute("SELECT num_norm FROM settle_pending")] == [("*",)]
    # the relation confidence and the sentence of what has an edge come from the edge
    assert st.db.execute("SELECT count(*) FROM relations WHERE sentence_no IS NOT NULL").fetchone()[0] > 0
    assert st.db.execute("SELECT count(*) FROM mentions WHERE rel_confidence IS NOT NULL").fetchone()[0] > 0
    st.settle()
    assert {t: [tuple(r) for r in st.db.execute(sql)] for t, sql in q.items()} == expected
    assert st.integrity() == []
    st.close()


def test_edges_written_by_another_program_are_linked_when_the_store_is_next_opened(tmp_path):
    """An older luocdo still running after an upgrade writes edges but not links: the triggers mark
    them, and the next luocdo to open the store brings the links up to date."""
    import sqlite3

    files = copy_samples(tmp_path / "r", 4)
    st = Store(tmp_path / "s.db")
    for f in files:
        st.ingest(f)
    st.close()
    with sqlite3.connect(tmp_path / "s.db") as c:
        fid = c.execute("SELECT min(id) FROM files").fetchone()[0]
        c.execute("DELETE FROM edges WHERE file_id = ?", (fid,))
        a, b = c.execute("SELECT min(id), max(id) FROM documents").fetchone()
        c.execute(
            "INSERT INTO edges (src, relation_code, dst, file_id, line, sentence_no, confidence)"
            " VALUES (?, 'implements', ?, ?, 1, 1, 1.0)",
            (b, a, fid),
        )
    raw = sqlite3.connect(tmp_path / "s.db")
    assert raw.execute("SELECT count(*) FROM links_dirty").fetchone()[0] > 0
    raw.close()
    st = Store(tmp_path / "s.db")
    assert st.integrity() == []
    assert st.db.execute("SELECT count(*) FROM links_dirty").fetchone()[0] == 0
    assert (
        st.db.execute(
            "SELECT count(*) FROM links WHERE src = ? AND dst = ? AND relation = 'implements'", (b, a)
        ).fetchone()[0]
        == 1
    )


def test_a_conventional_name_links_to_the_document_that_approved_it(tmp_path):
    st = Store(tmp_path / "s.db")
    st.ingest(_report(tmp_path / "a.md", "Tuy Phước", "Xã đã đẩy mạnh triển khai Đề án 06 trên địa bàn."))
    st.ingest(
        _report(
            tmp_path / "b.md",
            "Phù Cát",
            "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ, huyện triển khai.",
        )
    )
    st.settle()
    rows = st.db.execute(
        f"SELECT {surface_sql('m')} AS surface, d.type, d.number, d.symbol, d.date FROM mentions m"
        " JOIN documents d ON d.id = m.doc_id WHERE m.number = '06' ORDER BY surface"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (
            "Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ",
            "Quyết định",
            "06",
            "QĐ-TTg",
            "2022-01-06",
        ),
        ("Đề án 06", "Quyết định", "06", "QĐ-TTg", "2022-01-06"),
    ]


def test_the_keys_of_many_files_are_their_resolved_paths(tmp_path):
    """prepare resolves each folder once for a run's files: the same keys as resolving each path,
    through a linked folder, a linked file and '..' too."""
    from luocdo.store.prepare import _store_keys, store_key

    real = tmp_path / "real"
    real.mkdir()
    (real / "a.md").write_text("x", "utf-8")
    (tmp_path / "other.md").write_text("y", "utf-8")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    (real / "b.md").symlink_to(tmp_path / "other.md")
    paths = [
        real / "a.md",
        tmp_path / "linked" / "a.md",
        real / "b.md",
        tmp_path / "linked" / ".." / "real" / "a.md",
        tmp_path / "linked" / "..",
        Path(os.path.relpath(real / "a.md")),
    ]
    key = _store_keys()
    assert [key(p) for p in paths] == [store_key(p) for p in paths]
    assert key(tmp_path / "linked" / "a.md") == str((real / "a.md").resolve())
    assert key(real / "b.md") == str((tmp_path / "other.md").resolve())

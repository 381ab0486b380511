"""Ingest with extraction in worker processes: the same store as one process, in the same order,
bad files failing alone, unchanged files never sent to a worker."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from luocdo.store import Store
from luocdo.store.prepare import MIN_FILES_PER_WORKER, IngestResult, Prepared, prepared

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")


def corpus(dst: Path, copies: int = 3) -> list[Path]:
    """The sample reports under several names: enough files for the workers to start."""
    dst.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(copies):
        for p in SAMPLES:
            out.append(dst / f"{i}_{p.name}")
            shutil.copy(p, out[-1])
    assert copies < 3 or len(out) >= 2 * MIN_FILES_PER_WORKER
    return sorted(out)


def dump(db: Path) -> dict:
    c = sqlite3.connect(db)
    q = lambda sql: sorted(tuple(r) for r in c.execute(sql))  # noqa: E731
    out = {
        "files": q("SELECT path, sha256, size, header FROM files"),
        "mentions": q(
            "SELECT f.path, m.mid, m.line, m.start, m.surface, m.key, m.issuer, m.relation, d.ident"
            " FROM mentions m JOIN files f ON f.id = m.file_id LEFT JOIN documents d ON d.id = m.doc_id"
        ),
        "documents": q("SELECT ident, type, date, issuer, title FROM documents"),
        "edges": q(
            "SELECT a.ident, e.relation, b.ident, f.path, e.line, e.sentence FROM edges e"
            " JOIN documents a ON a.id = e.src JOIN documents b ON b.id = e.dst JOIN files f ON f.id = e.file_id"
        ),
        "links": q(
            "SELECT a.ident, l.relation, b.ident, l.n FROM links l"
            " JOIN documents a ON a.id = l.src JOIN documents b ON b.id = l.dst"
        ),
    }
    c.close()
    return out


@pytest.mark.slow
def test_workers_build_the_same_store_as_one_process(tmp_path):
    files = corpus(tmp_path / "r")
    results = {}
    for jobs in (1, 2):
        st = Store(tmp_path / f"s{jobs}.db")
        results[jobs] = [(r.path, r.status, r.mentions) for r in st.ingest_many(files, jobs=jobs)]
        st.settle()
        assert st.integrity() == []
        st.close()
    assert results[2] == results[1]
    assert [p for p, _, _ in results[2]] == [str(f.resolve()) for f in files]  # in the order given
    assert {s for _, s, _ in results[2]} == {"added"}
    assert dump(tmp_path / "s2.db") == dump(tmp_path / "s1.db")


@pytest.mark.slow
def test_bad_and_unchanged_files_in_a_parallel_batch(tmp_path):
    files = corpus(tmp_path / "r")
    st = Store(tmp_path / "s.db")
    assert {r.status for r in st.ingest_many(files[:5], jobs=1)} == {"added"}
    (tmp_path / "r" / "empty.txt").write_bytes(b"")
    (tmp_path / "r" / "scan.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "r" / "bin.txt").write_bytes(bytes(range(256)) * 40)
    batch = sorted(tmp_path.joinpath("r").iterdir())
    got = {Path(r.path).name: r for r in st.ingest_many(batch, jobs=2)}
    assert len(got) == len(batch)
    assert {n for n, r in got.items() if r.status == "unchanged"} == {f.name for f in files[:5]}
    failed = {n: r.error for n, r in got.items() if r.status == "failed"}
    assert set(failed) == {"empty.txt", "scan.pdf", "bin.txt"}
    assert all(e and "\n" not in e for e in failed.values())
    assert "image" in failed["scan.pdf"]
    assert st.db.execute("SELECT count(*) FROM files").fetchone()[0] == len(files)
    assert st.integrity() == []


def test_unchanged_files_are_not_extracted(tmp_path):
    files = corpus(tmp_path / "r")
    stored = {str(f.resolve()): None for f in files}
    first = list(prepared(files, stored.get, jobs=1))
    assert all(isinstance(p, Prepared) for p in first)
    stored = {p.key: p.sha for p in first}
    again = list(prepared(files, stored.get, jobs=2))
    assert [type(p) for p in again] == [IngestResult] * len(files)
    assert {p.status for p in again} == {"unchanged"}


def test_a_small_batch_stays_in_this_process(tmp_path, monkeypatch):
    import luocdo.store.prepare as prep

    def no_pool(*a, **k):
        raise AssertionError("a worker pool for a handful of files")

    monkeypatch.setattr(prep, "_in_workers", no_pool)
    files = corpus(tmp_path / "r", copies=1)[:5]
    out = list(prepared(files, lambda key: None, jobs=8))
    assert [p.key for p in out] == [str(f.resolve()) for f in files]


@pytest.mark.slow
def test_extraction_runs_in_the_workers(tmp_path, monkeypatch):
    import luocdo.store.prepare as prep

    def not_here(*a, **k):
        raise RuntimeError("extracted in the writing process")

    files = corpus(tmp_path / "r")
    monkeypatch.setattr(prep, "extract_document", not_here)  # the workers import their own copy
    here = list(prepared(files, lambda key: None, jobs=1))
    assert {p.error for p in here} == {"unexpected failure (RuntimeError: extracted in the writing process); please report it"}
    out = list(prepared(files, lambda key: None, jobs=2))
    assert [type(p) for p in out] == [Prepared] * len(files)


@pytest.mark.slow
def test_cli_ingest_with_jobs(tmp_path):
    import subprocess
    import sys

    corpus(tmp_path / "r")
    cmd = [sys.executable, "-m", "luocdo", "ingest", str(tmp_path / "r"), "--store", str(tmp_path / "s.db"), "-q"]
    first = subprocess.run([*cmd, "-j", "2"], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert f"{3 * len(SAMPLES)} added, 0 updated, 0 unchanged, 0 failed" in first.stderr
    again = subprocess.run([*cmd, "--jobs", "2"], capture_output=True, text=True, timeout=300)
    assert f"0 added, 0 updated, {3 * len(SAMPLES)} unchanged" in again.stderr
    bad = subprocess.run([*cmd, "-j", "-1"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--jobs" in bad.stderr


def test_a_dead_worker_pool_leaves_the_rest_to_this_process(tmp_path, monkeypatch):
    """A worker killed by the system (out of memory) breaks the pool: the files still come out, in
    order, extracted here."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    import luocdo.store.prepare as prep

    class DeadPool:  # what ProcessPoolExecutor does once a worker has died
        def __init__(self, *a, **k):
            self.submitted = 0

        def submit(self, *a, **k):
            self.submitted += 1
            if self.submitted > 3:
                raise BrokenProcessPool("a worker died")
            f = Future()
            f.set_exception(BrokenProcessPool("a worker died"))
            return f

        def shutdown(self, **k):
            pass

    monkeypatch.setattr(prep, "ProcessPoolExecutor", DeadPool)
    files = corpus(tmp_path / "r")
    out = list(prepared(files, lambda key: None, jobs=2))
    assert [p.key for p in out] == [str(f.resolve()) for f in files]
    assert all(isinstance(p, Prepared) and p.extraction.mentions for p in out)


def test_read_ahead_is_bounded_by_bytes(tmp_path, monkeypatch):
    import luocdo.store.prepare as prep

    monkeypatch.setattr(prep, "READ_AHEAD_BYTES", 1)  # one file at a time
    files = corpus(tmp_path / "r")
    out = list(prepared(files, lambda key: None, jobs=2))
    assert [p.key for p in out] == [str(f.resolve()) for f in files]


@pytest.mark.slow
def test_cli_extract_with_jobs_prints_the_same_in_the_same_order(tmp_path):
    import subprocess
    import sys

    corpus(tmp_path / "r")
    (tmp_path / "r" / "zz_empty.txt").write_bytes(b"")
    cmd = [sys.executable, "-m", "luocdo", "extract", str(tmp_path / "r"), "--format", "jsonl"]
    one = subprocess.run([*cmd, "-j", "1"], capture_output=True, text=True, timeout=300)
    two = subprocess.run([*cmd, "-j", "2"], capture_output=True, text=True, timeout=300)
    assert one.returncode == two.returncode == 1  # the empty file
    assert one.stdout == two.stdout and one.stdout.count('"kind": "document"') == 3 * len(SAMPLES)
    assert one.stderr == two.stderr
    assert "zz_empty.txt: " in two.stderr and f"{3 * len(SAMPLES)} file(s) read, 1 file(s)" in two.stderr

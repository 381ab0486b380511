"""Ingest with extraction in worker processes: the same store as one process, in the same order,
bad files failing alone, unchanged files never sent to a worker."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from luocdo.store import Store
from luocdo.store.compressed import register
from luocdo.store.evidence import sentence_sql, surface_sql
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
    register(c)  # the sentences are compressed (schema 9)
    q = lambda sql: sorted(tuple(r) for r in c.execute(sql))  # noqa: E731
    out = {
        "files": q("SELECT path, sha256, size, header FROM files"),
        "mentions": q(
            f"SELECT f.path, m.mid, m.line, m.start, {surface_sql('m')}, m.key, m.issuer, m.relation, d.ident"
            " FROM mentions m JOIN files f ON f.id = m.file_id LEFT JOIN documents d ON d.id = m.doc_id"
        ),
        "documents": q("SELECT ident, type, date, issuer, title FROM documents"),
        "edges": q(
            f"SELECT a.ident, e.relation, b.ident, f.path, e.line, {sentence_sql('e')} FROM edges e"
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
    # copies of the same content are one report with a path each
    assert st.db.execute("SELECT count(*) FROM file_paths").fetchone()[0] == len(files)
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
    assert {p.error for p in here} == {
        "unexpected failure (RuntimeError: extracted in the writing process); please report it"
    }
    out = list(prepared(files, lambda key: None, jobs=2))
    assert [type(p) for p in out] == [Prepared] * len(files)


@pytest.mark.slow
def test_cli_ingest_with_jobs(tmp_path):
    import subprocess
    import sys

    corpus(tmp_path / "r")
    cmd = [
        sys.executable,
        "-m",
        "luocdo",
        "ingest",
        str(tmp_path / "r"),
        "--store",
        str(tmp_path / "s.db"),
        "-q",
    ]
    first = subprocess.run([*cmd, "-j", "2"], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert f"{3 * len(SAMPLES)} added, 0 updated, 0 unchanged, 0 failed" in first.stderr
    again = subprocess.run([*cmd, "--jobs", "2"], capture_output=True, text=True, timeout=300)
    assert f"0 added, 0 updated, {3 * len(SAMPLES)} unchanged" in again.stderr
    bad = subprocess.run([*cmd, "-j", "-1"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--jobs" in bad.stderr


@pytest.mark.slow
def test_a_file_that_kills_its_worker_fails_alone(tmp_path, monkeypatch):
    """A worker that dies (killed for memory) breaks the pool: the pool is restarted, the files that
    were in flight are extracted again one by one, and only the file that kills workers fails. The
    writing process never extracts it (it would die too)."""
    import luocdo.store.prepare as prep
    import worker_hooks

    files = corpus(tmp_path / "r")
    bad = tmp_path / "r" / f"1_{worker_hooks.CRASH_MARK}.md"
    bad.write_text(SAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    files = sorted([*files, bad])
    monkeypatch.setattr(prep, "_worker_init", worker_hooks.crash_on_marked_files)

    def never_here(*a, **k):
        raise AssertionError("extracted in the writing process")

    monkeypatch.setattr(prep, "extract_document", never_here)
    out = list(prepared(files, lambda key: None, jobs=2))
    assert [p.key for p in out] == [str(f.resolve()) for f in files]
    failed = [p for p in out if isinstance(p, IngestResult)]
    assert [(Path(p.key).name, p.error) for p in failed] == [(bad.name, prep.WORKER_DIED)]
    assert all(p.extraction.mentions for p in out if isinstance(p, Prepared))


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_named_twice_is_stored_once_and_then_unchanged(tmp_path, jobs):
    files = corpus(tmp_path / "r")
    again = tmp_path / "r" / ".." / "r" / files[3].name
    st = Store(tmp_path / "s.db")
    got = [(Path(r.path).name, r.status) for r in st.ingest_many([*files, again], jobs=jobs)]
    assert got == [(f.name, "added") for f in files] + [(files[3].name, "unchanged")]
    # copies of the same content are one report with a path each
    assert st.db.execute("SELECT count(*) FROM file_paths").fetchone()[0] == len(files)


def test_a_repeat_is_read_again_when_the_first_copy_was_not_stored(tmp_path):
    """The caller could not store the first copy (a store error): the repeat is extracted again."""
    files = corpus(tmp_path / "r", copies=1)[:3]
    again = tmp_path / "r" / ".." / "r" / files[0].name
    out = list(prepared([*files, again], lambda key: None, jobs=1))  # nothing ever stored
    assert [type(p) for p in out] == [Prepared] * 4 and out[3].key == out[0].key


@pytest.mark.parametrize(("limit", "files_cap", "expected"), [(1, None, 1), (None, None, 96), (None, 20, 40)])
def test_read_ahead_is_bounded(tmp_path, monkeypatch, limit, files_cap, expected):
    """Files sent to the workers before the writer takes the first result: one when the byte cap is
    tiny, READ_AHEAD_FILES per worker otherwise (all 96 of them by default)."""
    import luocdo.store.prepare as prep

    if files_cap is not None:
        monkeypatch.setattr(prep, "READ_AHEAD_FILES", files_cap)
    submitted = []

    class CountingPool(prep.ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            submitted.extend(key for _, _, key in args[1])  # extract_chunk(fn, [(data, name, key), …])
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(prep, "ProcessPoolExecutor", CountingPool)
    if limit is not None:
        monkeypatch.setattr(prep, "READ_AHEAD_BYTES", limit)
    files = corpus(tmp_path / "r", copies=6)  # 96 files
    gen = prepared(files, lambda key: None, jobs=2)
    first = next(gen)
    assert len(submitted) == expected
    rest = list(gen)
    assert [p.key for p in [first, *rest]] == [str(f.resolve()) for f in files]


def _chunks_sent(tmp_path, monkeypatch, window_per_worker: int) -> tuple[list[int], list]:
    """Two workers, a read-ahead window of ``window_per_worker`` files each, 96 files prepared: the
    number of files in each chunk the workers were sent, in order, and the files."""
    import luocdo.store.prepare as prep

    monkeypatch.setattr(prep, "READ_AHEAD_FILES", window_per_worker)
    chunks: list[int] = []

    class CountingPool(prep.ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            chunks.append(len(args[1]))  # extract_chunk(fn, [(data, name, key), …])
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(prep, "ProcessPoolExecutor", CountingPool)
    files = corpus(tmp_path / "r", copies=6)  # 96 files
    out = list(prepared(files, lambda key: None, jobs=2))
    assert [p.key for p in out] == [str(f.resolve()) for f in files]
    assert sum(chunks) == len(files)
    return chunks, files


def test_the_workers_get_whole_chunks_while_the_writer_takes_results(tmp_path, monkeypatch):
    """Once the read-ahead window is full, it is topped up a whole chunk at a time, not one file per
    result taken (each file then crossed to a worker as a task of its own)."""
    import luocdo.store.prepare as prep

    chunks, files = _chunks_sent(tmp_path, monkeypatch, 10)  # a window of 20 files with two workers
    # whole chunks, but for the one the first fill of the window cuts short (20 is not a multiple of 8)
    assert len(chunks) <= len(files) // prep.CHUNK_FILES + 1, chunks


def test_once_the_workers_are_busy_they_get_larger_chunks(tmp_path, monkeypatch):
    """The first fill of the read-ahead window is sent in chunks of CHUNK_FILES (the first results come
    soon); the chunks that top it up are larger (each chunk costs the writer's pool threads the same)."""
    import luocdo.store.prepare as prep

    chunks, _ = _chunks_sent(tmp_path, monkeypatch, 20)  # a window of 40 files with two workers
    assert chunks[:5] == [prep.CHUNK_FILES] * 5, chunks
    assert max(chunks[5:]) > prep.CHUNK_FILES, chunks


@pytest.mark.slow
def test_cli_extract_with_jobs_prints_the_same_in_the_same_order(tmp_path):
    import subprocess
    import sys

    corpus(tmp_path / "r")
    (tmp_path / "r" / "zz_empty.txt").write_bytes(b"")
    twice = str(tmp_path / "r" / f"0_{SAMPLES[0].name}")  # also inside the folder given
    cmd = [sys.executable, "-m", "luocdo", "extract", str(tmp_path / "r"), twice, "--format", "jsonl"]
    one = subprocess.run([*cmd, "-j", "1"], capture_output=True, text=True, timeout=300)
    two = subprocess.run([*cmd, "-j", "2"], capture_output=True, text=True, timeout=300)
    assert one.returncode == two.returncode == 1  # the empty file
    assert one.stdout == two.stdout
    assert one.stdout.count('"kind": "document"') == 3 * len(SAMPLES) + 1  # the file named twice: twice
    assert one.stderr == two.stderr
    assert "zz_empty.txt: " in two.stderr and f"{3 * len(SAMPLES) + 1} file(s) read, 1 file(s)" in two.stderr


@pytest.mark.slow
def test_a_file_that_kills_workers_named_twice_fails_twice_and_the_writer_lives(tmp_path, monkeypatch):
    import luocdo.store.prepare as prep
    import worker_hooks

    files = corpus(tmp_path / "r")
    bad = tmp_path / "r" / f"1_{worker_hooks.CRASH_MARK}.md"
    bad.write_text(SAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(prep, "_worker_init", worker_hooks.crash_on_marked_files)

    def never_here(*a, **k):
        raise AssertionError("extracted in the writing process")

    monkeypatch.setattr(prep, "extract_document", never_here)
    again = tmp_path / "r" / ".." / "r" / bad.name
    out = list(prepared(sorted([*files, bad]) + [again], lambda key: None, jobs=2))
    failed = [(Path(p.key).name, p.error) for p in out if isinstance(p, IngestResult)]
    assert failed == [(bad.name, prep.WORKER_DIED)] * 2


WARM_CHECK = """
import sys
from luocdo.store import prepare
import worker_hooks
pool = prepare._new_pool(1)
try:
    print(pool.submit(worker_hooks.warm_state).result())
finally:
    pool.shutdown()
"""


@pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver here"
)
def test_workers_start_with_the_extraction_imported_and_compiled():
    """A fresh process (its forkserver is started with luocdo's preload, whatever other tests ran)."""
    import subprocess
    import sys

    env = {**__import__("os").environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'tests'}"}
    out = subprocess.run(
        [sys.executable, "-c", WARM_CHECK], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "(True, 1)"


def test_the_warm_up_report_exercises_the_grammar():
    """The made-up report the forkserver extracts (luocdo.store.warm_workers) cites documents of
    several types, so that their patterns are compiled before any worker is forked."""
    from importlib.resources import files

    from luocdo.store.prepare import extract_bytes
    from luocdo.store.warm_workers import WARM_UP_NAME

    data = (files("luocdo") / "data" / WARM_UP_NAME).read_bytes()
    text, ex = extract_bytes(data, WARM_UP_NAME, WARM_UP_NAME)
    assert len({m.type for m in ex.mentions}) >= 5
    assert ex.relations
    assert ex.document.number


@pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver"
)
def test_the_worker_server_starts_with_ctrl_c_ignored_while_it_warms_up(tmp_path):
    """A Ctrl-C in the first half second of `ingest --jobs 2` reached the server during its warm-up
    and printed its traceback: the server now starts with the signal ignored."""
    import worker_hooks

    probe = tmp_path / "probe.txt"
    script = (
        "import luocdo.store.prepare as p\n"
        "real = p._pool_context\n"
        "def ctx():\n"
        "    c = real()\n"
        "    c.set_forkserver_preload(['sigint_probe', 'luocdo.store.warm_workers'])\n"
        "    return c\n"
        "p._pool_context = ctx\n"
        "p.start_workers_early(100, 2)\n"
        "pool = p._new_pool(1)\n"  # a worker forked: the server has done its preload (and the probe)
        "assert pool.submit(int, 1).result() == 1\n"
        "pool.shutdown()\n"
        "import signal\n"
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
    )
    env = {**os.environ, worker_hooks.SIGINT_PROBE_ENV: str(probe)}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), env.get("PYTHONPATH", "")])
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    assert probe.read_text(encoding="utf-8") == "ignored"

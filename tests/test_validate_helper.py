"""validate's second process (luocdo.validate.parallel): it does not wait for the write lock its parent
holds, and a parent ended by SIGTERM leaves no scratch directory behind. Real processes, real signals."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from luocdo.store import Store
from luocdo.synth.cli import main as synth
from luocdo.validate import parallel

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("helper")
    synth(["--reports", "30", "--seed", "11", str(root / "synth")])
    st = Store(root / "s.db")
    list(st.ingest_many(sorted((root / "synth").glob("*.md"))))
    st.settle()
    st.close()
    return root / "s.db"


def _env(tmp: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(tmp)}


def test_the_helper_does_not_wait_for_the_write_lock_when_the_store_needs_upkeep(tmp_path, store_path):
    path = tmp_path / "s.db"
    path.write_bytes(store_path.read_bytes())
    holder = sqlite3.connect(path, isolation_level=None)
    # upkeep a read-only open would do through a write first (links left to rebuild), as the review found
    holder.execute("INSERT INTO links_dirty SELECT src, relation, dst FROM links LIMIT 1")
    assert holder.execute("SELECT count(*) FROM links_dirty").fetchone()[0] == 1
    out = tmp_path / "findings.db"
    parallel.make_scratch(out)
    holder.execute("BEGIN IMMEDIATE")  # the parent's write transaction, held while the helper runs
    try:
        started = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "luocdo.validate.second_process",
                "rules",
                str(path),
                str(out),
                "V003",
                "V010",
            ],
            env=_env(tmp_path),
            capture_output=True,
            timeout=30,  # it waited 120 s for the lock before
            check=False,
        )
        took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 0, done.stderr.decode()
    assert took < 30
    n = sqlite3.connect(out).execute("SELECT count(*) FROM findings").fetchone()[0]
    assert n > 0


# a whole check on two processes whose writer waits before it copies the helper's findings in: long
# enough for the test to find the scratch directory and send SIGTERM
_SLOW_CHECK = textwrap.dedent(
    """
    import sys, time
    from luocdo.store import Store
    from luocdo.validate import kept, parallel

    parallel.cores = lambda: 2
    join = parallel.Helper.join

    def slow_join(self, db):
        print("helper started", flush=True)
        time.sleep(60)
        return join(self, db)

    parallel.Helper.join = slow_join
    st = Store(sys.argv[1])
    kept.refresh(st, full=True, parallel_above=0)
    """
)


def test_a_parent_ended_by_sigterm_leaves_no_scratch_directory(tmp_path, store_path):
    path = tmp_path / "s.db"
    path.write_bytes(store_path.read_bytes())
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CHECK, str(path)],
        env=_env(tmp),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"helper started\n", proc.stderr.read() if proc.stderr else ""
        assert [p.name for p in tmp.iterdir() if p.name.startswith("luocdo-validate-")]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not list(tmp.iterdir())  # the scratch directory (and the helper's file) is gone
    # the findings are as they were (the interrupted transaction rolled back), the store still readable
    st = Store(path, create=False)
    assert st.db.execute("SELECT count(*) FROM files").fetchone()[0] == 30
    st.close()

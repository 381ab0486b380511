"""An ingest run through the luocdo command ends without the interpreter's teardown (luocdo.quick_exit),
with the same exit status, output and store as before; every other end is left to Python."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from luocdo import worker_server

ROOT = Path(__file__).resolve().parents[1]

# the luocdo command through its real entry point; an object freed only by the interpreter's teardown
# says so on stderr
HARNESS = """
import runpy, sys
class Marker:
    def __del__(self):
        sys.stderr.write("teardown\\n")
import luocdo
luocdo.marker = Marker()
{before}
sys.argv = ["luocdo", *sys.argv[1:]]
try:
    runpy.run_module("luocdo", run_name="__main__")
finally:
    {after}
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LUOCDO_LANG": "en"}


def _run(argv: list[str], before: str = "pass", after: str = "pass") -> subprocess.CompletedProcess:
    code = HARNESS.format(before=before, after=after)
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=_env(), timeout=180
    )


def reports(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = f"Báo cáo {i}. Thực hiện Chỉ thị số 26/CT-TTg. Xã đã triển khai Đề án 06.\n"
        (folder / f"r{i:03}.md").write_text(text, encoding="utf-8")
    return folder


def _stored(db: Path) -> int:
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()  # closed, log checkpointed
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM files").fetchone()[0]


def test_an_ingest_ends_without_the_teardown(tmp_path):
    out = _run(["ingest", str(reports(tmp_path / "r", 3)), "--store", str(tmp_path / "s.db"), "-q"])
    assert out.returncode == 0, out.stderr
    assert "teardown" not in out.stderr
    assert "3 added" in out.stderr
    assert _stored(tmp_path / "s.db") == 3


@pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver"
)
def test_an_ingest_in_workers_ends_without_the_teardown_and_leaves_nothing(tmp_path):
    n = 2 * worker_server.MIN_FILES_PER_WORKER
    argv = ["ingest", str(reports(tmp_path / "r", n)), "--store", str(tmp_path / "s.db"), "--jobs", "2"]
    out = _run([*argv, "-q"])  # stderr read to its end: the server and the resource tracker gone too
    assert out.returncode == 0, out.stderr
    assert out.stderr.splitlines() == [s for s in out.stderr.splitlines() if "added" in s]  # no warning
    assert f"{n} added" in out.stderr
    assert _stored(tmp_path / "s.db") == n


def test_the_exit_status_of_an_ingest_with_failures_is_kept(tmp_path):
    r = reports(tmp_path / "r", 2)
    (r / "empty.txt").write_bytes(b"")
    out = _run(["ingest", str(r), "--store", str(tmp_path / "s.db"), "-q"])
    assert out.returncode == 1, out.stderr
    assert "teardown" not in out.stderr
    assert "empty.txt: " in out.stderr
    assert _stored(tmp_path / "s.db") == 2


@pytest.mark.parametrize("question", [True, False])
def test_other_ends_are_left_to_python(tmp_path, question):
    r = reports(tmp_path / "r", 3)
    db = tmp_path / "s.db"
    if question:
        assert _run(["ingest", str(r), "--store", str(db), "-q"]).returncode == 0
        out = _run(["implementers", "26/CT-TTg", "--store", str(db)])
        assert out.returncode == 0, out.stderr
    else:  # an ingest that fails before it is done
        db.mkdir()
        out = _run(["ingest", str(r), "--store", str(db), "-q"])
        assert out.returncode == 1
    assert out.stderr.endswith("teardown\n")


def test_an_atexit_function_registered_before_is_run(tmp_path):
    """A coverage tool or a harness that registered an atexit function first: Python ends the process."""
    before = "import atexit; atexit.register(lambda: sys.stderr.write('atexit ran\\n'))"
    out = _run(["ingest", str(reports(tmp_path / "r", 3)), "--store", str(tmp_path / "s.db")], before)
    assert out.returncode == 0, out.stderr
    assert "atexit ran" in out.stderr and "teardown" in out.stderr


def test_a_failure_of_the_caller_after_the_command_keeps_its_status(tmp_path):
    """A caller of luocdo.__main__ that fails once the ingest is done ends as Python ends it (status 1),
    not with the ingest's 0."""
    argv = ["ingest", str(reports(tmp_path / "r", 3)), "--store", str(tmp_path / "s.db"), "-q"]
    out = _run(argv, after="raise RuntimeError('the caller failed')")
    assert out.returncode == 1
    assert "RuntimeError: the caller failed" in out.stderr


def test_a_caller_that_catches_the_exit_and_exits_otherwise_keeps_its_status(tmp_path):
    """A caller of luocdo.__main__ that goes on once the ingest is done and exits with a status of its own
    ends with that status (0 on ef081d0: the ingest's), after Python's teardown."""
    argv = ["ingest", str(reports(tmp_path / "r", 3)), "--store", str(tmp_path / "s.db"), "-q"]
    out = _run(argv, after="sys.exit(3)")
    assert out.returncode == 3, out.stderr
    assert out.stderr.endswith("teardown\n")
    assert _stored(tmp_path / "s.db") == 3

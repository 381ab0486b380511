"""A command opened while another process upgrades the store says what it waits for, waits, then works;
a marker left by a process that died is ignored."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from luocdo.store import Store, upgrading
from luocdo.store.db import SCHEMA_VERSION
from schema8 import as_schema_8
from test_question_answers import ROOT, _ingest

# holds the store's write lock (with the marker a migrating process leaves, as a long migration does,
# when told to), then gives the lock back without migrating (the waiting command migrates the store)
_HOLDING = """
import sqlite3, sys, time
from pathlib import Path
from luocdo.store import upgrading
path = Path(sys.argv[1])
db = sqlite3.connect(path, isolation_level=None)
db.execute("BEGIN IMMEDIATE")
if sys.argv[3] == "upgrading":
    upgrading.start(path, "test")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
upgrading.done(path)
"""
# luocdo with a busy timeout of 1 s instead of 120: the lock is held past it
_IMPATIENT = (
    "import runpy, sys; import luocdo.store.db as d; d.BUSY_SECONDS = 1;"
    " sys.argv = ['luocdo', *sys.argv[1:]]; runpy.run_module('luocdo', run_name='__main__')"
)


def _while(
    holder: list[str], ready: str, command: list[str]
) -> tuple[subprocess.CompletedProcess, float, int]:
    """Runs ``command`` once the ``holder`` process printed ``ready``; what it said, how long it took,
    and the holder's process id."""
    process = subprocess.Popen([sys.executable, "-c", *holder], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == ready
        started = time.monotonic()
        out = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "LUOCDO_LANG": "en"}, timeout=120
        )
        waited = time.monotonic() - started
    finally:
        process.wait(timeout=60)
    return out, waited, process.pid


def _while_held(
    store: Path, seconds: float, how: str, *args: str
) -> tuple[subprocess.CompletedProcess, float, int]:
    return _while(
        [_HOLDING, str(store), str(seconds), how],
        "locked",
        [sys.executable, "-c", _IMPATIENT, *args, "--store", str(store)],
    )


def _schema_8_store(tmp_path: Path) -> Path:
    store = tmp_path / "s.db"
    _ingest(ROOT / "sample_reports", store)
    as_schema_8(store)
    with sqlite3.connect(store) as c:
        assert c.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"  # as luocdo leaves a store
    return store


def test_a_command_waits_for_another_process_upgrading_the_store_and_says_so(tmp_path: Path) -> None:
    store = _schema_8_store(tmp_path)
    out, waited, pid = _while_held(store, 4, "upgrading", "stats")
    assert out.returncode == 0, out.stderr
    assert f"another luocdo (process {pid}) has been upgrading this store" in out.stderr
    assert out.stderr.count("upgrading this store") == 1  # said once, not per retry
    assert waited >= 3  # past its busy timeout of 1 s: it kept waiting while the upgrade went on
    assert not upgrading.marker_path(store).exists()
    with sqlite3.connect(store) as c:
        assert (
            c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        )


def test_a_lock_held_past_the_busy_timeout_otherwise_is_one_line(tmp_path: Path) -> None:
    store = _schema_8_store(tmp_path)
    out, waited, _ = _while_held(store, 4, "writing", "stats")
    assert out.returncode == 1
    assert waited < 3.5
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "the store is busy" in lines[0] and str(store) in lines[0], out.stderr


def test_a_marker_left_by_a_process_that_died_is_ignored_then_replaced(tmp_path: Path, capsys) -> None:
    store = _schema_8_store(tmp_path)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    marker = upgrading.marker_path(store)
    marker.write_text(json.dumps({"pid": int(dead.stdout), "schema": "9", "since": time.time() - 600}))
    assert upgrading.in_progress(store) is None
    assert not marker.exists()  # nobody else would remove it
    marker.write_text(json.dumps({"pid": int(dead.stdout), "schema": "9", "since": time.time() - 600}))
    with Store(store) as s:  # migrates: its own marker replaces the stale one, then goes
        assert s.integrity() == []
    assert "upgrading this store" not in capsys.readouterr().err
    assert not marker.exists()


def test_the_marker_names_the_process_that_holds_the_lock(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    store.touch()
    upgrading.start(store, "9")
    assert upgrading.in_progress(store) is None  # this process's own upgrade is not waited for
    data = json.loads(upgrading.marker_path(store).read_text())
    assert data["pid"] == os.getpid() and data["schema"] == "9"
    upgrading.done(store)
    assert not upgrading.marker_path(store).exists()


def test_a_marker_whose_process_id_another_process_took_is_ignored(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    store.touch()
    marker = upgrading.marker_path(store)
    alive = os.getppid()  # a living process, not the one that wrote the marker (another start time)
    marker.write_text(json.dumps({"pid": alive, "started": "1", "schema": "9", "since": time.time()}))
    assert upgrading.in_progress(store) is None
    assert not marker.exists()


def test_the_marker_is_found_through_a_link_to_the_store(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    store.touch()
    (tmp_path / "link.db").symlink_to(store)
    assert upgrading.marker_path(tmp_path / "link.db") == upgrading.marker_path(store)


# upgrades the store for real, with its marker left 3 s beforehand (a long migration's first minutes)
_UPGRADING_SLOWLY = """
import sys, time
from pathlib import Path
from luocdo.store import Store, upgrading
path = Path(sys.argv[1])
upgrading.start(path, "test")
print("upgrading", flush=True)
time.sleep(3)
Store(path).close()
"""


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv")
def test_a_reader_that_cannot_write_the_store_waits_for_another_users_upgrade(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="luocdo-up-"))  # reachable by another user (tmp_path is not)
    try:
        folder.chmod(0o777)
        store = _schema_8_store(tmp_path)
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{store}{suffix}").exists():
                shutil.copy(f"{store}{suffix}", folder / f"s.db{suffix}")
        store = folder / "s.db"
        store.chmod(0o644)  # the reader (nobody) may read it, not write it; its owner upgrades it
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        out, waited, owner = _while(
            [_UPGRADING_SLOWLY, str(store)],
            "upgrading",
            [*nobody, sys.executable, "-m", "luocdo", "stats", "--store", str(store)],
        )
        assert out.returncode == 0, out.stderr
        assert f"another luocdo (process {owner}) has been upgrading this store" in out.stderr
        assert waited >= 2
    finally:
        shutil.rmtree(folder)

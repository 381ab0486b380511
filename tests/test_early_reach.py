"""reach's rows of a bulk load computed on the second core (store/early_reach.py) and copied by the end of
the load: the rows reach.build makes from the links, whatever happens between the thread's read and the
copy."""

from __future__ import annotations

import threading

import pytest

import luocdo.store.db as store_db
from luocdo.store import Store, early_reach, reach
from test_settle_fresh import SLIPS, _bulk

# three reports, each implementing the documents it cites: links and reach rows of depth 1 and 2
FILES = SLIPS


@pytest.fixture(autouse=True)
def small_bulk(monkeypatch):
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 2)


def _reach(db) -> list[tuple]:
    return sorted(tuple(r) for r in db.execute("SELECT kind, target, doc, depth, via FROM reach"))


def _built(db) -> list[tuple]:
    """reach as reach.build makes it from the store's links now (in a transaction rolled back)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        reach.build(db)
        return _reach(db)
    finally:
        db.execute("ROLLBACK")


def test_the_end_of_a_bulk_load_copies_the_threads_rows(tmp_path, monkeypatch):
    builders: list[str] = []
    build = reach.build

    def spy(db):
        builders.append(threading.current_thread().name)
        return build(db)

    monkeypatch.setattr(reach, "build", spy)
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, FILES)
        assert builders == ["luocdo-early-reach"]  # not the end of the load's own connection
        rows = _reach(store.db)
        assert rows and rows == _built(store.db)
        assert not store.db.execute("SELECT 1 FROM reach_dirty").fetchone()
        assert not store.db.execute("SELECT 1 FROM meta WHERE key LIKE 'bulk_load:%'").fetchone()
    assert not list(tmp_path.glob(".s.db.reach-*"))  # the scratch file is gone


def test_a_commit_of_another_connection_before_the_end_voids_the_threads_rows(tmp_path, monkeypatch):
    """An edge another connection commits after the thread's snapshot and before the end's transaction
    (whose triggers are not there yet to mark it) is in the links the end builds, not in the thread's
    rows: the end builds reach itself."""
    made = early_reach.EarlyReach
    added: list[tuple] = []

    def then_another_commits(path, busy_ms):
        early = made(path, busy_ms)
        assert early.result() is not None  # the thread has read the store as the load left it
        other = store_db.sqlite3.connect(path, isolation_level=None)
        docs = [r[0] for r in other.execute("SELECT id FROM documents ORDER BY id")]
        linked = set(other.execute("SELECT src, dst FROM edges"))
        src, dst = next(
            (a, b) for a in docs for b in docs if a != b and (a, b) not in linked and (b, a) not in linked
        )
        added.append((0, dst, src, 1, dst))
        fid = other.execute("SELECT min(id) FROM files").fetchone()[0]
        other.execute(  # a document implementing another it was not linked to: a reach row more
            "INSERT INTO edges (src, relation_code, dst, file_id, line, sentence_no, confidence)"
            " VALUES (?, 1, ?, ?, 1, 0, 1.0)",
            (src, dst, fid),
        )
        other.close()
        return early

    monkeypatch.setattr(store_db, "EarlyReach", then_another_commits)
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, FILES)
        rows = _reach(store.db)
        assert rows == _built(store.db)
        assert added and added[0] in rows


def test_the_links_of_a_bulk_load_are_not_marked_for_reach_refresh(tmp_path, monkeypatch):
    """reach comes from the edges: the end's links do not go through reach_dirty (a trigger per link),
    and the trigger is there again afterwards, as schema.sql makes it."""
    end = Store._end_bulk

    def counting(self, **kw):
        self.db.execute("CREATE TEMP TABLE marks (n INTEGER)")
        self.db.execute("INSERT INTO marks VALUES (0)")
        self.db.execute(
            "CREATE TEMP TRIGGER count_marks AFTER INSERT ON main.reach_dirty BEGIN UPDATE marks SET n = n + 1; END"
        )
        return end(self, **kw)

    monkeypatch.setattr(Store, "_end_bulk", counting)
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, FILES)
        assert store.db.execute("SELECT count(*) FROM links").fetchone()[0] > 0
        assert store.db.execute("SELECT n FROM marks").fetchone()[0] == 0
        with Store(tmp_path / "fresh.db") as fresh:  # a store schema.sql made
            assert _trigger(store.db) == _trigger(fresh.db) is not None
        store.db.execute("BEGIN IMMEDIATE")
        store.db.execute("INSERT INTO links VALUES (1, 'implements', 2, 1, 1)")
        assert store.db.execute("SELECT n FROM marks").fetchone()[0] == 1
        store.db.execute("ROLLBACK")


def _trigger(db) -> str | None:
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'links_reach_insert'").fetchone()
    return row and row[0]


def test_a_process_dead_between_the_two_transactions_leaves_a_store_the_next_open_finishes(
    tmp_path, monkeypatch
):
    def dies(self, early):
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "_end_bulk_reach", dies)
    store = Store(tmp_path / "s.db")
    with pytest.raises(KeyboardInterrupt):
        _bulk(store, tmp_path, FILES)
    assert not list(tmp_path.glob(".s.db.reach-*"))
    store.db.execute(
        "UPDATE meta SET key = 'bulk_load:nowhere:1' WHERE key LIKE 'bulk_load:%'"
    )  # its owner gone
    store.close()
    monkeypatch.undo()
    with Store(tmp_path / "s.db") as again:
        assert not again.db.execute("SELECT 1 FROM meta WHERE key LIKE 'bulk_load:%'").fetchone()
        rows = _reach(again.db)
        assert rows and rows == _built(again.db)


def test_a_failed_end_stops_the_thread_and_removes_its_file(tmp_path, monkeypatch):
    def fails(self, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "_end_bulk_schema", fails)
    with Store(tmp_path / "s.db") as store, pytest.raises(RuntimeError):
        _bulk(store, tmp_path, FILES)
    assert not [t for t in threading.enumerate() if t.name == "luocdo-early-reach"]
    assert not list(tmp_path.glob(".s.db.reach-*"))


def test_a_thread_that_fails_leaves_reach_to_the_end_of_the_load(tmp_path, monkeypatch):
    def fails(db):
        raise early_reach.sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(early_reach, "build_into", fails)
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, FILES)
        rows = _reach(store.db)
        assert rows and rows == _built(store.db)
    assert not list(tmp_path.glob(".s.db.reach-*"))


# a process that ingests FILES in a bulk load and is killed (SIGKILL: no finally, no close) once the end
# of its load has made its scratch file and the thread has written it, before the second transaction
_KILLED = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
import luocdo.store.db as store_db
from luocdo.store import Store
from test_early_reach import FILES
from test_settle_fresh import _bulk

store_db.BULK_LOAD_MIN_FILES = 2

def killed(self, early):
    early.result()
    os.kill(os.getpid(), signal.SIGKILL)

def killed_after(self):  # EarlyReach.close: after the end's last commit, before the file is removed
    os.kill(os.getpid(), signal.SIGKILL)

if {after!r}:
    store_db.EarlyReach.close = killed_after
else:
    Store._end_bulk_reach = killed
_bulk(Store(Path({folder!r}) / "s.db"), Path({folder!r}), FILES)
"""


def test_the_scratch_file_of_a_process_killed_during_the_end_is_removed_by_the_next_open(tmp_path):
    """kill -9 during the end of a load leaves .s.db.reach-HOST+PID.*.tmp beside the store; the next
    process to open the store removes it (its process is gone) and finishes the load. A scratch file of
    a live process (this one), one of another store and another program's file are left."""
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    script = _KILLED.format(tests=str(Path(__file__).parent), folder=str(tmp_path), after=False)
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == -9, err
    left = list(tmp_path.glob(".s.db.reach-*.tmp"))
    assert len(left) == 1 and left[0].stat().st_size > 0
    assert left[0].name.startswith(f".s.db.reach-{socket.gethostname()}+")
    alive = tmp_path / f".s.db.reach-{socket.gethostname()}+{os.getpid()}.abc.tmp"
    other_store = tmp_path / f".t.db.reach-{socket.gethostname()}+{proc.pid}.abc.tmp"  # its process gone too
    kept = [alive, other_store, tmp_path / ".s.db.reach-notes.tmp"]
    for path in kept:
        path.write_bytes(b"")
    with Store(tmp_path / "s.db") as again:
        assert not again.db.execute("SELECT 1 FROM meta WHERE key LIKE 'bulk_load:%'").fetchone()
        rows = _reach(again.db)
        assert rows and rows == _built(again.db)
    assert not left[0].exists()
    assert all(path.exists() for path in kept)


def test_a_process_killed_after_the_ends_last_commit_leaves_no_scratch_file(tmp_path):
    """The scratch file is removed inside the end's last transaction: killed (SIGKILL) right after its
    commit, before EarlyReach.close, the process leaves a finished store and no file."""
    import subprocess
    import sys
    from pathlib import Path

    script = _KILLED.format(tests=str(Path(__file__).parent), folder=str(tmp_path), after=True)
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == -9, err
    assert not list(tmp_path.glob(".s.db.reach-*"))
    with Store(tmp_path / "s.db") as again:
        assert not again.db.execute("SELECT 1 FROM meta WHERE key LIKE 'bulk_load:%'").fetchone()
        rows = _reach(again.db)
        assert rows and rows == _built(again.db)

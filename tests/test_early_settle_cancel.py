"""The early settle's thread (store/early_settle.py) is not a daemon: the process waits for it at its exit.
A bulk load that fails, or a store closed without a settle, leaves no such thread deciding the whole
store for nothing (at 200,000 reports: seconds after a Ctrl-C)."""

from __future__ import annotations

import signal
import threading
import time

import pytest

import luocdo.store.db as store_db
from luocdo.store import Store, early_settle
from test_settle_fresh import SLIPS
from test_settle_touched import _prepare

NAME = "luocdo-early-settle"
# a statement that runs for many seconds unless SQLite is told to stop
ENDLESS = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT max(x) FROM c"
)


def _running() -> list[threading.Thread]:
    # not is_alive(): once a join of it was interrupted, Python 3.11 says a running thread is not alive
    # (threading._wait_for_tstate_lock); it leaves the list when its function has returned
    return [t for t in threading.enumerate() if t.name == NAME]


@pytest.fixture
def slow_decisions(monkeypatch):
    """The thread's decisions stuck in one long SQLite statement."""
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 2)
    monkeypatch.setattr(early_settle, "CHECK_STEPS", 1000, raising=False)

    def stuck(db, at_once):
        db.execute(ENDLESS).fetchone()
        return []

    monkeypatch.setattr(early_settle, "decisions", stuck)
    yield
    deadline = time.monotonic() + 120  # without the fix: the statement ends by itself, eventually
    while _running() and time.monotonic() < deadline:
        time.sleep(0.1)


def _batch(folder):
    return [_prepare(folder, name, spec) for name, spec in sorted(dict(SLIPS).items())]


def test_a_bulk_load_stopped_midway_starts_no_early_settle(slow_decisions, tmp_path):
    batch = _batch(tmp_path)

    def source(stored_sha):
        yield from batch[:2]
        raise KeyboardInterrupt

    with Store(tmp_path / "s.db") as store:
        with pytest.raises(KeyboardInterrupt):
            for _ in store.ingest_prepared(source, expected_files=len(batch), batch_files=1):
                pass
        assert _running() == []  # no settle follows: nothing to decide for it


def test_a_store_closed_without_a_settle_stops_the_early_settle(slow_decisions, tmp_path):
    batch = _batch(tmp_path)
    store = Store(tmp_path / "s.db")
    for _ in store.ingest_prepared(lambda stored_sha: batch, expected_files=len(batch)):
        pass
    assert _running() != []  # the load ended: the thread decides for the settle to come
    started = time.monotonic()
    store.close()
    assert _running() == [] and time.monotonic() - started < 10


def test_an_end_of_a_bulk_load_that_fails_drops_the_early_decisions(slow_decisions, tmp_path, monkeypatch):
    batch = _batch(tmp_path)

    def failing(self, **kw):
        raise store_db.sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "_end_bulk_schema", failing)
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(store_db.StoreError):
            for _ in store.ingest_prepared(lambda stored_sha: batch, expected_files=len(batch)):
                pass
        assert _running() == [] and store._early_settle is None


def test_a_settle_interrupted_while_it_waits_for_the_thread_stops_it(slow_decisions, tmp_path):
    batch = _batch(tmp_path)

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    # a signal to this thread, as a Ctrl-C: its wait for the decisions is interrupted
    ctrl_c = threading.Timer(0.5, signal.pthread_kill, (threading.main_thread().ident, signal.SIGALRM))
    try:
        with Store(tmp_path / "s.db") as store:
            for _ in store.ingest_prepared(lambda stored_sha: batch, expected_files=len(batch)):
                pass
            assert _running() != []
            started = time.monotonic()
            ctrl_c.start()
            with pytest.raises(KeyboardInterrupt):
                store.settle()
            while _running() and time.monotonic() - started < 5:  # it stops at its next step
                time.sleep(0.01)
            assert _running() == []
    finally:
        ctrl_c.cancel()
        signal.signal(signal.SIGALRM, previous)


def test_a_settle_after_another_connection_wrote_does_not_wait_for_the_thread(slow_decisions, tmp_path):
    """Its decisions are not taken then (the store is not the one the load left): settle does not wait
    for them."""
    batch = _batch(tmp_path)
    with Store(tmp_path / "s.db") as store:
        for _ in store.ingest_prepared(lambda stored_sha: batch, expected_files=len(batch)):
            pass
        assert _running() != []
        with Store(tmp_path / "s.db") as other, other.db:
            other.db.execute("INSERT OR REPLACE INTO meta VALUES ('review', 'another writer')")
        started = time.monotonic()
        store.settle()
        assert time.monotonic() - started < 5 and _running() == []

"""The second core's works one after the other (store/second_core.py): at the end of a bulk load the early
settle's thread starts its work once the early reach's has ended, so that the end of the load, beside them,
keeps a core; settle waits for the decisions only where it needs them."""

from __future__ import annotations

import struct
import threading
import time
from pathlib import Path

import pytest

import luocdo.store.db as store_db
from luocdo.store import Store, early_reach, early_settle
from luocdo.store.second_core import SecondCore
from test_settle_fresh import SLIPS, _bulk


class _Recorded(SecondCore):
    def __init__(self, name: str, log: list[str], gate: threading.Event, after: SecondCore | None = None):
        self.log = log
        super().__init__(name, name, gate, after=after)

    def _work(self, name: str, gate: threading.Event) -> None:
        self.log.append(f"{name} starts")
        gate.wait(10)
        self.log.append(f"{name} ends")


def test_a_work_after_another_starts_once_that_one_has_ended():
    log: list[str] = []
    first_gate, second_gate = threading.Event(), threading.Event()
    first = _Recorded("first", log, first_gate)
    second = _Recorded("second", log, second_gate, after=first)
    time.sleep(0.2)
    assert log == ["first starts"]  # the second waits for the first
    first_gate.set()
    second_gate.set()
    assert second._done.wait(5) and first._done.is_set()
    assert log == ["first starts", "first ends", "second starts", "second ends"]


def test_a_work_after_one_already_ended_starts_at_once():
    log: list[str] = []
    gate = threading.Event()
    gate.set()
    first = _Recorded("first", log, gate)
    first.cancel()
    assert log == ["first starts", "first ends"]
    second = _Recorded("second", log, gate, after=first)
    assert second._done.wait(5)
    assert log[-2:] == ["second starts", "second ends"]


def test_a_cancel_of_a_work_waiting_for_another_does_not_wait_for_that_one():
    log: list[str] = []
    first_gate = threading.Event()
    first = _Recorded("first", log, first_gate)
    second = _Recorded("second", log, threading.Event(), after=first)
    started = time.monotonic()
    second.cancel()
    assert time.monotonic() - started < 5 and log == ["first starts"]  # never started
    first_gate.set()
    first.cancel()
    time.sleep(0.1)
    assert "second starts" not in log


@pytest.fixture
def spans(monkeypatch):
    """When each thread's work starts and ends, and where settle takes the decisions."""
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 2)
    seen: list[str] = []

    def spy(cls, name):
        work = cls._work

        def spied(self, *args):
            seen.append(f"{name} starts")
            time.sleep(0.2)  # a thread that takes its time: the other one would start meanwhile
            try:
                return work(self, *args)
            finally:
                seen.append(f"{name} ends")

        monkeypatch.setattr(cls, "_work", spied)

    spy(early_reach.EarlyReach, "reach")
    spy(early_settle.EarlySettle, "settle")
    result, resolve = early_settle.EarlySettle.result, Store._resolve_pending

    def spy_result(self):
        seen.append("settle waits")
        return result(self)

    def spy_resolve(self, fids):
        seen.append("resolve_pending")
        return resolve(self, fids)

    monkeypatch.setattr(early_settle.EarlySettle, "result", spy_result)
    monkeypatch.setattr(Store, "_resolve_pending", spy_resolve)
    return seen


def test_the_early_settle_works_after_the_early_reach(tmp_path, spans):
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS)
        store._early_settle._done.wait(10)
        assert spans[:4] == ["reach starts", "reach ends", "settle starts", "settle ends"]


def test_settle_waits_for_the_decisions_after_resolving_the_pending_files(tmp_path, spans):
    taken = []
    refreshed = store_db.refreshed

    def spy_refreshed(db, early, since):
        taken.append(early)
        return refreshed(db, early, since)

    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS)
        store_db.refreshed = spy_refreshed
        try:
            store.settle()
        finally:
            store_db.refreshed = refreshed
    assert spans.index("resolve_pending") < spans.index("settle waits")
    assert len(taken) == 1  # the thread's decisions were used


def _wal_frames(path) -> tuple[int, int]:
    """(frames in the write-ahead log, frames of it copied into the store file), read from the -shm's header
    (its first copy's mxFrame; nBackfill after the two copies) without a checkpoint of our own."""
    shm = Path(f"{path}-shm").read_bytes()
    return struct.unpack_from("=I", shm, 16)[0], struct.unpack_from("=I", shm, 96)[0]


def test_the_early_settle_copies_the_end_of_the_loads_commits_into_the_store_file(tmp_path, monkeypatch):
    """Settle's commit then copies only its own frames (a checkpoint on the first core, whose wall it is).
    The thread decides here after the end of the load has committed (at 50k it does: 3.8 s against 3.5 s)."""
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 2)
    ended = threading.Event()
    end_bulk, changes = Store._end_bulk, early_settle.attribute_changes

    def end_then_say(self, **kw):
        try:
            return end_bulk(self, **kw)
        finally:
            ended.set()

    def after_the_end(db, at_once):
        ended.wait(10)
        return changes(db, at_once)

    monkeypatch.setattr(Store, "_end_bulk", end_then_say)
    monkeypatch.setattr(early_settle, "attribute_changes", after_the_end)
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS)
        store._early_settle._done.wait(10)
        frames, copied = _wal_frames(store.path)
        assert frames > 0 and copied == frames
        assert store.settle() >= 0

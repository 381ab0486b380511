"""The second core's works one after the other (store/second_core.py): at the end of a bulk load the early
settle's thread starts its work once the early reach's has ended, so that the end of the load, beside them,
keeps a core; settle waits for the decisions only where it needs them."""

from __future__ import annotations

import threading
import time

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
    """When each thread's work starts and ends."""
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
    return seen


def test_the_early_settle_works_after_the_early_reach(tmp_path, spans):
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS)
        store._early_settle._done.wait(10)
        assert spans[:4] == ["reach starts", "reach ends", "settle starts", "settle ends"]

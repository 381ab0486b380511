"""KEEP_GIL (luocdo.extract.gil) passed by position as regex's ``concurrent`` argument: the calls keep
the GIL, and each method reads it in the slot the extraction passes it in."""

from __future__ import annotations

import sys
import threading
import time

import regex

from luocdo.extract.gil import KEEP_GIL

_SLOW = regex.compile(r"[xz](?=y)")  # a set: tried at every character of the text, finds nothing
_TEXT = "a" * 3_000_000


def _others_ran_during(call) -> int:
    """How often another thread ran while ``call`` ran (with a long switch interval, only a call that
    releases the GIL lets it run)."""
    count = [0]
    started = threading.Event()
    stop = False

    def spin() -> None:
        started.set()
        while not stop:
            count[0] += 1

    old = sys.getswitchinterval()
    t = threading.Thread(target=spin)
    t.start()
    started.wait()
    sys.setswitchinterval(0.5)
    try:
        # let the other thread take the GIL and give it back: it then waits under the long interval,
        # and no drop request made under the short one is pending when the call starts
        time.sleep(0.01)
        before = count[0]
        call()
        return count[0] - before
    finally:
        stop = True
        sys.setswitchinterval(old)
        t.join()


def test_the_default_releases_the_gil() -> None:
    # what KEEP_GIL is for: without it the other thread runs during the scan
    assert _others_ran_during(lambda: _SLOW.search(_TEXT)) > 0


def test_keep_gil_holds_it() -> None:
    assert _others_ran_during(lambda: _SLOW.search(_TEXT, None, None, KEEP_GIL)) == 0
    assert _others_ran_during(lambda: _SLOW.match(_TEXT, 0, None, KEEP_GIL)) == 0
    assert _others_ran_during(lambda: list(_SLOW.finditer(_TEXT, 0, None, False, KEEP_GIL))) == 0
    assert _others_ran_during(lambda: _SLOW.sub("", _TEXT, 0, None, None, KEEP_GIL)) == 0
    assert _others_ran_during(lambda: _SLOW.split(_TEXT, 1, KEEP_GIL)) == 0


def test_the_positional_slots() -> None:
    p = regex.compile(r"a")
    s = "bab aa"
    assert p.match(s, 1, None, KEEP_GIL).span() == (1, 2)
    assert p.match(s, 1, 1, KEEP_GIL) is None  # endpos is the third
    assert p.search(s, 2, None, KEEP_GIL).span() == (4, 5)
    assert regex.compile(r"a+").fullmatch(s, 4, None, KEEP_GIL).span() == (4, 6)
    assert [m.start() for m in p.finditer(s, 2, None, False, KEEP_GIL)] == [4, 5]
    assert p.sub("x", s, 0, 2, None, KEEP_GIL) == "bab xx"  # pos is the fourth (no flags slot)
    assert p.sub("x", s, 1, None, None, KEEP_GIL) == "bxb aa"
    assert p.split(s, 1, KEEP_GIL) == ["b", "b aa"]

"""The end of the ``luocdo`` process after an ingest, without the interpreter's teardown.

At exit Python frees every object and module one by one: after an ingest, 40–45 ms at 1,000 reports
and 60–70 ms at 5,000 on one core (bench/s15_head_timeline.py, docs/scale.md), once all the work is
done and written. A command that has closed what it wrote (the store: closing it checkpoints its write-ahead
log) allows the process to skip it (``allow``). The entry point (luocdo.__main__) arms this first
thing (``arm``) and notes the command's exit status (``ended``); at exit, after the threads are joined
and every other ``atexit`` function has run (multiprocessing's, logging's, weakref finalizers'), the
standard streams are flushed and the process ends with ``os._exit`` and that status.

Left to Python as before: a command that did not allow it; a process where something registered an
``atexit`` function before the entry point ran (a coverage tool, a harness: it would not be run); an
exception printed after the command ended (sys.last_value: a caller of main() failed); a caller of
main() that caught its SystemExit and went on (it may exit with another status); a stream that
cannot be flushed (Python's own flush says so).
"""

from __future__ import annotations

import atexit
import os
import sys
from types import FrameType

_allowed = False
_status: int | None = None


def arm() -> None:
    """Take over the end of the process, after every atexit function registered from now on."""
    count = getattr(atexit, "_ncallbacks", None)
    if count is not None and count() == 0:
        atexit.register(_end)


def allow() -> None:
    """The command is done and has closed what it wrote: the process may end without the teardown."""
    global _allowed
    _allowed = True


def ended(code: object) -> None:
    """The command's exit status (a SystemExit's code): only a number (or None) is taken over. Called
    by the entry point as the SystemExit leaves it."""
    global _allowed, _status
    if code is None or type(code) is int:
        _status = code or 0
        _watch(sys._getframe(2))  # the entry point's caller
    else:
        _allowed = False  # Python prints a message for it


def _watch(caller: FrameType | None) -> None:
    """Left to Python if a caller of the entry point runs anything once the SystemExit has reached it:
    it caught it (it may then exit with another status, or have work of its own to finish). Seen as a
    call made from one of those frames (a profile function, from here to the end of the process)."""
    callers = []
    while caller is not None:
        callers.append(caller)
        caller = caller.f_back

    def seen(frame: FrameType, event: str, _arg: object) -> None:
        global _allowed
        if (event == "c_call" and frame in callers) or (event == "call" and frame.f_back in callers):
            _allowed = False
            sys.setprofile(None)

    sys.setprofile(seen)


def _end() -> None:
    sys.setprofile(None)
    if not _allowed or _status is None or hasattr(sys, "last_value"):
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None and not stream.closed:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(_status)

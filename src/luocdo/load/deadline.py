"""The per-file deadline (LUOCDO_FILE_SECONDS): reading and extracting one file that takes longer
fails that file alone, with one line, and the batch goes on.

Python code is stopped by a SIGALRM timer (main thread of a POSIX process: the ``luocdo`` command and
each worker process); the PDF helper process (``luocdo.load.isolate``) is given what is left of the
deadline and is killed when it runs over, since native code cannot be interrupted.
"""

from __future__ import annotations

import _signal
import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from luocdo.load.limits import file_seconds

_deadline: float | None = None  # time.monotonic() when the current file's time is up
_seconds: float | None = None


class FileTimeout(BaseException):
    """The current file ran over its deadline. A BaseException, so that the loaders' broad
    ``except Exception`` (a damaged file) does not take it for damage."""


def timeout_message(seconds: float | None = None) -> str:
    """The one line of a file that ran over (``seconds``: the deadline it had; default: the current
    one, else LUOCDO_FILE_SECONDS)."""
    s = seconds if seconds is not None else current_seconds() or file_seconds()
    return f"took longer than {s:g} s to read and extract (the limit is LUOCDO_FILE_SECONDS); not read"


def current_seconds() -> float | None:
    """The length of the deadline the current file runs under (None: none set by a caller)."""
    return _seconds if _deadline is not None else None


def remaining() -> float | None:
    """Seconds left for the current file (None: no deadline set by a caller)."""
    if _deadline is None:
        return None
    return max(0.0, _deadline - time.monotonic())


def _on_alarm(signum, frame) -> None:  # noqa: ARG001
    raise FileTimeout


@contextmanager
def file_deadline(seconds: float | None = None) -> Iterator[None]:
    """Run the body under the per-file deadline (default LUOCDO_FILE_SECONDS); FileTimeout when it
    runs over. Nested use keeps the outer deadline."""
    global _deadline, _seconds
    if _deadline is not None:
        yield
        return
    seconds = file_seconds() if seconds is None else seconds
    if math.isinf(seconds):
        yield
        return
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old = None
    if alarm:
        # _signal.signal, not signal.signal: the wrapper converts each handler to and from an enum,
        # and for a function that is an exception raised and caught each way (~50,000 instructions a
        # file, 0.6 % of a report's extraction). The old handler goes back as it came.
        old = _signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    _deadline, _seconds = time.monotonic() + seconds, seconds
    try:
        yield
    finally:
        _deadline = None
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _signal.signal(signal.SIGALRM, old)

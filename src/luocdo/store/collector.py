"""Python's cycle collector made rarer while an ingest writes.

The writer holds many young objects that live for a while: the rows of the files read ahead of it (up to
READ_AHEAD_FILES a worker, unpickled as tuples) and the documents it has met (``_docs_seen``, one tuple per
document). With the default thresholds (700, 10, 10) each first-generation collection walks the read-ahead's
rows again, each second-generation one all of them, and every few of those the whole heap: at 50,000
reports `--jobs 2` 3,144 + 286 + 23 collections took 3.4 s of the writer's 40 s of CPU (docs/scale.md,
"Seventeenth session"). Collecting the first generation every 20,000 allocations instead takes 0.3 s, with
the same peak memory: the objects the writer makes are freed by their reference counts, not by the cycle
collector, which only decides how often they are walked.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

WRITING_THRESHOLD = 20_000  # the first generation's; the older generations' stay Python's

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] = ()
_ours: tuple[int, ...] | None = None  # the thresholds set here (None: the process's were left as they were)


@contextmanager
def rare_collections() -> Iterator[None]:
    """While inside, the first generation is collected every WRITING_THRESHOLD allocations (never less
    often than the process asked for); the thresholds the process had are back when the last of
    nested or concurrent uses leaves, unless the process set others meanwhile (those are kept)."""
    global _depth, _saved, _ours
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            _ours = None
            if 0 < _saved[0] < WRITING_THRESHOLD:
                _ours = (WRITING_THRESHOLD, *_saved[1:])
                gc.set_threshold(*_ours)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _ours is not None and gc.get_threshold() == _ours:
                gc.set_threshold(*_saved)

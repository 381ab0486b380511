"""Imported last by the workers' server when bench/s15_head_timeline.py runs (its preload): notes when
the server's preload (the extraction's imports and the warm-up) was done, on the timeline's clock."""

import os
import sys
import time

t0 = os.environ.get("S14_HEAD_T0")
if t0:
    print(f"{time.monotonic() - float(t0):7.3f} server preload done", file=sys.stderr)

    # each worker (forked from this server) notes when its first task starts and ends
    from luocdo.store import prepare

    _real = prepare.extract_chunk
    _seen: list[int] = []

    def extract_chunk(fn, items):
        first = os.getpid() not in _seen
        if first:
            _seen.append(os.getpid())
            print(f"{time.monotonic() - float(t0):7.3f} worker {os.getpid()} first task", file=sys.stderr)
        try:
            return _real(fn, items)
        finally:
            if first:
                print(
                    f"{time.monotonic() - float(t0):7.3f} worker {os.getpid()} first task done",
                    file=sys.stderr,
                )

    prepare.extract_chunk = extract_chunk

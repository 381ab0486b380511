#!/usr/bin/env python3
"""Wall-clock marks of one ingest, from inside the process: imports done, the first and the last result
the writer takes, and `_end_bulk` and settle (each with its CPU). Runs the luocdo command line:

    PYTHONPATH=src .venv/bin/python bench/s13_timeline.py ingest /tmp/syn5000 --store /tmp/s.db --jobs 2

Marks go to stderr, seconds since this script started.
"""

from __future__ import annotations

import functools
import sys
import time

T0 = time.monotonic()


def _now() -> str:
    return f"{time.monotonic() - T0:7.3f}"


def _timed(name: str, f):
    @functools.wraps(f)
    def g(*a, **k):
        t = time.process_time()
        print(f"{_now()} {name} start", file=sys.stderr)
        try:
            return f(*a, **k)
        finally:
            print(f"{_now()} {name} end cpu {time.process_time() - t:.3f}", file=sys.stderr)

    return g


def main() -> None:
    from luocdo.store import db as store_db
    from luocdo.store import prepare

    original = prepare.prepared

    def prepared(*a, **k):
        n = 0
        for x in original(*a, **k):
            if n == 0:
                print(f"{_now()} first result", file=sys.stderr)
            n += 1
            yield x
        print(f"{_now()} last result ({n})", file=sys.stderr)

    store_db.prepared = prepared
    store_db.Store._end_bulk = _timed("end_bulk", store_db.Store._end_bulk)
    store_db.Store.settle = _timed("settle", store_db.Store.settle)
    from luocdo.cli import app

    print(f"{_now()} imported", file=sys.stderr)
    sys.argv = ["luocdo", *sys.argv[1:]]
    try:
        app()
    finally:
        print(f"{_now()} exit cpu {time.process_time():.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()

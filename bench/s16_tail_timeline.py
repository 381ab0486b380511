"""(s16-tail: /tmp/s13/timeline.py with the main thread's CPU and the wall of each mark.)"""

import functools
import sys
import time

T0 = time.monotonic()


def now():
    return f"{time.monotonic() - T0:7.3f}"


from luocdo.store import db as store_db  # noqa: E402
from luocdo.store import prepare  # noqa: E402


def timed(name, f):
    @functools.wraps(f)
    def g(*a, **k):
        t = time.process_time()
        m = time.thread_time()
        w = time.monotonic()
        print(f"{now()} {name} start", file=sys.stderr)
        try:
            return f(*a, **k)
        finally:
            print(
                f"{now()} {name} end cpu {time.process_time() - t:.3f} main {time.thread_time() - m:.3f} wall {time.monotonic() - w:.3f}",
                file=sys.stderr,
            )

    return g


orig = prepare.prepared


def prepared(*a, **k):
    n = 0
    for x in orig(*a, **k):
        if n == 0:
            print(f"{now()} first result", file=sys.stderr)
        n += 1
        yield x
    print(f"{now()} last result ({n})", file=sys.stderr)


if __name__ == "__main__":
    store_db.prepared = prepared
    store_db.Store._end_bulk = timed("end_bulk", store_db.Store._end_bulk)
    store_db.Store.settle = timed("settle", store_db.Store.settle)

    store_db.Store.__init__ = timed("Store.__init__", store_db.Store.__init__)
    store_db.Store._refresh_bundled_catalog = timed("catalog", store_db.Store._refresh_bundled_catalog)
    prepare.start_workers_early = timed("start_workers_early", prepare.start_workers_early)
    prepare._new_pool = timed("_new_pool", prepare._new_pool)
    store_db.Store._start_bulk = timed("_start_bulk", store_db.Store._start_bulk)
    from luocdo.cli import app

    print(f"{now()} imported", file=sys.stderr)
    sys.argv = ["luocdo", *sys.argv[1:]]
    try:
        app()
    finally:
        print(f"{now()} exit cpu {time.process_time():.3f}", file=sys.stderr)

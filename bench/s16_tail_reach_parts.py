"""s15_tail_alone with the early-reach thread's CPU/wall and main's wait for it (s16-tail)."""

import runpy
import sys
import time

from luocdo.store import db as store_db
from luocdo.store import early_reach

R = {"cpu": 0.0, "wall": 0.0, "wait": 0.0, "t2": 0.0}
cls = early_reach.EarlyReach
run_, result_ = cls._run, cls.result


def timed_run(self, *a):
    t = time.thread_time()
    w = time.monotonic()
    try:
        run_(self, *a)
    finally:
        R["cpu"] += time.thread_time() - t
        R["wall"] += time.monotonic() - w


def timed_result(self):
    w = time.monotonic()
    try:
        return result_(self)
    finally:
        R["wait"] += time.monotonic() - w


cls._run, cls.result = timed_run, timed_result
t2 = store_db.Store._end_bulk_reach


def timed_t2(self, r):
    w = time.thread_time()
    try:
        return t2(self, r)
    finally:
        R["t2"] += time.thread_time() - w


store_db.Store._end_bulk_reach = timed_t2
import atexit  # noqa: E402

atexit.register(
    lambda: print(
        f"reach thread cpu {R['cpu']:.3f} wall {R['wall']:.3f}; main waited {R['wait']:.3f}; T2 main cpu (incl. wait) {R['t2']:.3f}"
    )
)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")

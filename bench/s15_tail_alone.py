"""(s15-tail: bench/s14_tail_alone.py with the wall of each part, WALL; "cpu" is the process's, every
thread's; "main" the main thread's alone (time.thread_time), "helper" the early-settle thread's CPU
(store/early_settle.py, where the tree has it) and "join" how long settle waited for it. On a machine
whose second core is free, the tail's wall is about max(main end_bulk, helper) + main settle.)

The tail of a bulk load (Store._end_bulk, then Store.settle) alone on a copy of a store kept just before
its end (bench/s14_tail_snap.py), as the connection that loaded it finds it:

    PYTHONPATH=SRC python bench/s14_tail_alone.py PRE.db WORK.db [prof|parts]

prints the CPU of each, the process's peak RSS and the load; ``prof``: a cProfile of each on stderr;
``parts``: settle's phases; ``none``: everything but the tail (under callgrind, the tail's instructions are
a run's less a ``none`` run's). luocdo.pipeline is imported first (an ingest has it loaded before settle)."""

import functools
import os
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import luocdo.pipeline  # noqa: F401
from luocdo.store import db as store_db
from luocdo.store import settled, variants
from luocdo.store.db import Store

WALL: dict[str, float] = {}
MAIN: dict[str, float] = {}
HELPER: dict[str, float] = {"cpu": 0.0, "join": 0.0}


def _watch_helper() -> None:
    try:
        from luocdo.store import early_settle
    except ImportError:  # a tree without it
        return
    cls = early_settle.EarlySettle
    run_, result = cls._run, cls.result

    def timed_run(self, *a):
        t = time.thread_time()
        try:
            run_(self, *a)
        finally:
            HELPER["cpu"] += time.thread_time() - t

    def timed_result(self):
        w = time.monotonic()
        try:
            return result(self)
        finally:
            HELPER["join"] += time.monotonic() - w

    cls._run, cls.result = timed_run, timed_result


def timed(owner, name: str) -> None:
    f = getattr(owner, name)

    @functools.wraps(f)
    def g(*a, **k):
        t = time.process_time()
        try:
            return f(*a, **k)
        finally:
            print(f"  {name} {time.process_time() - t:.3f}", file=sys.stderr)

    setattr(owner, name, g)


def run(name: str, f, prof: bool) -> float:
    w = time.monotonic()
    m = time.thread_time()
    t = time.process_time()
    if prof:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        f()
        pr.disable()
        pstats.Stats(pr, stream=sys.stderr).sort_stats("cumtime").print_stats(int(os.environ.get("N", "40")))
    else:
        f()
    WALL[name] = time.monotonic() - w
    MAIN[name] = time.thread_time() - m
    return time.process_time() - t


def main() -> None:
    pre, work = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else ""
    shutil.copyfile(pre, work)
    for ext in ("-wal", "-shm"):
        Path(work + ext).unlink(missing_ok=True)
    db = sqlite3.connect(work, isolation_level=None)
    db.execute("UPDATE meta SET key = ? WHERE key LIKE 'bulk_load:%'", (Store._bulk_key(),))
    db.close()
    _watch_helper()
    if mode == "parts":
        for n in [
            "_resolve_pending",
            "_unmerge_variants",
            "_settle_round",
            "_resolve_files",
            "_rebuild_links",
        ]:
            timed(Store, n)
        for n in ["settle_partial_documents", "files_to_resolve", "settle_attributes", "merge_variants"]:
            timed(store_db, n)
        for n in [
            "_settle_provinces",
            "_settle_dates",
            "_settle_titles",
            "_settle_bodies",
            "_province_hints",
        ]:
            timed(settled, n)
        timed(variants, "variant_targets")
    st = Store(work)
    st._bulk = True
    st._wal_pages = 1000
    st.db.execute(f"PRAGMA wal_autocheckpoint = {store_db.BULK_WAL_PAGES}")
    st._empty_version = st.db.execute("PRAGMA data_version").fetchone()[0]
    end = settle = 0.0
    if mode != "none":
        end = run("end_bulk", st._end_bulk, mode == "prof")
        settle = run("settle", st.settle, mode == "prof")
    st.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    st.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = Path("/proc/loadavg").read_text().split()[0]
    print(
        f"end_bulk cpu {end:.3f} settle cpu {settle:.3f} tail {end + settle:.3f}"
        f" wall {WALL.get('end_bulk', 0):.3f} {WALL.get('settle', 0):.3f} {sum(WALL.values()):.3f}"
        f" main {MAIN.get('end_bulk', 0):.3f} {MAIN.get('settle', 0):.3f} helper {HELPER['cpu']:.3f}"
        f" join {HELPER['join']:.3f} maxrss {peak:.1f}MB load {load}"
    )


if __name__ == "__main__":
    main()

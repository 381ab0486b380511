#!/usr/bin/env python3
"""Where the writer's peak memory is: `luocdo ingest …` run in this process with the end of the bulk load
(`Store._end_bulk`) and `Store.settle` wrapped, printing for each the process's RSS and peak RSS
(/proc/self/status VmRSS, VmHWM) before and after, and the Python allocations' peak (tracemalloc, started
for the phase only) with the largest allocations still held at its end. A peak RSS that rises in a
phase whose Python peak is small is SQLite's own memory (the sorter of an index build or a whole-store
rebuild: bounded by `cache_size`).

    .venv/bin/python bench/memory_tail.py ingest -q /tmp/syn50000 --jobs 2 --store /tmp/m/s.db
"""

from __future__ import annotations

import sys
import tracemalloc

from luocdo.store import db as store_db


def _status(key: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")


def _measured(name: str, f):
    def run(self, *a, **k):
        hwm, rss = _status("VmHWM"), _status("VmRSS")
        tracemalloc.start(10)
        try:
            return f(self, *a, **k)
        finally:
            held, peak = tracemalloc.get_traced_memory()
            top = tracemalloc.take_snapshot().statistics("lineno")[:6]
            tracemalloc.stop()
            print(
                f"{name}: RSS {rss:.0f} -> {_status('VmRSS'):.0f} MB, peak RSS {hwm:.0f} -> {_status('VmHWM'):.0f} MB,"
                f" Python peak {peak / 2**20:.1f} MB, held after {held / 2**20:.1f} MB",
                file=sys.stderr,
            )
            for st in top:
                print("   ", st, file=sys.stderr)

    return run


if __name__ == "__main__":  # the worker processes import this module again
    store_db.Store._end_bulk = _measured("_end_bulk", store_db.Store._end_bulk)
    store_db.Store.settle = _measured("settle", store_db.Store.settle)
    from luocdo.cli import app

    sys.argv = ["luocdo", *sys.argv[1:]]
    app()

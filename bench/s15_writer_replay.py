#!/usr/bin/env python3
"""The writer's steady state alone, replayed: capture the Prepared files an ingest writes (once, from a
real `--jobs 2` ingest, so the blobs are the workers'), then write them again into an empty store
in-process and time the CPU (time.process_time) of the write phase (every batch, before the end of the
bulk load) apart from the end (_end_bulk) and settle.

    capture: python bench/s15_writer_replay.py capture /tmp/syn5000 OUT.pickle
    replay:  python bench/s15_writer_replay.py replay OUT.pickle STORE.db [--profile OUT.pstats] [--stmts]

With --stmts each statement's CPU is summed by its text (a wrapped connection: slower, for the map).
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path


def capture(corpus: str, out: str) -> None:
    import tempfile

    from luocdo.load.listing import ReportFiles
    from luocdo.store import db as dbmod

    got: list = []
    real = dbmod.Store._write_batch

    def keep(self, batch):
        got.append([p for p in batch])
        return real(self, batch)

    dbmod.Store._write_batch = keep
    paths = ReportFiles([corpus])  # as `luocdo ingest` lists them
    with tempfile.TemporaryDirectory() as d:
        s = dbmod.Store(Path(d) / "s.db")
        for _ in s.ingest_many(paths, jobs=2):
            pass
        s.close()
    with open(out, "wb") as f:
        pickle.dump(got, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(len(got), "batches", sum(len(b) for b in got), "files")


def replay(pick: str, store: str, profile: str | None, stmts: bool) -> None:
    import cProfile
    import os

    from luocdo.store import db as dbmod

    with open(pick, "rb") as f:
        batches = pickle.load(f)
    limit = int(os.environ.get("S15_FILES", "0"))  # the first files only (callgrind)
    if limit:
        kept, n = [], 0
        for b in batches:
            if n >= limit:
                break
            kept.append(b[: limit - n])
            n += len(kept[-1])
        batches = kept
    files = sum(len(b) for b in batches)
    # an experiment's extra deferred indexes (S15_DEFER=a,b) and batches (S15_BATCH=files,seconds)
    dbmod.BULK_DEFERRED_INDEXES += tuple(filter(None, os.environ.get("S15_DEFER", "").split(",")))
    batch = os.environ.get("S15_BATCH")  # unset: the code's own defaults
    sizes: dict = {}
    if batch:
        files_, seconds = batch.split(",")
        sizes = {"batch_files": int(files_), "batch_seconds": float(seconds)}
    s = dbmod.Store(Path(store))

    for pragma in filter(None, os.environ.get("S15_PRAGMAS", "").split(";")):  # an experiment's settings
        s.db.execute(f"PRAGMA {pragma}")
    costs: dict[str, list[float]] = {}
    if stmts:
        real = s.db

        class Timed:
            def __getattr__(self, name):
                return getattr(real, name)

            def execute(self, sql, *a):
                t = time.process_time()
                try:
                    return real.execute(sql, *a)
                finally:
                    c = costs.setdefault(sql[:90], [0.0, 0])
                    c[0] += time.process_time() - t
                    c[1] += 1

            def executemany(self, sql, rows):
                t = time.process_time()
                try:
                    return real.executemany(sql, rows)
                finally:
                    c = costs.setdefault("MANY " + sql[:85], [0.0, 0])
                    c[0] += time.process_time() - t
                    c[1] += 1

        s.db = Timed()
    timing = {}
    real_end = dbmod.Store._end_bulk

    def end(self):
        timing["write"] = time.process_time() - timing["t0"]
        t = time.process_time()
        real_end(self)
        timing["end_bulk"] = time.process_time() - t

    dbmod.Store._end_bulk = end
    prof = cProfile.Profile(time.process_time) if profile else None

    def source(stored_sha):
        for b in batches:
            yield from b

    timing["t0"] = time.process_time()
    if prof:
        prof.enable()
    # batch_files large: the captured batches are cut again the same way by batch_files=64 / 1 s
    for _ in s.ingest_prepared(source, expected_files=files, **sizes):
        pass
    if prof:
        prof.disable()
        prof.dump_stats(profile)
    s.close()
    print(
        f"files {files} write_cpu {timing['write']:.3f} s ({1000 * timing['write'] / files:.3f} ms/report)"
        f" end_bulk_cpu {timing['end_bulk']:.3f} s"
    )
    if stmts:
        tot = sum(c[0] for c in costs.values())
        for sql, (t, n) in sorted(costs.items(), key=lambda kv: -kv[1][0])[:25]:
            print(f"{t:8.3f} s {n:8d}  {sql}")
        print(f"{tot:8.3f} s in statements")


if __name__ == "__main__":
    if sys.argv[1] == "capture":
        capture(sys.argv[2], sys.argv[3])
    else:
        args = sys.argv[2:]
        prof = None
        if "--profile" in args:
            i = args.index("--profile")
            prof = args[i + 1]
            del args[i : i + 2]
        st = "--stmts" in args
        args = [a for a in args if a != "--stmts"]
        replay(args[0], args[1], prof, st)

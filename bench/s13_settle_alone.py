"""Settle alone on a copy of a store kept just before settle (bench/s13_settle_snap.py):

    PYTHONPATH=SRC python bench/s13_settle_alone.py PRE.db WORK.db [parts|prof]

prints settle's CPU, wall, the process's peak RSS and the load. ``parts``: each phase's CPU on stderr;
``prof``: a cProfile on stderr. FRESH=1: the store taken as the connection that bulk loaded it finds it
(Store._empty_version; only for a store kept after a bulk load into an empty store); DOCS=N:
settled.DOCS_AT_ONCE. luocdo.pipeline is imported first (an ingest has it loaded before settle)."""

import functools
import os
import resource
import shutil
import sys
import time
from pathlib import Path

import luocdo.pipeline  # noqa: F401
from luocdo.store import db as store_db
from luocdo.store import settled
from luocdo.store.db import Store


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


def main() -> None:
    pre, work = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else ""
    shutil.copyfile(pre, work)
    for ext in ("-wal", "-shm"):
        Path(work + ext).unlink(missing_ok=True)
    if mode == "parts":
        for n in ["_resolve_pending", "_unmerge_variants", "_settle_round", "_resolve_files"]:
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
    if os.environ.get("DOCS"):
        settled.DOCS_AT_ONCE = int(os.environ["DOCS"])
    st = Store(work)
    if os.environ.get("FRESH"):
        st._empty_version = st.db.execute("PRAGMA data_version").fetchone()[0]
    t, w = time.process_time(), time.time()
    if mode == "prof":
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        st.settle()
        pr.disable()
        pstats.Stats(pr, stream=sys.stderr).sort_stats("cumtime").print_stats(int(os.environ.get("N", "45")))
    else:
        st.settle()
    cpu, wall = time.process_time() - t, time.time() - w
    st.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    st.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"settle cpu {cpu:.3f} wall {wall:.3f} maxrss {peak:.1f}MB load {load}")


if __name__ == "__main__":
    main()

"""The early-settle thread's work (variants.decisions, settled.attribute_changes) alone in a process on a
pre-end store (bench/s14_tail_snap.py): CPU and peak RSS by the number of documents decided at once.

    PYTHONPATH=SRC python bench/s15_tail_thread_mem.py PRE.db N
"""

import resource
import sqlite3
import sys
import time

import luocdo.pipeline  # noqa: F401  (as in an ingest's tail alone)
from luocdo.store import settled, variants


def main() -> None:
    n = int(sys.argv[2])
    settled.DOCS_AT_ONCE = n
    variants.DOCS_AT_ONCE = n
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA query_only = ON")
    db.execute("BEGIN")
    r0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.process_time()
    d = variants.decisions(db)
    t1 = time.process_time()
    c = settled.attribute_changes(db)
    t2 = time.process_time()
    r1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"slice {n}: decisions {t1 - t:.3f} s, changes {t2 - t1:.3f} s ({len(d)} groups, {len(c)} changes);"
        f" maxrss {r0:.1f} -> {r1:.1f} MB"
    )


if __name__ == "__main__":
    main()

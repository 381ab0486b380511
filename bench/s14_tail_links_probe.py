"""_rebuild_links' INSERT on a copy of a store with its edges indexed (as _end_bulk_schema leaves them),
the edges read through edges_pair (as SQLite chose) or in the table's order (NOT INDEXED), alternated,
each rolled back (CPU):

    PYTHONPATH=SRC python bench/s14_tail_links_probe.py COPY.db [ROUNDS]"""

import sqlite3
import sys
import time

from luocdo.store import db as store_db


def main() -> None:
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute(f"PRAGMA cache_size=-{store_db.BULK_END_CACHE_KIB}")
    db.execute("CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, relation)")  # schema.sql's order
    db.execute("CREATE INDEX IF NOT EXISTS edges_pair ON edges(src, dst)")
    row = store_db.Store._LINK_ROW
    group = " GROUP BY e.src, e.relation, e.dst"
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 2):
        for name, sql in (("through edges_pair", row), ("not indexed", f"{row} NOT INDEXED")):
            db.execute("BEGIN")
            t = time.process_time()
            db.execute(f"INSERT INTO links {sql}{group}")
            print(f"{name:20s} {time.process_time() - t:.3f}", flush=True)
            db.execute("ROLLBACK")


if __name__ == "__main__":
    main()

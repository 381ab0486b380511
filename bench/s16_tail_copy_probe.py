"""Probe: links/reach computed in place vs copied from an attached scratch db vs executemany (on a finished store copy)."""

import shutil
import sqlite3
import sys
import time

from luocdo.store import db as store_db
from luocdo.store import reach

src = sys.argv[1]
work = "/tmp/s16-tail/cp_work.db"
scr = "/tmp/s16-tail/cp_scratch.db"
shutil.copy(src, work)
import os  # noqa: E402

for p in (scr,):
    if os.path.exists(p):
        os.unlink(p)
db = sqlite3.connect(work, isolation_level=None)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute(f"PRAGMA cache_size=-{store_db.BULK_END_CACHE_KIB}")
rows = db.execute("SELECT * FROM links ORDER BY dst, relation, src").fetchall()
db.execute(f"ATTACH '{scr}' AS s")
db.execute(
    "CREATE TABLE s.links (src INTEGER NOT NULL, relation TEXT NOT NULL, dst INTEGER NOT NULL, n INTEGER NOT NULL, best INTEGER NOT NULL, PRIMARY KEY (dst, relation, src)) WITHOUT ROWID"
)
db.execute("INSERT INTO s.links SELECT * FROM main.links")
db.execute(
    "CREATE TABLE s.reach (kind INTEGER NOT NULL, target INTEGER NOT NULL, doc INTEGER NOT NULL, depth INTEGER NOT NULL, via INTEGER NOT NULL, PRIMARY KEY (kind, target, doc)) WITHOUT ROWID"
)
db.execute("INSERT INTO s.reach SELECT * FROM main.reach")
st = store_db.Store.__new__(store_db.Store)
st.db = db


def T(name, prep, f, n=3):
    out = []
    for _ in range(n):
        db.execute("BEGIN")
        prep()
        t = time.process_time()
        f()
        out.append(time.process_time() - t)
        db.execute("ROLLBACK")
    print(f"{name:30s} cpu {' '.join(f'{x:.3f}' for x in out)}", flush=True)


def clear_links():
    db.execute("DELETE FROM links")
    db.execute("DELETE FROM reach_dirty")


def clear_reach():
    db.execute("DELETE FROM reach")
    db.execute("DELETE FROM reach_dirty")


T("links rebuild (sql)", clear_links, lambda: st._rebuild_links())
T("links executemany", clear_links, lambda: db.executemany("INSERT INTO links VALUES (?,?,?,?,?)", rows))
T("links copy attached", clear_links, lambda: db.execute("INSERT INTO main.links SELECT * FROM s.links"))
T("reach build", clear_reach, lambda: reach.build(db))
T("reach copy attached", clear_reach, lambda: db.execute("INSERT INTO main.reach SELECT * FROM s.reach"))
print("load", open("/proc/loadavg").read().split()[0])  # noqa: SIM115

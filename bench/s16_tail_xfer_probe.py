import os
import shutil
import sqlite3
import sys
import time

from luocdo.store import db as store_db
from luocdo.store import reach

src = sys.argv[1]
work = "/tmp/s16-tail/x_work.db"
scr = "/tmp/s16-tail/x_scratch.db"
shutil.copy(src, work)
if os.path.exists(scr):
    os.unlink(scr)
db = sqlite3.connect(work, isolation_level=None)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute(f"PRAGMA cache_size=-{store_db.BULK_END_CACHE_KIB}")
db.execute(f"ATTACH '{scr}' AS s")
for name, sql in db.execute(  # noqa: B007
    "SELECT name, sql FROM main.sqlite_master WHERE name IN ('reach', 'reach_doc') ORDER BY type DESC"
).fetchall():
    sql = sql.replace("CREATE TABLE reach", "CREATE TABLE s.reach").replace(
        "CREATE INDEX reach_doc", "CREATE INDEX s.reach_doc"
    )
    print(sql[:60])
    db.execute(sql)
db.execute("INSERT INTO s.reach SELECT * FROM main.reach")


def T(name, f, n=3):
    out = []
    for _ in range(n):
        db.execute("BEGIN")
        db.execute("DELETE FROM reach")
        db.execute("DELETE FROM reach_dirty")
        t = time.process_time()
        f()
        out.append(time.process_time() - t)
        db.execute("ROLLBACK")
    print(f"{name:30s} cpu {' '.join(f'{x:.3f}' for x in out)}", flush=True)


T("reach build", lambda: reach.build(db))
T("reach copy xfer", lambda: db.execute("INSERT INTO main.reach SELECT * FROM s.reach"))
T(
    "reach copy cols",
    lambda: db.execute(
        "INSERT INTO main.reach (kind, target, doc, depth, via) SELECT kind, target, doc, depth, via FROM s.reach"
    ),
)
print(db.execute("EXPLAIN INSERT INTO main.reach SELECT * FROM s.reach").fetchall()[:40])

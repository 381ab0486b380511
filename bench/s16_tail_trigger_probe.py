import shutil
import sqlite3
import sys
import time

from luocdo.store import db as store_db

src = sys.argv[1]
work = "/tmp/s16-tail/tp_work.db"
shutil.copy(src, work)
db = sqlite3.connect(work, isolation_level=None)
db.execute(f"PRAGMA cache_size=-{store_db.BULK_END_CACHE_KIB}")
db.execute("CREATE INDEX IF NOT EXISTS edges_pair ON edges(src, dst)")
st = store_db.Store.__new__(store_db.Store)
st.db = db
trig = db.execute("SELECT sql FROM sqlite_master WHERE name = 'links_reach_insert'").fetchone()[0]


def with_trig():
    st._rebuild_links()
    db.execute("DELETE FROM reach_dirty")


def without():
    db.execute("DROP TRIGGER links_reach_insert")
    st._rebuild_links()
    db.execute(trig)
    db.execute("DELETE FROM reach_dirty")


for i in range(2):  # noqa: B007
    for name, f in (("with trigger", with_trig), ("without", without)):
        db.execute("BEGIN")
        t = time.process_time()
        f()
        c = time.process_time() - t
        db.execute("ROLLBACK")
        print(f"{name:15s} {c:.3f}", flush=True)
print("load", open("/proc/loadavg").read().split()[0])  # noqa: SIM115

import shutil
import sqlite3
import sys
import time

from luocdo.store import db as store_db
from luocdo.store import reach, touched

src = sys.argv[1]
work = "/tmp/s16-tail/eb_copy.db"
shutil.copy(src, work)
db = sqlite3.connect(work, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute(f"PRAGMA cache_size=-{store_db.BULK_END_CACHE_KIB}")
db.execute("BEGIN")
for i in store_db.BULK_DEFERRED_INDEXES:
    db.execute(f"DROP INDEX IF EXISTS {i}")
for t in store_db.BULK_DEFERRED_TRIGGERS:
    db.execute(f"DROP TRIGGER IF EXISTS {t}")
db.execute("COMMIT")
sql = {r[0]: r[1] for r in db.execute("SELECT name, sql FROM sqlite_master")}
schema = open("src/luocdo/store/schema.sql").read()  # noqa: SIM115
import re  # noqa: E402

db.execute("BEGIN")


def T(name, f):
    t = time.process_time()
    w = time.monotonic()
    f()
    print(f"{name:40s} cpu {time.process_time() - t:6.3f} wall {time.monotonic() - w:6.3f}")


for i in store_db.BULK_DEFERRED_INDEXES:
    m = re.search(r"CREATE (UNIQUE )?INDEX IF NOT EXISTS %s\b[^;]*;" % i, schema)  # noqa: UP031
    T(i, lambda: db.execute(m.group(0)))  # noqa: B023
st = store_db.Store.__new__(store_db.Store)
st.db = db
T("touch_all", lambda: touched.touch_all(db))
T("rebuild_links", lambda: store_db.Store._rebuild_links(st))
T(
    "settle_pending",
    lambda: db.execute(
        "INSERT OR IGNORE INTO settle_pending"
        " SELECT * FROM (SELECT DISTINCT num_norm FROM mentions WHERE num_norm IS NOT NULL)"
        " UNION SELECT * FROM (SELECT DISTINCT d.num_norm FROM documents d WHERE d.num_norm IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id))"
        " UNION SELECT d.num_norm FROM files f JOIN documents d ON d.id = f.report_doc"
        " WHERE d.num_norm IS NOT NULL"
    ),
)
db.execute(f"PRAGMA cache_size=-{store_db.CACHE_KIB}")
T("reach build", lambda: reach.build(db))
T("commit", lambda: db.execute("COMMIT"))

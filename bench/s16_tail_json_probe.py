import json
import shutil
import sqlite3
import sys
import time

from luocdo.store import db as store_db

src = sys.argv[1]
work = "/tmp/s16-tail/js_work.db"
shutil.copy(src, work)
db = sqlite3.connect(work, isolation_level=None)
db.execute(f"PRAGMA cache_size=-{store_db.BULK_END_CACHE_KIB}")
rows = db.execute("SELECT * FROM reach ORDER BY kind, target, doc").fetchall()
t = time.process_time()
blob = json.dumps(rows, separators=(",", ":"))
print("dumps", time.process_time() - t, len(blob))


def T(name, f, n=3):
    out = []
    for _ in range(n):
        db.execute("BEGIN")
        db.execute("DELETE FROM reach")
        t = time.process_time()
        f()
        out.append(time.process_time() - t)
        db.execute("ROLLBACK")
    print(f"{name:30s} cpu {' '.join(f'{x:.3f}' for x in out)}", flush=True)


T("executemany", lambda: db.executemany("INSERT INTO reach VALUES (?,?,?,?,?)", rows))
T(
    "json_each ->>",
    lambda: db.execute(
        "INSERT INTO reach SELECT value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(?)",
        (blob,),
    ),
)
flat = json.dumps([x for r in rows for x in r], separators=(",", ":"))
T(
    "json flat",
    lambda: db.execute(
        "INSERT INTO reach SELECT a.value, b.value, c.value, d.value, e.value FROM json_each(?1) a JOIN json_each(?1) b ON b.key = a.key + 1 WHERE a.key % 5 = 0",
        (flat,),
    ),
    n=1,
)

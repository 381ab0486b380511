"""s13_settle_dump.py A.db OUT: every table of a store row by row (with its rowid where it has one), ordered,
for comparing two stores with cmp; masked: the content stamps (random) and files.ingested_at (a time)."""

import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
with open(sys.argv[2], "w") as out:
    for (sql,) in db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"):
        out.write(sql + "\n")
    for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").fetchall():
        if t.startswith("sqlite_"):
            continue
        n = len(db.execute(f'SELECT * FROM "{t}" LIMIT 0').description)
        cols = ", ".join(str(i + 2) for i in range(n))
        out.write(f"== {t}\n")
        try:
            q = db.execute(f'SELECT rowid, * FROM "{t}" ORDER BY 1')
        except sqlite3.OperationalError:
            q = db.execute(f'SELECT 0, * FROM "{t}" ORDER BY {cols}')
        names = [d[0] for d in q.description]
        at = names.index("ingested_at") if "ingested_at" in names else None
        for r in q:
            if at is not None:
                r = r[:at] + ("T",) + r[at + 1 :]
            if t == "meta" and r[1] in ("content_stamp", "findings_written_stamp"):
                r = (r[0], r[1], "STAMP")
            out.write(repr(r) + "\n")

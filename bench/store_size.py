#!/usr/bin/env python3
"""Store size after a checkpoint: the database file alone (the write-ahead log folded in and truncated),
the pages dbstat counts, and the same after VACUUM on a copy; against the report files' bytes.

    .venv/bin/python bench/store_size.py STORE.db TEXT_BYTES   # one JSON line (checkpoints STORE.db)
"""

import json
import os
import shutil
import sqlite3
import sys

path, text_bytes = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
size = os.path.getsize(path)
used = db.execute("SELECT sum(pgsize) FROM dbstat").fetchone()[0]
free = db.execute("PRAGMA freelist_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
tables = dict(db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
db.close()
vac = path + ".vac"
shutil.copy(path, vac)
v = sqlite3.connect(vac)
v.execute("VACUUM")
v.close()
vsize = os.path.getsize(vac)
os.remove(vac)
print(
    json.dumps(
        {
            "store": path,
            "text_mb": round(text_bytes / 1e6, 2),
            "file_mb": round(size / 1e6, 2),
            "over_text": round(size / text_bytes, 3),
            "vacuumed_mb": round(vsize / 1e6, 2),
            "vacuumed_over_text": round(vsize / text_bytes, 3),
            "free_mb": round(free / 1e6, 2),
            "top": {k: round(b / 1e6, 2) for k, b in sorted(tables.items(), key=lambda kv: -kv[1])[:12]},
        }
    )
)

"""Binding None through sqlite3 (Python 3.11): 60,000 rows of 31 values, 7 of them None, into an in-memory
table without an index (best of 5). plain: as the writer binds them; getadapt: an adapter {}.get registered
for NoneType (store/binding.py); lambda: a Python adapter; sentinel: 0 bound instead and nullif(?, 0) in the
SQL; nonone: 0 bound instead, no nullif (the floor).

    python bench/s17_writer_micro_none.py plain|getadapt|lambda|sentinel|nonone
"""

import sqlite3
import sys
import time

mode = sys.argv[1]
if mode == "getadapt":
    sqlite3.register_adapter(type(None), {}.get)
if mode == "lambda":
    sqlite3.register_adapter(type(None), lambda v: None)
db = sqlite3.connect(":memory:", isolation_level=None)
db.execute("CREATE TABLE t (" + ",".join(f"c{i}" for i in range(31)) + ")")
base = [
    7,
    "m12",
    3,
    4,
    5,
    None,
    6,
    7,
    8,
    "Quyết định",
    "12",
    "12",
    None,
    "QĐ-UBND",
    None,
    1,
    "UBND tỉnh",
    1,
    "implements",
    0,
    0,
    None,
    None,
    None,
    0.9,
    "[]",
    None,
    1.0,
    55,
    1,
    None,
]
N = 60000
if mode == "sentinel":
    rows = [tuple(0 if v is None else v for v in base) for _ in range(N)]
    sql = (
        "INSERT INTO t VALUES ("
        + ",".join(f"nullif(?{i + 1}, 0)" if base[i] is None else f"?{i + 1}" for i in range(31))
        + ")"
    )
elif mode == "nonone":
    rows = [tuple(0 if v is None else v for v in base) for _ in range(N)]
    sql = "INSERT INTO t VALUES (" + ",".join("?" * 31) + ")"
else:
    rows = [tuple(base) for _ in range(N)]
    sql = "INSERT INTO t VALUES (" + ",".join("?" * 31) + ")"
best = 9
for _ in range(5):
    db.execute("DELETE FROM t")
    db.execute("BEGIN")
    t = time.process_time()
    db.executemany(sql, rows)
    best = min(best, time.process_time() - t)
    db.execute("COMMIT")
print(mode, f"{best / N * 1e6:.2f} us/row")

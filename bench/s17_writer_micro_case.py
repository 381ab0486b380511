"""The citations' type and relation encoded by the insert's CASE (coded.encode_sql) or bound already
encoded: 60,000 rows of 31 values into an in-memory table without an index (best of 5), with the None
adapter of store/binding.py.

    PYTHONPATH=src python bench/s17_writer_micro_case.py case|coded
"""

import sqlite3
import sys
import time

import luocdo.store.db  # noqa: F401  (the adapters)
from luocdo.store import coded

mode = sys.argv[1]
db = sqlite3.connect(":memory:", isolation_level=None)
db.execute("CREATE TABLE t (" + ",".join(f"c{i}" for i in range(31)) + ")")
base = [7, "m12", 3, 4, 5, None, 6, 7, 8, "Quyết định", "12", "12", None, "QĐ-UBND", None, 1, "UBND tỉnh", 1]
base += ["implements", 0, 0, None, None, None, 0.9, "[]", None, 1.0, 55, 1, None]
N = 60000
marks = [f"?{i + 1}" for i in range(31)]
if mode == "case":
    marks[9] = coded.encode_sql("?10", coded.TYPES)
    marks[18] = coded.encode_sql("?19", coded.RELATIONS)
else:
    base[9] = coded.encode(base[9], coded.TYPES)
    base[18] = coded.encode(base[18], coded.RELATIONS)
rows = [tuple(base) for _ in range(N)]
sql = "INSERT INTO t VALUES (" + ",".join(marks) + ")"
best = 9.0
for _ in range(5):
    db.execute("DELETE FROM t")
    db.execute("BEGIN")
    t = time.process_time()
    db.executemany(sql, rows)
    best = min(best, time.process_time() - t)
    db.execute("COMMIT")
print(mode, f"{best / N * 1e6:.3f} us/row")

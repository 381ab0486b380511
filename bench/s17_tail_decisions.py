import pickle
import sqlite3
import sys
import time
from pathlib import Path

from luocdo.store.settled import attribute_changes
from luocdo.store.variants import decisions

db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, isolation_level=None)
db.row_factory = sqlite3.Row
db.execute("BEGIN")
t = time.thread_time()
d = decisions(db, 2000)
t1 = time.thread_time()
c = attribute_changes(db, 2000)
t2 = time.thread_time()
print(
    f"decisions {t1 - t:.3f} attribute_changes {t2 - t1:.3f} load {Path('/proc/loadavg').read_text().split()[0]}"
)
Path(sys.argv[2]).write_bytes(pickle.dumps((d, sorted(c.items()) if isinstance(c, dict) else c)))

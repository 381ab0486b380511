import pickle, sqlite3, sys, time
from luocdo.store.variants import decisions
from luocdo.store.settled import attribute_changes
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, isolation_level=None); db.row_factory = sqlite3.Row
db.execute("BEGIN")
t = time.thread_time(); d = decisions(db, 2000); t1 = time.thread_time(); c = attribute_changes(db, 2000); t2 = time.thread_time()
print(f"decisions {t1-t:.3f} attribute_changes {t2-t1:.3f} load {open('/proc/loadavg').read().split()[0]}")
pickle.dump((d, sorted(c.items()) if isinstance(c, dict) else c), open(sys.argv[2], "wb"))

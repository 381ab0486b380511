"""The pieces of _end_bulk on a copy of a finished store put back in its bulk-load state (deferred indexes
and triggers dropped, links emptied): CPU of each statement."""

import shutil
import sys
import time

shutil.copy(sys.argv[1], sys.argv[2])
from luocdo.store import db as sdb  # noqa: E402 (after the copy)
from luocdo.store import reach  # noqa: E402

st = sdb.Store(sys.argv[2])
c = st.db
with st._immediate():
    for i in sdb.BULK_DEFERRED_INDEXES:
        c.execute(f"DROP INDEX {i}")
    for t in sdb.BULK_DEFERRED_TRIGGERS:
        c.execute(f"DROP TRIGGER IF EXISTS {t}")
    c.execute("DELETE FROM reach")
    c.execute("DELETE FROM links")
    c.execute("DELETE FROM reach_dirty")
    c.execute("DELETE FROM settle_pending")
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 0
c.execute(f"PRAGMA threads = {threads}")
c.execute("BEGIN IMMEDIATE")
T = {}


def tm(name, sql, *a):
    t = time.process_time()
    w = time.perf_counter()
    c.execute(sql, *a)
    T[name] = (time.process_time() - t, time.perf_counter() - w)


from luocdo.store.schema_parts import statements  # noqa: E402

for s in statements():
    if "CREATE INDEX" in s.upper() and any(f" {i} " in s for i in sdb.BULK_DEFERRED_INDEXES):
        name = next(i for i in sdb.BULK_DEFERRED_INDEXES if f" {i} " in s)
        tm(name, s)
t = time.process_time()
st._create_schema()
T["rest_of_schema"] = (time.process_time() - t, 0)
tm("links_delete", "DELETE FROM links")
tm("links_insert", f"INSERT INTO links {st._LINK_ROW} GROUP BY e.src, e.relation, e.dst")
tm(
    "pending",
    "INSERT OR IGNORE INTO settle_pending SELECT num_norm FROM mentions WHERE num_norm IS NOT NULL"
    " UNION SELECT d.num_norm FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE d.num_norm IS NOT NULL"
    " UNION SELECT d.num_norm FROM files f JOIN documents d ON d.id = f.report_doc WHERE d.num_norm IS NOT NULL",
)
t = time.process_time()
w = time.perf_counter()
reach.refresh(c)
T["reach_refresh"] = (time.process_time() - t, time.perf_counter() - w)
t = time.process_time()
w = time.perf_counter()
c.execute("COMMIT")
T["commit"] = (time.process_time() - t, time.perf_counter() - w)
tot = sum(v[0] for v in T.values())
for k, (cpu, wall) in T.items():
    print(f"{k:22s} cpu {cpu:.3f} wall {wall:.3f}")
print(f"total cpu {tot:.3f} threads={threads}")

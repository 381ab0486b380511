"""tailwall.py (lead) + commits traced, WAL size, main-thread and process CPU, peak RSS."""

import functools
import os
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import luocdo.pipeline  # noqa
from luocdo.store import db as store_db
from luocdo.store import early_reach, early_settle
from luocdo.store.db import Store

T0 = time.monotonic()
OUT = []


def log(s):
    OUT.append(f"{time.monotonic() - T0:7.3f} {s}")


def w(owner, name, label=None):
    f = getattr(owner, name)

    @functools.wraps(f)
    def g(*a, **k):
        t = time.monotonic()
        c = time.thread_time()
        try:
            return f(*a, **k)
        finally:
            OUT.append(
                f"{t - T0:7.3f} -> {time.monotonic() - T0:7.3f} wall {time.monotonic() - t:6.3f} thread {time.thread_time() - c:6.3f} {label or name}"
            )

    setattr(owner, name, g)


for n in [
    "_end_bulk",
    "_end_bulk_schema",
    "_create_schema",
    "_rebuild_links_unmarked",
    "_end_bulk_reach",
    "settle",
    "_resolve_pending",
    "_settle_round",
]:
    if hasattr(Store, n):
        w(Store, n)
w(early_reach.EarlyReach, "result", "reach.result")
w(early_reach.EarlyReach, "_work", "reach._work")
w(early_settle.EarlySettle, "result", "settle.result")
w(early_settle.EarlySettle, "_work", "settle._work")
if hasattr(early_settle, "fold"):
    w(early_settle, "fold", "settle.fold")
w(early_settle.EarlySettle, "ended", "settle.ended") if hasattr(early_settle.EarlySettle, "ended") else None
pre, work = sys.argv[1], sys.argv[2]
shutil.copyfile(pre, work)
for ext in ("-wal", "-shm"):
    Path(work + ext).unlink(missing_ok=True)
db = sqlite3.connect(work, isolation_level=None)
db.execute("UPDATE meta SET key = ? WHERE key LIKE 'bulk_load:%'", (Store._bulk_key(),))
db.close()
st = Store(work)
st._bulk = True
st._wal_pages = 1000
st.db.execute(f"PRAGMA wal_autocheckpoint = {store_db.BULK_WAL_PAGES}")
st._empty_version = st.db.execute("PRAGMA data_version").fetchone()[0]


def wal():
    try:
        return os.path.getsize(work + "-wal") / 1e6
    except OSError:
        return -1


def trace(sql):
    s = sql.strip().split()[0].upper() if sql.strip() else ""
    if s in ("COMMIT", "BEGIN"):
        log(f"{sql.strip()[:20]} wal {wal():.1f} MB")


st.db.set_trace_callback(trace)
os.sync()
T0 = time.monotonic()
c0 = os.times()
m0 = time.thread_time()
st._end_bulk()
st.settle()
t = time.monotonic()
st.close()
log(f"closed ({time.monotonic() - t:.3f}) wal {wal():.1f}")
c1 = os.times()
OUT.append(
    f"TAIL wall {time.monotonic() - T0:.3f} main_thread {time.thread_time() - m0:.3f} process_cpu {(c1.user + c1.system) - (c0.user + c0.system):.3f} maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB load {Path('/proc/loadavg').read_text().split()[0]}"
)
print("\n".join(OUT), file=sys.stderr)

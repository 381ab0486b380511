"""The links and reach of the end of a bulk load, on a copy of a store kept just before its end
(bench/s14_tail_snap.py), in one of these forms (CPU and wall of each step):

    PYTHONPATH=SRC python bench/s15_tail_links_probe.py PRE.db WORK.db MODE

MODE ``as_is``: links inserted with the reach triggers (a reach_dirty row per link), then reach.refresh
(which builds every row); ``no_trigger``: the links_reach triggers dropped while the links are inserted, made
again after, then reach.build; ``no_trigger_no_src``: links_src also dropped and made again after."""

import re
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from luocdo.store import db as store_db
from luocdo.store import reach, touched

REACH_TRIGGERS = ("links_reach_insert", "links_reach_delete", "links_reach_update")


def main() -> None:
    pre, work, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.copyfile(pre, work)
    for ext in ("-wal", "-shm"):
        Path(work + ext).unlink(missing_ok=True)
    db = sqlite3.connect(work, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA cache_size=-{store_db.BULK_END_CACHE_KIB}")
    sql = {r[0]: r[1] for r in db.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")}
    schema = Path(store_db.__file__).with_name("schema.sql").read_text()

    def timed(name, f):
        t, w = time.process_time(), time.monotonic()
        f()
        print(f"{name:28s} cpu {time.process_time() - t:6.3f} wall {time.monotonic() - w:6.3f}")

    db.execute("BEGIN IMMEDIATE")
    for i in store_db.BULK_DEFERRED_INDEXES:
        m = re.search(rf"CREATE (UNIQUE )?INDEX IF NOT EXISTS {i}\b[^;]*;", schema)
        db.execute(m.group(0))
    touched.touch_all(db)
    st = store_db.Store.__new__(store_db.Store)
    st.db = db
    total_t, total_w = time.process_time(), time.monotonic()
    if mode != "as_is":
        for t in REACH_TRIGGERS:
            db.execute(f"DROP TRIGGER {t}")
    if mode == "no_trigger_no_src":
        db.execute("DROP INDEX links_src")
    timed("rebuild_links", lambda: store_db.Store._rebuild_links(st))
    if mode == "no_trigger_no_src":
        timed("links_src", lambda: db.execute(sql["links_src"]))
    if mode != "as_is":
        for t in REACH_TRIGGERS:
            db.execute(sql[t])
    db.execute(f"PRAGMA cache_size=-{store_db.CACHE_KIB}")
    timed("reach", lambda: reach.refresh(db) if mode == "as_is" else reach.build(db))
    print(
        f"{'links+reach':28s} cpu {time.process_time() - total_t:6.3f} wall {time.monotonic() - total_w:6.3f}"
    )
    timed("commit", lambda: db.execute("COMMIT"))
    n = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("links", "reach", "reach_dirty")]
    print(
        f"mode {mode} links {n[0]} reach {n[1]} reach_dirty {n[2]} load {Path('/proc/loadavg').read_text().split()[0]}"
    )


if __name__ == "__main__":
    main()

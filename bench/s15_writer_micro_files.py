# ruff: noqa: B007, E402, SIM115 -- a throwaway probe of this session, kept as it was run
import pickle
import time
from pathlib import Path

from luocdo.store import db as dbmod

rows = pickle.load(open("/tmp/s15-writer/rows5k.pickle", "rb"))
fsql = [k for k in rows if k.startswith("INSERT INTO files")][0]
dsql = [k for k in rows if k.startswith("INSERT INTO documents")][0]
own = fsql[fsql.index("CASE WHEN json_object") : fsql.rindex(")")]
plain = fsql.replace(own, "?23")


def fresh():
    p = Path("/tmp/s15-writer/m.db")
    for x in ("", "-wal", "-shm"):
        Path(str(p) + x).unlink(missing_ok=True)
    s = dbmod.Store(p)
    s._start_bulk()
    s.db.execute("PRAGMA foreign_keys=OFF")
    return s


def run(name, sql, rs, pre=None):
    s = fresh()
    if pre:
        pre(s.db)
    s.db.execute("BEGIN")
    t = time.process_time()
    for r in rs:
        s.db.execute(sql, r)
    d = time.process_time() - t
    s.db.execute("COMMIT")
    s.close()
    print(f"{name:35s} {d:.3f} s {1e6 * d / len(rs):.1f} us/row", flush=True)


for _ in range(2):
    run("files as is", fsql, rows[fsql])
    run("files own=?23", plain, rows[fsql])
    run("files no sha idx", fsql, rows[fsql], lambda db: db.execute("DROP INDEX files_sha"))
    run("documents as is", dsql, rows[dsql])
    run("documents no partial", dsql, rows[dsql], lambda db: db.execute("DROP INDEX documents_partial"))
    run("documents no num_issuer", dsql, rows[dsql], lambda db: db.execute("DROP INDEX documents_num_issuer"))

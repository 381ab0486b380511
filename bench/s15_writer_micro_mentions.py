# ruff: noqa: B007, E402, SIM115 -- a throwaway probe of this session, kept as it was run
import itertools
import pickle
import sys
import time
from pathlib import Path

from luocdo.store import coded
from luocdo.store import db as dbmod

rows = pickle.load(open("/tmp/s15-writer/rows5k.pickle", "rb"))
msql = [k for k in rows if k.startswith("INSERT INTO mentions")][0]
esql = [k for k in rows if k.startswith("INSERT INTO edges")][0]


def fresh():
    p = Path("/tmp/s15-writer/m.db")
    for x in ("", "-wal", "-shm"):
        Path(str(p) + x).unlink(missing_ok=True)
    s = dbmod.Store(p)
    s._start_bulk()
    s.db.execute("PRAGMA foreign_keys=OFF")
    return s


def per_file(rs):
    out = []
    for _, g in itertools.groupby(
        rs, key=lambda r: r[0] if isinstance(r[0], int) and r is not None else None
    ):
        out.append(list(g))
    return out


mgroups = [list(g) for _, g in itertools.groupby(rows[msql], key=lambda r: r[0])]
egroups = [list(g) for _, g in itertools.groupby(rows[esql], key=lambda r: r[3])]
T = {t: i for i, t in enumerate(coded.TYPES, 1)}
R = {t: i for i, t in enumerate(coded.RELATIONS, 1)}
plain_m = msql.replace(coded.encode_sql("?10", coded.TYPES), "?10").replace(
    coded.encode_sql("?19", coded.RELATIONS), "?19"
)
pre = [
    [r[:9] + (T.get(r[9], r[9]),) + r[10:18] + (R.get(r[18], r[18]),) + r[19:] for r in g] for g in mgroups
]


def run(name, sql, groups, setup=None):
    s = fresh()
    if setup:
        setup(s.db)
    s.db.execute("BEGIN")
    t = time.process_time()
    for g in groups:
        s.db.executemany(sql, g)
    d = time.process_time() - t
    s.db.execute("COMMIT")
    s.close()
    print(f"{name:40s} {d:.3f} s  {1e6 * d / sum(map(len, groups)):.2f} us/row", flush=True)


which = sys.argv[1:] or ["m", "pre", "nodd", "one", "e"]
for rep in range(2):
    if "m" in which:
        run("mentions as is", msql, mgroups)
    if "pre" in which:
        run("mentions precoded", plain_m, pre)
    if "nodd" in which:
        run(
            "mentions w/o mentions_doc_dates",
            msql,
            mgroups,
            lambda db: db.execute("DROP INDEX mentions_doc_dates"),
        )
    if "one" in which:
        run("mentions one executemany", msql, [sum(mgroups, [])])
    if "e" in which:
        run("edges as is", esql, egroups)
if "parts" in which:
    import sqlite3

    allm = sum(mgroups, [])
    cols = ",".join(f"c{i}" for i in range(31))
    for name, ddl in [
        ("mem table, no index", f"CREATE TABLE t({cols})"),
        ("mem table, pk(c0,c1)", f"CREATE TABLE t({cols}, PRIMARY KEY (c0, c1))"),
    ]:
        db = sqlite3.connect(":memory:")
        db.execute(ddl)
        q = f"INSERT INTO t VALUES ({','.join('?' * 31)})"
        db.execute("BEGIN")
        t = time.process_time()
        for g in mgroups:
            db.executemany(q, g)
        d = time.process_time() - t
        print(f"{name:40s} {d:.3f} s  {1e6 * d / len(allm):.2f} us/row", flush=True)

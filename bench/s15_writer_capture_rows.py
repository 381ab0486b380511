# ruff: noqa: B007, E402, SIM115 -- a throwaway probe of this session, kept as it was run
import pickle
import sys

sys.argv = [sys.argv[0]] + sys.argv[1:]
import importlib.util

from luocdo.store import db as dbmod

spec = importlib.util.spec_from_file_location("rp", "/work/wt-s15-writer/bench/s15_writer_replay.py")
rp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rp)
rows = {}
orig = dbmod.Store.__init__


def init(self, *a, **k):
    orig(self, *a, **k)
    real = self.db

    class W:
        def __getattr__(s, n):
            return getattr(real, n)

        def execute(s, sql, *a):
            if sql.startswith("INSERT INTO files") or sql.startswith("INSERT INTO documents"):
                rows.setdefault(sql, []).append(a[0])
            return real.execute(sql, *a)

        def executemany(s, sql, r):
            r = list(r)
            rows.setdefault(sql, []).extend(r)
            return real.executemany(sql, r)

    self.db = W()


dbmod.Store.__init__ = init

rp.replay(sys.argv[1], sys.argv[2], None, False)
pickle.dump(rows, open(sys.argv[3], "wb"))
print({k[:40]: len(v) for k, v in rows.items()})

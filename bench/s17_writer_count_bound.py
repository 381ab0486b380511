"""What the writer binds, by statement and by type, and where the None are: the replay of a capture
(bench/s15_writer_replay.py) through a wrapped connection.

    PYTHONPATH=src python bench/s17_writer_count_bound.py CAPTURE.pickle STORE.db
"""

import pickle
import sys
from collections import Counter
from pathlib import Path

from luocdo.store import db as dbmod

with open(sys.argv[1], "rb") as f:
    batches = pickle.load(f)
files = sum(len(b) for b in batches)
s = dbmod.Store(Path(sys.argv[2]))
real = s.db
nones = Counter()
types = Counter()
rows = Counter()
percol = {}


class W:
    def __getattr__(self, n):
        return getattr(real, n)

    def execute(self, sql, p=()):
        self._count(sql, [p])
        return real.execute(sql, p)

    def executemany(self, sql, ps):
        ps = list(ps)
        self._count(sql, ps)
        return real.executemany(sql, ps)

    def _count(self, sql, ps):
        k = sql[:40]
        for p in ps:
            if isinstance(p, dict):
                continue
            rows[k] += 1
            for i, v in enumerate(p):
                types[(k, type(v).__name__)] += 1
                if v is None:
                    percol.setdefault(k, Counter())[i] += 1


s.db = W()


def source(stored_sha):
    for b in batches:
        yield from b


for _ in s.ingest_prepared(source, expected_files=files):
    pass
for (k, t), n in sorted(types.items(), key=lambda x: -x[1])[:40]:
    print(f"{n:9d} {t:10s} {k}  (rows {rows[k]})")
for k, c in percol.items():
    if rows[k] > 1000:
        print(k, sorted(c.items()))

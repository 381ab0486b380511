# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
import pickle
import sys
import time
from collections import defaultdict

from luocdo.extract import issuers
from luocdo.extract.groups import index

calls = pickle.load(open(sys.argv[1], "rb"))
p = issuers._issuer_re()[0]
g = index(p)
kinds = ["central", "ministry", "ubnd", "hdnd", "tdkt", "agency", "named", "org", "dept", "tu", "hu", "phong"]
by = defaultdict(list)
for t, i in calls:
    m = p.match(t, i)
    k = "fail" if not m else next((k for k in kinds if m.group(g[k])), "?")
    if m and m.group(g["title"]):
        k += "+title"
    by[k].append((t, i))
tot = 0
for k, L in sorted(by.items(), key=lambda x: -len(x[1])):
    t0 = time.perf_counter()
    for _ in range(3):
        for t, i in L:
            p.match(t, i)
    dt = (time.perf_counter() - t0) / 3
    tot += dt
    print(f"{k:14} {len(L):6} {dt / len(L) * 1e6:7.2f} us  total {dt * 1e3:7.1f} ms")
print("total ms", tot * 1e3)

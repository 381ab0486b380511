# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
"""Record match_issuer's (text, pos) calls over N reports, then time the pattern on them."""

import pickle
import sys
import time
from pathlib import Path

from luocdo.extract import issuers
from luocdo.store import prepare

calls = []
orig = issuers.match_issuer


def rec(text, pos):
    calls.append((text, pos))
    return orig(text, pos)


issuers.match_issuer = rec
import luocdo.extract.citations as c
import luocdo.resolve.in_document as r

c.match_issuer = rec
r.match_issuer = rec
files = sorted(Path(sys.argv[1]).iterdir())[:: int(sys.argv[3])][: int(sys.argv[2])]
for f in files:
    prepare.extract_for_store(f.read_bytes(), f.name, str(f), store="/tmp/s15-extract/dummy.db")
pickle.dump(calls, open(sys.argv[4], "wb"))
p = issuers._issuer_re()[0]
ok = [(t, i) for t, i in calls if p.match(t, i)]
fail = [(t, i) for t, i in calls if not p.match(t, i)]
from collections import Counter

print(len(calls), "calls", len(ok), "match", len(fail), "fail")
print("first chars of fails", Counter(t[i : i + 1] for t, i in fail).most_common(30))
print("first chars of ok", Counter(t[i : i + 1] for t, i in ok).most_common(30))
for name, L in (("ok", ok), ("fail", fail)):
    t0 = time.perf_counter()
    for _ in range(5):
        for t, i in L:
            p.match(t, i)
    print(name, (time.perf_counter() - t0) / 5 / max(1, len(L)) * 1e6, "us per call")

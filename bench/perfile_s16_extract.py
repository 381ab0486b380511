#!/usr/bin/env python3
"""Per-file CPU of extract_for_store: each file of a folder run REPS times in a row, the minimum
process_time kept (a noisy shared machine: the minimum is the least disturbed). Prints JSON {name: us}."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import luocdo.pipeline  # noqa: F401
from luocdo.store.prepare import extract_for_store

files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_file())
reps = int(sys.argv[2])
datas = [(f.read_bytes(), f.name, str(f)) for f in files]
for d in datas[:3]:
    extract_for_store(*d)
out = {}
for d in datas:
    best = float("inf")
    for _ in range(reps):
        t = time.process_time()
        extract_for_store(*d)
        best = min(best, time.process_time() - t)
    out[d[1]] = round(best * 1e6, 1)
json.dump(out, sys.stdout)

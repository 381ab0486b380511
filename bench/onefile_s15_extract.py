#!/usr/bin/env python3
"""onefile_s15_extract.py FILE REPS: extract_for_store on one file REPS times after a warm-up; prints the
median and min process_time in µs (run it alternately with base and branch src)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import luocdo.pipeline  # noqa: F401
from luocdo.store.prepare import extract_for_store

f = Path(sys.argv[1])
d = (f.read_bytes(), f.name, str(f))
extract_for_store(*d)
ts = []
for _ in range(int(sys.argv[2])):
    t = time.process_time()
    extract_for_store(*d)
    ts.append(time.process_time() - t)
print(f"{f.name} median {statistics.median(ts) * 1e6:.0f} min {min(ts) * 1e6:.0f} us")

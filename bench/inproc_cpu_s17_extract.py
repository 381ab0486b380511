#!/usr/bin/env python3
"""CPU per report of the ingest worker's function, in one process: extract_for_store over every file of
a folder (read first), after three warm-up reports; time.process_time around the loop only (no start-up,
no imports, no lazy compiles of the first reports). Prints: folder reports cpu_s us_per_report load."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import luocdo.pipeline  # noqa: F401
from luocdo.store.prepare import extract_for_store

files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_file())
datas = [(f.read_bytes(), f.name, str(f)) for f in files]
for d in datas[-3:]:
    extract_for_store(*d)
load = Path("/proc/loadavg").read_text().split()[:3]
t = time.process_time()
for d in datas:
    extract_for_store(*d)
cpu = time.process_time() - t
print(f"{sys.argv[1]} {len(datas)} {cpu:.3f} {cpu / len(datas) * 1e6:.1f} load {' '.join(load)}")

#!/usr/bin/env python3
"""extract_for_store over N files of a folder (every STEP-th, default 1: the first N), after one warm-up
report; run under
``valgrind --tool=callgrind --instr-atstart=no`` (bench/worker_callgrind_s11.sh): instrumentation is
switched on after the warm-up and the reading, so the count is the N reports' alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import luocdo.pipeline  # noqa: F401
from luocdo.store.prepare import extract_for_store

files = sorted(Path(sys.argv[1]).iterdir())
n = int(sys.argv[2])
step = int(sys.argv[3]) if len(sys.argv) > 3 else 1
extract_for_store(files[-1].read_bytes(), files[-1].name, str(files[-1]))
datas = [(f.read_bytes(), f.name, str(f)) for f in files[::step][:n]]
subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
for d in datas:
    extract_for_store(*d)

"""Imported first by the workers' server when bench/s15_head_timeline.py runs: when its preload starts."""

import os
import sys
import time

t0 = os.environ.get("S14_HEAD_T0")
if t0:
    print(f"{time.monotonic() - float(t0):7.3f} server preload start", file=sys.stderr)

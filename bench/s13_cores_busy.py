#!/usr/bin/env python3
"""How many of the machine's cores a command keeps busy, every 0.25 s (from /proc/stat, so other
processes count too: run it on a quiet machine), and the core-seconds left idle while it ran:

    .venv/bin/python bench/s13_cores_busy.py .venv/bin/luocdo ingest /tmp/syn5000 --store /tmp/s.db --jobs 2
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

STEP = 0.25


def _stat() -> tuple[int, int]:
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return values[3] + values[4], sum(values)  # idle + iowait, all


def main() -> None:
    cores = os.cpu_count() or 1
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    t0, before, busy = time.monotonic(), _stat(), []
    while p.poll() is None:
        time.sleep(STEP)
        now = _stat()
        idle, total = now[0] - before[0], now[1] - before[1]
        before = now
        busy.append((time.monotonic() - t0, cores * (1 - idle / max(total, 1))))
    for t, b in busy:
        print(f"{t:6.2f} {b:4.2f} " + "#" * int(b * 20), file=sys.stderr)
    print(f"idle core-seconds {sum((cores - b) * STEP for _, b in busy):.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()

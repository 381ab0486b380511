#!/usr/bin/env python3
"""Small commands, whole process tree, base and branch alternating: wall and CPU (user+sys of the
process and every child it waited for, from os.wait4; plus the children it did not wait for, the
workers' server, from /proc while it runs is not needed here: a small ingest starts no workers).

    python bench/s15_head_small_runs.py BASE_SRC BRANCH_SRC RUNS STORE_5K OUT_DIR
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = "/work/main/.venv/bin/python"


def run(src: str, argv: list[str]) -> tuple[float, float, int]:
    env = {**os.environ, "PYTHONPATH": src, "PYTHONDONTWRITEBYTECODE": "1"}
    t0 = time.monotonic()
    p = subprocess.Popen(
        [PY, "-m", "luocdo", *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def main() -> None:
    base, branch, runs, store, out = (
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        sys.argv[4],
        Path(sys.argv[5]),
    )
    out.mkdir(parents=True, exist_ok=True)
    figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for i in range(runs):
        for side, src in (("base", base), ("branch", branch)):
            for name in ("ingest new10", "implementers"):
                if name == "ingest new10":
                    db = out / "small.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{db}{suffix}").unlink(missing_ok=True)
                    argv = ["ingest", "/tmp/new10", "--store", str(db), "--jobs", "2", "-q"]
                else:
                    argv = ["implementers", "26/CT-TTg", "--store", store]
                load = Path("/proc/loadavg").read_text().split()[0]
                wall, cpu, rc = run(src, argv)
                figures.setdefault((name, side), []).append((wall, cpu))
                print(f"run {i} {side:6} {name:14} wall {wall:.3f} cpu {cpu:.3f} rc {rc} load {load}")
    for (name, side), v in sorted(figures.items()):
        print(
            f"median {name:14} {side:6} wall {statistics.median(w for w, _ in v):.3f}"
            f" cpu {statistics.median(c for _, c in v):.3f}"
        )
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()

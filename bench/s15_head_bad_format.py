#!/usr/bin/env python3
"""CPU of the whole process tree (the workers' server included, sampled from /proc every 10 ms until
it is gone too) of `luocdo extract /tmp/syn1000 --format xml --jobs 2`, which click refuses, base and
branch alternating:

    python bench/s15_head_bad_format.py BASE_SRC BRANCH_SRC PAIRS
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_ingest import _sample, _tree  # noqa: E402

PY = "/work/main/.venv/bin/python"


def run(src: str) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": src, "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [PY, "-m", "luocdo", "extract", "/tmp/syn1000", "--format", "xml", "--jobs", "2"]
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu: dict[int, float] = {}
    pids = {p.pid}
    while True:
        alive = False
        for pid in _tree(p.pid) if p.poll() is None else list(pids):
            s = _sample(pid)
            if s is None:
                continue
            alive = True
            pids.add(pid)
            cpu[pid] = max(cpu.get(pid, 0.0), s[0])
        if p.poll() is not None and not alive:
            break
        if p.poll() is not None:  # the server outlives the command until its preload is done
            pids = {q for q in pids if _sample(q) is not None}
            if not pids:
                break
        time.sleep(0.01)
    return sum(cpu.values()), len(cpu)


def main() -> None:
    base, branch, pairs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    out: dict[str, list[float]] = {"base": [], "branch": []}
    for i in range(pairs):
        for side, src in (("base", base), ("branch", branch)):
            load = Path("/proc/loadavg").read_text().split()[0]
            cpu, processes = run(src)
            out[side].append(cpu)
            print(f"pair {i} {side:6} cpu {cpu:.2f} s processes {processes} load {load}")
    for side, v in out.items():
        print(f"median {side:6} cpu {statistics.median(v):.2f} s")


if __name__ == "__main__":
    main()

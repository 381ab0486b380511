#!/usr/bin/env python3
"""Does a process extracting next to another one need more CPU for the same work? (s12-workers)

    python bench/s12_workers_pair.py /tmp/syn5000 --files 1000 --pairs 3 --src src

Each trial extracts the same FILES reports (extract_for_store, warm process: the forkserver's warm-up
first, not timed) in a fresh process and reports its CPU (time.process_time); "alone" runs one such
process, "together" PROCS at once (the others on the next FILES reports each), on one CPU with --cpu.
Trials alternate.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = """
import sys, time
from pathlib import Path
from luocdo.store import prepare, warm_workers
files = sorted(Path(sys.argv[1]).glob('*.md'))[int(sys.argv[2]):int(sys.argv[3])]
data = [(p.read_bytes(), p.name, str(p)) for p in files]
t = time.process_time()
for d, n, k in data:
    prepare.extract_for_store(d, n, k)
print(time.process_time() - t)
"""


def trial(corpus: Path, n: int, together: int, env: dict) -> list[float]:
    starts = [i * n for i in range(max(1, together))]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(corpus), str(s), str(s + n)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for s in starts
    ]
    return [float(p.communicate()[0]) for p in procs]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--src", default="src")
    ap.add_argument("--procs", type=int, default=2, help="processes at once in a 'together' trial")
    ap.add_argument("--cpu", type=int, help="run every process on this one CPU (sched_setaffinity)")
    a = ap.parse_args()
    if a.cpu is not None:
        os.sched_setaffinity(0, {a.cpu})
    env = dict(os.environ, PYTHONPATH=str(Path(a.src).resolve()), PYTHONDONTWRITEBYTECODE="1")
    alone, together = [], []
    for _ in range(a.pairs):
        for mode in (False, True):
            load = os.getloadavg()[0]
            cpu = trial(a.corpus, a.files, a.procs if mode else 1, env)
            (together if mode else alone).append(cpu[0])
            print(
                json.dumps({"together": mode, "cpu_s": [round(c, 3) for c in cpu], "load1": round(load, 2)}),
                flush=True,
            )
    print(
        json.dumps(
            {
                "alone_median": round(statistics.median(alone), 3),
                "together_median_first": round(statistics.median(together), 3),
            }
        )
    )


if __name__ == "__main__":
    main()

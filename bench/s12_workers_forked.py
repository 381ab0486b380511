#!/usr/bin/env python3
"""Is a process forked from a warmed-up server (as the forkserver's workers are) slower per report than
the process that warmed up? (s12-workers) Alternates: extract FILES reports in the warmed process itself,
then in a child forked from it after the warm-up; CPU by time.process_time in the process that extracts.

    PYTHONPATH=src python bench/s12_workers_forked.py /tmp/syn5000 --files 1000 --pairs 3
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from luocdo.store import (
    prepare,
    warm_workers,  # noqa: F401 -- the forkserver's preload
)


def extract(data: list[tuple[bytes, str, str]]) -> float:
    t = time.process_time()
    for d, n, k in data:
        prepare.extract_for_store(d, n, k)
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--pairs", type=int, default=3)
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*.md"))[: a.files]
    data = [(p.read_bytes(), p.name, str(p)) for p in files]
    for _ in range(a.pairs):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.write(w, repr(extract(data)).encode())
            os._exit(0)
        os.close(w)
        forked = float(os.read(r, 100))
        os.waitpid(pid, 0)
        os.close(r)
        own = extract(data)  # the warmed process itself (its caches now hold these files' look-ups too)
        print(json.dumps({"forked_s": round(forked, 3), "own_s": round(own, 3), "load1": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()

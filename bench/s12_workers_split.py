#!/usr/bin/env python3
"""Does splitting the reports between two processes cost CPU by itself (each filling its own caches)?
(s12-workers) From one warmed-up process (the forkserver's preload), alternately: one forked child
extracts FILES reports; two forked children, one after the other (never at once), extract them split as
the pool splits them (chunks of CHUNK_FILES, dealt in turn). CPU by time.process_time in each child.

    PYTHONPATH=src python bench/s12_workers_split.py /tmp/syn5000 --files 2000 --pairs 2
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


def in_child(data: list[tuple[bytes, str, str]]) -> float:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        t = time.process_time()
        for d, n, k in data:
            prepare.extract_for_store(d, n, k)
        os.write(w, repr(time.process_time() - t).encode())
        os._exit(0)
    os.close(w)
    out = float(os.read(r, 100))
    os.waitpid(pid, 0)
    os.close(r)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--pairs", type=int, default=2)
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*.md"))[: a.files]
    data = [(p.read_bytes(), p.name, str(p)) for p in files]
    c = prepare.CHUNK_FILES
    halves = [[x for i, x in enumerate(data) if (i // c) % 2 == h] for h in (0, 1)]
    for _ in range(a.pairs):
        one = in_child(data)
        two = [in_child(h) for h in halves]
        print(
            json.dumps(
                {
                    "one_s": round(one, 3),
                    "two_s": [round(x, 3) for x in two],
                    "two_sum_s": round(sum(two), 3),
                    "load1": os.getloadavg()[0],
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()

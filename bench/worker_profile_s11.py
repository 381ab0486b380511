#!/usr/bin/env python3
"""The ingest worker's function (store/prepare.py:extract_for_store, no store) over reports, in-process.

    PYTHONPATH=SRC python bench/worker_profile_s11.py cpu  FOLDER...   # CPU seconds of the reports
    PYTHONPATH=SRC python bench/worker_profile_s11.py prof FOLDER...   # cProfile (CPU clock), top 45

One warm-up report first; the files are read before the clock starts.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

import luocdo.pipeline  # noqa: F401 -- imported before the clock
from luocdo.store.prepare import extract_for_store


def main() -> None:
    mode = sys.argv[1]
    files: list[Path] = []
    for a in sys.argv[2:]:
        p = Path(a)
        files += sorted(p.iterdir()) if p.is_dir() else [p]
    datas = [(f.read_bytes(), f.name, str(f)) for f in files]
    extract_for_store(*datas[0])

    def run() -> int:
        n = 0
        for d in datas:
            out = extract_for_store(*d)
            n += 0 if isinstance(out, str) else len(out[2].mentions)
        return n

    if mode == "prof":
        pr = cProfile.Profile(time.process_time)
        pr.enable()
        n = run()
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(45)
        print("mentions", n)
    else:
        t = time.process_time()
        n = run()
        print("mentions", n, "cpu", time.process_time() - t, "files", len(datas))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""One pair of bench_ingest.py runs (60b9071 first, then this tree, or --branch-first) whose stores are
kept, so that the same runs are both measured and compared row by row (bench/s13_settle_dump.py,
bench/same_graph.py).

    python bench/s17_writer_pair_kept.py CORPUS JOBS OUT_DIR JSONL [--branch-first]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import run_ingest  # noqa: E402

BASE = "/work/wt-base17g/src"
HERE = str(Path(__file__).resolve().parents[1] / "src")


def main() -> None:
    corpus, jobs, out, jsonl = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    sides = [("base", BASE), ("branch", HERE)]
    if "--branch-first" in sys.argv:
        sides.reverse()
    out.mkdir(parents=True, exist_ok=True)
    for name, src in sides:
        store = out / f"{name}.db"
        for p in (store, Path(f"{store}-wal"), Path(f"{store}-shm")):
            p.unlink(missing_ok=True)
        r = run_ingest(corpus, jobs, src, keep=store)
        print(json.dumps(r, ensure_ascii=False), flush=True)
        with jsonl.open("a") as f:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

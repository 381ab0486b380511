#!/usr/bin/env python3
"""What a worker does for N reports, in one process, stage by stage (for callgrind: run it once per
stage and subtract; s12-workers).

    PYTHONPATH=src valgrind --tool=callgrind python bench/s12_workers_inprocess.py CORPUS STORE STAGE

STAGE: warm (the forkserver's imports and warm-up only), extract (+ extract_for_store of every report,
reading and hashing them as a worker does), compress (+ the sentences compressed with STORE's
dictionary), pickle (+ the results pickled by chunks of CHUNK_FILES as a worker sends them).
"""

from __future__ import annotations

import sys
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

from luocdo.store import (
    prepare,
    warm_workers,  # noqa: F401 -- what the forkserver preloads
)

STAGES = ("warm", "extract", "compress", "pickle")


def main() -> None:
    corpus, store, stage = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    upto = STAGES.index(stage)
    if upto < 1:
        return
    fn = (
        prepare.extract_for_store if upto < 2 else (lambda d, n, k: prepare.extract_for_store(d, n, k, store))
    )
    out = [prepare.extract_item(fn, p, p.name, str(p)) for p in sorted(corpus.glob("*.md"))]
    if upto < 3:
        return
    for i in range(0, len(out), prepare.CHUNK_FILES):
        ForkingPickler.dumps(out[i : i + prepare.CHUNK_FILES])


if __name__ == "__main__":
    main()

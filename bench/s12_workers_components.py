#!/usr/bin/env python3
"""The per-report pieces of what a `--jobs 2` ingest does twice or in addition, measured in one process
(s12-workers): extraction to the store's rows, the sentences' compression, and the pickling of a worker's
results (a chunk of CHUNK_FILES reports, as ProcessPoolExecutor sends it) and their unpickling.

    PYTHONPATH=src python bench/s12_workers_components.py /tmp/syn5000 --store /tmp/x/dict1k.db

CPU by time.process_time; the store gives the sentence dictionary (any store with one).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import time
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

from luocdo.store import (
    prepare,
    sentence_blobs,
    warm_workers,  # noqa: F401 -- the warm-up the forkserver does
)


def _dumps(obj) -> bytes:
    return bytes(ForkingPickler.dumps(obj))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*.md"))
    if a.limit:
        files = files[: a.limit]
    data = [(p.read_bytes(), p.name, str(p)) for p in files]
    out: dict = {"reports": len(data), "load": os.getloadavg()}

    t = time.process_time()
    results = [prepare.extract_for_store(d, n, k) for d, n, k in data]
    out["extract_for_store_s"] = time.process_time() - t

    c = sentence_blobs.compressor_for(str(a.store.resolve()))
    assert c is not None and c.dict_id
    t = time.process_time()
    for r in results:
        rows = r[2]
        rows.blobs, rows.blobs_dict = [c(s) for s in rows.sentences], sentence_blobs.signature(c)
    out["compress_s"] = time.process_time() - t

    sent = [(None, len(d[0]), r) for d, r in zip(data, results, strict=True)]
    chunks = [sent[i : i + prepare.CHUNK_FILES] for i in range(0, len(sent), prepare.CHUNK_FILES)]
    t = time.process_time()
    blobs = [_dumps(ch) for ch in chunks]
    out["dumps_s"] = time.process_time() - t
    out["pickled_bytes"] = sum(map(len, blobs))
    t = time.process_time()
    for b in blobs:
        pickle.loads(b)
    out["loads_s"] = time.process_time() - t

    # what the pickles are made of: each field of the rows pickled alone (bytes, whole run)
    parts: dict[str, int] = {}
    for r in results:
        rows = r[2]
        for f in (
            "header",
            "header_json",
            "mentions",
            "relations",
            "sentences",
            "warnings",
            "cited",
            "blobs",
        ):
            parts[f] = parts.get(f, 0) + len(_dumps(getattr(rows, f)))
    out["bytes_by_field"] = parts
    t = time.process_time()
    hs = [_dumps(r[2].header) for r in results]
    out["dumps_header_s"] = time.process_time() - t
    t = time.process_time()
    for h in hs:
        pickle.loads(h)
    out["loads_header_s"] = time.process_time() - t
    # each field dumped and loaded alone, whole run (CPU s); mentions also as plain tuples
    cost: dict[str, float] = {}
    for f in ("header", "header_json", "mentions", "relations", "sentences", "cited", "blobs"):
        objs = [getattr(r[2], f) for r in results]
        if f == "mentions":
            variants = {"mentions": objs, "mentions_as_tuples": [[tuple(m) for m in ms] for ms in objs]}
        else:
            variants = {f: objs}
        for name, vs in variants.items():
            t = time.process_time()
            bs = [_dumps(v) for v in vs]
            d = time.process_time() - t
            t = time.process_time()
            for b in bs:
                pickle.loads(b)
            cost[name] = (round(d, 3), round(time.process_time() - t, 3), sum(map(len, bs)))
    out["dumps_loads_bytes_by_field"] = cost
    print(json.dumps(out, indent=1, default=lambda x: round(x, 3) if isinstance(x, float) else x))


if __name__ == "__main__":
    main()

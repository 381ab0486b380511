#!/usr/bin/env python3
"""Which preset dictionary compresses a store's sentences best: its own (first 32 KB of its sentences),
one trained on another corpus, or none. Reads stores through luocdo (schema 9).

    .venv/bin/python bench/bench_sentence_dict.py REAL_POOL.db SYNTH_10K.db

Results of 2026-12-06 (schema 9 section of docs/scale.md): bench_sentence_dict_s7.txt.
"""

import sqlite3
import sys

from luocdo.store.compressed import Compressor, register, train


def sentences(path):
    db = sqlite3.connect(path)
    register(db)
    return [r[0] for r in db.execute("SELECT luocdo_sentence(z) FROM sentences ORDER BY file_id, n")]


real = sentences(sys.argv[1])
synth = sentences(sys.argv[2])
own = train(real)
foreign = train(synth)
for name, test in (("real pool, all", real), ("synthetic 10k, all", synth)):
    raw = sum(len(s.encode()) for s in test)
    for dname, d in (
        ("none", b""),
        ("own store's first 32 KB", train(test)),
        ("real pool's", own),
        ("synthetic's", foreign),
    ):
        c = Compressor(1, d) if d else Compressor()
        out = sum(len(c(s)) for s in test)
        print(
            f"{name:20s} dict={dname:26s} raw {raw / 1e6:6.2f} MB -> {out / 1e6:6.2f} MB  {raw / out:4.2f}x"
        )

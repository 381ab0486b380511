"""What an ingest worker spends per report beyond extract_bytes, in one process (1,000 reports of a corpus,
best of REPEAT passes of process_time): extract_bytes; + file_rows (evidence, cited parts); + sentence
compression with STORE's dictionary (extract_for_store); + the crossing's plain values (extract_for_writer,
where the tree has it); + pickling the results in chunks of 8.
usage: s14_pipe_worker_parts.py CORPUS STORE [REPEAT] (PYTHONPATH=a tree's src)"""

import pickle
import sys
import time
from functools import partial
from pathlib import Path

from luocdo.store import prepare

files = sorted(Path(sys.argv[1]).glob("*.md"))[:1000]
store = sys.argv[2]
repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 3
data = [(f.read_bytes(), f.name, str(f)) for f in files]
steps = [
    ("extract_bytes", prepare.extract_bytes),
    ("extract_for_store (no store)", prepare.extract_for_store),
    ("extract_for_store (store)", partial(prepare.extract_for_store, store=store)),
]
if hasattr(prepare, "extract_for_writer"):
    steps.append(("extract_for_writer (store)", partial(prepare.extract_for_writer, store=store)))
for d in data[:20]:
    prepare.extract_for_store(*d, store=store)
for name, fn in steps:
    best, outs = 1e9, None
    for _ in range(repeat):
        t = time.process_time()
        outs = [fn(*d) for d in data]
        best = min(best, time.process_time() - t)
    chunks = [outs[i : i + 8] for i in range(0, len(outs), 8)]
    t = time.process_time()
    [pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL) for c in chunks]
    p = time.process_time() - t
    print(f"{name:30s} {best * 1000:7.1f} ms per 1,000 reports; pickling its results {p * 1000:5.1f} ms")
print("load", Path("/proc/loadavg").read_text().split()[:3])

"""The replay's write phase alone under callgrind: run with --instr-atstart=no; instrumentation switched on
(callgrind_control -i on) after the capture is loaded and the store opened, off at _end_bulk."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

from luocdo.store import db as dbmod

pick, store = sys.argv[1:3]
with open(pick, "rb") as f:
    batches = pickle.load(f)
limit = int(os.environ.get("S15_FILES", "0"))
if limit:
    kept, n = [], 0
    for b in batches:
        if n >= limit:
            break
        kept.append(b[: limit - n])
        n += len(kept[-1])
    batches = kept
files = sum(len(b) for b in batches)
s = dbmod.Store(Path(store))
real_end = dbmod.Store._end_bulk


def ctl(flag):
    subprocess.run(["callgrind_control", "-i", flag, str(os.getpid())], check=True, capture_output=True)


def end(self):
    ctl("off")
    real_end(self)


dbmod.Store._end_bulk = end


def source(stored_sha):
    for b in batches:
        yield from b


ctl("on")
for _ in s.ingest_prepared(source, expected_files=files):
    pass
s.close()
print("files", files)

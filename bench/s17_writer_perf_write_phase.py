"""The replay's write phase under perf (attached after the pickle is loaded, stopped at _end_bulk)."""

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

from luocdo.store import db as dbmod

pick, store, out = sys.argv[1:4]
extra = sys.argv[4:]
with open(pick, "rb") as f:
    batches = pickle.load(f)
files = sum(len(b) for b in batches)
s = dbmod.Store(Path(store))
real_end = dbmod.Store._end_bulk
t = {}


def end(self):
    t["w"] = time.process_time() - t["t0"]
    p.send_signal(signal.SIGINT)
    p.wait()
    real_end(self)


dbmod.Store._end_bulk = end


def source(stored_sha):
    for b in batches:
        yield from b


p = subprocess.Popen(["perf", "record", "-q", "-F", "4000", *extra, "-o", out, "-p", str(os.getpid())])
time.sleep(1.0)
t["t0"] = time.process_time()
for _ in s.ingest_prepared(source, expected_files=files):
    pass
s.close()
print("write_cpu", round(t["w"], 3))

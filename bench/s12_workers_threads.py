#!/usr/bin/env python3
"""The writer's side of the worker pool, thread by thread (s12-workers): prepared() as ingest calls it,
its results dropped, with the executor's manager thread timed by its own CPU clock (the results' pipe
reads and unpickling apart), the main thread's and the process's CPU, and the number of results the
workers sent (one per task).

    PYTHONPATH=src python bench/s12_workers_threads.py /tmp/syn5000 STORE.db [JOBS]

STORE: any store with a sentence dictionary (the workers compress with it, as in an ingest).
"""

from __future__ import annotations

import concurrent.futures.process as cfp
import json
import multiprocessing.connection as mc
import os
import sys
import time
from pathlib import Path

from luocdo.store.prepare import prepared

acc = {"recv_s": 0.0, "unpickle_s": 0.0, "results": 0, "bytes": 0, "manager_thread_s": 0.0}


def _recv(self):
    t = time.thread_time()
    buf = self._recv_bytes()
    t1 = time.thread_time()
    out = mc._ForkingPickler.loads(buf.getbuffer())
    acc["recv_s"] += t1 - t
    acc["unpickle_s"] += time.thread_time() - t1
    acc["results"] += 1
    acc["bytes"] += buf.getbuffer().nbytes
    return out


_run = cfp._ExecutorManagerThread.run


def _timed_run(self):
    try:
        _run(self)
    finally:
        acc["manager_thread_s"] = time.thread_time()


if __name__ == "__main__":
    mc.Connection.recv = _recv
    cfp._ExecutorManagerThread.run = _timed_run
    corpus, store = Path(sys.argv[1]), Path(sys.argv[2])
    jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    load = os.getloadavg()
    for _ in prepared(sorted(corpus.glob("*.md")), lambda key: None, jobs, for_store=True, store=store):
        pass
    out = {k: round(v, 3) if isinstance(v, float) else v for k, v in acc.items()}
    out.update(main_thread_s=round(time.thread_time(), 3), process_s=round(time.process_time(), 3))
    print(json.dumps({"src": os.environ.get("PYTHONPATH", ""), "load": [round(x, 2) for x in load], **out}))

"""The pipeline alone (prepared(..., for_store=True), results taken, nothing written) with the main thread under
cProfile timed by time.thread_time: prints the process's CPU, the main thread's and the other threads' (the pool's manager
and feeder threads: unpickling, futures, queues), then the main thread's top functions.
usage: s14_pipe_thread_profile.py CORPUS N JOBS STORE (PYTHONPATH=a tree's src)"""

import cProfile
import pstats
import sys
import time
from pathlib import Path

from luocdo.store import prepare

corpus, n, jobs, store = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
files = sorted(corpus.glob("*.md"))[:n]
if __name__ == "__main__":
    p0, t0 = time.process_time(), time.thread_time()
    prof = cProfile.Profile(time.thread_time)
    prof.enable()
    for p in prepare.prepared(files, lambda key: None, jobs, for_store=True, store=store):
        p.for_store()
    prof.disable()
    p1, t1 = time.process_time(), time.thread_time()
    print(
        f"process {p1 - p0:.3f} s, main thread {t1 - t0:.3f} s, other threads {(p1 - p0) - (t1 - t0):.3f} s"
    )
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)

"""CPU of the pipeline alone: prepared(files, jobs=J, for_store=True, store=STORE) consumed without
writing (each Prepared's for_store() taken, as the writer does). Prints the writer's CPU (this process,
all its threads) and the workers' (the forkserver's children, reaped once the server is stopped).
usage: s14_pipe_cpu.py CORPUS N JOBS STORE [CHUNK_FILES (every chunk)]"""

import multiprocessing.forkserver as fs
import os
import resource
import sys
import time
from pathlib import Path

from luocdo.store import prepare

corpus, n, jobs, store = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
if len(sys.argv) > 5:
    prepare.CHUNK_FILES = prepare.STEADY_CHUNK_FILES = int(sys.argv[5])
files = sorted(corpus.glob("*.md"))[:n]


def cpu(who):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


if __name__ == "__main__":
    t0, w0 = time.monotonic(), cpu(resource.RUSAGE_SELF)
    got = 0
    for p in prepare.prepared(files, lambda key: None, jobs, for_store=True, store=store):
        got += len(p.for_store().mentions)
    w1 = cpu(resource.RUSAGE_SELF)
    wall = time.monotonic() - t0
    if fs._forkserver._forkserver_pid is not None:
        fs._forkserver._stop()
    kids = cpu(resource.RUSAGE_CHILDREN)
    print(
        f"{os.environ.get('PYTHONPATH', '')[-16:]} jobs {jobs} chunk {prepare.CHUNK_FILES}/{getattr(prepare, 'STEADY_CHUNK_FILES', prepare.CHUNK_FILES)} files {len(files)}:"
        f" writer {w1 - w0:.3f} s, workers+server {kids:.3f} s, tree {w1 - w0 + kids:.3f} s, wall {wall:.2f} s,"
        f" mentions {got}, load {Path('/proc/loadavg').read_text().split()[0]}"
    )

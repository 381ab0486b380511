import os
import time
from functools import partial
from pathlib import Path

from luocdo.store import Store, prepare

st = Store(Path("/tmp/s14-head/fc.db"))
st.close()
files = sorted(Path("/tmp/syn5000").glob("*.md"))


def timed_chunk(fn, items):
    t = time.process_time()
    w = time.monotonic()
    prepare.extract_chunk(fn, items)
    return time.process_time() - t, time.monotonic() - w, os.getpid()


if __name__ == "__main__":
    prepare.start_workers_early(100, 2)
    pool = prepare._new_pool(2)
    fn = partial(prepare.extract_for_store, store="/tmp/s14-head/fc.db")
    t = time.monotonic()
    futs = [
        pool.submit(timed_chunk, fn, [(p, p.name, str(p)) for p in files[i * 8 : (i + 1) * 8]])
        for i in range(6)
    ]
    for f in futs:
        print([round(x, 4) if isinstance(x, float) else x for x in f.result()], f"{time.monotonic() - t:.3f}")
    pool.shutdown()

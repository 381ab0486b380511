"""pickle dumps+loads of 1,000 reports' worker results (chunks of 8), as base sends them (extract_for_store)
and as the branch does (extract_for_writer + crossing.file_rows on the writer's side).
usage: s14_pipe_pickle.py CORPUS STORE extract_for_store|extract_for_writer (run with PYTHONPATH=a tree's src)
"""

import pickle
import sys
import time
from pathlib import Path

from luocdo.store import prepare

files = sorted(Path(sys.argv[1]).iterdir())[:1000]
store = sys.argv[2]
fn_name = sys.argv[3]
fn = prepare.partial(getattr(prepare, fn_name), store=store)
outs = [prepare.extract_item(fn, f, f.name, str(f)) for f in files]
t = time.process_time()
for _ in range(5):
    outs = [prepare.extract_item(fn, f, f.name, str(f)) for f in files]
print(f"{fn_name}: {(time.process_time() - t) / 5 * 1000:.0f} ms per 1000 files (extraction included)")
chunks = [outs[i : i + 8] for i in range(0, len(outs), 8)]


def best(f, n=7):
    b = 1e9
    for _ in range(n):
        t = time.process_time()
        r = f()
        b = min(b, time.process_time() - t)
    return b * 1000, r


d, ps = best(lambda: [pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL) for c in chunks])
loads_s, back = best(lambda: [pickle.loads(p) for p in ps])


class F:  # a ReadFile stand-in for _taken
    sha = size = None


r, _ = best(lambda: [[prepare._taken(F(), o) for o in c] for c in back])
print(
    f"dumps {d:.1f} ms loads {loads_s:.1f} ms _taken {r:.1f} ms per 1000 files; bytes/file {sum(map(len, ps)) / 1000:.0f}"
)

import sys
import time

from luocdo.load.listing import ReportFiles
from luocdo.store import prepare


def cpu(f, n=5):
    best = 1e9
    for _ in range(n):
        t = time.process_time()
        f()
        best = min(best, time.process_time() - t)
    return best


src = sys.argv[1]
files = ReportFiles([src])
paths = list(files)
print("walk (second)", f"{cpu(lambda: list(files)):.4f}")


def keys():
    k = prepare._store_keys()
    for p in paths:
        k(p)


print("_store_keys", f"{cpu(keys):.4f}")
print("  is_symlink", f"{cpu(lambda: [p.is_symlink() for p in paths]):.4f}")
print("_deferred", f"{cpu(lambda: [prepare._deferred(p, 'k') for p in paths]):.4f}")
print("  stat", f"{cpu(lambda: [p.stat() for p in paths]):.4f}")

"""An ingest with Store.settle wrapped: SNAP=PATH checkpoints and copies the store there just before settle
(after the end of a bulk load); settle's CPU and wall printed on stderr ("SETTLE cpu ...")."""

import functools
import os
import shutil
import sys
import time

from luocdo.store import db as store_db

S = store_db.Store
orig = S.settle


@functools.wraps(orig)
def settle(self):
    snap = os.environ.get("SNAP")
    if snap:
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(self.path, snap)
    t = time.process_time()
    w = time.time()
    try:
        return orig(self)
    finally:
        print(f"SETTLE cpu {time.process_time() - t:.3f} wall {time.time() - w:.3f}", file=sys.stderr)


S.settle = settle
if __name__ == "__main__":
    from luocdo.cli import app

    sys.argv = ["luocdo", *sys.argv[1:]]
    app()

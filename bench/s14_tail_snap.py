"""An ingest whose store is kept just before the end of its bulk load: SNAP=PATH checkpoints the store and
copies it there when Store._end_bulk begins (the tail then runs alone on copies: s14_tail_alone.py)."""

import functools
import os
import shutil
import sys

from luocdo.store import db as store_db

S = store_db.Store
orig = S._end_bulk


@functools.wraps(orig)
def _end_bulk(self):
    self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(self.path, os.environ["SNAP"])
    return orig(self)


S._end_bulk = _end_bulk
if __name__ == "__main__":
    from luocdo.cli import app

    sys.argv = ["luocdo", *sys.argv[1:]]
    app()

#!/usr/bin/env python3
"""What one batch's write costs the writer in a store of a given size: a copy of STORE (e.g. a store taken in
the middle of a bulk load: `sqlite3 LIVE.db ".backup MID.db"`; opened as a store, so a bulk load whose
process has ended is finished first, its indexes built), N files of CORPUS it does not hold yet,
extracted first and then written as one batch (bulk mode, as `luocdo ingest` writes them); prints the
writer's CPU, the bytes it wrote (/proc/self/io: the -wal, and any temporary file), and which b-trees
the commit wrote to the -wal (its frames mapped to tables and indexes through dbstat).

    .venv/bin/python bench/batch_writes.py MID.db /tmp/exp/c50000 256
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from luocdo.store import Store
from luocdo.store.prepare import Prepared, prepared


def _written() -> int:
    io = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    return int(io["wchar"])


def _wal_pages(wal: Path) -> tuple[list[int], int]:
    """The page number of every frame of the -wal, and the page size."""
    raw = wal.read_bytes()
    page = struct.unpack(">I", raw[8:12])[0]
    return [struct.unpack(">I", raw[i : i + 4])[0] for i in range(32, len(raw), 24 + page)], page


def main() -> None:
    source, corpus, n = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "s.db"
        shutil.copy(source, db)
        with sqlite3.connect(db) as c:
            held = {r[0] for r in c.execute("SELECT path FROM file_paths")}
        todo = [f for f in sorted(corpus.glob("*.md")) if str(f.resolve()) not in held][:n]
        preps = [p for p in prepared(todo, lambda key: None, 1) if isinstance(p, Prepared)]
        st = Store(db)
        st._bulk = True  # as during a bulk load: the links are built at its end
        st.db.execute("PRAGMA wal_autocheckpoint = 0")  # every frame of the batch stays in the -wal
        st.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        wrote, cpu = _written(), time.process_time()
        list(st._write_batch(preps))
        cpu, wrote = time.process_time() - cpu, _written() - wrote
        frames, page = _wal_pages(Path(f"{db}-wal"))
        owner = dict(st.db.execute("SELECT pageno, name FROM dbstat"))
        st.close()
    print(
        f"{len(preps)} files: CPU {1000 * cpu / len(preps):.2f} ms a file; written {wrote / len(preps) / 1024:.0f} KB"
        f" a file, of it the -wal {len(frames) * page / len(preps) / 1024:.0f} KB ({len(set(frames))} pages)"
    )
    for name, k in Counter(owner.get(p, "?") for p in frames).most_common(12):
        print(f"  {name:40s} {k:6d} pages")


if __name__ == "__main__":
    main()

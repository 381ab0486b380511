#!/usr/bin/env python3
"""Do two stores read back the same citations' text and identity and the same report headers? Schema 10
keeps them as offsets, derived columns and header columns; a store of schema 9 as written. Each store is
read as its own schema says (read-only, nothing migrated); a report only one of them holds is left out:

    .venv/bin/python bench/same_text.py STORE_A.db STORE_B.db     # exit 0: the same text
"""

from __future__ import annotations

import sys

from luocdo.store import compressed
from luocdo.store.evidence import surface_sql
from luocdo.store.opening import connect_readonly


def read(path: str) -> tuple[list, list]:
    from pathlib import Path

    db = connect_readonly(Path(path))
    compressed.register(db)
    cols = {r[1] for r in db.execute("PRAGMA table_info(mentions)")}
    surface = "m.surface" if "surface" in cols else surface_sql("m")
    citations = db.execute(
        f"SELECT f.path, m.mid, {surface}, m.ident, m.key FROM mentions m JOIN files f ON f.id = m.file_id"  # noqa: S608
        " ORDER BY f.path, m.mid"
    ).fetchall()
    headers = db.execute("SELECT path, header FROM files ORDER BY path").fetchall()
    db.close()
    return citations, headers


a, b = read(sys.argv[1]), read(sys.argv[2])
# a report one store has and the other not (ingested after a copy was taken) is listed, then left out
only = {r[0] for r in a[1]} ^ {r[0] for r in b[1]}
if only:
    print(f"reports in one store only (left out): {sorted(only)}")
    a = tuple([r for r in rows if r[0] not in only] for rows in a)
    b = tuple([r for r in rows if r[0] not in only] for rows in b)
same = a == b
print(
    f"{len(a[0])} / {len(b[0])} citations, {len(a[1])} / {len(b[1])} headers: {'same' if same else 'DIFFERENT'}"
)
if not same:
    for name, x, y in (("citations", a[0], b[0]), ("headers", a[1], b[1])):
        diff = [(p, q) for p, q in zip(x, y, strict=False) if p != q][:3]
        print(name, diff)
sys.exit(0 if same else 1)

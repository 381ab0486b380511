#!/usr/bin/env python3
"""Do two stores hold the same graph? Every table over stable keys (store/canon.py: documents, bodies,
edges with their evidence sentence, links and their best evidence, mentions, relations, evidence
sentences), and every central question (`implementers` and `chain --down`) answered through the read
API, compared row by row. Used to check that a change of the write path keeps the results identical:

    .venv/bin/python bench/same_graph.py STORE_A.db STORE_B.db     # exit 0: the same graph
"""

from __future__ import annotations

import dataclasses
import sqlite3
import sys
from pathlib import Path

from luocdo.graph.ask import chain, implementers
from luocdo.store import Store
from luocdo.store.canon import ALL_TABLES, canonical_tables


def plain(x):
    """An answer without row ids or object addresses: a document as its identity key."""
    if isinstance(x, sqlite3.Row):
        return x["ident"] if "ident" in x.keys() else tuple(x)  # noqa: SIM118 (Row: in looks at values)
    if dataclasses.is_dataclass(x):
        return {f.name: plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    return x


def answers(st: Store) -> list[tuple]:
    """implementers and chain --down of the 20 most cited documents, as the read API gives them."""
    rows = st.db.execute(
        "SELECT d.id, d.ident FROM documents d JOIN edges e ON e.dst = d.id GROUP BY d.id"
        " ORDER BY count(*) DESC, d.ident LIMIT 20"
    ).fetchall()
    out = []
    for doc_id, ident in rows:
        imp = implementers(st, [doc_id])
        out.append(("implementers", ident, repr(plain(imp))))
        out.append(("chain", ident, repr(plain(chain(st, [doc_id], up=False)))))
    return out


def dump(path: Path) -> dict[str, list]:
    st = Store(path, create=False)
    try:
        tables = canonical_tables(st.db, ALL_TABLES)
        tables["answers"] = answers(st)
        return tables
    finally:
        st.close()


def differences(a: Path, b: Path) -> list[str]:
    da, db = dump(a), dump(b)
    out = []
    for name in da:
        if da[name] != db[name]:
            only_a = [r for r in da[name] if r not in set(db[name])][:3]
            only_b = [r for r in db[name] if r not in set(da[name])][:3]
            out.append(
                f"{name}: {len(da[name])} vs {len(db[name])} rows; only in A {only_a}; only in B {only_b}"
            )
    return out


if __name__ == "__main__":
    diffs = differences(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(diffs) if diffs else "same graph")
    sys.exit(1 if diffs else 0)

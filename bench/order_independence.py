"""Does the graph depend on the order of ingest? Ingest the same synthetic reports in many shuffled
orders and compare the stores table by table (canonical digests over stable keys, never row ids).

    .venv/bin/python bench/order_independence.py --reports 40 --shuffles 200 --seed 1

Each file is extracted once (extraction does not depend on the order); every shuffle then writes the
extracted files in its own order through the store's real write path, one batch per file as
`luocdo ingest` commits them, and settles the store as `luocdo ingest` does at its end.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from luocdo.store import Store
from luocdo.store.canon import canonical_tables
from luocdo.store.prepare import Prepared, prepared

CANON = ("files", "file_paths", "documents", "bodies", "edges", "mentions", "links", "relations")


def canonical(db: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """Rows and a digest per table, over stable keys (paths, identities), never row ids."""
    out = {}
    for table, rows in canonical_tables(db, CANON).items():
        out[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:16])
    return out


def extract_all(folder: Path) -> list[Prepared]:
    files = sorted(folder.glob("*.md"))
    out = [p for p in prepared(files, lambda key: None, 1) if isinstance(p, Prepared)]
    assert len(out) == len(files), "a synthetic report could not be extracted"
    return out


def ingest_in_order(preps: list[Prepared], store: Path) -> dict[str, tuple[int, str]]:
    st = Store(store)
    for p in preps:
        st._write_batch([p])
    st.settle()
    got = canonical(st.db)
    st.close()
    return got


def synthesize(folder: Path, reports: int, seed: int) -> None:
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "luocdo.synth", str(folder), "--reports", str(reports), "--seed", str(seed)],
        check=True,
        capture_output=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=40)
    ap.add_argument("--shuffles", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        synthesize(d / "c", args.reports, args.seed)
        preps = extract_all(d / "c")
        t0 = time.perf_counter()
        reference = ingest_in_order(preps, d / "sorted.db")
        differing: dict[str, int] = {}
        stores_differing = 0
        rng = random.Random(args.seed)
        for i in range(args.shuffles):
            order = preps[:]
            rng.shuffle(order)
            got = ingest_in_order(order, d / f"s{i}.db")
            for table in CANON:
                if got[table] != reference[table]:
                    differing[table] = differing.get(table, 0) + 1
            if got != reference:
                stores_differing += 1
                print(f"shuffle {i}: differs in {[t for t in CANON if got[t] != reference[t]]}", flush=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{d / f's{i}.db'}{suffix}").unlink(missing_ok=True)
        print(
            f"{args.reports} reports, {args.shuffles} shuffled ingest orders: "
            f"{args.shuffles - stores_differing} of {args.shuffles} stores identical to the sorted-order store;"
            f" tables differing (shuffles): {differing or 'none'}; {time.perf_counter() - t0:.1f} s"
        )
        return 0 if not stores_differing else 1


if __name__ == "__main__":
    sys.exit(main())

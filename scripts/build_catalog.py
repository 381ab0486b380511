#!/usr/bin/env python3
"""Raw public sources -> the shipped reference catalog (src/luocdo/data/reference.tsv.xz).

    python scripts/build_catalog.py [--raw ../shared/catalog/raw] [-o src/luocdo/data/reference.tsv.xz]

Same as `luocdo catalog build`. Deterministic: the same raw files give the same bytes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from luocdo.refbuild import write  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=ROOT.parent / "shared" / "catalog" / "raw")
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "src" / "luocdo" / "data" / "reference.tsv.xz")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args()
    if not a.raw.is_dir():
        print(f"{a.raw}: no such folder (the raw catalog sources)", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    log = None if a.quiet else (lambda m: print(f"{time.perf_counter() - t0:7.1f}s {m}", file=sys.stderr))
    stats = write(a.raw, a.out, log=log)
    if not a.quiet:
        for k, v in sorted(stats.items()):
            print(f"  {k}: {v}", file=sys.stderr)
        print(f"{a.out}: {a.out.stat().st_size:,} bytes in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

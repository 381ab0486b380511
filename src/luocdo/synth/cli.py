"""python -m luocdo.synth OUT_DIR --reports N --seed S"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from luocdo.synth.generator import generate

DESCRIPTION = "A synthetic corpus of Vietnamese provincial and district reports, with its ground truth."


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m luocdo.synth", description=DESCRIPTION)
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--reports", type=int, default=100, help="how many files (default 100)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    a = ap.parse_args(argv)
    if a.reports < 1:
        ap.error("--reports must be at least 1")
    t0 = time.perf_counter()
    truth = generate(a.out, a.reports, a.seed)
    size = sum(p.stat().st_size for p in a.out.glob("*.md"))
    print(
        f"{len(truth['files'])} files, {size / 1e6:.1f} MB (avg {size / max(1, len(truth['files'])) / 1e3:.1f} KB) "
        f"in {time.perf_counter() - t0:.1f}s -> {a.out}",
        file=sys.stderr,
    )
    return 0

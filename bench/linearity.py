#!/usr/bin/env python3
"""Extraction time against text size for texts built to defeat line-based scans.

    .venv/bin/python bench/linearity.py                    # every pattern, 1 MB and 8 MB
    .venv/bin/python bench/linearity.py --small 1 --large 4 one-line-dense no-period-list

Each size of each pattern runs `load_bytes` + `extract_text` in a child process with a timeout,
so one slow pattern cannot stop the table. Linear time gives a ratio near large/small (8 for
1 MB → 8 MB); a scan back to the start of the line or of the text for each citation gives about
its square. The patterns follow the reliability probe's finding 3 (../shared/robustness/02_*).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable

C = "Quyết định số 1/QĐ-UBND ngày 01/01/2020 của UBND tỉnh Trà Vinh"

PATTERNS: dict[str, Callable[[int], str]] = {
    "one-line-dense": lambda n: ("Thực hiện " + C + ". ") * (n // 90),
    "no-period-list": lambda n: "".join(f"Kế hoạch số {i}/KH-UBND ngày 01/02/2020\n" for i in range(n // 45)),
    "one-line-no-period": lambda n: "".join(
        f"Kế hoạch số {i}/KH-UBND ngày 01/02/2020, " for i in range(n // 45)
    ),
    "u2028-separated": lambda n: (C + "\u2028") * (n // 72),
    "soft-hyphens": lambda n: "Quyết định\u00ad số 1/QĐ-\u00adUBND " * (n // 30),
    "zero-width": lambda n: "Quyết\u200bđịnh\u200b số\u200b 1/QĐ\u200b-UBND\u200b " * (n // 45),
    "kem-theo": lambda n: "kèm theo Quyết định số 1/QĐ-UBND " * (n // 38),
    "quotes": lambda n: ('"' + C + '" ') * (n // 70),
    "luat-luat": lambda n: "Luật " * (n // 6),
    "open-parens": lambda n: ("((((" + C + " ") * (n // 80),
    "footnotes": lambda n: "".join(f"[^{i}]: {C}\n" for i in range(n // 75)),
    "short-number-list": lambda n: "Quyết định số 1/QĐ-UBND, " + ", ".join(str(i) for i in range(2, n // 7)),
    "can-cu": lambda n: "Căn cứ " * (n // 8),
    "thuc-hien": lambda n: "Thực hiện " * (n // 12),
}


def run_child(name: str, mb: float) -> float:
    """Seconds of extraction (loading included) for `mb` MB of pattern `name`, in this process."""
    from luocdo.load import load_bytes
    from luocdo.pipeline import extract_text

    data = PATTERNS[name](int(mb * 2**20)).encode("utf-8")
    t0 = time.perf_counter()
    doc = load_bytes(data, "x.txt")
    extract_text(doc.text, "x.txt")
    return time.perf_counter() - t0


def timed(name: str, mb: float, timeout: float) -> float | None:
    cmd = [sys.executable, __file__, "--child", name, str(mb)]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(r.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(run_child(sys.argv[2], float(sys.argv[3])))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("patterns", nargs="*", choices=[*PATTERNS, []], help="default: all")
    ap.add_argument("--small", type=float, default=1.0, help="MB (default 1)")
    ap.add_argument("--large", type=float, default=8.0, help="MB (default 8)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per run (default 300)")
    ap.add_argument("--json", help="write the rows to this file")
    args = ap.parse_args()
    rows = []
    print(
        f"{'pattern':<20} {args.small:>5g} MB s {args.large:>5g} MB s  ratio (linear = {args.large / args.small:g})"
    )
    for name in args.patterns or PATTERNS:
        small = timed(name, args.small, args.timeout)
        large = timed(name, args.large, args.timeout) if small is not None else None
        ratio = large / small if small and large else None
        rows.append({"pattern": name, "small_s": small, "large_s": large, "ratio": ratio})
        fmt = lambda v: f"{v:10.2f}" if v is not None else f"{'> ' + str(int(args.timeout)):>10}"  # noqa: E731
        print(
            f"{name:<20} {fmt(small)} {fmt(large)}  {ratio:6.1f}"
            if ratio
            else f"{name:<20} {fmt(small)} {fmt(large)}"
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"small_mb": args.small, "large_mb": args.large, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()

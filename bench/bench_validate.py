"""`luocdo validate` back to back against a base commit, whole process, with farm-bench (A B A B …):
`--full` (every rule on the whole store), the kept findings (nothing changed since the last check) as
JSON and as a table. Each side writes its JSON to its own file; the two are compared byte for byte.

    .venv/bin/python bench/bench_validate.py --store /tmp/s.db --base ../wt-base/src --runs 3 \
        --out bench/bench_validate_s6.jsonl

The base runs with this venv and PYTHONPATH=BASE (the base worktree's src). Both sides work on the same
store: `--full` of either writes the same findings (the JSON comparison checks it)."""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

LUOCDO = str(Path(sys.executable).with_name("luocdo"))
CASES = {
    "full-json": ["validate", "--full", "--format", "json", "-o", "{out}"],
    "kept-json": ["validate", "--format", "json", "-o", "{out}"],
    "kept-table": ["validate"],
}


def _farm(a: list[str], b: list[str], runs: int, timeout: int) -> str:
    cmd = [
        "farm-bench",
        "-n",
        str(runs),
        "--warmup",
        "0",
        "--timeout",
        str(timeout),
        "--vs",
        " ".join(b),
        "--",
        *a,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--base", required=True, help="the base worktree's src folder")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=3600)
    ap.add_argument("--case", action="append", choices=list(CASES))
    ap.add_argument("--out", type=Path, required=True, help="JSON lines appended: one per case")
    args = ap.parse_args()
    tag = Path(args.store).stem
    for case in args.case or list(CASES):
        outs = {side: f"/tmp/bench_validate_{tag}_{case}_{side}.json" for side in "AB"}
        a = [LUOCDO, *(x.format(out=outs["A"]) for x in CASES[case]), "--store", args.store]
        b = [
            "env",
            f"PYTHONPATH={os.path.abspath(args.base)}",
            LUOCDO,
            *(x.format(out=outs["B"]) for x in CASES[case]),
            "--store",
            args.store,
        ]
        load = os.getloadavg()
        report = _farm(a, b, args.runs, args.timeout)
        same = None
        if "{out}" in CASES[case]:
            same = filecmp.cmp(outs["A"], outs["B"], shallow=False)
        line = {
            "case": case,
            "store": args.store,
            "runs": args.runs,
            "load_before": [round(x, 2) for x in load],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "json_same": same,
            "json_bytes": os.path.getsize(outs["A"]) if same is not None else None,
            "farm_bench": report,
        }
        with args.out.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(case, "same" if same else ("" if same is None else "DIFFERENT"), flush=True)
        print(re.sub(r"\n{2,}", "\n", report), flush=True)


if __name__ == "__main__":
    main()

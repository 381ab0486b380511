"""`luocdo validate` back to back against a base commit, whole process, timed by `/usr/bin/time -v`
(wall, user + system CPU of the process and the helpers it waited for, peak RSS of the largest one),
runs alternating branch, base, branch, base… on the same store. Each side's output goes to its own
file; the two are compared byte for byte after every pair.

    .venv/bin/python bench/bench_validate_ab.py --store /tmp/s.db --base ../wt-base8/src --runs 3 \\
        --case full-json --case kept-json --out bench/bench_validate_s8.jsonl

`after-new` copies `--store` for each run, ingests `--new` (new reports: /tmp/new1, one) with that side's code,
then times `validate --format json` (the incremental re-check and the answer).

`--base-store`: the base's own copy of the store (the ninth session keeps the findings in another layout:
a side reading the other's findings would check everything again). `anon_mb` is the largest sum, over
the process and its helpers, of their anonymous memory (smaps_rollup, sampled every 0.1 s): the
process's own memory, without the memory-mapped store that `peak_mb` (max RSS) counts."""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

PYTHON = sys.executable
CASES = {
    "full-json": ["validate", "--full", "--format", "json"],
    "full-table": ["validate", "--full"],
    "kept-json": ["validate", "--format", "json"],
    "kept-table": ["validate"],
    "after-new": ["validate", "--format", "json"],
}


def _tree(pid: int) -> list[int]:
    """The process and its descendants (/proc's children lists)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return out


def _anon_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Anonymous:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _timed(cmd: list[str], env: dict, out: Path) -> dict:
    with out.open("wb") as f:
        p = subprocess.Popen(["/usr/bin/time", "-v", *cmd], stdout=f, stderr=subprocess.PIPE, env=env)
        anon = [0]

        def sample() -> None:
            while p.poll() is None:
                anon[0] = max(anon[0], sum(_anon_kb(q) for q in _tree(p.pid)))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _out, raw_err = p.communicate()
        sampler.join()
    err = raw_err.decode(errors="replace")

    def field(name: str) -> str:
        m = re.search(rf"{re.escape(name)}: (.+)", err)
        return m.group(1).strip() if m else ""

    h, m_, s = (["0", "0"] + field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"))[-3:]
    return {
        "rc": p.returncode,
        "wall": round(int(h) * 3600 + int(m_) * 60 + float(s), 2),
        "cpu": round(float(field("User time (seconds)")) + float(field("System time (seconds)")), 2),
        "peak_mb": round(int(field("Maximum resident set size (kbytes)")) / 1024, 1),
        "anon_mb": round(anon[0] / 1024, 1),
        "bytes": out.stat().st_size,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--base", required=True, help="the base worktree's src folder")
    ap.add_argument("--branch", help="the branch's src folder (a snapshot; default: the installed luocdo)")
    ap.add_argument("--base-store", help="the base's copy of --store (default: --store itself)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--case", action="append", choices=list(CASES))
    ap.add_argument(
        "--new",
        default="/tmp/new1",
        help="the reports after-new ingests (the seventh session used /tmp/new10, as case after-new10)",
    )
    ap.add_argument("--work", default="/tmp/bench_validate_ab", help="scratch folder (outputs, copies)")
    ap.add_argument("--out", type=Path, required=True, help="JSON lines appended: one per case")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    envs = {"branch": dict(os.environ), "base": {**os.environ, "PYTHONPATH": os.path.abspath(args.base)}}
    envs["branch"].pop("PYTHONPATH", None)
    if args.branch:
        envs["branch"]["PYTHONPATH"] = os.path.abspath(args.branch)
    for case in args.case or ["full-json", "kept-json", "kept-table"]:
        runs: dict[str, list[dict]] = {"branch": [], "base": []}
        same: list[bool] = []
        load = os.getloadavg()
        for _i in range(args.runs):
            outs = {}
            for side in ("branch", "base"):
                store = args.base_store if side == "base" and args.base_store else args.store
                if case == "after-new":
                    source = store
                    store = str(work / f"{side}.db")
                    for suffix in ("-wal", "-shm"):
                        Path(store + suffix).unlink(missing_ok=True)
                    shutil.copyfile(source, store)
                    ingest = [PYTHON, "-m", "luocdo", "ingest", args.new, "--store", store]
                    subprocess.run(ingest, env=envs[side], check=True, capture_output=True)
                outs[side] = work / f"{case}_{side}.out"
                cmd = [PYTHON, "-m", "luocdo", *CASES[case], "--store", store]
                r = _timed(cmd, envs[side], outs[side])
                r["load"] = round(os.getloadavg()[0], 2)
                runs[side].append(r)
                print(case, side, r, flush=True)
            same.append(filecmp.cmp(outs["branch"], outs["base"], shallow=False))
        med = {
            side: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "peak_mb", "anon_mb")}
            for side, rs in runs.items()
        }
        line = {
            "case": case,
            "store": args.store,
            "base_store": args.base_store or args.store,
            "runs": args.runs,
            "load_before": [round(x, 2) for x in load],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "same_output": all(same),
            "median": med,
            "cpu_ratio": round(med["branch"]["cpu"] / med["base"]["cpu"], 3),
            "wall_ratio": round(med["branch"]["wall"] / med["base"]["wall"], 3),
            "raw": runs,
        }
        with args.out.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
        print(case, "same" if all(same) else "DIFFERENT", json.dumps(med), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The writer's cost per report as the store grows, from one ingest: samples a running `luocdo ingest`
(the writer process, not its workers) every few seconds — its CPU (user, system), bytes read and
written, RSS, and how many reports its store holds (read-only) — then prints the CPU per report
between samples, one row per step of reports.

    .venv/bin/python bench/writer_curve.py sample OUT.jsonl q200k &    # waits for an ingest of .../q200k
    .venv/bin/python bench/bench_ingest.py /tmp/q200k --jobs 2
    .venv/bin/python bench/writer_curve.py show OUT.jsonl --step 20000

Flat ms per report from the first step to the last: the writer's cost does not grow with the store.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _writer(pattern: str) -> tuple[int, str]:
    """The process id and store of the running `luocdo ingest` whose arguments contain ``pattern``."""
    while True:
        for d in Path("/proc").iterdir():
            if not d.name.isdigit():
                continue
            try:
                args = (d / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except OSError:
                continue
            is_ingest = "ingest" in args and "--store" in args and not any("forkserver" in a for a in args)
            if is_ingest and any(pattern in a for a in args):
                return int(d.name), args[args.index("--store") + 1]
        time.sleep(0.5)


def _reports(store: str) -> int | None:
    try:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT count(*) FROM files").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None


def sample(out: Path, pattern: str, every: float) -> None:
    pid, store = _writer(pattern)
    started = time.monotonic()
    with out.open("w") as f:
        f.write(json.dumps({"pid": pid, "store": store}) + "\n")
        while True:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                rest = stat[stat.rindex(")") + 2 :].split()
                io = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
                rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
            except (OSError, ValueError):
                break  # the ingest ended
            row = {
                "t": round(time.monotonic() - started, 1),
                "utime": int(rest[11]) / TICK,
                "stime": int(rest[12]) / TICK,
                "rchar": int(io["rchar"]),
                "wchar": int(io["wchar"]),
                "rss_mb": round(rss / 2**20, 1),
                "files": _reports(store),
                "load": os.getloadavg()[0],
            }
            f.write(json.dumps(row) + "\n")
            f.flush()
            time.sleep(every)


def show(path: Path, step: int) -> None:
    rows = [json.loads(line) for line in path.open()]
    rows = [r for r in rows if r.get("files")]
    print("reports   ms CPU/report  of it system  KB read/report  KB written/report  RSS MB  load")
    last = rows[0] if rows else None
    for r in rows[1:]:
        n = r["files"] - last["files"]
        if n < step and r is not rows[-1]:
            continue
        if n <= 0:
            continue
        cpu = (r["utime"] + r["stime"]) - (last["utime"] + last["stime"])
        print(
            f"{r['files']:7d}  {1000 * cpu / n:12.2f}  {1000 * (r['stime'] - last['stime']) / n:12.2f}"
            f"  {(r['rchar'] - last['rchar']) / n / 1024:14.0f}  {(r['wchar'] - last['wchar']) / n / 1024:17.0f}"
            f"  {r['rss_mb']:6.0f}  {r['load']:4.1f}"
        )
        last = r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("sample", help="sample the ingest whose arguments contain PATTERN")
    s.add_argument("out", type=Path)
    s.add_argument("pattern")
    s.add_argument("--every", type=float, default=10.0, help="seconds between samples")
    v = sub.add_parser("show", help="ms of the writer's CPU per report, step by step")
    v.add_argument("path", type=Path)
    v.add_argument("--step", type=int, default=20000, help="reports per row")
    a = ap.parse_args()
    if a.what == "sample":
        sample(a.out, a.pattern, a.every)
    else:
        show(a.path, a.step)


if __name__ == "__main__":
    main()

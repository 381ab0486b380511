#!/usr/bin/env python3
"""Ingest at scale: `luocdo ingest DIR --jobs N` on synthetic corpora, whole process tree measured.

    python -m luocdo.synth /tmp/c20k --reports 20000 --seed 1       # a corpus (once)
    .venv/bin/python bench/bench_ingest.py /tmp/c1k /tmp/c20k --jobs 1 2 --repeat 3
    .venv/bin/python bench/bench_ingest.py /tmp/c20k --jobs 2 --vs-src ../main/src   # back to back vs main
    .venv/bin/python bench/bench_ingest.py /tmp/c5k --jobs 2 --profile /tmp/prof   # the writer's pstats

Per run: wall time; CPU time of the ingest and every process it starts (workers included, read from
/proc while it runs), and of the ingest process alone (the writer); ms of wall and of CPU per report; peak RSS of the largest process and of the
whole tree; store size (db + wal) against the text ingested (the report files' bytes); the load
average before the run. With ``--profile DIR`` the writer (the ingest process) runs under cProfile
timed by its own CPU (time.process_time: waiting for the workers or for a busy machine is not counted)
and its pstats are written to DIR, one file per run (the figures then include cProfile's overhead).
Runs of the same corpus alternate (jobs 1, jobs 2, the other source tree …) so
that a change of load on a shared machine falls on both sides; the summary gives medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(d.name))
    return kids


def _tree(root: int) -> list[int]:
    kids, out, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _sample(pid: int) -> tuple[float, int] | None:
    """(CPU seconds, RSS bytes) of one process, None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text()
        rest = fields[fields.rindex(")") + 2 :].split()
        cpu = (int(rest[11]) + int(rest[12])) / TICK  # utime, stime
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        return cpu, rss
    except (OSError, IndexError, ValueError):
        return None


_PROFILED = (
    "import cProfile, runpy, sys, time; out = sys.argv.pop(1); sys.argv[0] = 'luocdo';"
    " prof = cProfile.Profile(time.process_time); prof.enable()\n"
    "try:\n    runpy.run_module('luocdo', run_name='__main__')\n"
    "finally:\n    prof.disable(); prof.dump_stats(out)"
)


def run_ingest(
    corpus: Path, jobs: int, src: str | None, keep: Path | None = None, profile: Path | None = None
) -> dict:
    """One ingest into a new store, measured."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
        store = keep or Path(tmp) / "s.db"
        pstats = profile / f"{corpus.name}_jobs{jobs}_{int(time.time())}.pstats" if profile else None
        launch = (
            [sys.executable, "-c", _PROFILED, str(pstats)] if pstats else [sys.executable, "-m", "luocdo"]
        )
        cmd = [
            *launch,
            "ingest",
            str(corpus),
            "--store",
            str(store),
            "-q",
            "--jobs",
            str(jobs),
        ]
        cpu_of: dict[int, float] = {}
        peak_one = peak_tree = 0
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while proc.poll() is None:
            tree_rss = 0
            for pid in _tree(proc.pid):
                s = _sample(pid)
                if s is None:
                    continue
                cpu_of[pid] = max(cpu_of.get(pid, 0.0), s[0])
                tree_rss += s[1]
                peak_one = max(peak_one, s[1])
            peak_tree = max(peak_tree, tree_rss)
            time.sleep(0.1)
        wall = time.monotonic() - t0
        root = proc.pid
        err = proc.stderr.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
        size = sum(p.stat().st_size for p in (store, Path(f"{store}-wal")) if p.exists())
    reports = sum(1 for _ in corpus.glob("*.md"))
    text = sum(p.stat().st_size for p in corpus.glob("*.md"))
    cpu = sum(cpu_of.values())
    return {
        "corpus": str(corpus),
        "reports": reports,
        "jobs": jobs,
        "src": src or "this tree",
        "load_before": [round(x, 2) for x in load],
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "cpu_writer_s": round(cpu_of.get(root, 0.0), 2),  # the ingest process itself: the one writer
        "ms_per_report_wall": round(1000 * wall / reports, 3),
        "ms_per_report_cpu": round(1000 * cpu / reports, 3),
        "peak_rss_process_mb": round(peak_one / 2**20, 1),
        "peak_rss_tree_mb": round(peak_tree / 2**20, 1),
        "store_mb": round(size / 2**20, 1),
        "text_mb": round(text / 2**20, 1),
        "store_over_text": round(size / text, 2),
        "summary_line": err.strip().splitlines()[-1] if err.strip() else "",
        **({"pstats": str(pstats)} if pstats else {}),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+", type=Path, help="folders of synthetic reports (luocdo.synth)")
    ap.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--src", help="the source tree to measure (default: the installed luocdo)")
    ap.add_argument("--vs-src", help="also run this source tree (e.g. ../main/src) back to back")
    ap.add_argument("--json", type=Path, help="append every run as one JSON line to this file")
    ap.add_argument(
        "--profile", type=Path, help="profile the writer (CPU time); its pstats go to this folder"
    )
    args = ap.parse_args()
    sources = [args.src] + ([args.vs_src] if args.vs_src else [])
    runs = []
    for corpus in args.corpora:
        for _ in range(args.repeat):
            for src in sources:
                for jobs in args.jobs:
                    r = run_ingest(corpus, jobs, src, profile=args.profile)
                    runs.append(r)
                    print(json.dumps(r, ensure_ascii=False), flush=True)
                    if args.json:
                        with args.json.open("a") as f:
                            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("\nmedians (wall s, CPU s, ms/report wall, peak RSS tree MB, store/text):")
    keys = sorted({(r["corpus"], r["src"], r["jobs"]) for r in runs})
    for key in keys:
        rs = [r for r in runs if (r["corpus"], r["src"], r["jobs"]) == key]

        def med(k: str, rs: list[dict] = rs) -> float:
            return round(statistics.median(r[k] for r in rs), 2)

        print(
            f"{key[0]} src={key[1]} jobs={key[2]} n={len(rs)}: {med('wall_s')} s, cpu {med('cpu_s')} s,"
            f" {med('ms_per_report_wall')} ms/report, rss {med('peak_rss_tree_mb')} MB,"
            f" store {med('store_mb')} MB = {med('store_over_text')}x text"
        )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""CPU of each process of one `luocdo ingest --jobs N` run, by role (s12-workers).

    python bench/s12_workers_breakdown.py /tmp/syn5000 --jobs 2 [--src DIR] [--json out.jsonl]

Samples /proc/PID/stat of the ingest's process tree every 0.02 s and keeps, per process, its last
user and system CPU and minor page faults (the copy-on-write faults of a forked worker count there).
Roles: writer (the ingest), forkserver, resource_tracker, worker (a child of the forkserver), other.
Also each process's voluntary and involuntary context switches. A process's CPU in the last 0.02 s
of its life is not seen.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float, float, int] | None:
    try:
        s = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = s[s.rindex(")") + 2 :].split()
    return int(rest[1]), int(rest[11]) / TICK, int(rest[12]) / TICK, int(rest[7])


def _switches(pid: int) -> tuple[int, int] | None:
    """(voluntary, involuntary) context switches of a process so far."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    got = {k: int(v) for k, _, v in (ln.partition(":\t") for ln in lines) if k.endswith("ctxt_switches")}
    return got.get("voluntary_ctxt_switches", 0), got.get("nonvoluntary_ctxt_switches", 0)


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


# --consume STORE: the workers' side alone: prepared() as ingest calls it (rows, sentences compressed
# with STORE's dictionary), its results dropped instead of written
CONSUME = """
import sys
from pathlib import Path
from luocdo.store.prepare import prepared
if __name__ == "__main__":
    corpus, store, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    for _ in prepared(sorted(corpus.glob("*.md")), lambda key: None, jobs, for_store=True, store=store):
        pass
"""


def run(corpus: Path, jobs: int, src: str | None, consume: Path | None = None) -> dict:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="s12w_", dir="/tmp/s12-workers") as tmp:
        if consume is None:
            cmd = [sys.executable, "-m", "luocdo", "ingest", str(corpus), "--store", f"{tmp}/s.db", "-q"]
            cmd += ["--jobs", str(jobs)]
        else:
            script = Path(tmp) / "consume.py"
            script.write_text(CONSUME)
            cmd = [sys.executable, str(script), str(corpus), str(consume.resolve()), str(jobs)]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen: dict[int, dict] = {}
        while proc.poll() is None:
            pids = [proc.pid] + [p for p in seen if p != proc.pid]
            # new children: scan /proc for processes whose parent is in the tree
            for d in Path("/proc").iterdir():
                if d.name.isdigit() and int(d.name) not in seen and int(d.name) != proc.pid:
                    st = _stat(int(d.name))
                    if st and (st[0] == proc.pid or st[0] in seen):
                        pids.append(int(d.name))
            for pid in pids:
                st = _stat(pid)
                if st is None:
                    continue
                rec = seen.setdefault(pid, {"ppid": st[0], "cmd": _cmd(pid)})
                if not rec["cmd"]:
                    rec["cmd"] = _cmd(pid)
                rec.update(user=st[1], sys=st[2], minflt=st[3])
                sw = _switches(pid)
                if sw is not None:
                    rec.update(vcsw=sw[0], ivcsw=sw[1])
            time.sleep(0.02)
        wall = time.monotonic() - t0
    # the workers, forked from the server, show its command line too: the server is the writer's child
    server = {p for p, r in seen.items() if "forkserver" in r["cmd"] and r["ppid"] == proc.pid}
    roles: dict[str, list[dict]] = {}
    for pid, r in seen.items():
        if pid == proc.pid:
            role = "writer"
        elif pid in server:
            role = "forkserver"
        elif "resource_tracker" in r["cmd"]:
            role = "resource_tracker"
        elif r["ppid"] in server:
            role = "worker"
        else:
            role = "other"
        roles.setdefault(role, []).append(
            {k: r.get(k, 0) for k in ("user", "sys", "minflt", "vcsw", "ivcsw")}
        )
    out = {
        "what": "ingest" if consume is None else f"prepared() consumed, dictionary of {consume}",
        "corpus": str(corpus),
        "jobs": jobs,
        "src": src or "this tree",
        "load": [round(x, 2) for x in load],
    }
    out["wall_s"] = round(wall, 2)
    for role, recs in sorted(roles.items()):
        out[role] = {
            "n": len(recs),
            "user": round(sum(r["user"] for r in recs), 2),
            "sys": round(sum(r["sys"] for r in recs), 2),
            "minflt": sum(r["minflt"] for r in recs),
            "vcsw": sum(r["vcsw"] for r in recs),
            "ivcsw": sum(r["ivcsw"] for r in recs),
            "each_cpu": [round(r["user"] + r["sys"], 2) for r in recs],
        }
    out["tree_cpu"] = round(sum(v["user"] + v["sys"] for k, v in out.items() if isinstance(v, dict)), 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--src", nargs="+", default=[None])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--consume", type=Path, help="a store: run the workers' side alone (see CONSUME)")
    a = ap.parse_args()
    for _ in range(a.repeat):
        for src in a.src:
            for jobs in a.jobs:
                r = run(a.corpus, jobs, src, a.consume)
                print(json.dumps(r), flush=True)
                if a.json:
                    with a.json.open("a") as f:
                        f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()

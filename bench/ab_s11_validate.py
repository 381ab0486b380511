"""A/B runner of the eleventh session (s11-validate): `luocdo ARGS --store S` run alternately with the
base tree and the branch (PYTHONPATH), each run's CPU (user + system of the process and the helpers it
waited for: wait4's rusage, as /usr/bin/time reads it), wall time, load, peak RSS and output hash, one
JSON line per run; then medians, p95 and whether every output was the same.

    python bench/ab_s11_validate.py '{"n": 9, "args": ["show", "26/CT-TTg"], "tag": "show",
        "stores": {"base": "a.db", "branch": "b.db"}, "log": "bench/x.jsonl"}'
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

PY = "/work/main/.venv/bin/python"
SIDES = {"base": "/work/wt-base11/src", "branch": "/work/wt-s11-validate/src"}


def run(side: str, args: list[str], store: str, out_path: str, env_extra: dict | None) -> dict:
    env = dict(os.environ, PYTHONPATH=SIDES[side], PYTHONDONTWRITEBYTECODE="1", COLUMNS="80")
    env.update(env_extra or {})
    load = Path("/proc/loadavg").read_text().split()[0]
    with open(out_path, "wb") as out:
        t0 = time.monotonic()
        p = subprocess.Popen(
            [PY, "-m", "luocdo", *args, "--store", store], stdout=out, stderr=subprocess.PIPE, env=env
        )
        _pid, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
    err = p.stderr.read().decode()
    return {
        "side": side,
        "args": args,
        "cpu": round(ru.ru_utime + ru.ru_stime, 3),
        "user": round(ru.ru_utime, 3),
        "sys": round(ru.ru_stime, 3),
        "wall": round(wall, 3),
        "maxrss_mb": round(ru.ru_maxrss / 1024, 1),
        "status": status,
        "load": float(load),
        "sha": hashlib.sha256(Path(out_path).read_bytes()).hexdigest()[:16],
        "bytes": os.path.getsize(out_path),
        "stderr": err[-300:],
    }


def p95(xs: list[float]) -> float:
    return xs[min(len(xs) - 1, math.ceil(0.95 * len(xs)) - 1)]


def main() -> None:
    spec = json.loads(sys.argv[1])
    res = []
    for i in range(spec["n"]):
        for side in ["base", "branch"] if i % 2 == 0 else ["branch", "base"]:
            out = f"/tmp/s11-validate/out_{spec['tag']}_{side}.txt"
            r = run(side, spec["args"], spec["stores"][side], out, spec.get("env"))
            r.update(pair=i, tag=spec["tag"])
            res.append(r)
            with open(spec["log"], "a") as f:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
            print(
                json.dumps({k: r[k] for k in ("tag", "pair", "side", "cpu", "wall", "load", "sha")}),
                flush=True,
            )
    for side in ("base", "branch"):
        cpus = sorted(r["cpu"] for r in res if r["side"] == side)
        walls = sorted(r["wall"] for r in res if r["side"] == side)
        print(
            side,
            "cpu median",
            cpus[len(cpus) // 2],
            "p95",
            p95(cpus),
            "wall median",
            walls[len(walls) // 2],
            "p95",
            p95(walls),
        )
    print("same output:", len({r["sha"] for r in res}) == 1)


if __name__ == "__main__":
    main()

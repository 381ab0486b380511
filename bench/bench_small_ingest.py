"""A small ingest into a big store, back to back: two luocdo commands (A, B) alternate, each on a fresh
copy of its store, timing the whole `luocdo ingest` process and then `luocdo validate --format json`
(wall, CPU, peak memory), and checking that both sides leave the same validate output.

    .venv/bin/python bench/bench_small_ingest.py --folder /tmp/new10 --runs 3 \\
        --a 'env PYTHONPATH=../wt-base/src .venv/bin/luocdo' --a-store /tmp/f10k_fix.db \\
        --b '.venv/bin/luocdo' --b-store /tmp/f10k_upgraded.db --out bench/small_ingest.jsonl

Give each side a store its luocdo has already opened for writing once (indexes a newer luocdo adds are
created then, a one-time cost this benchmark leaves out).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], out_path: Path | None = None) -> dict:
    """Run one command under /usr/bin/time: wall and CPU seconds, peak RSS in MB."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        sink = open(out_path, "wb") if out_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            start = time.perf_counter()
            proc = subprocess.run(
                ["/usr/bin/time", "-o", tf.name, "-f", "%U %S %M", *cmd],
                stdout=sink,
                stderr=subprocess.PIPE,
                check=False,
            )
            wall = time.perf_counter() - start
        finally:
            if out_path:
                sink.close()
        if proc.returncode != 0:
            raise SystemExit(f"{shlex.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
        user, sys_, rss = tf.read().split()[-3:]
    return {"wall": round(wall, 3), "cpu": round(float(user) + float(sys_), 3), "rss_mb": int(rss) // 1024}


def one_run(side: str, luocdo: str, store: Path, folder: Path, scratch: Path, validate: bool = True) -> dict:
    work = scratch / f"{side}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(store, work)
    os.sync()
    base = shlex.split(luocdo)
    ingest = timed([*base, "ingest", str(folder), "--store", str(work)])
    if not validate:
        return {"side": side, "ingest": ingest}
    report = scratch / f"{side}.validate.json"
    validate = timed([*base, "validate", "--format", "json", "--store", str(work)], report)
    digest = hashlib.sha256(report.read_bytes()).hexdigest()[:16]
    return {"side": side, "ingest": ingest, "validate": validate, "validate_sha": digest}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folder", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--a", required=True, help="command of side A (the baseline)")
    ap.add_argument("--a-store", type=Path, required=True)
    ap.add_argument("--b", required=True, help="command of side B")
    ap.add_argument("--b-store", type=Path, required=True)
    ap.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument(
        "--sides", default="AB", help="which sides run (AB; B alone when A is too slow to repeat)"
    )
    ap.add_argument("--no-validate", action="store_true", help="time the ingest only")
    ap.add_argument("--label", default="")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    rows = []
    for i in range(args.runs):
        for side, cmd, store in (("A", args.a, args.a_store), ("B", args.b, args.b_store)):
            if side not in args.sides:
                continue
            done = one_run(side, cmd, store, args.folder, args.scratch, not args.no_validate)
            row = {"label": args.label, "run": i + 1, **done}
            row["load"] = round(os.getloadavg()[0], 2)
            rows.append(row)
            print(json.dumps(row), flush=True)
            if args.out:
                with args.out.open("a", encoding="utf-8") as f:
                    f.write(json.dumps(row) + "\n")
    for side in args.sides:
        mine = [r for r in rows if r["side"] == side]
        summary = {
            f"{step}_{k}": statistics.median(r[step][k] for r in mine)
            for step in ("ingest", "validate")
            for k in ("wall", "cpu", "rss_mb")
            if step in mine[0]
        }
        print(side, json.dumps(summary))
    same = {r.get("validate_sha") for r in rows}
    print("validate output identical on both sides" if len(same) == 1 else f"validate outputs differ: {same}")


if __name__ == "__main__":
    main()

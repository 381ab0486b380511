#!/usr/bin/env python3
"""Speed of `luocdo serve` on a 10,000-report synthetic store, through a real uvicorn server on loopback.

    .venv/bin/python bench/bench_web.py                        # builds the store (synth + luocdo ingest)
    .venv/bin/python bench/bench_web.py --store S --json bench/bench_web_10k.json

The server is `luocdo serve --store S --port P` in a child process; requests come from httpx in this
one. First the background answers are waited for (validation of the whole store: the checks page, the
counts of findings), then every page type is requested over several targets (documents: the 5 most
cited central documents and 15 others drawn with seed 1; reports: 20 drawn), each target --repeat
times: the first request of a target is cold (nothing cached for it), the others are served from the
answers cached until the store changes. p50 / p95 / max in ms, over all requests and over the cold
ones alone. Target: p95 < 300 ms for every page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_graph import percentile  # noqa: E402

TARGET_P95_MS = 300.0


def build_store(reports: int) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    subprocess.run(
        [sys.executable, "-m", "luocdo.synth", str(tmp / "corpus"), "--reports", str(reports), "--seed", "1"],
        check=True,
    )
    store = tmp / "s.db"
    subprocess.run(
        [sys.executable, "-m", "luocdo", "ingest", str(tmp / "corpus"), "--store", str(store), "-q"],
        check=True,
    )
    return store


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stats(ms: list[float]) -> dict:
    return {
        "calls": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1) if ms else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path)
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=5, help="requests per target (the first one cold)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    store = args.store or build_store(args.reports)
    port = free_port()
    env = {**os.environ, "LUOCDO_LANG": "vi"}
    server = subprocess.Popen(
        [sys.executable, "-m", "luocdo", "serve", "--store", str(store), "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    c = httpx.Client(base_url=base, timeout=600)
    try:
        for _ in range(600):
            try:
                c.get("/static/app.css")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        t0 = time.perf_counter()
        while "pending" in c.get("/kiem-tra").text:  # validation of the whole store, in the background
            time.sleep(0.5)
        validation_s = time.perf_counter() - t0
        import sqlite3

        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        central = [
            r[0]
            for r in db.execute(
                "SELECT d.id FROM documents d JOIN links l ON l.dst = d.id WHERE d.level = 'central'"
                " GROUP BY d.id ORDER BY count(*) DESC LIMIT 5"
            )
        ]
        rng = random.Random(1)
        db.row_factory = sqlite3.Row
        rest = db.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT value FROM json_each(?))",
            (json.dumps(central),),
        )
        others = rng.sample([r[0] for r in rest], 15)
        docs = central + others
        files = rng.sample([r[0] for r in db.execute("SELECT id FROM files")], 20)
        from luocdo.graph.ask import label

        idents = [  # as people type them: "Chỉ thị 26/CT-TTg"
            label(r)
            for r in db.execute(
                "SELECT * FROM documents WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(docs),)
            )
        ]
        pages = {
            "overview /": ["/"],
            "search /tim": [f"/tim?q={q}" for q in idents],
            "document /van-ban/ID": [f"/van-ban/{d}" for d in docs],
            "document, filtered (district, province)": [
                f"/van-ban/{d}?level=district&province=Gia+Lai" for d in docs
            ],
            "document, no implementation tab": [f"/van-ban/{d}?tab=missing" for d in docs],
            "chain picture, local document": [f"/van-ban/{d}/luoc-do" for d in others],
            "chain picture, central document": [f"/van-ban/{d}/luoc-do" for d in central],
            "chain picture, one province of a central document": [
                f"/van-ban/{d}/luoc-do?province=Gia+Lai" for d in central
            ],
            "report /bao-cao/ID": [f"/bao-cao/{f}" for f in files],
            "checks /kiem-tra (filters)": [
                "/kiem-tra",
                "/kiem-tra?severity=error",
                "/kiem-tra?code=V002",
                "/kiem-tra?province=Gia+Lai",
                "/kiem-tra?body=huy%E1%BB%87n&page=3",
            ],
            "export xlsx (document)": [f"/van-ban/{d}/bang.xlsx" for d in others[:5]],
        }
        out: dict = {"store": str(store), "validation_in_background_s": round(validation_s, 1), "pages": {}}
        for name, urls in pages.items():
            every, cold, pending = [], [], 0
            for k in range(args.repeat):
                for u in urls:
                    t = time.perf_counter()
                    r = c.get(u)
                    ms = (time.perf_counter() - t) * 1000
                    if r.status_code >= 400 and r.status_code != 404:
                        raise SystemExit(f"{u}: HTTP {r.status_code}")
                    # an answer still computed in the background ("đang tìm…", "đang vẽ lược đồ…")
                    html = r.headers.get("content-type", "").startswith("text/html")
                    pending += html and re.search(r'class="[^"]*\bpending\b', r.text[:20000]) is not None
                    every.append(ms)
                    if k == 0:
                        cold.append(ms)
            out["pages"][name] = {"all": stats(every), "cold": stats(cold), "answered_pending": pending}
            s = out["pages"][name]
            flag = "ok" if s["all"]["p95_ms"] < TARGET_P95_MS else "MISSED"
            print(
                f"{name:52s} all p50 {s['all']['p50_ms']:8.1f}  p95 {s['all']['p95_ms']:8.1f} ms"
                f" | cold p50 {s['cold']['p50_ms']:8.1f}  p95 {s['cold']['p95_ms']:8.1f} ms"
                f"{'  (' + str(pending) + ' answered while pending)' if pending else ''}  {flag}",
                flush=True,
            )
        out["machine"] = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load": os.getloadavg(),
        }
        print(f"validation of the store in the background: {validation_s:.1f} s; load {os.getloadavg()}")
        if args.json:
            args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Latency of the questions of issue 16 item 5, whole process, on a store: wall time and CPU time (user +
system of the child, which a loaded machine does not inflate), median and p95 of N runs, table and
--format json, for one or two luocdo executables run back to back (A, B, A, B, ...).

    python bench/bench_questions.py STORE --luocdo .venv/bin/luocdo [--vs /work/main/.venv/bin/luocdo]
        [--runs 5] [--only implementers,chain_down] [-o bench/bench_questions_10k.json]

Each command runs once per executable before the timed runs (--warmup): the first run of a luocdo
builds the reference catalog's on-disk index (luocdo.reference_index) and fills the page cache.

With --in-process, also the query function alone (graph.ask.implementers / missing / chain, and
chain_head, what a chain table reads, where the luocdo running this has it; the lookup of the
document, the disagreements badge, and show's first citing rows and card bodies), timed in this
process against the same store (median and p95 of the runs; run this script with the other tree's
python, e.g. PYTHONPATH=../wt-base/src, for its figures).

With --bolt, the same questions on the Bolt server of the tests (ArcadeDB, tests/bolt_server.py): the
store is pushed to a fresh server first (`luocdo neo4j push`, timed), then every question runs with
`--backend neo4j` (validate is the store's own and is left out).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUESTIONS: dict[str, list[str]] = {
    "implementers": ["implementers", "26/CT-TTg"],
    "implementers_missing": ["implementers", "26/CT-TTg", "--level", "district", "--missing"],
    "chain_down": ["chain", "26/CT-TTg", "--down"],
    "show": ["show", "26/CT-TTg"],
    # a district's report and a province's plan of the 200,000-report synthetic store (/tmp/q200k, seed 1)
    "show_district": ["show", "66/BC-UBND của UBND huyện A Lưới"],
    "show_plan": ["show", "214/KH-UBND của UBND thành phố Hà Nội"],
    "validate": ["validate"],
}


def run_once(exe: str, args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the child, bytes written)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(
        [exe, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120", **(env or {})},
    )
    out = p.stdout.read() if p.stdout else b""
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{exe} {' '.join(args)}: exit status {status}")
    return wall, usage.ru_utime + usage.ru_stime, len(out)


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def summary(xs: list[float]) -> dict:
    return {
        "median": round(statistics.median(xs), 3),
        "p95": round(p95(xs), 3),
        "runs": [round(x, 3) for x in xs],
    }


def in_process(store: Path, runs: int) -> dict:
    from luocdo.graph.ask import chain, implementers, missing, resolve_document
    from luocdo.store import Store

    st = Store(store, create=False)
    target = [resolve_document(st, "26/CT-TTg")["id"]]
    # what the commands ask for: one piece of evidence a link, where the luocdo running this can
    kw = {"evidence_per_link": 1} if "evidence_per_link" in inspect.signature(implementers).parameters else {}
    from luocdo.store.variants import disagreements

    calls = {
        "lookup": lambda: resolve_document(st, "26/CT-TTg"),
        "badge": lambda: disagreements(st.db, target),
        "implementers": lambda: implementers(st, target, **kw),
        "implementers_missing": lambda: missing(
            st, implementers(st, target, level="district", **kw), level="district"
        ),
        "chain_down": lambda: chain(st, target, up=False),
    }
    try:  # what a chain table reads (a luocdo without chain_head reads the whole chain: chain_down)
        from luocdo.graph.ask import chain_head

        calls["chain_down_table"] = lambda: chain_head(st, target, up=False, limit=50)
    except ImportError:
        pass
    from luocdo.graph import ask

    bodies = getattr(ask, "implementing_bodies", None)
    if bodies is not None and "level" in inspect.signature(bodies).parameters:  # what --missing reads now
        calls["implementers_missing"] = lambda: missing(
            st, bodies(st, target, level="district"), level="district"
        )
    calls["show_first_citing"] = lambda: ask.first_citing(st.db, target[0], 20)
    if hasattr(ask, "first_mentions"):  # the card's first mentions (before: the query in cli/questions.py)
        calls["show_first_mentions"] = lambda: ask.first_mentions(st.db, target[0], 20)
    else:
        from luocdo.store.evidence import sentence_sql

        calls["show_first_mentions"] = lambda: st.db.execute(
            f"SELECT m.*, {sentence_sql('m')} AS sentence, f.path FROM mentions m JOIN files f ON f.id = m.file_id"
            " WHERE m.doc_id = ? ORDER BY f.path, m.line LIMIT ?",
            (target[0], 20),
        ).fetchall()
    if hasattr(ask, "implementing_bodies"):  # what the card lists (before: implementers, every chain)
        calls["show_bodies"] = lambda: ask.implementing_bodies(st, target)
    else:
        calls["show_bodies"] = lambda: implementers(st, target)
    out = {}
    for name, call in calls.items():
        wall, cpu = [], []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            call()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        out[name] = {"wall": summary(wall), "cpu": summary(cpu)}
    return out


def bolt(store: Path, exe: str, runs: int, names: list[str]) -> dict:
    """The questions with --backend neo4j against a fresh ArcadeDB Bolt server holding the store."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from bolt_server import BoltServer

    root = Path(tempfile.mkdtemp(prefix="luocdo-bolt-bench-"))
    srv = BoltServer(root)
    try:
        env = {"NEO4J_URI": srv.uri, "NEO4J_USER": srv.auth[0], "NEO4J_PASSWORD": srv.auth[1]}
        env["NEO4J_DATABASE"] = srv.database
        wall, cpu, _ = run_once(exe, ["neo4j", "push", "-q", "--store", str(store)], env)
        out: dict = {"push": {"wall": round(wall, 1), "cpu": round(cpu, 1)}, "questions": {}}
        print("bolt push", json.dumps(out["push"]), file=sys.stderr, flush=True)
        for name in names:
            if name == "validate":
                continue
            for fmt in ("table", "json"):
                walls, cpus = [], []
                for _ in range(runs):
                    args = [*QUESTIONS[name], "--store", str(store), "--format", fmt, "--backend", "neo4j"]
                    w, c, _ = run_once(exe, args, env)
                    walls.append(w)
                    cpus.append(c)
                row = {"wall": summary(walls), "cpu": summary(cpus)}
                out["questions"][f"{name} {fmt}"] = row
                print("bolt", name, fmt, json.dumps(row), file=sys.stderr, flush=True)
        return out
    finally:
        srv.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("--luocdo", default=".venv/bin/luocdo")
    ap.add_argument("--vs", default=None, help="a second luocdo (the version before), run alternately")
    ap.add_argument(
        "--vs-store", type=Path, default=None, help="a copy of the store for --vs (default: STORE)"
    )
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs of each command first")
    ap.add_argument("--only", default=None, help="comma-separated question names")
    ap.add_argument("--in-process", action="store_true")
    ap.add_argument(
        "--bolt", action="store_true", help="also on a fresh ArcadeDB Bolt server (--backend neo4j)"
    )
    ap.add_argument("--bolt-only", action="store_true", help="only the Bolt server's figures")
    ap.add_argument(
        "--in-process-only",
        action="store_true",
        help="only the query functions (run with each tree's python)",
    )
    ap.add_argument("-o", "--output", type=Path)
    a = ap.parse_args()
    names = a.only.split(",") if a.only else [q for q in QUESTIONS if q not in ("show_district", "show_plan")]
    if a.in_process_only:
        names, a.in_process = [], True
    exes = {"after": (a.luocdo, a.store), **({"before": (a.vs, a.vs_store or a.store)} if a.vs else {})}
    result: dict = {
        "store": str(a.store),
        "executables": {k: v[0] for k, v in exes.items()},
        "load_before": os.getloadavg(),
        "questions": {},
    }
    for name in [] if a.bolt_only else names:
        for fmt in ("table", "json"):
            got: dict[str, dict[str, list]] = {k: {"wall": [], "cpu": [], "bytes": []} for k in exes}
            for _ in range(a.warmup):
                for exe, store in exes.values():
                    run_once(exe, [*QUESTIONS[name], "--store", str(store), "--format", fmt])
            for _ in range(a.runs):
                for k, (exe, store) in exes.items():  # back to back
                    wall, cpu, size = run_once(
                        exe, [*QUESTIONS[name], "--store", str(store), "--format", fmt]
                    )
                    got[k]["wall"].append(wall)
                    got[k]["cpu"].append(cpu)
                    got[k]["bytes"].append(size)
            row = {
                k: {"wall": summary(v["wall"]), "cpu": summary(v["cpu"]), "bytes": v["bytes"][-1]}
                for k, v in got.items()
            }
            result["questions"][f"{name} {fmt}"] = row
            print(name, fmt, json.dumps(row), file=sys.stderr, flush=True)
    if a.in_process:
        result["in_process"] = in_process(a.store, a.runs)
        print(json.dumps(result["in_process"]), file=sys.stderr)
    if a.bolt or a.bolt_only:
        result["bolt"] = bolt(a.store, a.luocdo, a.runs, names)
    result["load_after"] = os.getloadavg()
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if a.output:
        a.output.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Speed and size of the citation graph on a synthetic corpus (luocdo.synth).

    .venv/bin/python bench/bench_graph.py                          # 10,000 reports, ingest via the CLI
    .venv/bin/python bench/bench_graph.py --reports 1000           # a smaller run
    .venv/bin/python bench/bench_graph.py --corpus DIR --json bench_graph.json
    .venv/bin/python bench/bench_graph.py --corpus DIR --jobs 2      # ingest on two cores (wall time)

Measures:
- ingest: `luocdo ingest DIR --store S -q` in a child process pinned to one core (or, with --api, the
  Store API in this process): wall time, CPU time, input bytes -> MB/s (MB = 10^6 bytes of UTF-8 input);
  peak memory (ru_maxrss of the ingesting process); store size on disk. With --jobs N > 1 the ingest
  runs unpinned with N extraction workers: wall time only, not comparable with the one-core target.
- queries on the finished store, each over >= --calls calls, p50 / p95 / max in ms:
  `implementers` (transitive) of every central document and of 100 random provincial plans, and
  `chain(st, ids, up=False)` / `chain(..., up=True)` of the same targets.
- agreement of `implementers` with the generator's truth, per central document (extra / missing bodies,
  `.direct` disagreements).

Targets: ingest >= 5 MB/s on one core; implementers and chain p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_INGEST_MBPS = 5.0
TARGET_P95_MS = 100.0


def percentile(xs: list[float], p: float) -> float:
    s = sorted(xs)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(ms: list[float]) -> dict:
    return {
        "calls": len(ms),
        "p50_ms": round(percentile(ms, 50), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "max_ms": round(max(ms), 3) if ms else None,
    }


def luocdo_command() -> list[str]:
    script = Path(sys.executable).with_name("luocdo")
    if script.exists():
        return [str(script)]
    found = shutil.which("luocdo")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from luocdo.cli import app; sys.argv[0] = 'luocdo'; app()"]


def corpus_bytes(corpus: Path) -> tuple[int, int]:
    files = [p for p in corpus.glob("*.md")]
    return len(files), sum(p.stat().st_size for p in files)


def store_size(path: Path) -> dict:
    parts = {s: Path(str(path) + s) for s in ("", "-wal", "-shm")}
    sizes = {("db" if s == "" else s[1:]): p.stat().st_size for s, p in parts.items() if p.exists()}
    sizes["total"] = sum(sizes.values())
    return sizes


def ingest_cli(corpus: Path, store: Path, core: int | None, work: Path, jobs: int = 1) -> dict:
    cmd = [*luocdo_command(), "ingest", str(corpus), "--store", str(store), "-q", "--jobs", str(jobs)]

    def pin() -> None:
        if core is not None and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {core})

    log = work / "ingest.log"
    with log.open("wb") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, preexec_fn=pin)
        # os.wait4 gives the rusage of this child alone (peak RSS, CPU time)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        sys.exit(f"bench_graph: ingest failed ({proc.returncode}): {text[-2000:]}")
    return {
        "mode": "cli",
        "command": " ".join(cmd),
        "jobs": jobs,
        "wall_s": wall,
        # the workers of --jobs > 1 are not children of the ingest process: their CPU is not counted
        "cpu_s": ru.ru_utime + ru.ru_stime if jobs == 1 else None,
        "peak_rss_mb": ru.ru_maxrss / 1024,  # Linux: kilobytes
        "pinned_core": core,
        "summary": text.strip().splitlines()[-1] if text.strip() else "",
    }


def ingest_api(corpus: Path, store: Path) -> dict:
    from luocdo.store import Store

    files = sorted(corpus.glob("*.md"))
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    st = Store(store)
    for f in files:
        st.ingest(f)
    st.settle()
    st.close()
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "mode": "api",
        "wall_s": wall,
        "cpu_s": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime),
        "peak_rss_mb": r1.ru_maxrss / 1024,  # of this whole process (generation included if it ran here)
        "pinned_core": None,
    }


def timed(fn, targets: list[list[int]], calls: int) -> list[float]:
    out = []
    i = 0
    while len(out) < calls:
        ids = targets[i % len(targets)]
        t0 = time.perf_counter()
        fn(ids)
        out.append((time.perf_counter() - t0) * 1000)
        i += 1
    return out


def queries(store: Path, calls: int, n_plans: int, seed: int) -> tuple[dict, dict]:
    from luocdo.graph.ask import chain, find_documents, implementers
    from luocdo.store import Store
    from luocdo.synth import central_documents

    st = Store(store, create=False)
    central = {c.key: [r["id"] for r in find_documents(st, c.key)] for c in central_documents()}
    central_targets = [ids for ids in central.values() if ids]
    # provincial plans that implement something (the middle of the chains), else any provincial plan
    plans = [
        r[0]
        for r in st.db.execute(
            "SELECT DISTINCT d.id FROM documents AS d JOIN edges AS e ON e.src = d.id AND e.relation = 'implements'"
            " WHERE d.type = 'Kế hoạch' AND d.level = 'province' ORDER BY d.id"
        )
    ]
    if len(plans) < n_plans:
        plans = [
            r[0]
            for r in st.db.execute(
                "SELECT id FROM documents WHERE type = 'Kế hoạch' AND level = 'province' ORDER BY id"
            )
        ]
    rnd = random.Random(seed)
    plan_targets = [[i] for i in rnd.sample(plans, min(n_plans, len(plans)))]
    found = [len(implementers(st, t)) for t in plan_targets]
    res = {
        "implementers_central": summary(timed(lambda ids: implementers(st, ids), central_targets, calls)),
        "implementers_provincial_plans": summary(
            timed(lambda ids: implementers(st, ids), plan_targets, calls)
        ),
        "chain_down_central": summary(timed(lambda ids: chain(st, ids, up=False), central_targets, calls)),
        "chain_up_central": summary(timed(lambda ids: chain(st, ids, up=True), central_targets, calls)),
        "chain_down_provincial_plans": summary(
            timed(lambda ids: chain(st, ids, up=False), plan_targets, calls)
        ),
        "chain_up_provincial_plans": summary(timed(lambda ids: chain(st, ids, up=True), plan_targets, calls)),
    }
    res["targets"] = {
        "central": len(central_targets),
        "provincial_plans": len(plan_targets),
        "provincial_plans_in_store": len(plans),
        "implementers_per_plan_mean": sum(found) / max(len(found), 1),
    }
    per_central = {}
    for key, ids in central.items():
        t0 = time.perf_counter()
        imps = implementers(st, ids)
        per_central[key] = {
            "ms": round((time.perf_counter() - t0) * 1000, 3),
            "bodies": len(imps),
            "direct": sum(i.direct for i in imps),
        }
    res["per_central"] = per_central
    st.close()
    return res, central


def agreement(store: Path, truth: dict, central: dict) -> dict:
    from luocdo.graph.ask import implementers
    from luocdo.store import Store

    st = Store(store, create=False)
    out = {}
    for key, info in truth["implementers"].items():
        got = {i.body: i.direct for i in implementers(st, central.get(key, []))}
        want = {e["body"]: e["direct"] for e in info["bodies"]}
        extra = sorted(set(got) - set(want))
        missing = sorted(set(want) - set(got))
        direct = sorted(b for b in set(got) & set(want) if got[b] != want[b])
        out[key] = {
            "truth": len(want),
            "luocdo": len(got),
            "extra": len(extra),
            "missing": len(missing),
            "direct_mismatch": len(direct),
            "examples": {"extra": extra[:5], "missing": missing[:5], "direct_mismatch": direct[:5]},
        }
    st.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=10_000, help="reports to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--corpus", type=Path, help="reuse this corpus (generated here if it has no truth.json)")
    ap.add_argument("--store", type=Path, help="store path (default: a fresh one in a temp dir; replaced)")
    ap.add_argument("--api", action="store_true", help="ingest with the Store API in-process, not the CLI")
    ap.add_argument("--core", type=int, default=0, help="CPU core to pin the ingest to (-1: no pinning)")
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="ingest --jobs (default 1: the one-core figure; more implies --core -1, wall time only)",
    )
    ap.add_argument("--calls", type=int, default=240, help="calls per query kind (>= 200)")
    ap.add_argument("--plans", type=int, default=100, help="random provincial plans to query (default 100)")
    ap.add_argument("--json", type=Path, metavar="PATH", help="write the results here")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and store")
    ap.add_argument("--skip-ingest", action="store_true", help="query an existing --store (no ingest timing)")
    a = ap.parse_args(argv)
    if a.calls < 200:
        ap.error("--calls must be at least 200")

    work = Path(tempfile.mkdtemp(prefix="luocdo-bench-"))
    corpus = a.corpus or work / "corpus"
    gen_s = None
    if not (corpus / "truth.json").exists():
        from luocdo.synth import generate

        print(f"generating {a.reports} reports (seed {a.seed}) -> {corpus}", file=sys.stderr)
        t0 = time.perf_counter()
        generate(corpus, a.reports, a.seed)
        gen_s = time.perf_counter() - t0
    n_files, n_bytes = corpus_bytes(corpus)
    store = a.store or work / "bench.db"
    if a.skip_ingest:
        if not a.store or not store.exists():
            ap.error("--skip-ingest needs an existing --store")
        ing = {"mode": "skipped", "wall_s": float("nan"), "cpu_s": float("nan"), "peak_rss_mb": float("nan")}
    else:
        for s in ("", "-wal", "-shm"):
            Path(str(store) + s).unlink(missing_ok=True)
        print(f"ingesting {n_files} files, {n_bytes / 1e6:.1f} MB ...", file=sys.stderr)
        core = None if a.core < 0 or a.jobs > 1 else a.core
        ing = ingest_api(corpus, store) if a.api else ingest_cli(corpus, store, core, work, a.jobs)
    ing["files"] = n_files
    ing["input_bytes"] = n_bytes
    ing["mb_per_s_wall"] = n_bytes / 1e6 / ing["wall_s"]
    ing["mb_per_s_cpu"] = n_bytes / 1e6 / ing["cpu_s"] if ing.get("cpu_s") else None
    size = store_size(store)

    print("querying ...", file=sys.stderr)
    # The questions are timed in a process that holds what a `luocdo` command holds: the ground truth
    # (a large JSON of 10,000 reports) is read afterwards, since its objects would make every garbage
    # collection during the timed calls slower (p95 ~115 ms instead of ~65 ms for chain --down).
    gc.collect()
    q, central = queries(store, a.calls, a.plans, a.seed)
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    agree = agreement(store, truth, central)

    p95s = {k: v["p95_ms"] for k, v in q.items() if isinstance(v, dict) and "p95_ms" in v}
    result = {
        "corpus": {
            "dir": str(corpus),
            "reports": n_files,
            "bytes": n_bytes,
            "avg_kb": n_bytes / max(n_files, 1) / 1e3,
            "seed": truth.get("seed"),
            "generate_s": gen_s,
        },
        "ingest": ing,
        "store_bytes": size,
        "queries": q,
        "agreement_with_truth": agree,
        "targets": {
            "ingest_mb_per_s": TARGET_INGEST_MBPS,
            "p95_ms": TARGET_P95_MS,
            # the target is for one core: a --jobs run says nothing about it
            "ingest_ok": ing["mb_per_s_wall"] >= TARGET_INGEST_MBPS if ing.get("jobs", 1) == 1 else None,
            "queries_ok": all(v < TARGET_P95_MS for v in p95s.values()),
        },
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
        },
    }

    c = result["corpus"]
    print(
        f"corpus   {c['reports']} reports, {c['bytes'] / 1e6:.1f} MB (avg {c['avg_kb']:.1f} KB)"
        + (f", generated in {gen_s:.1f}s" if gen_s is not None else "")
    )
    ok = {True: "ok", False: "BELOW TARGET", None: "several cores: not the one-core target"}[
        result["targets"]["ingest_ok"]
    ]
    print(
        f"ingest   {ing['mode']}"
        + (f" --jobs {ing['jobs']}" if ing.get("jobs", 1) > 1 else "")
        + f": {ing['wall_s']:.1f}s wall, "
        + (f"{ing['cpu_s']:.1f}s CPU" if ing.get("cpu_s") is not None else "CPU of the workers not counted")
        + " -> "
        f"{ing['mb_per_s_wall']:.2f} MB/s wall ({ok}; target >= {TARGET_INGEST_MBPS} MB/s), "
        f"peak RSS {ing['peak_rss_mb']:.0f} MB"
    )
    print(f"store    {size['total'] / 1e6:.1f} MB on disk ({size.get('db', 0) / 1e6:.1f} MB db)")
    print(
        f"queries  ({q['targets']['central']} central documents, {q['targets']['provincial_plans']} provincial plans)"
    )
    for k, v in q.items():
        if isinstance(v, dict) and "p95_ms" in v:
            flag = "" if v["p95_ms"] < TARGET_P95_MS else "  ABOVE TARGET"
            print(
                f"  {k:30s} n={v['calls']:4d}  p50 {v['p50_ms']:8.2f} ms  p95 {v['p95_ms']:8.2f} ms  "
                f"max {v['max_ms']:8.2f} ms{flag}"
            )
    print("implementers vs truth (bodies: truth / luocdo / extra / missing / .direct mismatches)")
    for k, v in agree.items():
        print(
            f"  {k:16s} {v['truth']:5d} {v['luocdo']:5d} {v['extra']:5d} {v['missing']:5d} "
            f"{v['direct_mismatch']:5d}"
        )
    if a.json:
        a.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"wrote {a.json}", file=sys.stderr)
    if a.keep:
        print(f"kept {work}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

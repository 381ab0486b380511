"""`--backend rdf implementers` on the Oxigraph copy of a store: the SPARQL query alone, the whole question
in process, and the whole command (a new process each time, wall clock and CPU), beside the embedded
engine; and whether every answer equals the embedded one.

    python bench/bench_sparql.py --store /tmp/s10k.db --calls 20 --runs 10 --json out.json
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def pct(xs: list[float]) -> dict:
    xs = sorted(xs)
    return {
        "n": len(xs),
        "p50_ms": round(statistics.median(xs), 1),
        "p95_ms": round(xs[int(0.95 * (len(xs) - 1))], 1),
        "max_ms": round(xs[-1], 1),
    }


def timed(fn, args_list, calls: int) -> dict:
    xs = []
    while len(xs) < calls:
        for a in args_list:
            t = time.perf_counter()
            fn(a)
            xs.append((time.perf_counter() - t) * 1000)
    return pct(xs)


def command(args: list[str], runs: int) -> dict:
    """A fresh process per run: wall clock and CPU (user + system of the child)."""
    wall, cpu = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall.append((time.perf_counter() - t) * 1000)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
    return {"wall": pct(wall), "cpu": pct(cpu)}


def main() -> None:
    from luocdo.backends import questions as Q
    from luocdo.backends import rows as R
    from luocdo.backends.oxigraph import OxigraphBackend, open_current
    from luocdo.graph.ask import find_documents, implementers, label
    from luocdo.store import Store
    from luocdo.synth import central_documents

    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    st = Store(a.store, create=False)
    out: dict = {"store": st.counts()}
    t = time.perf_counter()
    ox = open_current(st)
    out["open_or_build_s"] = round(time.perf_counter() - t, 2)
    central = [[r["id"] for r in find_documents(st, c.key)] for c in central_documents()]
    central = [c for c in central if c]
    keys = R.doc_keys(st)
    central_keys = [[keys[i] for i in ids] for ids in central]
    eng = OxigraphBackend(ox)
    out["embedded_question"] = timed(lambda ids: implementers(st, ids), central, a.calls)
    out["oxigraph_query_only"] = timed(
        lambda ks: [eng.sparql("implementers", target=k) for k in ks], central_keys, a.calls
    )

    def question(ks):
        eng._docs.clear()
        return Q.implementers(eng, ks)

    out["oxigraph_question"] = timed(question, central_keys, a.calls)

    def shape(imps) -> list:
        return [(i.body, i.direct, [[label(s.src) for s in c] for c in i.chains]) for i in imps]

    out["same_answers"] = all(
        shape(implementers(st, ids)) == shape(question(ks))
        for ids, ks in zip(central, central_keys, strict=True)
    )
    doc = central_documents()[0].key
    luocdo = [sys.executable, "-m", "luocdo", "implementers", doc, "--store", str(a.store)]
    out["central_document"] = doc
    out["command_embedded"] = command(luocdo, a.runs)
    out["command_rdf_oxigraph"] = command([*luocdo, "--backend", "rdf"], a.runs)
    with open("/proc/loadavg") as f:
        out["loadavg"] = f.read().split()[:3]
    print(json.dumps(out, indent=1))
    if a.json:
        a.json.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The graph engines at scale (numbers in docs/scale.md).

    .venv/bin/python bench/bench_backends.py --store S.db [--docs 100000 --relations 300000] [--json OUT]

1. push: N generated documents and M generated relations (rows made directly, no reports) to a fresh
   ArcadeDB Bolt server (tests/bolt_server.py), batches of 1,000 in managed write transactions: wall
   time, rows/s, peak memory of this process and of the server process; then the same push again
   (idempotent: node and relationship counts unchanged) and its time.
2. latency of `implementers` of the synthetic corpus's central documents on the store S (a
   `luocdo ingest` of `python -m luocdo.synth OUT --reports 10000`): embedded (SQL), rdf (SPARQL over the
   in-memory rdflib view; its build time and memory too) and neo4j (Cypher, the store pushed first).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bolt_server import BoltServer  # noqa: E402
from luocdo.backends.ids import REL_TYPES, body_key  # noqa: E402
from luocdo.backends.neo4j import Connection, Neo4jBackend, Plan, connect, push  # noqa: E402


def rss_mb(pid: int | str = "self") -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def synthetic_plan(n_docs: int, n_rels: int, seed: int = 1) -> Plan:
    rnd = random.Random(seed)
    bodies = [
        {
            "key": body_key(f"UBND huyện {i}"),
            "name": f"UBND huyện {i}",
            "level": "district",
            "province": f"Tỉnh {i % 63}",
            "district": str(i),
        }
        for i in range(700)
    ]
    docs = []
    for i in range(n_docs):
        b = bodies[i % len(bodies)]
        key = f"doc/kh-ubnd/{2019 + i % 6}/{i}/{b['key'][5:]}"
        props = {
            "label": f"Kế hoạch {i}/KH-UBND",
            "type": "Kế hoạch",
            "number": str(i),
            "year": None,
            "symbol": "KH-UBND",
            "name": None,
            "issuer": b["name"],
            "date": f"{2019 + i % 6}-03-0{1 + i % 9}",
            "title": f'Kế hoạch "{i}" {{x}} \\ thực hiện',
            "level": "district",
            "province": b["province"],
            "status": "unverified",
            "nnum": str(i),
            "nsym": "kh/ubnd",
            "lname": None,
        }
        docs.append({"key": key, "props": props, "body": b["key"]})
    rels = list(REL_TYPES)
    weights = [10, 1, 3, 5, 1, 1, 1, 3, 3]  # cites, amends, based_on, implements, ...
    links: dict[str, list[dict]] = {}
    seen = set()
    while len(seen) < n_rels:
        a, b = rnd.randrange(n_docs), rnd.randrange(n_docs)
        rel = rnd.choices(rels, weights)[0]
        if a == b or (a, rel, b) in seen:
            continue
        seen.add((a, rel, b))
        links.setdefault(rel, []).append(
            {
                "src": docs[a]["key"],
                "dst": docs[b]["key"],
                "keys": [f"ev/{len(seen)}"],
                "files": [f"/r/{a}.md"],
                "shas": ["0" * 64],
                "reports": [""],
                "lines": [rnd.randrange(1, 200)],
                "sentences": [
                    f"Thực hiện Kế hoạch số {b}/KH-UBND, UBND huyện đã ban hành Kế hoạch số {a}/KH-UBND."
                ],
                "confidences": [0.9],
                "seqs": [len(seen)],
            }
        )
    return Plan(bodies, docs, links)


def counts(driver, db) -> tuple[int, int]:
    with driver.session(database=db) as s:
        n = s.run("MATCH (n) RETURN count(n) AS n").single()["n"]
        e = s.run("MATCH ()-[e]->() RETURN count(e) AS n").single()["n"]
    return n, e


def bench_push(n_docs: int, n_rels: int, tmp: Path) -> dict:
    plan = synthetic_plan(n_docs, n_rels)
    srv = BoltServer(tmp / "push")
    try:
        conn = Connection(srv.uri, "root", srv.password, srv.database)
        driver = connect(conn)
        server_before = rss_mb(srv.proc.pid)
        t = time.perf_counter()
        push(driver, plan, srv.database)
        first = time.perf_counter() - t
        server_after = rss_mb(srv.proc.pid)
        c1 = counts(driver, srv.database)
        t = time.perf_counter()
        push(driver, plan, srv.database)
        second = time.perf_counter() - t
        c2 = counts(driver, srv.database)
        driver.close()
        return {
            "documents": n_docs,
            "relations": n_rels,
            "rows": plan.total(),
            "first_push_s": round(first, 1),
            "rows_per_s": round(plan.total() / first),
            "second_push_s": round(second, 1),
            "counts_after_first": c1,
            "counts_after_second": c2,
            "client_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "server_rss_mb_before": round(server_before["VmRSS"]),
            "server_rss_mb_after": round(server_after["VmRSS"]),
            "server_peak_rss_mb": round(server_after["VmHWM"]),
        }
    finally:
        srv.stop()


def timed(fn, args_list, calls: int) -> dict:
    xs = []
    while len(xs) < calls:
        for a in args_list:
            t = time.perf_counter()
            fn(a)
            xs.append((time.perf_counter() - t) * 1000)
    xs.sort()
    return {
        "calls": len(xs),
        "p50_ms": round(statistics.median(xs), 1),
        "p95_ms": round(xs[int(0.95 * (len(xs) - 1))], 1),
        "max_ms": round(xs[-1], 1),
    }


def bench_latency(store_path: Path, tmp: Path, calls: int) -> dict:
    from luocdo.backends import questions as Q
    from luocdo.backends import rows as R
    from luocdo.backends.rdf import RDFBackend, build_graph
    from luocdo.graph.ask import find_documents, implementers
    from luocdo.store import Store
    from luocdo.synth import central_documents

    st = Store(store_path, create=False)
    out: dict = {"store": st.counts()}
    central = [[r["id"] for r in find_documents(st, c.key)] for c in central_documents()]
    central = [c for c in central if c]
    keys = R.doc_keys(st)
    central_keys = [[keys[i] for i in ids] for ids in central]
    out["central_documents"] = len(central)
    out["embedded"] = timed(lambda ids: implementers(st, ids), central, calls)
    rss0 = rss_mb()["VmRSS"]
    t = time.perf_counter()
    g = build_graph(st)
    out["rdf_build_s"] = round(time.perf_counter() - t, 1)
    out["rdf_triples"] = len(g)
    out["rdf_graph_rss_mb"] = round(rss_mb()["VmRSS"] - rss0)
    rdf = RDFBackend(g)
    out["rdf_sparql_query_only"] = timed(
        lambda ks: [rdf.sparql("implementers", target=k) for k in ks], central_keys, calls
    )
    rdf._docs.clear()
    out["rdf"] = timed(lambda ks: Q.implementers(rdf, ks), central_keys, calls)
    same = all(
        _shape(implementers(st, ids)) == _shape(Q.implementers(rdf, ks))
        for ids, ks in zip(central, central_keys, strict=True)
    )
    out["rdf_same_answers"] = same
    g = rdf = None  # free the graph before the server starts
    srv = BoltServer(tmp / "latency")
    try:
        conn = Connection(srv.uri, "root", srv.password, srv.database)
        driver = connect(conn)
        t = time.perf_counter()
        push(driver, Plan.from_store(st), srv.database)
        out["neo4j_push_store_s"] = round(time.perf_counter() - t, 1)
        nb = Neo4jBackend(driver, srv.database)
        from luocdo.backends.neo4j import query_text, with_depth

        q = with_depth(query_text("implementers"), 6)
        out["cypher_query_only"] = timed(lambda ks: nb.run(q, targets=ks), central_keys, calls)
        out["neo4j"] = timed(lambda ks: (nb._docs.clear(), Q.implementers(nb, ks)), central_keys, calls)
        out["neo4j_same_answers"] = all(
            _shape(implementers(st, ids)) == _shape(Q.implementers(nb, ks))
            for ids, ks in zip(central, central_keys, strict=True)
        )
        out["server_peak_rss_mb"] = round(rss_mb(srv.proc.pid)["VmHWM"])
        driver.close()
    finally:
        srv.stop()
    return out


def _shape(imps) -> list:
    from luocdo.graph.ask import label

    return [(i.body, i.direct, [[label(s.src) for s in c] for c in i.chains]) for i in imps]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, help="store of the 10,000-report synthetic corpus (latency part)")
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--relations", type=int, default=300_000)
    ap.add_argument("--calls", type=int, default=30)
    ap.add_argument("--skip-push", action="store_true")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    res = {}
    with tempfile.TemporaryDirectory() as d:
        if not a.skip_push:
            res["push"] = bench_push(a.docs, a.relations, Path(d))
            print(json.dumps(res["push"], indent=1), flush=True)
        if a.store:
            res["latency"] = bench_latency(a.store, Path(d), a.calls)
            print(json.dumps(res["latency"], indent=1), flush=True)
    if a.json:
        a.json.write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()

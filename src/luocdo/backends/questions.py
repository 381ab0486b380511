"""The questions of luocdo.graph.ask (find a document, implementers, chain, card) answered by any
engine: the rdf and neo4j engines run the named questions of queries/*.rq and queries/*.cypher and
this module turns their answers into the same structures the embedded engine returns (Implementer,
Step, Evidence), with the same rules: simple paths, depth bounds, filters and orders."""

from __future__ import annotations

import inspect
from collections import defaultdict, deque
from collections.abc import Iterable

from luocdo.gazetteer import in_province
from luocdo.graph import ask
from luocdo.graph.ask import IMPLEMENTING, Evidence, Implementer, Step
from luocdo.graph.lookup import Lookup, Unresolved, resolve
from luocdo.resolve.corpus import body_info

CHAIN_RELATIONS = ("implements", "reports_on", "based_on", "guides", "amends", "replaces")


def sql_order(v) -> tuple:
    """ORDER BY as SQLite does it: NULL first, numbers, then text by its UTF-8 bytes."""
    if v is None:
        return (0, 0)
    if isinstance(v, (int, float)):
        return (1, v)
    return (2, str(v).encode("utf-8"))


# ---- walking the links a question returns ------------------------------------------------------------
def distances(
    links: Iterable[tuple[str, str, str]], targets: list[str], max_depth: int, *, up: bool
) -> dict[str, int]:
    """Shortest distance (at most max_depth) from a target to every document the links reach
    (up: following src -> dst; down: dst -> src), as the recursive SQL's min(depth) gives it."""
    nxt: dict[str, set[str]] = defaultdict(set)
    for s, _, d in links:
        if up:
            nxt[s].add(d)
        else:
            nxt[d].add(s)
    dist = {t: 0 for t in targets}
    q = deque(targets)
    while q:
        x = q.popleft()
        if dist[x] >= max_depth:
            continue
        for y in nxt.get(x, ()):
            if y not in dist:
                dist[y] = dist[x] + 1
                q.append(y)
    return dist


# ---- the questions --------------------------------------------------------------------------------
def lookup(backend, text: str) -> Lookup:
    """luocdo.graph.ask.lookup on any engine: the same resolver, fed with the engine's documents."""
    return resolve(
        text,
        by_number=backend.find_by_number,
        by_name=backend.find_by_name,
        weight=lambda r: backend.weight(r["key"]),
        order=lambda r: r["key"],
    )


def find_documents(backend, text: str) -> list[dict]:
    """luocdo.graph.ask.find_documents on any engine."""
    return lookup(backend, text).matches


def resolve_document(backend, text: str) -> dict:
    """luocdo.graph.ask.resolve_document on any engine."""
    found = lookup(backend, text)
    if found.status != "exact":
        raise Unresolved(found, f"{backend.name} engine")
    return found.matches[0]


def _default(fn, name: str, fallback):
    """A keyword's default in the embedded engine's function, so both engines answer alike."""
    p = inspect.signature(fn).parameters.get(name)
    return p.default if p is not None and p.default is not inspect.Parameter.empty else fallback


def _evidence(backend, src: str, dst: str, relations, limit: int) -> list[Evidence]:
    return [Evidence(*e[:5]) for e in backend.evidence(src, dst, relations, limit)]


def _body(backend, name: str) -> tuple:
    return backend.body(name) or body_info(name)


def implementers(
    backend,
    targets: list[str],
    *,
    level: str | None = None,
    province: str | None = None,
    direct_only: bool = False,
    max_depth: int = 6,
    chains_per_body: int | None = None,
) -> list[Implementer]:
    """luocdo.graph.ask.implementers on any engine (targets are document keys): every document at its
    shortest distance from a target, the next document on that way ("via": the first the store
    recorded), bodies with their first chains_per_body chains (the embedded engine's default)."""
    if chains_per_body is None:
        chains_per_body = _default(ask.implementers, "chains_per_body", 1)
    depth = 1 if direct_only else max_depth
    links = [x for x in backend.links("implementers", targets, depth) if x[1] in IMPLEMENTING]
    dist = distances(links, targets, depth, up=False)
    seq = {k: backend.doc(k)["seq"] for k in dist}
    via: dict[str, str] = {}
    for s, _, d in links:
        if (
            s in dist
            and dist[s] > 0
            and dist.get(d) == dist[s] - 1
            and (s not in via or seq[d] < seq[via[s]])
        ):
            via[s] = d
    rows = sorted(
        (k for k, n in dist.items() if n > 0),
        key=lambda k: (dist[k], sql_order(backend.doc(k)["issuer"]), seq[k]),
    )
    by_body: dict[str, list[str]] = {}
    for k in rows:
        if backend.doc(k)["issuer"]:
            by_body.setdefault(backend.doc(k)["issuer"], []).append(k)
    kept = []
    for body, docs in by_body.items():
        blevel, bprov, _ = _body(backend, body)
        if level and blevel != level:
            continue
        if province and not in_province(bprov, province):
            continue
        paths = []
        for k in sorted(docs, key=lambda k: dist[k])[:chains_per_body]:
            ids = [k]
            while via.get(ids[-1]) is not None and len(ids) <= depth:
                ids.append(via[ids[-1]])
            paths.append(ids)
        kept.append((Implementer(body, blevel, bprov, any(dist[k] == 1 for k in docs)), paths))
    pairs = sorted({(a, b) for _, paths in kept for ids in paths for a, b in zip(ids, ids[1:], strict=False)})
    if hasattr(backend, "evidence_many"):  # one round trip for every link of every chain
        many = backend.evidence_many(pairs, IMPLEMENTING)
        ev = {p: [Evidence(*e[:5]) for e in many.get(p, [])[:3]] for p in pairs}
    else:
        ev = {p: _evidence(backend, p[0], p[1], IMPLEMENTING, 3) for p in pairs}
    out: list[Implementer] = []
    for imp, paths in kept:
        for ids in paths:
            imp.chains.append(
                [
                    Step(
                        backend.doc(a),
                        ev[a, b][0].relation if ev[a, b] else "implements",
                        backend.doc(b),
                        ev[a, b],
                    )
                    for a, b in zip(ids, ids[1:], strict=False)
                ]
            )
        out.append(imp)
    return sorted(out, key=lambda i: (not i.direct, i.province or "", i.body))


def chain(
    backend, targets: list[str], *, up: bool, max_depth: int = 6, evidence_per_link: int | None = None
) -> tuple[list[dict], list[Step]]:
    """luocdo.graph.ask.chain on any engine: the documents within max_depth links, in the order the
    store recorded them, and every link among them with its best evidence (the embedded engine's
    count: the most confident occurrence, the first recorded among equals; or the k most confident,
    by line)."""
    if evidence_per_link is None:
        evidence_per_link = _default(ask.chain, "evidence_per_link", 1)
    keys = sorted(
        backend.reach("chain_up" if up else "chain_down", targets, max_depth),
        key=lambda k: backend.doc(k)["seq"],
    )
    docs = [backend.doc(k) for k in keys]
    seq = {k: backend.doc(k)["seq"] for k in keys}
    links = sorted(backend.among(keys, CHAIN_RELATIONS), key=lambda x: (seq[x[0]], x[1], seq[x[2]]))
    steps = []
    for s, rel, d in links:
        evs = backend.evidence(s, d, (rel,), 10**6)
        if evidence_per_link == 1:
            evs = sorted(evs, key=lambda e: (-e[4], e[5]))[:1]
        else:
            evs = sorted(evs, key=lambda e: (-e[4], e[1], e[5]))[:evidence_per_link]
        steps.append(Step(backend.doc(s), rel, backend.doc(d), [Evidence(*e[:5]) for e in evs]))
    return docs, steps


def cites(backend, key: str, *, reverse: bool = False) -> list[dict]:
    """The rows of queries/cites (or cited_by) in their SQL order (ties as its index scan leaves them:
    by relation, then the order the store recorded them): the other document's identity and the
    evidence."""
    out = []
    for r in backend.cites([key], reverse=reverse):
        other = backend.doc(r["src"] if reverse else r["dst"])
        row = dict(r)
        row.update({f: other[f] for f in ("type", "number", "year", "symbol", "name", "issuer", "date")})
        row["path"] = r["file"]
        out.append(row)
    if reverse:
        out.sort(
            key=lambda r: (sql_order(r["issuer"]), sql_order(r["path"]), r["line"], r["relation"], r["seq"])
        )
    else:
        out.sort(
            key=lambda r: (
                sql_order(r["type"]),
                sql_order(r["number"]),
                sql_order(r["path"]),
                r["line"],
                r["relation"],
                r["seq"],
            )
        )
    return out

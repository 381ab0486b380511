"""The store as an RDF graph in the ELI vocabulary (graph_schema/luocdo.ttl), SPARQL over it, and the
rdf engine of the named questions (queries/*.rq)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from luocdo.backends.ids import DEFAULT_BASE, relation_of_iri
from luocdo.backends.triples import ELI_NS, LT, LUOCDO, PREFIXES, blocks  # noqa: F401 (LT: re-exported)
from luocdo.store import Store


def build_graph(store: Store, base: str = DEFAULT_BASE, *, status: bool = True) -> Graph:
    """The store's RDF view (luocdo.backends.triples) as an in-memory rdflib graph: for small stores
    and tests; exports stream (luocdo.backends.rdf_write) and SPARQL runs on Oxigraph
    (luocdo.backends.oxigraph) without it."""
    g = Graph(store="SimpleMemory", bind_namespaces="core")  # no named graphs needed: the faster store
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    g.bind("id", Namespace(base))
    add_one = g.store.add
    for s, po in blocks(store, base, status=status):
        for p, o in po:
            add_one((s, p, o), g, quoted=False)
    return g


# ---- named questions as SPARQL ----------------------------------------------------------------------
@cache
def query_text(name: str) -> str:
    try:
        return resources.files("luocdo").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(name) from None


@cache
def prepared(name: str):
    """The named query parsed once (parsing costs more than running a small query)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(query_text(name))


# ---- SPARQL from the user ---------------------------------------------------------------------------
class SparqlError(Exception):
    """A user's SPARQL query that cannot run: its message is one line."""


class SparqlSyntaxError(SparqlError):
    """The text is not a SPARQL query."""


NO_SERVICE = "SERVICE is not allowed: luocdo's SPARQL reads the store only and sends nothing over the network"
NO_DATASET = (
    "FROM and FROM NAMED are not allowed: luocdo's SPARQL reads the store only (no files, no network)"
)


def _services(node, seen: set[int] | None = None) -> bool:
    """Whether the algebra tree under `node` has a SERVICE pattern."""
    from rdflib.plugins.sparql.parserutils import CompValue

    seen = set() if seen is None else seen
    if id(node) in seen or isinstance(node, str):
        return False
    seen.add(id(node))
    if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_services(v, seen) for v in node.values())
    if isinstance(node, (list, tuple, set)):
        return any(_services(v, seen) for v in node)
    return False


def _one_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else e.__class__.__name__


@dataclass
class UserResult:
    """A user's query run to the end (rdflib evaluates lazily: a failure while reading the rows is
    still the query's failure)."""

    type: str
    vars: list[str]
    rows: list
    ask: bool | None = None
    turtle: str | None = None


def check_user_query(text: str):
    """The user's query parsed by rdflib, refused (SparqlError) when it would reach outside the store:
    SERVICE and FROM / FROM NAMED. Whichever engine then runs it."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        q = prepareQuery(text)
    except Exception as e:  # a syntax error in the user's query
        raise SparqlSyntaxError(_one_line(e)) from None
    if q.algebra.get("datasetClause"):
        raise SparqlError(NO_DATASET)
    if _services(q.algebra):
        raise SparqlError(NO_SERVICE)
    return q


def run_user_query(g: Graph, text: str, bindings: dict | None = None) -> UserResult:
    """Run a SPARQL query given by the user on `g` and read its whole result. Refused before it runs
    (SparqlError) when it would reach outside the store: SERVICE (rdflib would send the query to any
    http(s) address) and FROM / FROM NAMED (rdflib may load the graph they name); LOAD and the other
    updates do not parse as a query. Any failure is a SparqlError with one line."""
    q = check_user_query(text)
    try:
        res = g.query(q, initBindings=bindings or {})
        if res.type == "ASK":
            return UserResult("ASK", [], [], ask=bool(res.askAnswer))
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            return UserResult(res.type, [], [], turtle=res.graph.serialize(format="turtle"))
        return UserResult(res.type, [str(v) for v in res.vars], list(res))
    except Exception as e:  # while evaluating (a type error, a missing dataset...)
        raise SparqlError(_one_line(e)) from None


def _py(v):
    if v is None:
        return None
    if isinstance(v, Literal) and v.datatype not in (None, XSD.string):
        return v.toPython()
    return str(v)


class RDFBackend:
    """The named questions answered by SPARQL over the store's RDF view (an in-memory rdflib graph)."""

    name = "rdf"

    def __init__(self, graph: Graph, base: str = DEFAULT_BASE) -> None:
        self.g = graph
        self.base = base
        self._docs: dict[str, dict] = {}

    @classmethod
    def from_store(cls, store: Store, base: str = DEFAULT_BASE) -> RDFBackend:
        return cls(build_graph(store, base), base)

    def close(self) -> None:
        pass

    def iri(self, key: str) -> URIRef:
        return URIRef(self.base + key)

    def key(self, iri) -> str:
        return str(iri)[len(self.base) :]

    def sparql(self, name: str, **bindings) -> list:
        init = {k: (self.iri(v) if k in ("target", "doc") else v) for k, v in bindings.items()}
        return list(self.g.query(prepared(name), initBindings=init))

    # ---- primitives: direct lookups in the graph (the questions themselves are SPARQL) ---------------
    def doc(self, key: str) -> dict:
        if key not in self._docs:
            g, s = self.g, self.iri(key)
            if (s, LUOCDO.seq, None) not in g:
                raise KeyError(key)

            def one(p):
                return _py(g.value(s, p))

            t = g.value(s, ELI_NS.type_document)
            d = {
                "key": key,
                "seq": one(LUOCDO.seq),
                "type": _py(g.value(t, SKOS.prefLabel)) if t else None,
                "label": one(RDFS.label),
                "number": one(ELI_NS.number),
                "year": one(LUOCDO.year),
                "symbol": one(LUOCDO.symbol),
                "name": one(LUOCDO.name),
                "title": one(DCTERMS.title),
                "level": one(LUOCDO.level),
                "province": one(LUOCDO.province),
                "status": one(LUOCDO.status),
            }
            body = g.value(s, ELI_NS.passed_by)
            d["issuer"] = _py(g.value(body, RDFS.label)) if body is not None else None
            date = g.value(s, ELI_NS.date_document) or g.value(s, LUOCDO.date_text)
            d["date"] = str(date) if date is not None else None
            self._docs[key] = d
        return self._docs[key]

    def find_by_number(self, nnum: str) -> list[dict]:
        rows = self.g.query(prepared("find_by_number"), initBindings={"nnum": Literal(nnum)})
        return [self.doc(self.key(r.d)) for r in rows]

    def find_by_name(self, name: str) -> list[dict]:
        from luocdo.backends.ids import ascii_lower

        want = ascii_lower(name)
        return [
            self.doc(self.key(r.d))
            for r in self.g.query(prepared("find_by_name"))
            if ascii_lower(str(r.name)) == want
        ]

    def weight(self, key: str) -> int:
        s = self.iri(key)
        return sum(1 for _ in self.g.subjects(RDF.subject, s)) + sum(
            1 for _ in self.g.subjects(RDF.object, s)
        )

    def body(self, name: str) -> tuple | None:
        from luocdo.backends.ids import body_key

        b = self.iri(body_key(name))
        if (b, LUOCDO.key, None) not in self.g:
            return None
        return tuple(_py(self.g.value(b, LUOCDO[f])) for f in ("level", "province", "district"))

    def links(self, question: str, targets: list[str], max_depth: int = 0) -> list[tuple[str, str, str]]:
        """(src, relation, dst) of the subgraph a path question walks (implementers, chain_up, chain_down)."""
        out = set()
        for t in targets:
            for r in self.sparql(question, target=t):
                out.add((self.key(r.src), relation_of_iri(str(r.rel)), self.key(r.dst)))
        return sorted(out)

    def evidence(self, src: str, dst: str, relations: Iterable[str] | None, limit: int) -> list[tuple]:
        g, s, o = self.g, self.iri(src), self.iri(dst)
        out = []
        for ev in g.subjects(RDF.subject, s):
            if (ev, RDF.object, o) not in g:
                continue
            rel = relation_of_iri(str(g.value(ev, RDF.predicate)))
            if relations and rel not in relations:
                continue
            out.append(
                (
                    str(g.value(ev, LUOCDO.file)),
                    int(g.value(ev, LUOCDO.line)),
                    str(g.value(ev, LUOCDO.sentence)),
                    rel,
                    float(g.value(ev, LUOCDO.confidence)),
                    int(g.value(ev, LUOCDO.seq)),
                )
            )
        out.sort(key=lambda e: (-e[4], e[0].encode(), e[1], e[5]))
        return out[:limit]

    def cites(self, targets: list[str], *, reverse: bool = False) -> list[dict]:
        out = []
        for t in targets:
            for r in self.sparql("cited_by" if reverse else "cites", target=t):
                other = self.key(r.other)
                out.append(
                    {
                        "src": other if reverse else t,
                        "relation": relation_of_iri(str(r.rel)),
                        "dst": t if reverse else other,
                        "file": str(r.file),
                        "line": int(r.line),
                        "sentence": str(r.sentence),
                        "confidence": float(r.confidence),
                        "seq": int(r.seq),
                    }
                )
        return out

    def among(self, keys: list[str], relations: tuple[str, ...]) -> list[tuple[str, str, str]]:
        ks = set(keys)
        out = set()
        for k in keys:
            for p, o in self.g.predicate_objects(self.iri(k)):
                rel = relation_of_iri(str(p))
                if rel in relations and self.key(o) in ks:
                    out.add((k, rel, self.key(o)))
        return sorted(out)

    def reach(self, question: str, targets: list[str], max_depth: int) -> set[str]:
        from luocdo.backends.questions import distances

        return set(distances(self.links(question, targets), targets, max_depth, up=question == "chain_up"))

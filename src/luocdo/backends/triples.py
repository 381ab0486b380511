"""The store's RDF view (ELI vocabulary, graph_schema/luocdo.ttl) as a stream of subjects with their
predicates and objects, read from SQLite as it goes: what the in-memory graph, the streaming
N-Triples / Turtle / JSON-LD writers and the Oxigraph load are all fed from. Memory holds one
document with its outgoing links at a time, plus the bodies (a country's worth at most)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from luocdo.backends import rows as R
from luocdo.backends.ids import DEFAULT_BASE, ELI, ONTOLOGY, TYPES, rel_iri, type_slug
from luocdo.store import Store

ELI_NS = Namespace(ELI)
LUOCDO = Namespace(ONTOLOGY)
LT = Namespace(TYPES)
PREFIXES = {"eli": ELI_NS, "luocdo": LUOCDO, "lt": LT, "skos": SKOS, "dcterms": DCTERMS}

Block = tuple[URIRef, list[tuple[URIRef, Node]]]  # a subject and its (predicate, object) pairs

_DOC_LITERALS = (
    ("symbol", LUOCDO.symbol),
    ("year", LUOCDO.year),
    ("name", LUOCDO.name),
    ("level", LUOCDO.level),
    ("province", LUOCDO.province),
    ("status", LUOCDO.status),
)


def _date(value: str | None) -> tuple[str, Literal] | None:
    if not value:
        return None
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return "text", Literal(value)
    return "date", Literal(value, datatype=XSD.date)


def _document(d: dict, base: str) -> list[tuple[URIRef, Node]]:
    po: list[tuple[URIRef, Node]] = [(RDF.type, ELI_NS.LegalResource)]
    if d["report"]:
        po.append((RDF.type, LUOCDO.Report))
    po += [
        (LUOCDO.key, Literal(d["key"])),
        (LUOCDO.seq, Literal(d["seq"])),
        (RDFS.label, Literal(d["label"])),
        (ELI_NS.type_document, LT[type_slug(d["type"])]),
    ]
    if d["number"]:
        po.append((ELI_NS.number, Literal(d["number"])))
        local = d["label"][len(d["type"]) + 1 :] if d["label"].startswith(d["type"] + " ") else d["label"]
        po.append((ELI_NS.id_local, Literal(local)))
    for f, p in _DOC_LITERALS:
        if d[f]:
            po.append((p, Literal(d[f])))
    if d["title"]:
        po.append((DCTERMS.title, Literal(d["title"], lang="vi")))
    dt = _date(d["date"])
    if dt:
        po.append((ELI_NS.date_document if dt[0] == "date" else LUOCDO.date_text, dt[1]))
    if d["issuer_key"]:
        po.append((ELI_NS.passed_by, URIRef(base + d["issuer_key"])))
    return po


def _evidence(link: R.Link, base: str) -> Iterator[Block]:
    s, p, o = URIRef(base + link.src), URIRef(rel_iri(link.relation)), URIRef(base + link.dst)
    for ev in link.evidence:
        po = [
            (RDF.type, LUOCDO.Evidence),
            (RDF.type, RDF.Statement),
            (RDF.subject, s),
            (RDF.predicate, p),
            (RDF.object, o),
            (LUOCDO.file, Literal(ev.file)),
            (LUOCDO.file_sha256, Literal(ev.file_sha)),
            (LUOCDO.line, Literal(ev.line)),
            (LUOCDO.sentence, Literal(ev.sentence)),
            (LUOCDO.confidence, Literal(float(ev.confidence))),
            (LUOCDO.seq, Literal(ev.seq)),
        ]
        if ev.report:
            po.append((LUOCDO.in_report, URIRef(base + ev.report)))
        yield URIRef(base + ev.key), po


def _body(key: str, name: str, b: dict | None, base: str) -> Block:
    po: list[tuple[URIRef, Node]] = [
        (RDF.type, LUOCDO.Body),
        (RDF.type, ELI_NS.Organization),
        (LUOCDO.key, Literal(key)),
        (RDFS.label, Literal(name)),
    ]
    for f in ("level", "province", "district"):
        if b and b[f]:
            po.append((LUOCDO[f], Literal(b[f])))
    return URIRef(base + key), po


def blocks(store: Store, base: str = DEFAULT_BASE, *, status: bool = True) -> Iterator[Block]:
    """Documents (each with its asserted links to other documents), the evidence of those links (one
    reified luocdo:Evidence statement per occurrence), then the document types and the bodies."""
    types_used: dict[str, str] = {}
    issuers: dict[str, str] = {}  # body key -> name: bounded by the bodies of the country
    links = R.links(store)
    link = next(links, None)
    for d in R.documents(store, status=status):
        s = URIRef(base + d["key"])
        po = _document(d, base)
        types_used[type_slug(d["type"])] = d["type"]
        if d["issuer_key"]:
            issuers.setdefault(d["issuer_key"], d["issuer"])
        mine: list[R.Link] = []
        while link is not None and link.src_seq <= d["seq"]:
            if link.src_seq == d["seq"]:
                mine.append(link)
                po.append((URIRef(rel_iri(link.relation)), URIRef(base + link.dst)))
            else:  # a link from no document (the store keeps edges to documents): its own subject
                yield URIRef(base + link.src), [(URIRef(rel_iri(link.relation)), URIRef(base + link.dst))]
                yield from _evidence(link, base)
            link = next(links, None)
        yield s, po
        for lk in mine:
            yield from _evidence(lk, base)
    while link is not None:
        yield URIRef(base + link.src), [(URIRef(rel_iri(link.relation)), URIRef(base + link.dst))]
        yield from _evidence(link, base)
        link = next(links, None)
    for slug, name in types_used.items():
        yield (
            LT[slug],
            [
                (RDF.type, ELI_NS.ResourceType),
                (RDF.type, SKOS.Concept),
                (SKOS.inScheme, LT.scheme),
                (SKOS.prefLabel, Literal(name, lang="en" if name == "Other" else "vi")),
            ],
        )
    for b in R.bodies(store):
        issuers.pop(b["key"], None)
        yield _body(b["key"], b["name"], b, base)
    for key, name in issuers.items():  # an issuer the bodies table does not list
        yield _body(key, name, None, base)

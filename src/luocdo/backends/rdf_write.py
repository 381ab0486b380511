"""N-Triples, Turtle and JSON-LD written subject by subject as the store is read (luocdo.backends.triples):
the terms are escaped by rdflib (N-Triples rows, Turtle terms) or by json, never held as a graph."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.plugins.serializers.nt import _nt_row, _quoteLiteral
from rdflib.term import Node

from luocdo.backends.triples import PREFIXES, Block

# the prefixes the exports declare: luocdo's, and those rdflib binds by default ("core")
DECLARED = {
    **{p: str(ns) for p, ns in PREFIXES.items()},
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
_LOCAL_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def write_nt(out: IO[bytes], data: Iterable[Block]) -> int:
    n = 0
    for s, po in data:
        out.write("".join(_nt_row((s, p, o)) for p, o in po).encode("utf-8"))
        n += len(po)
    return n


class _Names:
    """A term as Turtle writes it: a prefixed name where the local part is plainly safe, else <IRI>."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_ns = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self.cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        got = self.cache.get(iri)
        if got is None:
            got = f"<{iri}>"
            for ns, p in self.by_ns:
                local = iri[len(ns) :]
                if iri.startswith(ns) and local and local[0].isalpha() and set(local) <= _LOCAL_OK:
                    got = f"{p}:{local}"
                    break
            if len(self.cache) < 10_000:  # vocabulary terms; documents' IRIs are written in full
                self.cache[iri] = got
        return got


def write_turtle(out: IO[bytes], data: Iterable[Block], base: str) -> int:
    names = _Names(DECLARED)
    out.write(
        "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted({**DECLARED, "id": base}.items())).encode()
        + b"\n"
    )
    vocab = {ns for ns in DECLARED.values()}

    def term(o: Node) -> str:
        if isinstance(o, Literal):
            if o.datatype is not None and not o.language:
                return _quoteLiteral(Literal(str(o))) + "^^" + names.iri(str(o.datatype))
            return _quoteLiteral(o)
        if isinstance(o, URIRef) and any(str(o).startswith(v) for v in vocab):
            return names.iri(str(o))
        return f"<{o}>"

    n = 0
    for s, po in data:
        lines = [("a" if p == RDF.type else names.iri(str(p))) + " " + term(o) for p, o in po]
        out.write((f"<{s}> " + " ;\n    ".join(lines) + " .\n\n").encode("utf-8"))
        n += len(po)
    return n


def _jsonld_value(o: Node, name):
    if isinstance(o, Literal):
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype is None or o.datatype == XSD.string:
            return str(o)
        if o.datatype in (XSD.integer, XSD.double, XSD.boolean):
            return o.toPython()
        return {"@value": str(o), "@type": name(str(o.datatype))}
    return {"@id": str(o)}


def write_jsonld(out: IO[bytes], data: Iterable[Block], base: str) -> int:
    """One node object per subject in "@graph", the context declaring the prefixes (as rdflib's
    auto-compacted JSON-LD does); integers and doubles as JSON numbers."""
    names = _Names(DECLARED)

    def name(iri: str) -> str:  # a compact IRI where a prefix fits, else the IRI itself
        n = names.iri(iri)
        return iri if n.startswith("<") else n

    context = dict(sorted({**DECLARED, "id": base}.items()))
    out.write(b'{\n  "@context": ' + json.dumps(context, ensure_ascii=False).encode() + b',\n  "@graph": [\n')
    n = 0
    first = True
    for s, po in data:
        node: dict = {"@id": str(s)}
        for p, o in po:
            if p == RDF.type:
                node.setdefault("@type", []).append(name(str(o)))
            else:
                node.setdefault(name(str(p)), []).append(_jsonld_value(o, name))
        for k, v in node.items():
            if isinstance(v, list) and len(v) == 1:
                node[k] = v[0]
        out.write((b"" if first else b",\n") + b"    " + json.dumps(node, ensure_ascii=False).encode("utf-8"))
        first = False
        n += len(po)
    out.write(b"\n  ]\n}\n")
    return n

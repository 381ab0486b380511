"""Stable identifiers for the exported graph (graph_schema/README.md, "Identifiers").

A document's key is built from its identity in the store (number × symbol × year × issuer, or type ×
name for documents cited by name, or the content hash of a report that has no number), never from
a row id, so the same document gets the same key in every store, every export and every server.
An IRI is the configurable base followed by the key.
"""

from __future__ import annotations

import hashlib
import unicodedata

DEFAULT_BASE = "https://luocdo.example/id/"
ONTOLOGY = "https://luocdo.example/ontology#"
TYPES = "https://luocdo.example/ontology/type#"
ELI = "http://data.europa.eu/eli/ontology#"
UNKNOWN = "_"

# luocdo relation -> (namespace, local name) of the RDF property, and the Neo4j relationship type
RELATIONS: dict[str, tuple[str, str]] = {
    "cites": (ELI, "cites"),
    "amends": (ELI, "amends"),
    "based_on": (ELI, "based_on"),
    "implements": (ELI, "ensures_implementation_of"),
    "promulgates": (ONTOLOGY, "promulgates"),
    "replaces": (ONTOLOGY, "replaces"),
    "guides": (ONTOLOGY, "guides"),
    "reports_on": (ONTOLOGY, "reports_on"),
    "responds_to": (ONTOLOGY, "responds_to"),
}
REL_TYPES = {r: r.upper() for r in RELATIONS}  # implements -> IMPLEMENTS


def rel_iri(relation: str) -> str:
    ns, local = RELATIONS[relation]
    return ns + local


def relation_of_iri(iri: str) -> str | None:
    for rel, (ns, local) in RELATIONS.items():
        if iri == ns + local:
            return rel
    return None


def segment(value: str | None) -> str:
    """One path segment of an IRI: letters and digits of any script kept (NFC), spaces as '_',
    every other character percent-encoded, so distinct values give distinct segments."""
    if value is None or value == "" or value == "?":
        return UNKNOWN
    out = []
    for ch in unicodedata.normalize("NFC", value):
        if ch.isalnum() or ch in "-.~":
            out.append(ch)
        elif ch == " ":
            out.append("_")
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
    return "".join(out)


def doc_key(ident: str, report_sha256: str | None = None) -> str:
    """'26|ct/ttg|2016|Thủ tướng Chính phủ' -> 'doc/ct-ttg/2016/26/Thủ_tướng_Chính_phủ'."""
    if ident.startswith("report|"):
        digest = report_sha256 or hashlib.sha256(ident.encode("utf-8")).hexdigest()
        return f"doc/report/{digest[:20]}"
    if ident.startswith("name|"):
        _, type_, name = ident.split("|", 2)
        return f"doc/name/{segment(type_)}/{segment(name)}"
    parts = ident.split("|", 3)
    if len(parts) != 4:
        return "doc/other/" + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:20]
    number, symbol, year, issuer = parts
    # a normalized symbol is written with '/' only ('ct/ttg'): '-' keeps it one readable segment
    return f"doc/{segment(symbol.replace('/', '-')) if symbol else UNKNOWN}/{segment(year)}/{segment(number)}/{segment(issuer)}"


def body_key(name: str) -> str:
    return f"body/{segment(name)}"


def evidence_key(src: str, relation: str, dst: str, file_sha: str, line: int, sentence: str, nth: int) -> str:
    h = hashlib.sha256(
        "\x1f".join([src, relation, dst, file_sha, str(line), sentence, str(nth)]).encode("utf-8")
    )
    return f"ev/{h.hexdigest()[:24]}"


def type_slug(type_: str) -> str:
    """'Chỉ thị' -> 'chi-thi' (the document type concept's local name)."""
    s = unicodedata.normalize("NFD", type_.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return "-".join("".join(c if c.isalnum() else " " for c in s).split()) or "other"


def ascii_lower(s: str | None) -> str | None:
    """SQLite's lower(): ASCII letters only (the embedded engine's name lookup)."""
    return None if s is None else "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)

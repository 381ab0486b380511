"""Exports of the whole store: RDF (Turtle, JSON-LD, N-Triples, via rdflib), GraphML and GEXF (via
networkx), plain CSV, and the CSV files `neo4j-admin database import full` bulk-loads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from luocdo.backends import rows as R
from luocdo.backends.ids import DEFAULT_BASE, REL_TYPES
from luocdo.store import Store
from luocdo.writing import csv_row, replacing, replacing_folder, xml_value

RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
FORMATS = ("ttl", "jsonld", "nt", "graphml", "gexf", "csv", "xlsx", "neo4j-admin", "oxigraph")
ARRAY_DELIMITER = "\x1f"  # U+001F: never in luocdo's text (removed if it were)


class ExportError(Exception):
    pass


def export(store: Store, fmt: str, out: Path, *, base: str = DEFAULT_BASE) -> str:
    """Write the export (to a temporary file or folder renamed into place when complete); returns a
    one-line summary."""
    _refuse_dangling(store)
    if fmt in RDF_FORMATS:
        from luocdo.backends.rdf_write import write_jsonld, write_nt, write_turtle
        from luocdo.backends.triples import blocks

        with replacing(out, "wb", buffering=1 << 20) as f:
            data = blocks(store, base)
            if fmt == "nt":
                n = write_nt(f, data)
            elif fmt == "ttl":
                n = write_turtle(f, data, base)
            else:
                n = write_jsonld(f, data, base)
        return f"{out}: {n} triples"
    if fmt in ("graphml", "gexf"):
        from luocdo.backends.graph_xml import write_gexf, write_graphml

        with replacing(out, "wb", buffering=1 << 20) as f:
            nodes, edges = (write_graphml if fmt == "graphml" else write_gexf)(f, store)
        return f"{out}: {nodes} nodes, {edges} edges"
    if fmt == "oxigraph":
        from luocdo.backends.oxigraph import build

        return build(store, out, base)
    if fmt == "csv":
        return write_csv(store, out)
    if fmt == "xlsx":
        return write_xlsx(store, out)
    if fmt == "neo4j-admin":
        return write_neo4j_admin(store, out)
    raise ExportError(f"unknown format {fmt} (one of {', '.join(FORMATS)})")


class DanglingRows(ExportError):
    """Rows point at rows that are not there (a damaged store): the command reports it in one line."""


def _refuse_dangling(store: Store) -> None:
    # the exports stream joins, which would silently leave such rows out: refuse before writing anything
    for table in ("edges", "mentions", "relations"):
        row = store.db.execute(f"PRAGMA foreign_key_check({table})").fetchone()  # noqa: S608 (fixed names)
        if row is not None:
            raise DanglingRows(f"{table} rows point at {row[2]} rows that are not there")


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def networkx_graph(store: Store):
    """The whole store as a networkx MultiDiGraph with scalar attributes only (GraphML, GEXF)."""
    import networkx as nx

    keys = R.doc_keys(store)
    g = nx.MultiDiGraph()
    for b in R.bodies(store):
        g.add_node(
            b["key"],
            **_clean(
                {
                    "kind": "body",
                    "label": b["name"],
                    "level": b["level"],
                    "province": b["province"],
                    "district": b["district"],
                }
            ),
        )
    for d in R.documents(store, keys):
        attrs = {k: d[k] for k in R.DOCUMENT_FIELDS}
        g.add_node(d["key"], kind="document", **_clean(attrs))
        if d["issuer_key"]:
            if d["issuer_key"] not in g:
                g.add_node(d["issuer_key"], kind="body", label=d["issuer"])
            g.add_edge(d["key"], d["issuer_key"], key="issued_by", relation="issued_by")
    for link in R.links(store, keys):
        best = link.evidence[0]
        g.add_edge(
            link.src,
            link.dst,
            key=link.relation,
            relation=link.relation,
            occurrences=len(link.evidence),
            file=best.file,
            line=best.line,
            sentence=best.sentence,
            confidence=float(best.confidence),
            evidence=json.dumps(
                [
                    {"file": e.file, "line": e.line, "sentence": e.sentence, "confidence": e.confidence}
                    for e in link.evidence
                ],
                ensure_ascii=False,
            ),
        )
    return g


def xml_safe(g):
    """A copy of the networkx graph `g` whose ids and string attributes hold only characters XML 1.0
    allows (a vertical tab in a sentence made GraphML fail half-written and GEXF ill-formed)."""
    h = g.__class__()
    h.graph.update({k: xml_value(v) for k, v in g.graph.items()})
    for n, a in g.nodes(data=True):
        h.add_node(xml_value(n), **{k: xml_value(v) for k, v in a.items()})
    edges = (
        g.edges(keys=True, data=True)
        if g.is_multigraph()
        else ((u, v, None, a) for u, v, a in g.edges(data=True))
    )
    for u, v, k, a in edges:
        attrs = {k2: xml_value(v2) for k2, v2 in a.items()}
        if g.is_multigraph():
            h.add_edge(xml_value(u), xml_value(v), key=xml_value(k), **attrs)
        else:
            h.add_edge(xml_value(u), xml_value(v), **attrs)
    return h


DOC_COLUMNS = ("key", *R.DOCUMENT_FIELDS)


def write_csv(store: Store, out: Path) -> str:
    """A folder: documents.csv, bodies.csv, relations.csv (one row per occurrence, with its evidence).
    Cells starting with = + - @ tab or CR get a leading ' (see luocdo.writing.csv_cell); each file
    starts with a byte order mark (utf-8-sig: Excel on Windows reads the Vietnamese by it)."""
    n = {"documents": 0, "bodies": 0, "relations": 0}
    with replacing_folder(out) as tmp:
        with open(tmp / "documents.csv", "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow([*DOC_COLUMNS, "issuer_key"])
            for d in R.documents(store):
                w.writerow(csv_row(d[c] if d[c] is not None else "" for c in (*DOC_COLUMNS, "issuer_key")))
                n["documents"] += 1
        with open(tmp / "bodies.csv", "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(["key", "name", "level", "province", "district"])
            for b in R.bodies(store):
                w.writerow(csv_row(b[c] or "" for c in ("key", "name", "level", "province", "district")))
                n["bodies"] += 1
        with open(tmp / "relations.csv", "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(["src", "relation", "dst", "file", "line", "sentence", "confidence", "evidence_key"])
            for link in R.links(store):
                for e in link.evidence:
                    w.writerow(
                        csv_row(
                            [
                                link.src,
                                link.relation,
                                link.dst,
                                e.file,
                                e.line,
                                e.sentence,
                                e.confidence,
                                e.key,
                            ]
                        )
                    )
                    n["relations"] += 1
    return f"{out}/: {n['documents']} documents, {n['bodies']} bodies, {n['relations']} relation occurrences"


def write_xlsx(store: Store, out: Path) -> str:
    """One workbook, a sheet per table, as `export csv` writes them and the findings beside: documents
    (văn bản), bodies (cơ quan), relations (quan hệ: one row per link, with the documents' labels and
    how often the reports state it), evidence (căn cứ: one row per occurrence, file relative to the
    folder ingested, position, the sentence without Markdown or HTML) and findings (phát hiện)."""
    from luocdo.i18n import _, relation_name
    from luocdo.present import clean_sentence, rel_path
    from luocdo.sheets import date_cell, write_workbook
    from luocdo.validate import kept

    doc_cols = [*DOC_COLUMNS, "issuer_key"]
    body_cols = ["key", "name", "level", "province", "district"]
    rel_cols = ["src", "src_label", "relation", "relation_name", "dst", "dst_label", "occurrences"]
    ev_cols = ["src", "relation", "dst", "file", "line", "sentence", "confidence", "evidence_key"]
    find_cols = ["code", "severity", "document", "explanation", "suggestion", "file", "line", "sentence"]

    def findings():
        for f in kept.findings(store):  # streamed from those kept in the store
            for e in f.evidence[:3] or [{}]:
                yield [
                    f.code,
                    f.severity,
                    f.document,
                    f.explanation,
                    f.suggestion,
                    rel_path(e.get("file")),
                    e.get("line"),
                    clean_sentence(e.get("sentence")),
                ]

    nd, nb, nr, ne, nf = write_workbook(
        out,
        [
            (
                _("documents"),
                doc_cols,
                ([date_cell(d[c]) if c == "date" else d[c] for c in doc_cols] for d in R.documents(store)),
            ),
            (_("bodies"), body_cols, ([b[c] for c in body_cols] for b in R.bodies(store))),
            (
                _("relations"),
                rel_cols,
                (
                    [
                        lk.src,
                        lk.src_label,
                        lk.relation,
                        relation_name(lk.relation),
                        lk.dst,
                        lk.dst_label,
                        len(lk.evidence),
                    ]
                    for lk in R.links(store)
                ),
            ),
            (
                _("evidence"),
                ev_cols,
                (
                    [
                        lk.src,
                        lk.relation,
                        lk.dst,
                        rel_path(e.file),
                        e.line,
                        clean_sentence(e.sentence),
                        e.confidence,
                        e.key,
                    ]
                    for lk in R.links(store)
                    for e in lk.evidence
                ),
            ),
            (_("findings"), find_cols, findings()),
        ],
    )
    return f"{out}: {nd} documents, {nb} bodies, {nr} relations, {ne} pieces of evidence, {nf} finding rows"


def _arr(values) -> str:
    return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, " ") for v in values)


def write_neo4j_admin(store: Store, out: Path) -> str:
    """Header and data files for `neo4j-admin database import full` (see the import.sh written beside them),
    written as the store is read (one file per relation type, opened when its first link comes).
    Like every CSV luocdo writes, cells starting with = + - @ tab or CR get a leading ' (a spreadsheet
    opening these files must not run formulas); such values keep that ' once imported."""
    with replacing_folder(out) as tmp:
        return _write_neo4j_admin(store, tmp, out)


REL_HEADER = [
    ":START_ID(Document)",
    ":END_ID(Document)",
    ":TYPE",
    "evidence_keys:string[]",
    "files:string[]",
    "file_sha256:string[]",
    "reports:string[]",
    "lines:long[]",
    "sentences:string[]",
    "confidences:double[]",
    "seqs:long[]",
]


class _Table:
    """One data file and its header file; rows verbatim: these files are read by neo4j-admin, not by
    a spreadsheet, and the graph they load must hold the same text as one pushed over Bolt."""

    def __init__(self, folder: Path, name: str, header: list[str]) -> None:
        with open(folder / f"{name}_header.csv", "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerow(header)
        self.f = open(folder / f"{name}.csv", "w", newline="", encoding="utf-8", buffering=1 << 20)  # noqa: SIM115
        self.w = csv.writer(self.f)
        self.n = 0

    def row(self, values) -> None:
        self.w.writerow(["" if v is None else v for v in values])
        self.n += 1

    def close(self) -> int:
        self.f.close()
        return self.n


def _write_neo4j_admin(store: Store, tmp: Path, out: Path) -> str:
    from luocdo.backends.neo4j import DOC_PROPS, Neo4jError, _doc_row, _link_row

    props = [*DOC_PROPS, "lname"]
    docs = _Table(tmp, "documents", ["key:ID(Document)", *props, ":LABEL"])
    bodies = _Table(tmp, "bodies", ["key:ID(Body)", "name", "level", "province", "district", ":LABEL"])
    issued = _Table(tmp, "issued_by", [":START_ID(Document)", ":END_ID(Body)", ":TYPE"])
    known: set[str] = set()  # bodies: a country's worth at most
    for b in R.bodies(store):
        known.add(b["key"])
        bodies.row([b["key"], b["name"], b["level"], b["province"], b["district"], "Body"])
    for d in R.documents(store):
        row = _doc_row(d)
        docs.row([row["key"], *[row["props"][p] for p in props], "Document"])
        if row["body"]:
            issued.row([row["key"], row["body"], "ISSUED_BY"])
            if row["body"] not in known:  # an issuer the bodies table does not list still gets its node
                known.add(row["body"])
                bodies.row([row["body"], row["props"]["issuer"], None, None, None, "Body"])
    nd, nb, ni = docs.close(), bodies.close(), issued.close()
    rels: dict[str, _Table] = {}
    for link in R.links(store):
        if link.relation not in REL_TYPES:
            raise Neo4jError(f"unknown relation '{link.relation}' in the store")
        t = rels.get(link.relation) or rels.setdefault(
            link.relation, _Table(tmp, f"rel_{link.relation}", REL_HEADER)
        )
        r = _link_row(link)
        t.row(
            [
                r["src"],
                r["dst"],
                REL_TYPES[link.relation],
                _arr(r["keys"]),
                _arr(r["files"]),
                _arr(r["shas"]),
                _arr(r["reports"]),
                _arr(r["lines"]),
                _arr(r["sentences"]),
                _arr(r["confidences"]),
                _arr(r["seqs"]),
            ]
        )
    nl = sum(t.close() for t in rels.values())
    rel_args = [f"  --relationships=rel_{rel}_header.csv,rel_{rel}.csv \\" for rel in sorted(rels)]
    script = "\n".join(
        [
            "#!/bin/sh",
            "# Bulk-load this folder into a new, empty Neo4j database (the server stopped), then apply",
            "# graph_schema/neo4j.cypher (constraints and indexes) once it runs again:",
            "#   sh import.sh [DATABASE]    (default: luocdo)",
            'cd "$(dirname "$0")"',
            'neo4j-admin database import full "${1:-luocdo}" \\',
            "  --nodes=documents_header.csv,documents.csv \\",
            "  --nodes=bodies_header.csv,bodies.csv \\",
            "  --relationships=issued_by_header.csv,issued_by.csv \\",
            *rel_args,
            "  --array-delimiter=U+001F --multiline-fields=true --overwrite-destination=false",
            "",
        ]
    )
    (tmp / "import.sh").write_text(script, encoding="utf-8")
    return f"{out}/: {nd} documents, {nb} bodies, {ni} issued_by and {nl} relationships (run import.sh)"

"""GraphML and GEXF written element by element as the store is read: the graph networkx would write
(luocdo.backends.export.networkx_graph, the reference the tests compare with), without holding it.
Two passes over the store: the nodes, then the edges (GEXF wants them in two sections)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import IO
from xml.sax.saxutils import escape

from luocdo.backends import rows as R
from luocdo.store import Store
from luocdo.writing import xml_text

# attribute name -> GraphML / GEXF type, as networkx names the Python types it finds
NODE_ATTRS = {
    "kind": "string",
    **{f: "string" for f in R.DOCUMENT_FIELDS},
    "district": "string",
}
EDGE_ATTRS = {
    "relation": "string",
    "occurrences": "long",
    "file": "string",
    "line": "long",
    "sentence": "string",
    "confidence": "double",
    "evidence": "string",
}
_ATTR = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _attr(v) -> str:
    return escape(xml_text(str(v)), _ATTR)


def _text(v) -> str:
    return escape(xml_text(str(v)), {"\r": "&#13;"})


Attrs = dict[str, object]


def _nodes(store: Store) -> Iterator[tuple[str, Attrs]]:
    known: set[str] = set()  # bodies: a country's worth at most
    for b in R.bodies(store):
        known.add(b["key"])
        yield (
            b["key"],
            {"kind": "body", "label": b["name"], **{f: b[f] for f in ("level", "province", "district")}},
        )
    missing: dict[str, str] = {}
    for d in R.documents(store):
        yield d["key"], {"kind": "document", **{k: d[k] for k in R.DOCUMENT_FIELDS}}
        if d["issuer_key"] and d["issuer_key"] not in known:
            missing.setdefault(d["issuer_key"], d["issuer"])
    for key, name in missing.items():
        yield key, {"kind": "body", "label": name}


def _edges(store: Store) -> Iterator[tuple[str, str, str, Attrs]]:
    """(source, target, networkx key, attributes): each document's issued_by, then the links."""
    for d in R.documents(store, status=False):
        if d["issuer_key"]:
            yield d["key"], d["issuer_key"], "issued_by", {"relation": "issued_by"}
    for link in R.links(store):
        best = link.evidence[0]
        yield (
            link.src,
            link.dst,
            link.relation,
            {
                "relation": link.relation,
                "occurrences": len(link.evidence),
                "file": best.file,
                "line": best.line,
                "sentence": best.sentence,
                "confidence": float(best.confidence),
                "evidence": json.dumps(
                    [
                        {"file": e.file, "line": e.line, "sentence": e.sentence, "confidence": e.confidence}
                        for e in link.evidence
                    ],
                    ensure_ascii=False,
                ),
            },
        )


def write_graphml(out: IO[bytes], store: Store) -> tuple[int, int]:
    ids = {("node", a): f"d{i}" for i, a in enumerate(NODE_ATTRS)}
    ids.update({("edge", a): f"d{len(NODE_ATTRS) + i}" for i, a in enumerate(EDGE_ATTRS)})
    head = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for (kind, a), i in ids.items():
        t = (NODE_ATTRS if kind == "node" else EDGE_ATTRS)[a]
        head.append(f'<key id="{i}" for="{kind}" attr.name="{a}" attr.type="{t}"/>')
    head.append('<graph edgedefault="directed">\n')
    out.write("\n".join(head).encode())

    def data(kind: str, attrs: Attrs) -> str:
        return "".join(
            f'  <data key="{ids[(kind, k)]}">{_text(v)}</data>\n' for k, v in attrs.items() if v is not None
        )

    nn = ne = 0
    for key, attrs in _nodes(store):
        out.write(f'<node id="{_attr(key)}">\n{data("node", attrs)}</node>\n'.encode())
        nn += 1
    for src, dst, k, attrs in _edges(store):
        out.write(
            f'<edge source="{_attr(src)}" target="{_attr(dst)}" id="{_attr(k)}">\n{data("edge", attrs)}</edge>\n'.encode()
        )
        ne += 1
    out.write(b"</graph></graphml>")
    return nn, ne


def write_gexf(out: IO[bytes], store: Store) -> tuple[int, int]:
    node_attrs = [a for a in NODE_ATTRS if a != "label"]  # the label is the node's own label
    edge_attrs = ["relation", "networkx_key", *[a for a in EDGE_ATTRS if a != "relation"]]
    nid = {a: str(i) for i, a in enumerate(node_attrs)}
    eid = {a: str(len(node_attrs) + i) for i, a in enumerate(edge_attrs)}
    types = {**NODE_ATTRS, **EDGE_ATTRS, "networkx_key": "string"}
    head = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
        f'  <meta lastmodifieddate="{dt.date.today().isoformat()}">',
        "    <creator>luocdo</creator>",
        "  </meta>",
        '  <graph defaultedgetype="directed" mode="static" name="">',
        '    <attributes mode="static" class="edge">',
        *[f'      <attribute id="{eid[a]}" title="{a}" type="{types[a]}" />' for a in edge_attrs],
        "    </attributes>",
        '    <attributes mode="static" class="node">',
        *[f'      <attribute id="{nid[a]}" title="{a}" type="{types[a]}" />' for a in node_attrs],
        "    </attributes>",
        "    <nodes>\n",
    ]
    out.write("\n".join(head).encode())

    def values(ids: dict[str, str], attrs: Attrs) -> str:
        vals = "".join(
            f'          <attvalue for="{ids[k]}" value="{_attr(v)}" />\n'
            for k, v in attrs.items()
            if v is not None and k in ids
        )
        return f"        <attvalues>\n{vals}        </attvalues>\n" if vals else ""

    nn = ne = 0
    for key, attrs in _nodes(store):
        label = attrs.get("label") if attrs.get("label") is not None else key
        out.write(
            f'      <node id="{_attr(key)}" label="{_attr(label)}">\n{values(nid, attrs)}      </node>\n'.encode()
        )
        nn += 1
    out.write(b"    </nodes>\n    <edges>\n")
    for src, dst, k, attrs in _edges(store):
        out.write(
            f'      <edge source="{_attr(src)}" target="{_attr(dst)}" id="{ne}">\n'
            f"{values(eid, {**attrs, 'networkx_key': k})}      </edge>\n".encode()
        )
        ne += 1
    out.write(b"    </edges>\n  </graph>\n</gexf>\n")
    return nn, ne

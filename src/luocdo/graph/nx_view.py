"""networkx view of (part of) the store, for drawing and export."""

from __future__ import annotations

import networkx as nx

from luocdo.graph.ask import evidence, label
from luocdo.store import Store
from luocdo.store.variants import badge, disagreements
from luocdo.validate.rules import catalog_record, existence


def document_graph(
    store: Store, doc_ids: set[int], *, relations: tuple[str, ...] | None = None, with_bodies: bool = False
) -> nx.MultiDiGraph:
    """Documents in doc_ids and the edges among them, each edge with its evidence."""
    db = store.db
    g = nx.MultiDiGraph()
    ids = sorted(doc_ids)
    if not ids:
        return g
    marks = ",".join("?" * len(ids))
    notes = disagreements(db, ids)
    for d in db.execute(f"SELECT * FROM documents WHERE id IN ({marks})", ids):
        ex = existence(store, d["id"])
        rec = catalog_record(store, d, ex)  # the catalog's word where the reports say nothing
        g.add_node(
            f"doc:{d['id']}",
            kind="document",
            label=label(d) + (" ⚠" if d["id"] in notes else ""),
            findings=badge(notes.get(d["id"], [])) or None,  # citations that disagree with it
            type=d["type"],
            number=d["number"],
            symbol=d["symbol"],
            date=d["date"] or (rec.date if rec else None),
            issuer=d["issuer"],
            level=d["level"],
            province=d["province"],
            title=d["title"] or (rec.title if rec else None),
            status=ex.status,
            in_force=(f"{rec.status_vi} ({rec.catalog})" if rec and rec.status else None),
            doc_id=d["id"],
        )
        if with_bodies and d["issuer"]:
            b = db.execute("SELECT * FROM bodies WHERE name = ?", (d["issuer"],)).fetchone()
            g.add_node(
                f"body:{d['issuer']}",
                kind="body",
                label=d["issuer"],
                level=b["level"] if b else d["level"],
                province=b["province"] if b else d["province"],
            )
            g.add_edge(
                f"doc:{d['id']}", f"body:{d['issuer']}", key="issued_by", relation="issued_by", evidence=[]
            )
    sql = f"SELECT DISTINCT src, relation, dst FROM edges WHERE src IN ({marks}) AND dst IN ({marks})"
    args: list = [*ids, *ids]
    if relations:
        sql += f" AND relation IN ({','.join('?' * len(relations))})"
        args += list(relations)
    for r in db.execute(sql, args):
        ev = [
            {"file": e.file, "line": e.line, "sentence": e.sentence, "confidence": e.confidence}
            for e in evidence(db, r["src"], r["dst"], (r["relation"],), limit=3)
        ]
        g.add_edge(
            f"doc:{r['src']}", f"doc:{r['dst']}", key=r["relation"], relation=r["relation"], evidence=ev
        )
    return g

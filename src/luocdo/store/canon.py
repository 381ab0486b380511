"""A store's tables over stable keys (paths, identities), never row ids: two stores built from the same
reports compare equal table by table whatever the order or the concurrency of their ingests. Used by
the order-independence tests and `bench/order_independence.py`."""

from __future__ import annotations

import sqlite3

from luocdo.store.evidence import sentence_sql

QUERIES: dict[str, str] = {
    "files": "SELECT path, sha256, size FROM files ORDER BY path",
    "headers": "SELECT path, header FROM files ORDER BY path",
    "file_paths": "SELECT p.path, f.path FROM file_paths p JOIN files f ON f.id = p.file_id ORDER BY 1",
    "documents": "SELECT ident, type, number, symbol, year, issuer, date, title, level, province, name"
    " FROM documents ORDER BY ident",
    "bodies": "SELECT name, level, province, district FROM bodies ORDER BY name",
    "edges": f"SELECT s.ident, e.relation, d.ident, f.path, e.line, {sentence_sql('e')}, e.confidence FROM edges e"
    " JOIN documents s ON s.id = e.src JOIN documents d ON d.id = e.dst JOIN files f ON f.id = e.file_id"
    " ORDER BY 1, 2, 3, 4, 5, 6",
    "mentions": 'SELECT f.path, m.mid, m.line, m.start, m."end", m.key, d.ident, m.candidates FROM mentions m'
    " JOIN files f ON f.id = m.file_id LEFT JOIN documents d ON d.id = m.doc_id ORDER BY 1, 2",
    "links": "SELECT s.ident, l.relation, d.ident, l.n FROM links l JOIN documents s ON s.id = l.src"
    " JOIN documents d ON d.id = l.dst ORDER BY 1, 2, 3",
    # a link's best evidence: which report's sentence a card shows
    "links_best": "SELECT s.ident, l.relation, d.ident, l.n, f.path FROM links l JOIN documents s ON s.id = l.src"
    " JOIN documents d ON d.id = l.dst JOIN edges e ON e.id = l.best JOIN files f ON f.id = e.file_id"
    " ORDER BY 1, 2, 3",
    "relations": "SELECT f.path, r.line, r.relation, r.from_mid, r.to_mid FROM relations r"
    " JOIN files f ON f.id = r.file_id ORDER BY 1, 2, 3, 4, 5",
    # the evidence as stored: each citation's sentence, each relation's
    "mention_evidence": f"SELECT f.path, m.mid, {sentence_sql('m')} FROM mentions m JOIN files f ON f.id = m.file_id"
    " ORDER BY 1, 2",
    "relation_evidence": f"SELECT f.path, r.line, r.from_mid, r.to_mid, r.relation, {sentence_sql('r')}"
    " FROM relations r JOIN files f ON f.id = r.file_id ORDER BY 1, 2, 3, 4, 5, 6",
}

ALL_TABLES = tuple(QUERIES)


def canonical_tables(db: sqlite3.Connection, tables: list[str] | tuple[str, ...]) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in db.execute(QUERIES[t])] for t in tables}

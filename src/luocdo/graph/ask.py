"""The questions inspectors ask, answered from the store with evidence (file, line, sentence)."""

from __future__ import annotations

import difflib
import json
import sqlite3
from dataclasses import dataclass, field

from luocdo.backends.ids import doc_key
from luocdo.gazetteer import districts_of, in_province, province_scope
from luocdo.graph import named
from luocdo.graph.lookup import AskError as AskError  # re-exported: callers catch it from here
from luocdo.graph.lookup import Lookup, Unresolved, Wanted, fold, fold_symbol, resolve
from luocdo.present import label as label  # re-exported: callers name documents with it
from luocdo.resolve.corpus import body_info
from luocdo.store import Store, reach
from luocdo.store.evidence import sentence_sql
from luocdo.store.reach import CHAIN_RELATIONS, IMPLEMENTING


def lookup(store: Store, text: str) -> Lookup:
    """What `text` names among the store's documents (luocdo.graph.lookup): one, several or none."""
    db = store.db

    def by_number(n: str) -> list[sqlite3.Row]:
        return db.execute("SELECT * FROM documents WHERE num_norm = ?", (n,)).fetchall()

    def by_symbol(n: str, symbol: str) -> list[sqlite3.Row]:
        """The documents of number n whose symbol folds to `symbol` or is unknown: the distinct symbols
        of the number come from the index documents_num_symbol, then only the fitting rows are read."""
        sym = fold_symbol(symbol)
        fitting = [
            s
            for (s,) in db.execute("SELECT DISTINCT symbol FROM documents WHERE num_norm = ?", (n,))
            if s is not None and (not s or fold_symbol(s) == sym)
        ]
        return db.execute(
            "SELECT * FROM documents WHERE num_norm = ? AND symbol IS NULL UNION ALL"
            " SELECT * FROM documents WHERE num_norm = ? AND symbol IN (SELECT value FROM json_each(?))",
            (n, n, json.dumps(fitting)),
        ).fetchall()

    def laws() -> list[sqlite3.Row]:
        return db.execute("SELECT * FROM documents WHERE number IS NULL AND name IS NOT NULL").fetchall()

    def by_name(name: str) -> list[sqlite3.Row]:
        f = fold(name)
        return [r for r in laws() if fold(r["name"]) == f]

    def near(w: Wanted) -> list[sqlite3.Row]:
        if w.name is not None:
            names = {fold(r["name"]): r for r in laws()}
            return [names[n] for n in difflib.get_close_matches(fold(w.name), list(names), n=5, cutoff=0.6)]
        if not w.symbol:
            return []
        sym = fold_symbol(w.symbol)
        same = [
            r
            for r in db.execute("SELECT * FROM documents WHERE symbol IS NOT NULL AND num_norm IS NOT NULL")
            if fold_symbol(r["symbol"]) == sym
        ]
        want = _numeric(w.number)
        return sorted(same, key=lambda r: (abs(_numeric(r["number"]) - want), r["ident"]))[:10]

    return resolve(
        text,
        by_number=by_number,
        by_name=by_name,
        weight=lambda r: _weight(db, r["id"]),
        order=lambda r: doc_key(r["ident"]),
        near=near,
        by_symbol=by_symbol,
    )


def _numeric(n: str | None) -> int:
    digits = "".join(c for c in n or "" if c.isdigit())
    return int(digits) if digits else 0


def find_documents(store: Store, text: str) -> list[sqlite3.Row]:
    """Every document that fits what was typed ('26/CT-TTg', 'Chỉ thị 26', '108/2020/NĐ-CP', '98/KH-UBND
    của UBND huyện Lục Nam'), the most linked first: none, one or several, never another document."""
    return lookup(store, text).matches


def resolve_document(store: Store, text: str) -> sqlite3.Row:
    """The one document `text` names; Unresolved (an AskError) with the choice or the nearest otherwise."""
    found = lookup(store, text)
    if found.status != "exact":
        raise Unresolved(found)
    return found.matches[0]


def _weight(db: sqlite3.Connection, doc: int) -> int:
    return db.execute("SELECT count(*) FROM edges WHERE dst = ? OR src = ?", (doc, doc)).fetchone()[0]


@dataclass
class Evidence:
    file: str
    line: int
    sentence: str
    relation: str
    confidence: float


@dataclass
class Step:
    src: sqlite3.Row
    relation: str
    dst: sqlite3.Row
    evidence: list[Evidence]


@dataclass
class Implementer:
    body: str
    level: str | None
    province: str | None
    direct: bool
    chains: list[list[Step]] = field(default_factory=list)


def evidence(
    db: sqlite3.Connection, src: int, dst: int, relations: tuple[str, ...] | None = None, limit: int = 3
) -> list[Evidence]:
    sql = (
        f"SELECT f.path, e.line, {sentence_sql('e')}, e.relation, e.confidence FROM edges e JOIN files f ON f.id = e.file_id"
        " WHERE e.src = ? AND e.dst = ?"
    )
    args: list = [src, dst]
    if relations:
        sql += f" AND e.relation IN ({','.join('?' * len(relations))})"
        args += list(relations)
    sql += " ORDER BY e.confidence DESC, f.path, e.line LIMIT ?"
    return [Evidence(*r) for r in db.execute(sql, [*args, limit])]


def _doc(db: sqlite3.Connection, i: int) -> sqlite3.Row:
    return db.execute("SELECT * FROM documents WHERE id = ?", (i,)).fetchone()


def evidence_many(
    db: sqlite3.Connection, pairs: set[tuple[int, int]], relations: tuple[str, ...], limit: int = 3
) -> dict[tuple[int, int], list[Evidence]]:
    """The best evidence of many links at once (one query instead of one per link)."""
    if not pairs:
        return {}
    q = (
        f"SELECT * FROM (SELECT e.src, e.dst, f.path, e.line, {sentence_sql('e')} AS sentence, e.relation, e.confidence,"
        " row_number() OVER (PARTITION BY e.src, e.dst ORDER BY e.confidence DESC, f.path, e.line) AS k"
        " FROM json_each(?) AS p"
        " JOIN edges e ON e.src = json_extract(p.value, '$[0]') AND e.dst = json_extract(p.value, '$[1]')"
        " JOIN files f ON f.id = e.file_id"
        f" WHERE e.relation IN ({','.join('?' * len(relations))})) WHERE k <= ?"
    )
    out: dict[tuple[int, int], list[Evidence]] = {}
    for r in db.execute(q, (json.dumps(sorted(pairs)), *relations, limit)):
        out.setdefault((r["src"], r["dst"]), []).append(
            Evidence(r["path"], r["line"], r["sentence"], r["relation"], r["confidence"])
        )
    return out


def strongest_evidence(
    db: sqlite3.Connection, pairs: set[tuple[int, int]], relations: tuple[str, ...]
) -> dict[tuple[int, int], list[Evidence]]:
    """evidence_many(..., limit=1) read from the strongest evidence the store keeps for each link
    (links.best, same order), instead of ranking every piece of evidence of every pair."""
    if not pairs:
        return {}
    q = (
        f"SELECT l.src, l.dst, f.path, e.line, {sentence_sql('e')} AS sentence, e.relation, e.confidence"
        " FROM json_each(?) AS p"
        " JOIN links l ON l.dst = json_extract(p.value, '$[1]') AND l.src = json_extract(p.value, '$[0]')"
        " JOIN edges e ON e.id = l.best JOIN files f ON f.id = e.file_id"
        f" WHERE l.relation IN ({','.join('?' * len(relations))})"
    )
    best: dict[tuple[int, int], Evidence] = {}
    for r in db.execute(q, (json.dumps(sorted(pairs)), *relations)):
        ev = Evidence(r["path"], r["line"], r["sentence"], r["relation"], r["confidence"])
        key = (r["src"], r["dst"])
        old = best.get(key)
        if old is None or (-ev.confidence, ev.file, ev.line) < (-old.confidence, old.file, old.line):
            best[key] = ev
    return {k: [v] for k, v in best.items()}


def walk(
    db: sqlite3.Connection, targets: list[int], relations: tuple[str, ...], *, up: bool, max_depth: int
) -> dict[int, tuple[int, int | None]]:
    """Every document within max_depth links of the targets: doc -> (shortest depth, next document
    towards the targets on a shortest way, the smallest id when several). The same answer as the
    recursive queries implementers.sql / chain_*.sql, one query per level instead of one per path.
    Down from one document, read from the rows the store keeps (luocdo.store.reach) when they are current."""
    kind = reach.kind_of(relations)
    one_down = not up and len(set(targets)) == 1 and kind is not None and max_depth <= reach.MAX_DEPTH
    if one_down and reach.current(db):
        return reach.walked(db, targets[0], kind, max_depth)
    return walk_links(db, targets, relations, up=up, max_depth=max_depth)


def walk_links(
    db: sqlite3.Connection, targets: list[int], relations: tuple[str, ...], *, up: bool, max_depth: int
) -> dict[int, tuple[int, int | None]]:
    """walk's answer found over the links, one query per level."""
    seen: dict[int, tuple[int, int | None]] = {t: (0, None) for t in targets}
    frontier = sorted(set(targets))
    step = "links_from" if up else "links_into"
    for depth in range(1, max_depth + 1):
        if not frontier:
            break
        nxt = []
        for r in named.run(db, step, docs=frontier, relations=list(relations)):
            if r["doc"] not in seen:
                seen[r["doc"]] = (depth, r["via"])
                nxt.append(r["doc"])
        frontier = sorted(nxt)
    return seen


def implementers(
    store: Store,
    targets: list[int],
    *,
    level: str | None = None,
    province: str | None = None,
    direct_only: bool = False,
    max_depth: int = 6,
    chains_per_body: int = 1,  # the shortest chain per body; more on request
    evidence_per_link: int = 3,
) -> list[Implementer]:
    db = store.db
    depth = 1 if direct_only else max_depth
    kept_rows = _kept_starts(db, targets, depth) if chains_per_body == 1 else None
    if kept_rows is not None:
        starts, via = kept_rows
    else:
        starts, via = _walked_starts(db, targets, depth, chains_per_body)
    kept: list[tuple[Implementer, list[list[int]]]] = []
    known = {
        r["name"]: (r["level"], r["province"], r["district"])
        for r in db.execute(
            "SELECT * FROM bodies WHERE name IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(starts)),),
        )
    }
    for body, (direct, docs_) in starts.items():
        blevel, bprov, _ = known.get(body) or body_info(body)
        if level and blevel != level:
            continue
        if province and not in_province(bprov, province):
            continue
        kept.append((Implementer(body, blevel, bprov, direct), [[d] for d in docs_]))
    if kept_rows is not None:
        via = reach.vias(db, targets[0], 0, [p[0] for _, paths in kept for p in paths])
    for _, paths in kept:
        for ids in paths:
            while via.get(ids[-1]) is not None and len(ids) <= max_depth:
                ids.append(via[ids[-1]])
    pairs = {(a, b) for _, paths in kept for ids in paths for a, b in zip(ids, ids[1:], strict=False)}
    ev = (
        strongest_evidence(db, pairs, IMPLEMENTING)
        if evidence_per_link == 1
        else evidence_many(db, pairs, IMPLEMENTING)
    )
    doc_ids = sorted({i for _, paths in kept for ids in paths for i in ids})
    docs = {
        d["id"]: d
        for d in db.execute(
            "SELECT * FROM documents WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(doc_ids),)
        )
    }
    out = []
    for imp, paths in kept:
        for ids in paths:
            imp.chains.append(
                [
                    Step(
                        docs[a],
                        (ev.get((a, b)) or [Evidence("", 0, "", "implements", 0)])[0].relation,
                        docs[b],
                        ev.get((a, b), []),
                    )
                    for a, b in zip(ids, ids[1:], strict=False)
                ]
            )
        out.append(imp)
    return sorted(out, key=lambda i: (not i.direct, i.province or "", i.body))


def implementing_bodies(
    store: Store,
    targets: list[int],
    *,
    level: str | None = None,
    province: str | None = None,
    direct_only: bool = False,
) -> list[Implementer]:
    """implementers(store, targets, ...)'s bodies, in its order, without their chains (what a card lists,
    and the bodies --missing leaves out): the chains' documents and evidence are most of the question
    at scale."""
    db = store.db
    kept_rows = _kept_starts(db, targets, 1 if direct_only else 6)
    if kept_rows is None:
        return implementers(
            store, targets, level=level, province=province, direct_only=direct_only, evidence_per_link=1
        )
    starts = kept_rows[0]
    known = {
        r["name"]: (r["level"], r["province"])
        for r in db.execute(
            "SELECT * FROM bodies WHERE name IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(starts)),),
        )
    }
    out = []
    for body, (direct, _) in starts.items():
        blevel, bprov = known.get(body) or body_info(body)[:2]
        if level and blevel != level:
            continue
        if province and not in_province(bprov, province):
            continue
        out.append(Implementer(body, blevel, bprov, direct))
    return sorted(out, key=lambda i: (not i.direct, i.province or "", i.body))


def _kept_starts(
    db: sqlite3.Connection, targets: list[int], max_depth: int
) -> tuple[dict[str, tuple[bool, list[int]]], dict[int, int | None]] | None:
    """_walked_starts's answer (one chain per body) from the rows the store keeps, grouped in SQL;
    None when they cannot answer (several targets, rows not current)."""
    if len(set(targets)) != 1 or max_depth > reach.MAX_DEPTH or not reach.current(db):
        return None
    return {
        body: (depth == 1, [doc])
        for body, depth, doc in reach.shallowest_per_issuer(db, targets[0], 0, max_depth)
    }, {}


def _walked_starts(
    db: sqlite3.Connection, targets: list[int], max_depth: int, chains_per_body: int
) -> tuple[dict[str, tuple[bool, list[int]]], dict[int, int | None]]:
    """body -> (one of its documents implements a target directly, the first documents of its shortest
    chains), and doc -> the next document towards the targets."""
    found = walk(db, targets, IMPLEMENTING, up=False, max_depth=max_depth)
    for t in targets:
        found.pop(t, None)
    rows = [
        {"doc": d["id"], "depth": found[d["id"]][0], "via": found[d["id"]][1], "issuer": d["issuer"]}
        for d in db.execute(
            "SELECT id, issuer FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(found)),),
        )
    ]
    rows.sort(key=lambda r: (r["depth"], r["issuer"] or "", r["doc"]))
    by_body: dict[str, list[dict]] = {}
    for r in rows:
        if r["issuer"]:
            by_body.setdefault(r["issuer"], []).append(r)
    starts = {
        body: (any(r["depth"] == 1 for r in brows), [r["doc"] for r in brows[:chains_per_body]])
        for body, brows in by_body.items()
    }
    return starts, {r["doc"]: r["via"] for r in rows}


def _body(db: sqlite3.Connection, name: str) -> tuple[str | None, str | None, str | None]:
    row = db.execute("SELECT level, province, district FROM bodies WHERE name = ?", (name,)).fetchone()
    return tuple(row) if row else body_info(name)


def missing(store: Store, found: list[Implementer], *, level: str, province: str | None = None) -> list[dict]:
    """Bodies of that level known to the store (and, with a province, to the gazetteer) with no implementation."""
    db = store.db
    have = {i.body for i in found}
    rows = db.execute("SELECT name, level, province FROM bodies WHERE level = ?", (level,)).fetchall()
    cands = {
        r["name"]: {"body": r["name"], "level": r["level"], "province": r["province"], "source": "store"}
        for r in rows
        if in_province(r["province"], province)
    }
    if province and level == "district":  # a 2025 province: the districts of every province merged into it
        for prov in sorted(province_scope(province)):
            for unit, name in districts_of(prov):
                full = f"UBND {name}" if name.startswith("Quận ") else f"UBND {unit} {name}"
                cands.setdefault(
                    full, {"body": full, "level": "district", "province": prov, "source": "gazetteer"}
                )
    absent = [c for n, c in cands.items() if n not in have]
    reports = reports_of(db, sorted(c["body"] for c in absent))  # counted for the bodies listed only
    for c in absent:
        c["reports"] = reports.get(c["body"], 0)
    return sorted(absent, key=lambda c: (c["province"] or "", c["body"]))


def reports_of(db: sqlite3.Connection, bodies: list[str]) -> dict[str, int]:
    """How many stored reports each body issued, in one query (index documents_issuer)."""
    return dict(
        db.execute(
            "SELECT d.issuer, count(*) FROM documents d JOIN files f ON f.report_doc = d.id"
            " WHERE d.issuer IN (SELECT value FROM json_each(?)) GROUP BY d.issuer",
            (json.dumps(bodies),),
        ).fetchall()
    )


def first_citing(db: sqlite3.Connection, doc: int, limit: int) -> list[sqlite3.Row]:
    """The first `limit` rows of the named query cited_by for one document (a card's first lines).

    Ordered by the citing document's issuer, a central document's 260,000 citations (200k reports) would
    all be read and sorted: the first issuers that hold `limit` citations are found from the links
    (their evidence counts), and only those issuers' documents are read, through the issuer index."""
    cols = (
        "SELECT e.src, e.relation, e.dst, d.type, d.number, d.year, d.symbol, d.name, d.issuer, d.date, f.path,"
        f" e.line, {sentence_sql('e')} AS sentence, e.confidence"
    )
    order = " ORDER BY d.issuer, f.path, e.line, e.relation, e.id LIMIT ?"  # ties: as edges_dst gives them
    issuers = _first_issuers(db, doc, limit)
    if issuers:
        rows = db.execute(
            f"{cols} FROM documents AS d CROSS JOIN edges AS e ON e.src = d.id AND e.dst = ?"  # d drives
            " JOIN files AS f ON f.id = e.file_id WHERE d.issuer IN (SELECT value FROM json_each(?))" + order,
            (doc, json.dumps(issuers), limit),
        ).fetchall()
        if len(rows) == limit:  # every citation of an earlier issuer is among them: the same first rows
            return rows
    return db.execute(
        f"{cols} FROM edges AS e JOIN documents AS d ON d.id = e.src"
        " JOIN files AS f ON f.id = e.file_id WHERE e.dst = ?" + order,
        (doc, limit),
    ).fetchall()


def first_mentions(db: sqlite3.Connection, doc: int, limit: int | None) -> list[sqlite3.Row]:
    """A document's mentions with their sentence and file, in file path and line order (the first
    `limit` of them, or all with None): a card's mention list.

    A central document has 177,000 mentions at 200k reports: ordering them by path reads every one of
    them and its file (0.2 s). The files are walked in path order instead (the unique index on
    files.path), each probed for the document's mentions (the mentions' primary key), over the first
    FIRST_FILES files only; the sorted query runs when they do not hold `limit` mentions."""
    cols = f"SELECT m.*, {sentence_sql('m')} AS sentence, f.path"
    order = " ORDER BY f.path, m.line, m.rowid"  # ties: the order mentions_doc gives them
    if limit is not None:
        rows = db.execute(
            f"{cols} FROM (SELECT id, path FROM files ORDER BY path LIMIT ?) AS f"
            " CROSS JOIN mentions AS m ON m.file_id = f.id WHERE +m.doc_id = ?" + order + " LIMIT ?",
            (FIRST_FILES, doc, limit),
        ).fetchall()
        if len(rows) == limit:  # the first files hold them: no later file comes before
            return rows
    return db.execute(
        f"{cols} FROM mentions AS m JOIN files AS f ON f.id = m.file_id WHERE m.doc_id = ?"
        + order
        + ("" if limit is None else " LIMIT ?"),
        (doc,) if limit is None else (doc, limit),
    ).fetchall()


FIRST_FILES = 1000  # files probed, in path order, for a card's first mentions before sorting them all


FEW_CITATIONS = 2000  # below this, reading and sorting every citation of a document is cheap


def _first_issuers(db: sqlite3.Connection, doc: int, limit: int) -> list[str] | None:
    """The issuers, in order, whose documents cite `doc` at least `limit` times in all (from
    links.n); None for a document cited a few times, when documents without an issuer come first, or
    when the links do not count every citation (a bulk load builds them at its end)."""
    cited = db.execute("SELECT count(*) FROM edges WHERE dst = ?", (doc,)).fetchone()[0]
    if cited < FEW_CITATIONS:
        return None
    if db.execute("SELECT coalesce(sum(n), 0) FROM links WHERE dst = ?", (doc,)).fetchone()[0] != cited:
        return None
    out: list[str] = []
    seen = 0
    for issuer, n in db.execute(
        "SELECT d.issuer, sum(l.n) FROM links AS l JOIN documents AS d ON d.id = l.src WHERE l.dst = ?"
        " GROUP BY d.issuer ORDER BY d.issuer",
        (doc,),
    ):
        if issuer is None:
            return None
        out.append(issuer)
        seen += n
        if seen >= limit:
            return out
    return None


def card_counts(db: sqlite3.Connection, doc: int, *, cites: int, implementers: int, findings: int) -> dict:
    """How many items each list of a document's card has (the card shows the first ones)."""
    return {
        "cites": cites,
        "cited_by": db.execute("SELECT count(*) FROM edges WHERE dst = ?", (doc,)).fetchone()[0],
        "implemented_by": implementers,
        "mentions": db.execute("SELECT count(*) FROM mentions WHERE doc_id = ?", (doc,)).fetchone()[0],
        "findings": findings,
    }


def chain(
    store: Store, targets: list[int], *, up: bool, max_depth: int = 6, evidence_per_link: int = 1
) -> tuple[list[sqlite3.Row], list[Step]]:
    db = store.db
    ids = sorted(walk(db, targets, CHAIN_RELATIONS, up=up, max_depth=max_depth))
    arg = json.dumps(ids)
    docs = {
        d["id"]: d
        for d in db.execute("SELECT * FROM documents WHERE id IN (SELECT value FROM json_each(?))", (arg,))
    }
    rels = CHAIN_RELATIONS
    # every link among these documents with its best evidence, in one query
    marks = ",".join("?" * len(rels))
    among = "e.src IN (SELECT value FROM json_each(?)) AND e.dst IN (SELECT value FROM json_each(?))"
    if evidence_per_link == 1:  # each link's strongest evidence, kept by the store
        q = (
            f"SELECT l.src, l.relation, l.dst, f.path, e.line, {sentence_sql('e')}, e.confidence"
            f" FROM links l JOIN edges e ON e.id = l.best JOIN files f ON f.id = e.file_id"
            f" WHERE l.dst IN (SELECT value FROM json_each(?))"
            f" AND +l.src IN (SELECT value FROM json_each(?)) AND l.relation IN ({marks})"  # + : probe by dst only
            f" ORDER BY l.src, l.relation, l.dst"
        )
        args: tuple = (arg, arg, *rels)
    else:
        q = (
            f"SELECT src, relation, dst, path, line, sentence, confidence FROM (SELECT e.src, e.relation, e.dst,"
            f" f.path, e.line, {sentence_sql('e')} AS sentence, e.confidence, row_number() OVER (PARTITION BY e.src, e.relation, e.dst"
            f" ORDER BY e.confidence DESC, e.line) AS k FROM edges e JOIN files f ON f.id = e.file_id"
            f" WHERE {among} AND e.relation IN ({marks})) WHERE k <= ? ORDER BY src, relation, dst, k"
        )
        args = (arg, arg, *rels, evidence_per_link)
    cur = db.cursor()
    cur.row_factory = None  # plain tuples: thousands of rows
    steps: dict[tuple[int, str, int], Step] = {}
    for src, rel, dst, path, line, sentence, confidence in cur.execute(q, args):
        key = (src, rel, dst)
        step = steps.get(key)
        if step is None:
            step = steps[key] = Step(docs[src], rel, docs[dst], [])
        step.evidence.append(Evidence(path, line, sentence, rel, confidence))
    return [docs[i] for i in ids], list(steps.values())


def chain_head(
    store: Store, targets: list[int], *, up: bool, max_depth: int = 6, limit: int = 50
) -> tuple[int, list[Step], int]:
    """What a table of `chain` shows: how many documents and links the chain has, and its first `limit`
    links (in chain's order) with their strongest evidence, without reading the evidence of the others."""
    db = store.db
    kind = reach.kind_of(CHAIN_RELATIONS)
    one_down = not up and len(set(targets)) == 1 and kind is not None and max_depth <= reach.MAX_DEPTH
    if one_down and reach.current(db):  # the rows walk would read
        n_docs, first, n_links = _kept_chain_head(db, targets[0], kind, max_depth, limit)
        return n_docs, _chain_steps(db, first), n_links
    ids = json.dumps(sorted(walk(db, targets, CHAIN_RELATIONS, up=up, max_depth=max_depth)))
    rels = CHAIN_RELATIONS
    marks = ",".join("?" * len(rels))
    among = (
        "WITH ids(id) AS (SELECT value FROM json_each(?)) SELECT {what} FROM links l"
        " WHERE l.dst IN (SELECT id FROM ids) AND +l.src IN (SELECT id FROM ids)"
        f" AND l.relation IN ({marks})"
    )
    n_docs = len(json.loads(ids))
    n_links = db.execute(among.format(what="count(*)"), (ids, *rels)).fetchone()[0]
    first = db.execute(
        among.format(what="l.src, l.relation, l.dst, l.best") + " ORDER BY l.src, l.relation, l.dst LIMIT ?",
        (ids, *rels, limit),
    ).fetchall()
    return n_docs, _chain_steps(db, first), n_links


def _kept_chain_head(
    db: sqlite3.Connection, target: int, kind: int, max_depth: int, limit: int
) -> tuple[int, list[sqlite3.Row], int]:
    """chain_head's counts and first links (src, relation, dst, best) down from one target, from the
    reach rows (the chain's documents: the target and its rows within max_depth) without listing the
    tree (79,673 documents at 200k reports).

    A link into a document at depth d < max_depth comes from a document within d + 1 links of the
    target: in the chain; only the links into the deepest documents need their source looked up."""
    rels = CHAIN_RELATIONS
    marks = ",".join("?" * len(rels))
    rows = "SELECT doc, depth FROM reach WHERE kind = ? AND target = ? AND depth <= ? AND doc != ?"
    in_chain = (
        "(l.{end} = ? OR EXISTS (SELECT 1 FROM reach AS r2 WHERE r2.kind = ? AND r2.target = ?"
        " AND r2.doc = l.{end} AND r2.depth <= ?))"
    )
    n_links = db.execute(
        f"SELECT count(*) FROM (SELECT ? AS doc, 0 AS depth UNION ALL {rows}) AS r"
        f" CROSS JOIN links AS l ON l.dst = r.doc WHERE +l.relation IN ({marks})"
        f" AND (r.depth < ? OR {in_chain.format(end='src')})",
        (target, kind, target, max_depth, target, *rels, max_depth, target, kind, target, max_depth),
    ).fetchone()[0]
    cur = db.cursor()
    cur.row_factory = None
    docs = [d for (d,) in cur.execute(rows.replace("doc, depth", "doc"), (kind, target, max_depth, target))]
    n_docs = len(docs) + 1
    docs.append(target)
    docs.sort()
    first: list[sqlite3.Row] = []
    for i in range(0, len(docs), 256):  # the sources in id order: the links' order, read a slice at a time
        first += db.execute(
            "SELECT l.src, l.relation, l.dst, l.best FROM links AS l WHERE l.src IN (SELECT value FROM json_each(?))"
            f" AND l.relation IN ({marks}) AND {in_chain.format(end='dst')}"
            " ORDER BY l.src, l.relation, l.dst LIMIT ?",
            (json.dumps(docs[i : i + 256]), *rels, target, kind, target, max_depth, limit - len(first)),
        ).fetchall()
        if len(first) >= limit:
            break
    return n_docs, first, n_links


def _chain_steps(db: sqlite3.Connection, first: list[sqlite3.Row]) -> list[Step]:
    """The links (src, relation, dst, best) as steps with their documents and strongest evidence."""
    best = {
        r["id"]: Evidence(r["path"], r["line"], r["sentence"], r["relation"], r["confidence"])
        for r in db.execute(
            f"SELECT e.id, f.path, e.line, {sentence_sql('e')} AS sentence, e.relation, e.confidence FROM edges e"
            " JOIN files f ON f.id = e.file_id WHERE e.id IN (SELECT value FROM json_each(?))",
            (json.dumps([r["best"] for r in first]),),
        )
    }
    docs = {
        d["id"]: d
        for d in db.execute(
            "SELECT * FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted({r["src"] for r in first} | {r["dst"] for r in first})),),
        )
    }
    return [
        Step(docs[r["src"]], r["relation"], docs[r["dst"]], [best[r["best"]]])
        for r in first
        if r["best"] in best
    ]

"""The store read as plain rows (documents, bodies, links with their evidence), keyed by the stable
identifiers of ids.py. Every engine and export is fed from here, so they all hold the same graph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from luocdo.backends.ids import body_key, doc_key, evidence_key
from luocdo.graph.ask import label
from luocdo.resolve.corpus import norm_number, norm_symbol
from luocdo.store import Store
from luocdo.store.evidence import sentence_sql

DOC_FIELDS = ("type", "number", "year", "symbol", "name", "issuer", "date", "title", "level", "province")


@dataclass
class Evidence:
    key: str
    file: str
    file_sha: str
    report: str | None  # key of the report (document) the file is
    line: int
    sentence: str
    confidence: float
    seq: int  # the order the store recorded it in (breaks ties as the embedded engine's scans do)


@dataclass
class Link:
    src: str
    relation: str
    dst: str
    evidence: list[Evidence] = field(default_factory=list)  # best first: confidence, file, line
    src_seq: int = 0  # the store's id of the source document (links come in its order)
    src_label: str | None = field(default=None, compare=False)  # filled when read without a key map
    dst_label: str | None = field(default=None, compare=False)


_LABEL_FIELDS = ("type", "number", "symbol", "year", "name")


def doc_keys(store: Store) -> dict[int, str]:
    """store row id -> stable key (a dict of every document: the streaming readers below compute the
    key in SQL instead, see key_sql)."""
    sha = {
        r[0]: r[1]
        for r in store.db.execute("SELECT report_doc, sha256 FROM files WHERE report_doc IS NOT NULL")
    }
    return {r[0]: doc_key(r[1], sha.get(r[0])) for r in store.db.execute("SELECT id, ident FROM documents")}


def statuses(store: Store) -> dict[int, str]:
    """luocdo.validate.rules.existence_status of every document at once (the same rules, in a few
    queries instead of a few per document; the statuses themselves are decided by
    luocdo.validate.rules.classify)."""
    db = store.db
    reports = {r[0] for r in db.execute("SELECT report_doc FROM files WHERE report_doc IS NOT NULL")}
    catalog: dict[tuple[str, str], list[str | None]] = {}
    aliases: set[str] = set()
    for number, symbol, year, al in db.execute("SELECT number, symbol, year, aliases FROM catalog"):
        catalog.setdefault((number, symbol), []).append(year)
        if al and al != "[]":
            aliases.update(a.casefold() for a in json.loads(al))
    cited = {
        r[0]: (r[1], r[2])
        for r in db.execute(
            "SELECT doc_id, count(DISTINCT file_id), count(DISTINCT date) FROM mentions WHERE doc_id IS NOT NULL"
            " GROUP BY doc_id"
        )
    }
    from luocdo.validate.rules import _ref, classify

    ref = None
    out = {}
    for d in db.execute("SELECT id, type, number, symbol, year, date, name, issuer FROM documents"):
        i = d["id"]
        in_catalog = False
        if d["number"]:
            year = d["year"] or (d["date"] or "")[:4] or None
            years = catalog.get((norm_number(d["number"]), norm_symbol(d["symbol"])), [])
            in_catalog = any(not y or not year or y == year for y in years)
            if ref is None and i not in reports and not in_catalog:
                ref = _ref(store)
        elif d["name"]:
            in_catalog = f"{d['type']} {d['name']}".casefold() in aliases
        files, dates = cited.get(i, (0, 0))
        out[i] = classify(
            ref if d["number"] else None,
            d,
            in_corpus=i in reports,
            in_catalog=in_catalog,
            files=files,
            dates=dates,
        ).status
    return out


KEY_FUNCTION = "luocdo_doc_key"


def key_sql(store: Store, table: str) -> str:
    """An SQL expression for the stable key of the documents row `table` (an alias), computed by
    doc_key inside the query, so that a reader streaming over millions of rows holds no id -> key map.
    A report's key takes the sha256 of its file (the latest file, as doc_keys takes it)."""
    if getattr(store, "_key_function_on", None) is not store.db:  # once: not while a query runs
        store.db.create_function(KEY_FUNCTION, 2, doc_key, deterministic=True)
        store._key_function_on = store.db
    return (
        f"{KEY_FUNCTION}({table}.ident, CASE WHEN substr({table}.ident, 1, 7) = 'report|' THEN"
        f" (SELECT sha256 FROM files WHERE report_doc = {table}.id ORDER BY id DESC LIMIT 1) END)"
    )


# what every export and engine says of a document, besides its key
DOCUMENT_FIELDS = (
    "label",
    "type",
    "number",
    "year",
    "symbol",
    "name",
    "issuer",
    "date",
    "title",
    "level",
    "province",
    "status",
)


def documents(store: Store, keys: dict[int, str] | None = None, *, status: bool = True) -> Iterator[dict]:
    """Every document in id order, with `report` true for a document that is an ingested report."""
    status_of = statuses(store) if status else {}
    cur = store.db.execute(
        f"SELECT d.*, {key_sql(store, 'd')} AS luocdo_key,"
        " EXISTS (SELECT 1 FROM files WHERE report_doc = d.id) AS luocdo_report"
        " FROM documents d ORDER BY d.id"
    )
    for d in cur:
        key = keys[d["id"]] if keys is not None else d["luocdo_key"]
        row = {"key": key, "seq": d["id"], "label": label(d), "report": bool(d["luocdo_report"])}
        row.update({f: d[f] for f in DOC_FIELDS})
        row["nnum"] = norm_number(d["number"]) if d["number"] else None
        row["nsym"] = norm_symbol(d["symbol"]) if d["number"] else None
        row["status"] = status_of.get(d["id"])
        row["issuer_key"] = body_key(d["issuer"]) if d["issuer"] else None
        yield row


def bodies(store: Store) -> Iterator[dict]:
    for b in store.db.execute("SELECT * FROM bodies ORDER BY name"):
        yield {
            "key": body_key(b["name"]),
            "name": b["name"],
            "level": b["level"],
            "province": b["province"],
            "district": b["district"],
        }


def links(store: Store, keys: dict[int, str] | None = None) -> Iterator[Link]:
    """One link per (src, relation, dst), its evidence in the embedded engine's order; in the order
    of the source document's id (Link.src_seq), so a reader can merge them with documents()."""
    if keys is None:
        key_of = (
            f"{key_sql(store, 'sd')}, {key_sql(store, 'dd')}, {key_sql(store, 'rd')},"
            " sd.type, sd.number, sd.symbol, sd.year, sd.name, dd.type, dd.number, dd.symbol, dd.year, dd.name"
        )
        joins = (
            " JOIN documents sd ON sd.id = e.src JOIN documents dd ON dd.id = e.dst"
            " LEFT JOIN documents rd ON rd.id = f.report_doc"
        )
    else:
        key_of, joins = "NULL" + ", NULL" * 12, ""
    cur = store.db.execute(
        f"SELECT e.src, e.relation, e.dst, f.path, f.sha256, f.report_doc, e.line, {sentence_sql('e')}, e.confidence,"
        f" e.rowid, {key_of} FROM edges e JOIN files f ON f.id = e.file_id{joins}"
        " ORDER BY e.src, e.relation, e.dst, e.confidence DESC, f.path, e.line, e.rowid"
    )
    link: Link | None = None
    seen: dict[tuple, int] = {}
    last: tuple | None = None
    for src, rel, dst, path, sha, report, line, sentence, conf, seq, skey, dkey, rkey, *names in cur:
        if keys is not None:
            skey, dkey = keys[src], keys[dst]
            rkey = keys.get(report) if report is not None else None
        if last != (src, rel, dst):
            if link is not None:
                yield link
            last = (src, rel, dst)
            link, seen = Link(skey, rel, dkey, src_seq=src), {}
            if keys is None:
                link.src_label = label(dict(zip(_LABEL_FIELDS, names[:5], strict=True)))
                link.dst_label = label(dict(zip(_LABEL_FIELDS, names[5:], strict=True)))
        nth = seen[(sha, line, sentence)] = seen.get((sha, line, sentence), -1) + 1
        link.evidence.append(
            Evidence(
                evidence_key(skey, rel, dkey, sha, line, sentence, nth),
                path,
                sha,
                rkey,
                line,
                sentence,
                conf,
                seq,
            )
        )
    if link is not None:
        yield link

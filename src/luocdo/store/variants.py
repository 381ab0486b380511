"""One document, one node: citations whose date (or number year) disagrees with the rest.

A citation "Chỉ thị 26/CT-TTg ngày 05/9/2017" has the identity of a 2017 document (an administrative
number takes its year from the date), so the store first makes it a document of its own next to the
real 26/CT-TTg of 05/09/2016. ``merge_variants`` (run by Store.settle) attaches such a document to the
one it most likely is; the mentions keep what they say (their date, year, sentence), and
``disagreements`` reads them back as the finding shown on the document (the validator's V001/V002 report
the same citations).

A document is taken for a slip of another of the same number, symbol, type and issuer when it is not a
report's own document, the catalog does not know it, and one of these holds:
  1. the catalog knows the other one, and the date cited is the catalog's date with at most one digit
     changed (05/09/2017 for 05/09/2016; 10/12/2020 cited with the number 143/2021);
  2. its number carries a year its date contradicts (143/2021/NĐ-CP ngày 10/12/2020) and the other one
     is of the date's year, with that date or none;
  3. both dates are full, one digit apart, and the other one is cited by at least three times as many
     reports (and by three at least).
Every decision reads only the documents, the mentions and the catalog, with ties broken on the
identity keys, so the result does not depend on the order in which the reports were ingested.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator

from luocdo.resolve.corpus import norm_symbol
from luocdo.store.header_columns import field_sql, valid_sql
from luocdo.store.mention_ident import unknown_part_sql
from luocdo.store.touched import Touched

MIN_FILES = 3
# documents decided together when the whole store is (memory: one slice at a time). A slice is whole
# numbers while they are few; one number of many documents (number 1 of every commune's plans) is cut
# between issuers, since a group never holds two issuers
DOCS_AT_ONCE = 20_000


def _one_digit_apart(a: str | None, b: str | None) -> bool:
    if not a or not b or len(a) != 10 or len(b) != 10:
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) <= 1


def _facts(
    db: sqlite3.Connection, docs: Collection[int] | None = None
) -> tuple[dict[int, str], dict[int, int], set[int]]:
    """document -> its most cited full date (the most common, the smallest among equals),
    document -> how many reports cite it, and the reports' own documents (``docs``: of these only)."""
    ids = json.dumps(sorted(docs)) if docs is not None else None
    m_only = " AND doc_id IN (SELECT value FROM json_each(?))" if ids else ""
    f_only = " AND report_doc IN (SELECT value FROM json_each(?))" if ids else ""
    args = (ids, ids) if ids else ()
    dates: dict[int, Counter] = defaultdict(Counter)
    for doc, date, n in db.execute(
        f"SELECT doc_id, date, count(*) FROM mentions WHERE doc_id IS NOT NULL AND length(date) = 10{m_only}"
        " GROUP BY doc_id, date"
        f" UNION ALL SELECT report_doc, {field_sql('date')}, 1 FROM files"
        f" WHERE report_doc IS NOT NULL AND {valid_sql()}{f_only}",
        args,
    ):
        if date and len(date) == 10:
            dates[doc][date] += n
    best = {d: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for d, c in dates.items()}
    files = dict(
        db.execute(
            f"SELECT doc_id, count(DISTINCT file_id) FROM mentions WHERE doc_id IS NOT NULL{m_only}"
            " GROUP BY doc_id",
            args[:1],
        )
    )
    reports = {
        r[0]
        for r in db.execute(f"SELECT report_doc FROM files WHERE report_doc IS NOT NULL{f_only}", args[:1])
    }
    return best, files, reports


def _catalog(db: sqlite3.Connection) -> dict[tuple[str, str, str], str | None]:
    """(number, symbol, year) -> the catalog's date (full dates only) for every catalog entry."""
    out: dict[tuple[str, str, str], str | None] = {}
    for number, symbol, year, date in db.execute(
        "SELECT number, symbol, year, ngay_ban_hanh FROM catalog ORDER BY so_ky_hieu, origin"
    ):
        key = (number or "", symbol or "", year or "")
        if out.get(key) is None:
            out[key] = date if date and len(date) == 10 else None
    return out


def variant_targets(
    db: sqlite3.Connection, numbers: Collection[str] | None = None, seen: Touched | None = None
) -> list[tuple[int, int]]:
    """(stray document, the document it most likely is), decided on the whole store (``numbers``: in
    the groups of these numbers only; a group is decided from its own documents alone; ``seen``: and
    of those, only the groups holding a touched document or the number and issuer of one, since a
    group's decision reads only its documents, their mentions and reports, and the catalog), in the
    order of the groups. The whole store is decided about DOCS_AT_ONCE documents at a time: the same
    decisions, in memory bounded by a slice of the store rather than the whole of it."""
    if numbers is not None:
        rows = _rows(db, "num_norm IN (SELECT value FROM json_each(?))", (json.dumps(sorted(numbers)),), seen)
        return [pair for _, pairs in _targets(db, rows, _catalog(db), seen) for pair in pairs]
    return [pair for _, pairs in decisions(db) for pair in pairs]


Decisions = list[tuple[tuple, list[tuple[int, int]]]]  # (group key, its strays), in the order of the keys


def decisions(db: sqlite3.Connection, at_once: int | None = None) -> Decisions:
    """Every group's strays on the whole store (what ``variant_targets(db)`` gives, by group; ``at_once``:
    about as many documents decided together)."""
    catalog = _catalog(db)
    decided: Decisions = []
    for where, args in _slices(db, at_once):
        decided += _targets(db, _rows(db, where, args), catalog)
    return sorted(decided, key=lambda kp: kp[0])


def refreshed(db: sqlite3.Connection, early: Decisions, since: Touched) -> list[tuple[int, int]]:
    """What ``variant_targets(db)`` gives now, from ``early``: the whole store's decisions taken before the
    writes ``since`` recorded (store/early_settle.py). A group lies within one number and issuer and
    its decision reads only its documents, their citations and reports, and the catalog: the groups of
    every number and issuer those writes touched are decided again on the store as it is, the others
    are as they were."""
    touched_pairs = _touched_pairs(db, since)
    again = _targets(db, _rows_of(db, touched_pairs), _catalog(db))
    kept = [(k, p) for k, p in early if (k[0], k[3]) not in touched_pairs]
    return [pair for _, pairs in sorted(kept + again, key=lambda kp: kp[0]) for pair in pairs]


_COMPLETE = "num_norm IS NOT NULL AND symbol IS NOT NULL AND issuer IS NOT NULL AND ident NOT LIKE '%?%'"


def _slices(db: sqlite3.Connection, at_once: int | None = None):
    """The whole store's complete documents as (where, args) of about DOCS_AT_ONCE documents each:
    numbers together, or one number's issuers together when the number alone holds more (the order of
    the slices does not matter: the decisions are sorted by group at the end)."""
    at_once = at_once or DOCS_AT_ONCE
    # every document read in the table's order and sorted (NOT INDEXED), not through documents_num_issuer
    # with a look-up of each row's symbol and ident: 0.20 -> 0.06 s of CPU on the 50k store
    counted = db.execute(
        f"SELECT num_norm, count(*) FROM documents NOT INDEXED WHERE {_COMPLETE} GROUP BY num_norm"  # noqa: S608
        " ORDER BY num_norm"
    ).fetchall()
    for numbers in _packed([(num, n) for num, n in counted if n <= at_once], at_once):
        yield "num_norm IN (SELECT value FROM json_each(?))", (json.dumps(numbers),)
    for num in (num for num, n in counted if n > at_once):
        by_issuer = db.execute(
            f"SELECT issuer, count(*) FROM documents WHERE num_norm = ? AND {_COMPLETE} GROUP BY issuer",  # noqa: S608
            (num,),
        ).fetchall()
        for issuers in _packed(by_issuer, at_once):
            yield "num_norm = ? AND issuer IN (SELECT value FROM json_each(?))", (num, json.dumps(issuers))


def _packed(counted: list[tuple[str, int]], at_once: int) -> Iterator[list[str]]:
    """The keys, in order, in lists of at most ``at_once`` documents by their counts (a key that holds
    more alone in its list)."""
    keys: list[str] = []
    held = 0
    for key, n in counted:
        if keys and held + n > at_once:
            yield keys
            keys, held = [], 0
        keys.append(key)
        held += n
    if keys:
        yield keys


_COLUMNS = "SELECT id, ident, type, num_norm, year, symbol, issuer FROM documents"


def _rows(db: sqlite3.Connection, where: str, args: tuple, seen: Touched | None = None) -> list[sqlite3.Row]:
    if seen is None:
        return db.execute(f"{_COLUMNS} WHERE {_COMPLETE} AND {where}", args).fetchall()  # noqa: S608
    # a group lies within one number and issuer: those of the touched documents
    return _rows_of(db, _touched_pairs(db, seen))


def _rows_of(db: sqlite3.Connection, pairs: set[tuple[str, str]]) -> list[sqlite3.Row]:
    rows: list[sqlite3.Row] = []
    for num, issuer in sorted(pairs):
        rows += db.execute(f"{_COLUMNS} WHERE num_norm = ? AND issuer = ? AND {_COMPLETE}", (num, issuer))  # noqa: S608
    return rows


def _targets(
    db: sqlite3.Connection, rows: list[sqlite3.Row], catalog: dict, seen: Touched | None = None
) -> list[tuple[tuple, list[tuple[int, int]]]]:
    """(group key, its strays) of the groups among ``rows``, in the order of the keys."""
    groups: dict[tuple, list[sqlite3.Row]] = defaultdict(list)
    for r in rows:
        groups[(r["num_norm"], norm_symbol(r["symbol"]), r["type"], r["issuer"])].append(r)
    groups = {k: v for k, v in groups.items() if len(v) > 1}
    if seen is not None:
        groups = {
            k: v
            for k, v in groups.items()
            if (k[0], k[3]) in seen.pairs or any(r["id"] in seen.docs for r in v)
        }
    if not groups:
        return []
    best, files, reports = _facts(db, [r["id"] for g in groups.values() for r in g])
    decided: list[tuple[tuple, list[tuple[int, int]]]] = []
    for key, docs in sorted(groups.items(), key=lambda kv: kv[0]):
        strays = _Group(key[0], key[1], docs, best, files, reports, catalog).strays()
        if strays:
            decided.append((key, strays))
    return decided


def _touched_pairs(db: sqlite3.Connection, seen: Touched) -> set[tuple[str, str]]:
    """(number, issuer) of the touched documents, and of those written, changed or removed."""
    pairs = {(num, issuer) for num, issuer in seen.pairs if issuer is not None}
    pairs.update(
        (num, issuer)
        for num, issuer in db.execute(
            "SELECT num_norm, issuer FROM documents WHERE id IN (SELECT value FROM json_each(?))"
            " AND num_norm IS NOT NULL AND issuer IS NOT NULL",
            (json.dumps(sorted(seen.docs)),),
        )
    )
    return pairs


class _Group:
    """Documents of one number, symbol, type and issuer: which of them are slips of another."""

    def __init__(self, num, sym, docs, best, files, reports, catalog) -> None:
        self.num, self.sym, self.docs = num, sym, docs
        self.best, self.files, self.reports, self.catalog = best, files, reports, catalog

    def year(self, r: sqlite3.Row) -> str | None:
        return r["year"] or (self.best.get(r["id"]) or "")[:4] or None

    def known(self, r: sqlite3.Row) -> bool:
        return (self.num, self.sym, self.year(r) or "") in self.catalog

    def fits(self, d: sqlite3.Row, t: sqlite3.Row) -> bool:
        dd, td = self.best.get(d["id"]), self.best.get(t["id"])
        if self.year(t) == self.year(d) or not dd:
            return False
        cat = self.catalog.get((self.num, self.sym, self.year(t) or ""))
        if cat is not None and _one_digit_apart(dd, cat):
            return True
        if d["year"] and d["year"] != dd[:4] and self.year(t) == dd[:4] and td in (None, dd):
            return True
        nd, nt = self.files.get(d["id"], 0), self.files.get(t["id"], 0)
        return nt >= max(3 * nd, MIN_FILES) and _one_digit_apart(dd, td)  # the counts first: cheaper

    def strays(self) -> list[tuple[int, int]]:
        found: dict[int, int] = {}
        for d in self.docs:
            if d["id"] in self.reports or self.known(d):
                continue
            targets = [t for t in self.docs if t["id"] != d["id"] and self.fits(d, t)]
            if targets:
                t = min(targets, key=lambda t: (not self.known(t), -self.files.get(t["id"], 0), t["ident"]))
                found[d["id"]] = t["id"]
        # a target that is itself a slip of another: left as it is
        return [(d, t) for d, t in sorted(found.items()) if t not in found]


MERGED_COLUMNS = (
    "m.file_id, m.mid, m.doc_id, m.ident, m.type, m.number, m.year, m.symbol, m.name, m.issuer, m.date"
)


def merged_citations(db: sqlite3.Connection, seen: Touched | None = None) -> list[sqlite3.Row]:
    """The complete citations a merge of variants holds (their document is not the one they name), in
    the variant groups ``seen`` touched (None: all of them). Such a citation's year differs from its
    document's (a group shares number, symbol and issuer): the index mentions_doc_dates finds them
    among the citations of a document without reading each row (84,000 citations of 26/CT-TTg at
    200,000 reports)."""
    numbered = "m.short_form = 0 AND m.number IS NOT NULL"
    complete = f"{numbered} AND m.ident NOT LIKE '%?%'"
    # the whole store: whether a part is unknown read without deriving the identity, which the query
    # derives once, not twice (0.8 s over 518,000 citations at 50k)
    if seen is None:
        return db.execute(
            f"SELECT {MERGED_COLUMNS} FROM mentions m JOIN documents d ON d.id = m.doc_id"  # noqa: S608
            f" WHERE {numbered} AND m.ident != d.ident AND NOT ({unknown_part_sql('m')}) ORDER BY m.file_id, m.mid"
        ).fetchall()
    rows: list[sqlite3.Row] = []
    for num, issuer in sorted(_touched_pairs(db, seen)):
        for doc, ident in db.execute(
            "SELECT id, ident FROM documents WHERE num_norm = ? AND issuer = ? AND ident NOT LIKE '%?%'",
            (num, issuer),
        ).fetchall():
            rows += db.execute(
                f"SELECT {MERGED_COLUMNS} FROM mentions m WHERE m.doc_id = ?"  # noqa: S608
                " AND coalesce(nullif(m.year, ''), substr(m.date, 1, 4)) IS NOT ?"
                f" AND {complete} AND m.ident != ?",
                (doc, ident.split("|")[2], ident),
            ).fetchall()
    return sorted(rows, key=lambda r: (r["file_id"], r["mid"]))


def merge_variants(
    db: sqlite3.Connection,
    numbers: Collection[str] | None = None,
    seen: Touched | None = None,
    *,
    decided: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Attach every stray document to the one it most likely is (inside the caller's transaction):
    its mentions and edges move, the document goes. Returns (stray, document) of each. ``decided``:
    what ``variant_targets(db, numbers, seen)`` gives, found otherwise (``refreshed``)."""
    pairs = variant_targets(db, numbers, seen) if decided is None else decided
    for old, target in pairs:
        db.execute("UPDATE mentions SET doc_id = ? WHERE doc_id = ?", (target, old))
        db.execute("UPDATE edges SET src = ? WHERE src = ?", (target, old))
        db.execute("UPDATE edges SET dst = ? WHERE dst = ?", (target, old))
        db.execute("DELETE FROM edges WHERE src = dst AND (src = ? OR dst = ?)", (target, target))
        db.execute("DELETE FROM documents WHERE id = ?", (old,))
    return pairs


def disagreements(db: sqlite3.Connection, doc_ids: list[int] | set[int]) -> dict[int, list[dict]]:
    """document -> the ways some of its citations disagree with it: [{"field": "date", "cited": "2017-09-05",
    "settled": "2016-09-05", "mentions": 1}], from the mentions (what the reports wrote)."""
    ids = sorted(set(doc_ids))
    out: dict[int, list[dict]] = {}
    if not ids:
        return out
    q = (
        "SELECT d.id, d.date AS settled_date, d.year AS settled_year, m.date, m.year, count(*) AS n"
        " FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE d.id IN (SELECT value FROM json_each(?))"
        " AND ((length(m.date) = 10 AND length(d.date) = 10 AND m.date != d.date)"
        " OR (m.year IS NOT NULL AND d.year IS NOT NULL AND m.year != d.year))"
        " GROUP BY d.id, m.date, m.year ORDER BY d.id, m.date, m.year"
    )
    for r in db.execute(q, (json.dumps(ids),)):
        notes = out.setdefault(r[0], [])
        if r[4] and r[2] and r[4] != r[2]:
            notes.append({"field": "year", "cited": r[4], "settled": r[2], "mentions": r[5]})
        if r[3] and r[1] and len(r[3]) == 10 and len(r[1]) == 10 and r[3] != r[1]:
            notes.append({"field": "date", "cited": r[3], "settled": r[1], "mentions": r[5]})
    return out


def badge(notes: list[dict]) -> str:
    """'⚠ also cited as 05/09/2017' (empty without notes)."""
    from luocdo.i18n import _

    if not notes:
        return ""
    shown = []
    for n in notes:
        v = n["cited"]
        v = "/".join(reversed(v.split("-"))) if n["field"] == "date" else _("year {year}").format(year=v)
        if v not in shown:
            shown.append(v)
    return "⚠ " + _("also cited as {values}").format(values=", ".join(shown))

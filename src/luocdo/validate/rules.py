"""Validation rules (DOMAIN.md §6). Each rule reads the store and yields findings with evidence."""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby, islice
from operator import itemgetter

import regex

from luocdo.catalog import split_so_ky_hieu
from luocdo.extract.citations import _parse_symbol, _type_from_symbol
from luocdo.extract.issuers import issuer_from_code
from luocdo.i18n import _, language
from luocdo.reference import is_national, source_names
from luocdo.resolve.corpus import norm_number, norm_symbol
from luocdo.store import Store
from luocdo.store.evidence import sentence_sql, surface_from_sql
from luocdo.store.findings import EDGE_CODE, FILE_CODES, PAIR_CODE
from luocdo.store.header_columns import field_sql, valid_sql

SEVERITIES = ("error", "warning", "info")


_ISO_DATE = regex.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


class Msg:
    """A finding's explanation or suggestion: an English template of the gettext catalog and its values,
    put into words when shown, so one finding reads in the language of whoever looks at it (a web page
    per request, the command line's --lang). In Vietnamese the ISO dates among the values read dd/mm/yyyy."""

    __slots__ = ("template", "values", "_said")

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        self._said: tuple[str, str] | None = None  # (language, the words): one Msg read back is shared

    def __str__(self) -> str:
        lang = language()
        if self._said is not None and self._said[0] == lang:
            return self._said[1]
        values = {k: str(v) for k, v in self.values.items()}
        if lang == "vi":
            values = {k: _ISO_DATE.sub(r"\3/\2/\1", v) for k, v in values.items()}
        said = _(self.template).format(**values)
        self._said = (lang, said)
        return said

    def __repr__(self) -> str:
        return f"Msg({self.template!r}, {self.values!r})"

    def as_json(self) -> dict:
        """Its template and values, as the store keeps them (a value that is a Msg itself the same way)."""
        return {
            "t": self.template,
            "v": {k: (v.as_json() if isinstance(v, Msg) else v) for k, v in self.values.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Msg:
        return cls(
            data["t"], **{k: (cls.from_json(v) if isinstance(v, dict) else v) for k, v in data["v"].items()}
        )


@dataclass
class Finding:
    code: str
    severity: str
    document: str
    why: Msg
    fix: Msg
    evidence: list[dict] = field(default_factory=list)  # {file, line, sentence}
    # what it is kept under in the store (luocdo.store.findings): num, num2, file_id, doc, doc2
    keys: dict = field(default_factory=dict)
    refs: list = field(default_factory=list, init=False)  # evidence as stored: [file id, line, mid, sentence]
    order: tuple[int, int] = field(default=(0, 0), init=False)  # among findings of one code and document

    def __post_init__(self) -> None:
        rows: list[int] = []  # the evidence citations' rows: their order in the store
        nums: list[str | None] = []
        for e in self.evidence:
            ref, fid = e.pop("_ref", None), e.pop("_fid", None)
            if ref is None:  # an edge's evidence (V008), or a finding read back: its sentence as it is
                self.refs.append([fid, e.get("line"), None, e.get("sentence")])
                continue
            fid, mid, num, rowid = ref
            self.refs.append([fid, e["line"], mid, None])
            rows.append(rowid)
            nums.append(num)
        self._keep_under(rows, nums)

    def _keep_under(self, rows: list[int], nums: list[str | None]) -> None:
        """What the store keeps it under (luocdo.store.findings), and its place among the findings of
        the same code and document (the order the rules find them in on the whole store)."""
        keys = self.keys
        if nums:
            keys.setdefault("num", nums[0])
        if self.code in FILE_CODES and self.refs:
            keys.setdefault("file_id", self.refs[0][0])
        if self.code == PAIR_CODE and len(nums) > 1:
            keys.update(num2=nums[1], file_id=self.refs[0][0], file2=self.refs[1][0])
        if self.code == EDGE_CODE and self.refs:
            self.order = (self.refs[0][0] or 0, self.refs[0][1] or 0)
        elif "doc" in keys:
            self.order = (keys["doc"], rows[0] if rows else 0)
        else:
            self.order = (rows[0] if rows else 0, rows[1] if len(rows) > 1 else 0)

    @property
    def explanation(self) -> str:
        return str(self.why)

    @property
    def suggestion(self) -> str:
        return str(self.fix)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "document": self.document,
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            "evidence": self.evidence,
        }


Rule = Callable[["View"], Iterator[Finding]]
RULES: dict[str, tuple[str, Rule]] = {}


def rule(code: str, name: str):
    def deco(fn: Rule) -> Rule:
        RULES[code] = (name, fn)
        return fn

    return deco


def _so(r) -> str:
    if not r["number"]:
        return r["name"] or ""
    sym = r["symbol"] or ""
    if "/" in sym and "-" not in sym.split("/")[0] and not r["year"]:
        return f"{r['number']}-{sym}"
    return f"{r['number']}/{r['year'] + '/' if r['year'] else ''}{sym}"


def _ev(r) -> dict:
    """A citation's evidence; `_ref` (what the store keeps of it) is taken off by Finding."""
    return {
        "file": r["path"],
        "line": r["line"],
        "sentence": r["sentence"],
        "_ref": (r["file_id"], r["mid"], r["num_norm"], r["_rowid"]),
    }


def _ref_ev(r) -> dict:
    """What the store keeps of a citation's evidence (`_ev` without its path and sentence): when the
    findings are only kept, the rows that decided them (LIGHT rows) are their evidence, nothing read again."""
    return {
        "file": None,
        "line": r["line"],
        "sentence": None,
        "_ref": (r["file_id"], r["mid"], r["num_norm"], r["_rowid"]),
    }


# what the rules read of a citation's report header (V004, V009: its date): the header JSON that
# header_columns.HEADER_SQL makes of a file's columns, with only the date (and the recipients, whose
# damaged JSON fails as it did), or the file's own header text (json_object made the whole header
# again, and Python parsed it, for every citation read whole: 140,000 in V009 at 200k)
_HEADER = (
    "CASE WHEN f.header_own IS NULL THEN json_object('date', f.h_date, 'recipients', json(f.h_recipients))"
    " ELSE f.header_own END AS header"
)

_REPORT_DATE = field_sql("date", "f")  # a citation's report's date, where its header is valid JSON (V004)

# what groups citations (V002, V003): read for every citation of the store, the evidence only for findings
LIGHT = (
    "m.rowid AS _rowid, m.file_id, m.mid, m.line, m.num_norm, m.number, m.symbol, m.year, m.issuer, m.date,"
    " m.type, m.name"
)
_UNSET = object()
_NO_RECORDS: list = []  # never changed


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


class View:
    """What the rules read: the store, optionally narrowed to some documents (for `luocdo show`), or,
    to re-check what a write changed (luocdo.validate.kept), to the citations of some numbers, some
    files, and the edges of some files and documents. `keeping`: its findings are only kept
    (luocdo.validate.kept), so their evidence is what the store keeps of it (`_ref_ev`), not read whole."""

    def __init__(
        self,
        store: Store,
        doc_ids: set[int] | None = None,
        *,
        numbers: set[str] | frozenset[str] | None = None,
        files: set[int] | frozenset[int] | None = None,
        docs: set[int] | frozenset[int] | None = None,
        keeping: bool = False,
    ) -> None:
        self.store = store
        self.keeping = keeping
        self.db = store.db
        self.doc_ids = doc_ids
        self.numbers = numbers
        self.files = files
        self.docs = docs
        self._numbers: set[str] | None = None
        self._ref: object = _UNSET
        self._matched: dict[int, list] = {}  # reference_records by document id
        if doc_ids:
            marks = ",".join("?" * len(doc_ids))
            self._numbers = {
                norm_number(r[0])
                for r in self.db.execute(
                    f"SELECT number FROM documents WHERE id IN ({marks}) AND number IS NOT NULL",
                    sorted(doc_ids),
                )
            }

    def mentions(
        self,
        where: str = "1",
        args: tuple = (),
        *,
        of_doc: bool = False,
        limit: int | None = None,
        light: bool = False,
        order: str = "m.rowid",
    ) -> Iterator[sqlite3.Row]:
        """Citations (with their file's path and header) in the order they were stored, streamed (a
        whole store's citations do not fit in memory); `of_doc`: the citations of one document, whatever
        their number, when re-checking numbers. `light`: only the columns that group citations (LIGHT),
        their evidence read afterwards for the few that make a finding (`by_rowid`)."""
        if light:
            sql, args = self._narrowed(f"SELECT {LIGHT} FROM mentions m WHERE {where}", args, of_doc)
        else:
            sql, args = self._narrowed(
                f"SELECT m.*, {sentence_sql('m')} AS sentence, m.rowid AS _rowid, f.path, {_HEADER}"
                f" FROM mentions m JOIN files f ON f.id = m.file_id WHERE {where}",
                args,
                of_doc,
            )
        sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return iter(self.db.execute(sql, args))

    def distinct(self, where: str, columns: str) -> list[tuple]:
        """The distinct values of `columns` among the view's citations `where` (decided once each)."""
        sql, args = self._narrowed(f"SELECT DISTINCT {columns} FROM mentions m WHERE {where}", (), False)
        return [tuple(r) for r in self.db.execute(sql, args)]

    def _narrowed(self, sql: str, args: tuple, of_doc: bool) -> tuple[str, tuple]:
        if self._numbers is not None:
            # every mention of the same number: rules compare a document with its look-alikes
            sql += f" AND m.num_norm IN ({','.join('?' * len(self._numbers))})"
            args = (*args, *sorted(self._numbers))
        if self.numbers is not None and not of_doc:
            sql += " AND m.num_norm IN (SELECT value FROM json_each(?))"
            args = (*args, json.dumps(sorted(self.numbers)))
        if self.files is not None:
            sql += " AND m.file_id IN (SELECT value FROM json_each(?))"
            args = (*args, json.dumps(sorted(self.files)))
        return sql, args

    @property
    def whole_store(self) -> bool:
        """Every citation of the store (nothing narrows the view)."""
        return self._numbers is None and self.numbers is None and self.files is None

    def whole(self, light: Iterable[sqlite3.Row], n: int = 5000) -> Iterator[sqlite3.Row]:
        """The whole citations of LIGHT rows, in their order, read `n` at a time."""
        it = iter(light)
        while chunk := [m["_rowid"] for m in islice(it, n)]:
            full = self.by_rowid(chunk)
            yield from (full[i] for i in chunk)

    def first_of_docs(self, doc_ids: list[int], n: int) -> dict[int, list[sqlite3.Row]]:
        """The first `n` citations (in the order of the store) of each of these documents, whatever
        their number: `mentions("m.doc_id = ?", of_doc=True, limit=n)` for many documents in two queries."""
        inner, args = self._narrowed(
            "SELECT m.rowid AS r, m.doc_id AS doc, row_number() OVER (PARTITION BY m.doc_id ORDER BY m.rowid)"
            " AS k FROM mentions m WHERE m.doc_id IN (SELECT value FROM json_each(?))",
            (json.dumps(doc_ids),),
            True,
        )
        out: dict[int, list[sqlite3.Row]] = defaultdict(list)
        if self.keeping:  # what _ref_ev needs, in the same query
            inner = inner.replace(" AS k FROM", " AS k, m.file_id, m.mid, m.line, m.num_norm FROM", 1)
            for r in self.db.execute(
                f"SELECT doc, r AS _rowid, file_id, mid, line, num_norm FROM ({inner}) WHERE k <= ?"
                " ORDER BY doc, r",
                (*args, n),
            ):
                out[r["doc"]].append(r)
            return out
        firsts = self.db.execute(
            f"SELECT doc, r FROM ({inner}) WHERE k <= ? ORDER BY doc, r", (*args, n)
        ).fetchall()
        full = self.by_rowid(r for _doc, r in firsts)
        for doc, r in firsts:
            out[doc].append(full[r])
        return out

    def evidence(self, rows: list[sqlite3.Row]) -> list[dict]:
        """The evidence of citations (LIGHT rows or whole ones): `_ev` of each, read whole, or, when
        the findings are only kept, `_ref_ev` of the rows themselves."""
        if self.keeping:
            return [_ref_ev(m) for m in rows]
        full = self.by_rowid(m["_rowid"] for m in rows)
        return [_ev(full[m["_rowid"]]) for m in rows]

    def sentences(self, rowids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """(surface, sentence) of citations by their row."""
        out: dict[int, tuple[str, str]] = {}
        # each sentence decompressed once (surface_sql would decompress it again for the surface)
        for chunk in _chunks(sorted(set(rowids)), 5000):
            for r, surface, sentence in self.db.execute(
                "WITH c AS MATERIALIZED (SELECT m.rowid AS r, m.surface_own, m.surface_at, m.surface_len,"
                f" {sentence_sql('m')} AS sentence FROM mentions m"
                " WHERE m.rowid IN (SELECT value FROM json_each(?)))"
                f" SELECT r, {surface_from_sql('c', 'c.sentence')}, c.sentence FROM c",
                (json.dumps(chunk),),
            ):
                out[r] = (surface, sentence)
        return out

    def by_rowid(self, rowids: Iterable[int]) -> dict[int, sqlite3.Row]:
        """Whole citations (evidence included) by their row, whatever the view's narrowing."""
        out: dict[int, sqlite3.Row] = {}
        for chunk in _chunks(sorted(set(rowids)), 5000):
            for r in self.db.execute(
                f"SELECT m.*, {sentence_sql('m')} AS sentence, m.rowid AS _rowid, f.path, {_HEADER}"
                " FROM mentions m JOIN files f ON f.id = m.file_id"
                " WHERE m.rowid IN (SELECT value FROM json_each(?))",
                (json.dumps(chunk),),
            ):
                out[r["_rowid"]] = r
        return out

    def reference_records(self, d) -> list:
        """`reference_matches` of a cited document (a documents row), looked up once per view: V009 and
        V010 both ask it of every document (300,000 at 200k)."""
        recs = self._matched.get(d["id"])
        if recs is None:
            year = d["year"] or (d["date"] or "")[:4] or None
            found = reference_matches(self.ref, d["number"], d["symbol"], year, d["issuer"])
            recs = self._matched[d["id"]] = found or _NO_RECORDS  # most documents: one shared empty list
        return recs

    @property
    def ref(self):
        """The reference catalog the store uses (looked up once per view, not once per document)."""
        if self._ref is _UNSET:
            self._ref = _ref(self.store)
        return self._ref

    def covers(self, doc_id: int | None) -> bool:
        return self.doc_ids is None or doc_id in self.doc_ids

    def covers_doc(self, d) -> bool:
        """A document the view looks at (its id for `show`; when re-checking, one that changed)."""
        return self.covers(d["id"]) and (self.docs is None or d["id"] in self.docs)

    def documents_where(self) -> tuple[str, tuple]:
        """SQL narrowing `documents` to those re-checked (nothing to narrow otherwise)."""
        if self.docs is None:
            return "", ()
        return " AND id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(self.docs)),)


def _full(d: str | None) -> bool:
    return bool(d) and len(d) == 10


@rule("V001", "number-year-vs-date-year")
def number_year(v: View) -> Iterator[Finding]:
    for m in v.mentions("m.year IS NOT NULL AND m.date IS NOT NULL AND substr(m.date, 1, 4) != m.year"):
        yield Finding(
            "V001",
            "warning",
            f"{m['type']} {_so(m)}",
            Msg("the number says {year} but the date is {date}", year=m["year"], date=m["date"]),
            Msg(
                "check the year: {number} or a date in {year}",
                number=f"{m['number']}/{m['date'][:4]}/{m['symbol']}",
                year=m["year"],
            ),
            [_ev(m)],
        )


@rule("V002", "one-document-two-dates")
def two_dates(v: View) -> Iterator[Finding]:
    """One document cited with different dates. Numbers restart every year, so two years are two
    documents, unless the reference catalog knows the document and only one of the dates is its date."""
    db = v.db
    ref = v.ref
    dated = {
        tuple(r) for r in db.execute("SELECT number, symbol FROM catalog WHERE length(ngay_ban_hanh) = 10")
    }
    # one number at a time, each (number, symbol, year, issuer, date) counted in SQL: Python sees a row
    # per family and date, not per citation (1.6 million at 200k), and reads the citations of a family
    # only when its dates and the catalog's make a finding
    where = "m.number IS NOT NULL AND m.symbol IS NOT NULL AND length(m.date) = 10"
    # the whole store: one pass over the table in its order, then sorted, is quicker than its
    # citations read one by one in the order of the number index (1.6 million at 200k)
    scan = "mentions m NOT INDEXED" if v.whole_store else "mentions m"
    sql, args = v._narrowed(
        "SELECT m.num_norm, m.number, m.symbol, m.year, m.issuer, m.date, count(*), min(m.rowid)"
        f" FROM {scan} WHERE " + where,
        (),
        False,
    )
    counted = db.execute(sql + " GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6", args)
    for num_norm, of_number in groupby(counted, key=lambda r: r[0]):
        fam: dict[tuple, list] = {}  # key -> [dates, first citation, its symbol]
        for _n, number, symbol, year, issuer, date, k, first in of_number:
            key = (_norm_number(number), _norm_symbol(symbol), year, issuer)
            f = fam.get(key)
            if f is None:
                f = fam[key] = [Counter(), first, symbol]
            elif first < f[1]:
                f[1], f[2] = first, symbol
            f[0][date] += k
        # in the order of their first citation, as they come in the store (ties of the kept order)
        for key, (dates, _first, symbol) in sorted(fam.items(), key=lambda kv: kv[1][1]):
            cat_dates, _spoke = _catalog_dates(v, ref, dated, key, symbol, dates)
            if not _dates_disagree(dates, key[2], cat_dates):
                continue
            ms = [
                m
                for m in v.mentions(where + " AND m.num_norm = ?", (num_norm,), light=True)
                if (norm_number(m["number"]), norm_symbol(m["symbol"]), m["year"], m["issuer"]) == key
            ]
            yield from _two_dates_of(v, ref, dated, key, ms)


_norm_number = lru_cache(maxsize=65536)(norm_number)
_norm_symbol = lru_cache(maxsize=65536)(norm_symbol)


def _catalog_dates(
    v: View, ref, dated: set[tuple], key: tuple, symbol: str, dates: Counter
) -> tuple[set[str], Msg | str]:
    """The dates the catalogs give the document of `key` (number, symbol, year, issuer; `symbol`: as
    its first citation writes it), and which catalog spoke."""
    num, sym, year, issuer = key
    years = {year} if year else {d[:4] for d in dates}
    cat_dates = (
        {
            r[0]
            for r in v.db.execute(
                "SELECT ngay_ban_hanh, year FROM catalog WHERE number = ? AND symbol = ?", (num, sym)
            )
            if r[0] and len(r[0]) == 10 and r[1] in years
        }
        if (num, sym) in dated
        else set()
    )
    spoke: Msg | str = Msg("the catalog in the store")
    if not cat_dates and ref is not None:
        recs = [r for y in sorted(years) for r in reference_matches(ref, num, symbol, y, issuer) if r.date]
        cat_dates = {r.date for r in recs}
        if recs:
            spoke = _record_source(recs[0])
    return cat_dates, spoke


def _dates_disagree(dates: Counter, year: str | None, cat_dates: set[str]) -> bool:
    """Whether `_two_dates_of` finds something in these dates (what it decides, without the citations)."""
    if len(dates) < 2:
        d0 = next(iter(dates))
        if year and d0[:4] != year:
            return False
        return len(cat_dates) == 1 and next(iter(cat_dates)) not in dates
    if len(cat_dates) == 1 and next(iter(cat_dates)) in dates:
        return True
    return len({d[:4] for d in dates}) < len(dates)  # two dates in one year


def _two_dates_of(v: View, ref, dated: set[tuple], key: tuple, ms: list[sqlite3.Row]) -> Iterator[Finding]:
    """V002 on the citations `ms` (LIGHT rows) of one (number, symbol, year, issuer)."""
    num, sym, year, issuer = key

    dates = Counter(m["date"] for m in ms)
    cat_dates, spoke = _catalog_dates(v, ref, dated, key, ms[0]["symbol"], dates)
    if len(dates) < 2:
        # one date everywhere: wrong only if the catalog (full dates only) says otherwise
        d0 = next(iter(dates))
        if year and d0[:4] != year:
            return  # the number's year and the date disagree: V001's case, not a wrong date
        if len(cat_dates) == 1 and next(iter(cat_dates)) not in dates:
            right = next(iter(cat_dates))
            yield Finding(
                "V002",
                "warning",
                f"{ms[0]['type']} {_so(ms[0])}",
                Msg(
                    "cited with the date {date}; the catalog gives {right} ({source})",
                    date=d0,
                    right=right,
                    source=spoke,
                ),
                Msg("likely {date} (reference catalog)", date=right),
                v.evidence(ms[:5]),
            )
        return
    groups: list[Counter] = []
    if len(cat_dates) == 1 and next(iter(cat_dates)) in dates:
        groups.append(dates)
    else:
        by_year: dict[str, Counter] = defaultdict(Counter)
        for d, n in dates.items():
            by_year[d[:4]][d] += n
        groups = [c for c in by_year.values() if len(c) > 1]
    for g in groups:
        in_cat = sorted(cat_dates & set(g))
        best = in_cat[0] if in_cat else g.most_common(1)[0][0]
        wrong = [m for m in ms if m["date"] in g and m["date"] != best]
        yield Finding(
            "V002",
            "warning",
            f"{ms[0]['type']} {_so(ms[0])}",
            Msg(
                "cited with {n} dates: {dates}",
                n=len(g),
                dates=", ".join(f"{d} ({n}×)" for d, n in g.most_common()),
            ),
            Msg("likely {date} (reference catalog)", date=best)
            if in_cat
            else Msg("likely {date} (most citations)", date=best),
            v.evidence(wrong[:5]),
        )


def _pair_candidates(v: View, where: str) -> list[sqlite3.Row]:
    """Re-checking files for V003: the citations that can pair with one of theirs (same type, issuer,
    date and symbol, another number), theirs included, in the order of the store. A central directive's
    thousands of citations are read only when a citation of another number joins them."""
    mine = list(v.mentions(where))
    if not mine:
        return []

    def key(m) -> tuple:
        return (m["type"], m["issuer"], m["date"], norm_symbol(m["symbol"]))

    numbers_of: dict[tuple, set[str]] = defaultdict(set)
    for m in mine:
        numbers_of[key(m)].add(m["num_norm"])
    light = v.db.execute(
        "SELECT m.rowid, m.type, m.issuer, m.date, m.symbol, m.num_norm, m.file_id FROM mentions m WHERE "
        + where
        + " AND m.date IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted({k[2] for k in numbers_of})),),
    )
    needed = [
        r[0]
        for r in light
        if (k := (r[1], r[2], r[3], norm_symbol(r[4]))) in numbers_of
        and (len(numbers_of[k]) > 1 or r[5] not in numbers_of[k] or r[6] in v.files)
    ]
    return View(v.store).mentions("m.rowid IN (SELECT value FROM json_each(?))", (json.dumps(needed),))


@rule("V003", "one-document-two-numbers")
def two_numbers(v: View) -> Iterator[Finding]:
    where = "m.number IS NOT NULL AND length(m.date) = 10 AND m.issuer IS NOT NULL"
    if v.files is not None:
        yield from _two_numbers_in(v, _pair_candidates(v, where))
        return
    # one date at a time: the citations counted in SQL by (date, type, issuer, symbol as written), each
    # group's least and greatest number and its rows; Python merges the groups whose symbols normalize
    # alike (a row per group, not per citation: 1.6 million at 200k) and reads the LIGHT rows and the
    # sentences only of the groups of two numbers, in the order of the store within a date
    sql, args = v._narrowed(
        "SELECT m.date, m.type, m.issuer, m.symbol, min(m.num_norm), max(m.num_norm),"
        f" count(m.num_norm) < count(*), min(m.rowid), group_concat(m.rowid) FROM mentions m WHERE {where}",
        (),
        False,
    )
    counted = v.db.cursor()
    counted.row_factory = None
    counted.execute(sql + " GROUP BY m.date, m.type, m.issuer, m.symbol ORDER BY m.date", args)
    waiting: list[list[int]] = []  # the rows of groups of two numbers, read together
    n = 0
    for _date, of_date in groupby(counted, key=itemgetter(0)):
        groups: dict[tuple, list] = {}  # (type, issuer, symbol normalized) -> [numbers, first row, rows]
        for _d, type_, issuer, symbol, low, high, some_null, first, rows in of_date:
            g = groups.get(key := (type_, issuer, _norm_symbol(symbol)))
            if g is None:
                g = groups[key] = [set(), first, []]
            elif first < g[1]:
                g[1] = first
            g[0].update((low, high))
            if some_null:
                g[0].add(None)
            g[2].append(rows)
        for numbers, _first, parts in sorted(groups.values(), key=itemgetter(1)):
            if len(numbers) > 1:
                waiting.append(sorted(int(r) for part in parts for r in part.split(",")))
                n += len(waiting[-1])
        if n >= 5000:
            yield from _two_numbers_of_groups(v, waiting)
            waiting, n = [], 0
    yield from _two_numbers_of_groups(v, waiting)


def _two_numbers_of_groups(v: View, groups: list[list[int]]) -> Iterator[Finding]:
    """`_two_numbers_in` of each group (the rows of its citations) in turn, their LIGHT rows and
    sentences read in two queries for all (57,000 groups at 200k, a query each before)."""
    if not groups:
        return
    rowids = [r for rs in groups for r in rs]
    light = {
        m["_rowid"]: m
        for m in v.db.execute(
            f"SELECT {LIGHT} FROM mentions m WHERE m.rowid IN (SELECT value FROM json_each(?))",
            (json.dumps(rowids),),
        )
    }
    text = v.sentences(rowids)
    for rs in groups:
        yield from _two_numbers_in(v, [light[r] for r in rs], text)


def _two_numbers_in(
    v: View, rows: Iterable[sqlite3.Row], text: dict[int, tuple[str, str]] | None = None
) -> Iterator[Finding]:
    """V003 on citations (LIGHT rows or whole ones), in the order of the store; their sentences are
    read for the groups of two numbers (`text`: already read), their evidence for the pairs found."""
    groups: dict[tuple, list[sqlite3.Row]] = defaultdict(list)
    for m in rows:
        groups[(m["type"], m["issuer"], m["date"], norm_symbol(m["symbol"]))].append(m)

    def words(surface: str, s: str) -> set[str]:
        i = s.find(surface[:20])
        tail = s[i + len(surface) :] if i >= 0 else s
        return set(tail.lower().split()[:25])

    for (_type, _issuer, date, _sym), ms in groups.items():
        nums = [norm_number(m["number"]) for m in ms]
        if len(set(nums)) < 2:
            continue
        # every pair of mentions of different numbers, in the order (i, j) of the group: a central
        # directive cited thousands of times with one mistyped number is thousands of pairs, not millions
        at: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(nums):
            at[n].append(i)
        said = text if text is not None else v.sentences(m["_rowid"] for m in ms)
        ws = [frozenset(words(*said[m["_rowid"]])) for m in ms]
        del said
        alike: dict[tuple[frozenset, frozenset], bool] = {}
        for i, a in enumerate(ms):
            later = sorted(j for n, js in at.items() if n != nums[i] for j in js[bisect_right(js, i) :])
            for j in later:
                if (
                    v.files is not None
                    and ms[i]["file_id"] not in v.files
                    and ms[j]["file_id"] not in v.files
                ):
                    continue  # kept from before: neither of its files changed
                b = ms[j]
                wa, wb = ws[i], ws[j]
                same = alike.get((wa, wb))
                if same is None:
                    same = alike[(wa, wb)] = len(wa & wb) / max(1, len(wa | wb)) >= 0.5
                if same:
                    na, nb = sorted([a["number"], b["number"]])
                    yield Finding(
                        "V003",
                        "warning",
                        f"{a['type']} {_so(a)} / {_so(b)}",
                        Msg(
                            "two numbers ({a}, {b}) for one {type} of {issuer} dated {date} with the same subject",
                            a=na,
                            b=nb,
                            type=a["type"].lower(),
                            issuer=a["issuer"],
                            date=date,
                        ),
                        Msg("check the original: one of the numbers is probably mistyped"),
                        v.evidence([a, b]),
                    )


@rule("V004", "cited-after-the-citing-document")
def cited_after(v: View) -> Iterator[Finding]:
    # compared in SQL: only the citations dated after their report are read (and those of a damaged
    # header, whose json.loads fails below as it always did: the store's damaged rows are reported).
    # The header's date is its column h_date where the header is made from its columns (schema 10,
    # luocdo.store.header_columns.field_sql), not json_object's whole header made for every citation
    # (7.9 → 0.6 s at 200k)
    for m in v.mentions(
        f"length(m.date) = 10 AND CASE WHEN {valid_sql('f')} THEN"
        f" length({_REPORT_DATE}) = 10 AND m.date > {_REPORT_DATE} ELSE 1 END"
    ):
        h = json.loads(m["header"])
        if _full(h.get("date")) and m["date"] > h["date"]:
            yield Finding(
                "V004",
                "error",
                f"{m['type']} {_so(m)}",
                Msg(
                    "dated {date}, after the report that cites it ({report_date})",
                    date=m["date"],
                    report_date=h["date"],
                ),
                Msg("check the date of the cited document"),
                [_ev(m)],
            )


@rule("V005", "impossible-date")
def impossible(v: View) -> Iterator[Finding]:
    for m in v.mentions("m.date_valid = 0"):
        yield Finding(
            "V005",
            "error",
            f"{m['type']} {_so(m)}",
            Msg("the date {date} does not exist", date=m["date"]),
            Msg("check the day and month"),
            [_ev(m)],
        )


_COMPATIBLE = {("Quy định", "Quyết định"), ("Thông báo", "Kết luận"), ("Quyết định", "Quy định")}


@rule("V006", "type-word-vs-symbol")
def type_vs_symbol(v: View) -> Iterator[Finding]:
    where = "m.symbol IS NOT NULL AND m.short_form = 0"
    # decided once per (symbol, type, year given): only the citations of a symbol that disagrees are read
    kinds = v.distinct(where, "m.symbol, m.type, (m.year IS NOT NULL AND m.year != '')")
    wrong = {k: stype for k in kinds if (stype := _symbol_type_differs(k[0], k[1], bool(k[2])))}
    symbols = json.dumps(sorted({k[0] for k in wrong}))
    for m in v.mentions(where + " AND m.symbol IN (SELECT value FROM json_each(?))", (symbols,)):
        stype = wrong.get((m["symbol"], m["type"], bool(m["year"])))
        if stype is None:
            continue
        yield Finding(
            "V006",
            "warning",
            f"{m['type']} {_so(m)}",
            Msg(
                "called {type} but the symbol {symbol} is the symbol of a {other}",
                type=m["type"],
                symbol=m["symbol"],
                other=stype,
            ),
            Msg(
                "check the type word or the symbol (a {type} would be numbered …/{abbr}-…)",
                type=m["type"],
                abbr=_abbr(m["type"]),
            )
            if _abbr(m["type"])
            else Msg("check the type word or the symbol"),
            [_ev(m)],
        )


def _symbol_type_differs(symbol: str, type_: str, has_year: bool) -> str | None:
    """The type a citation's symbol says, when the type word written says another (V006)."""
    fam = (
        "party"
        if "/" in symbol and "-" not in symbol.split("/")[0]
        else ("normative" if has_year else "administrative")
    )
    _, code, issuers, _ = _parse_symbol(fam, symbol, [])
    stype = _type_from_symbol(code, issuers, fam if code or fam != "administrative" else "letter")
    if stype in ("Other",) or stype == type_ or (type_, stype) in _COMPATIBLE:
        return None
    if stype == "Công văn" and type_ in ("Công văn", "Thông báo", "Báo cáo", "Tờ trình", "Điện"):
        return None
    return stype


def _abbr(type_: str) -> str | None:
    from luocdo.extract.grammar import grammar

    for code, t in grammar().symbol_types.items():
        if t == type_:
            return code
    return None


@rule("V007", "issuer-code-vs-named-issuer")
def issuer_mismatch(v: View) -> Iterator[Finding]:
    where = "m.symbol IS NOT NULL AND m.issuer_explicit = 1 AND m.issuer IS NOT NULL"
    # decided once per (symbol, issuer): only the citations of a symbol that disagrees are read
    wrong = {k: hit for k in v.distinct(where, "m.symbol, m.issuer") if (hit := _code_names_other(*k))}
    symbols = json.dumps(sorted({k[0] for k in wrong}))
    for m in v.mentions(where + " AND m.symbol IN (SELECT value FROM json_each(?))", (symbols,)):
        hit = wrong.get((m["symbol"], m["issuer"]))
        if hit is None:
            continue
        s, central = hit
        yield Finding(
            "V007",
            "warning",
            f"{m['type']} {_so(m)}",
            Msg(
                "the symbol's code {code} means {central}, but the text names {issuer}",
                code=s,
                central=central,
                issuer=m["issuer"],
            ),
            Msg("check the symbol or the issuer"),
            [_ev(m)],
        )


def _code_names_other(symbol: str, issuer: str) -> tuple[str, str] | None:
    """(the code, the central body it names) when a symbol's code names another body than the issuer
    written (V007)."""
    segs = [s for s in symbol.replace("/", "-").split("-") if s]
    for s in segs[1:] if len(segs) > 1 else segs:
        central, _ = issuer_from_code(s)
        if central and central != issuer and not (central == "Thủ tướng Chính phủ" and issuer == "Chính phủ"):
            return s, central
    return None


@rule("V008", "implements-something-issued-later")
def implemented_before(v: View) -> Iterator[Finding]:
    narrow, args = "", ()
    if v.files is not None or v.docs is not None:
        # re-checking: the edges of the files written or removed, and of the documents that changed
        narrow = (
            " AND (e.file_id IN (SELECT value FROM json_each(?)) OR e.src IN (SELECT value FROM json_each(?))"
            " OR e.dst IN (SELECT value FROM json_each(?)))"
        )
        docs = json.dumps(sorted(v.docs or ()))
        args = (json.dumps(sorted(v.files or ())), docs, docs)
    rows = v.db.execute(
        f"SELECT e.*, {sentence_sql('e')} AS sentence, f.path, a.num_norm AS anorm, b.num_norm AS bnorm,"
        " a.type AS atype, a.number AS anum, a.year AS ayear, a.symbol AS asym, a.date AS adate,"
        " a.name AS aname, b.type AS btype, b.number AS bnum, b.symbol AS bsym, b.date AS bdate, b.year AS byear,"
        " b.name AS bname FROM edges e JOIN documents a ON a.id = e.src JOIN documents b ON b.id = e.dst"
        " JOIN files f ON f.id = e.file_id WHERE e.relation = 'implements' AND length(a.date) = 10"
        " AND length(b.date) = 10 AND a.date < b.date" + narrow,
        args,
    ).fetchall()
    for r in rows:
        if not (v.covers(r["src"]) or v.covers(r["dst"])):
            continue
        a = {"number": r["anum"], "symbol": r["asym"], "year": r["ayear"], "name": r["aname"]}
        b = {"number": r["bnum"], "symbol": r["bsym"], "year": r["byear"], "name": r["bname"]}
        yield Finding(
            "V008",
            "warning",
            f"{r['atype']} {_so(a)}",
            Msg(
                "dated {date}, before {other} ({other_date}) which it is said to implement",
                date=r["adate"],
                other=f"{r['btype']} {_so(b)}",
                other_date=r["bdate"],
            ),
            Msg("check both dates, or whether it implements an earlier document"),
            [{"file": r["path"], "line": r["line"], "sentence": r["sentence"], "_fid": r["file_id"]}],
            {
                "file_id": r["file_id"],
                "doc": r["src"],
                "doc2": r["dst"],
                "num": r["anorm"],
                "num2": r["bnorm"],
            },
        )


@rule("V009", "superseded-document-cited")
def superseded(v: View) -> Iterator[Finding]:
    """A document a catalog says was replaced, cited as current by a report written after the
    replacement (or amended, cited without its amendments). The store's catalog (user imports, the
    bundled one) speaks first; the reference catalog's links from pháp điển for the rest. A
    replacement or an amendment issued after the report, or whose date is unknown, is never suggested."""
    db = v.db
    rows = db.execute(
        "SELECT * FROM catalog WHERE replaced_by IS NOT NULL OR amended_by != '[]' ORDER BY origin = 'bundled'"
    ).fetchall()
    cat = list(
        {(c["number"], c["symbol"], c["year"]): c for c in reversed(rows)}.values()
    )  # user imports win
    ref = v.ref
    issued = _Issued(db, ref)
    covered: set[tuple] = set()
    for c in cat:
        covered.add((c["number"], c["symbol"], c["year"]))
        if v.numbers is not None and c["number"] not in v.numbers:
            continue
        # the citations of the number that name this document, decided on the grouping columns: only
        # those read whole (a central number's citations are thousands, most of another symbol or year)
        named = (
            m
            for m in v.mentions("m.num_norm = ? AND m.symbol IS NOT NULL", (c["number"],), light=True)
            if _names_catalogued(m, c)
        )
        for m in v.whole(named):
            myear = m["year"] or (m["date"] or "")[:4] or None
            if (
                not myear
                and db.execute(
                    "SELECT count(DISTINCT year) FROM catalog WHERE number = ? AND symbol = ?",
                    (c["number"], c["symbol"]),
                ).fetchone()[0]
                > 1
            ):
                continue  # which of the catalog's documents this is cannot be told
            repl = [c["replaced_by"]] if c["replaced_by"] else []
            yield from _supersession(
                m, repl, json.loads(c["amended_by"]), issued, Msg("catalog in the store")
            )
    if ref is None:
        return
    narrow, args = v.documents_where()
    # streamed, in the order of their numbers: the reference catalog's look-ups of one number follow
    # each other (a number shared by many local documents is parsed once, see reference_matches)
    for d in db.execute(
        "SELECT * FROM documents WHERE number IS NOT NULL AND symbol IS NOT NULL AND id NOT IN"
        " (SELECT report_doc FROM files WHERE report_doc IS NOT NULL)" + narrow + " ORDER BY num_norm, id",
        args,
    ):
        if not v.covers_doc(d):
            continue
        year = d["year"] or (d["date"] or "")[:4] or None
        if not year or (norm_number(d["number"]), norm_symbol(d["symbol"]), year) in covered:
            continue
        recs = v.reference_records(d)
        if len(recs) != 1 or not (recs[0].replaced_by or recs[0].amended_by):
            continue
        r = recs[0]
        src = _link_sources(r)
        for m in v.mentions("m.doc_id = ?", (d["id"],), of_doc=True):
            for f in _supersession(
                m, [x.so_ky_hieu for x in r.replaced_by], [x.so_ky_hieu for x in r.amended_by], issued, src
            ):
                f.keys.update(num=d["num_norm"], doc=d["id"])
                f.order = (d["id"], f.order[0])
                yield f


def _names_catalogued(m, c) -> bool:
    """A citation (LIGHT row) names the catalog's document `c` by its symbol and year."""
    if _norm_symbol(m["symbol"]) != c["symbol"]:
        return False
    myear = m["year"] or (m["date"] or "")[:4] or None
    return not (c["year"] and myear and myear != c["year"])  # 108/2020/NĐ-CP is not 108/2014/NĐ-CP


def _link_sources(r) -> str:
    codes = sorted({x.source for x in (*r.replaced_by, *r.amended_by) if x.source})
    return ", ".join(source_names().get(c, c) for c in codes) + f"; {r.catalog}"


class _Issued:
    """Issue date (or only year) of a document named by its number/symbol: the store's catalog,
    else the reference catalog, else the year written in the number."""

    def __init__(self, db: sqlite3.Connection, ref) -> None:
        self.db, self.ref, self.memo = db, ref, {}

    def __call__(self, so: str) -> tuple[str | None, str | None]:
        if so not in self.memo:
            date = _catalog_date(self.db, so)
            from luocdo.refbuild import parse_so

            p = parse_so(so)
            year = p[1] if p else None
            if not date and self.ref is not None:
                dates = {r.date for r in self.ref.lookup_so(so) if r.date}
                if len(dates) == 1:
                    date = next(iter(dates))
            self.memo[so] = (date, (date or "")[:4] or year)
        return self.memo[so]


def _before(issued: tuple[str | None, str | None], when: str) -> bool | None:
    """Was a document issued on or before the date `when`? None when it cannot be told."""
    date, year = issued
    if not when:
        return None
    if date and len(when) == 10:
        return date <= when
    if year:
        if year < when[:4]:
            return True
        if year > when[:4]:
            return False
    return None


def _supersession(
    m, replaced_by: list[str], amended_by: list[str], issued: _Issued, source: str | Msg
) -> Iterator[Finding]:
    when = json.loads(m["header"]).get("date") or ""
    sent = m["sentence"]
    # a replacement issued after the report (or when nobody can tell) is not suggested: cited as it was then
    repl = [r for r in replaced_by if _before(issued(r), when)]
    if repl:
        if "nay là" in sent or any((_split(r)[0] or "#") in sent for r in repl):
            return  # the text names the replacement itself
        r = repl[0]
        rdate = issued(r)[0]
        yield Finding(
            "V009",
            "warning",
            f"{m['type']} {_so(m)}",
            Msg(
                "replaced by {new} (issued {issued}); cited in a report dated {when} as if current (source: {source})",
                new=r,
                issued=rdate,
                when=when,
                source=source,
            )
            if rdate
            else Msg(
                "replaced by {new}; cited in a report dated {when} as if current (source: {source})",
                new=r,
                when=when,
                source=source,
            ),
            Msg("cite {new} instead (or write 'nay là {new}')", new=r),
            [_ev(m)],
        )
        return
    amended = [a for a in amended_by if _before(issued(a), when)]  # amendments in force then
    if amended and not any((_split(a)[0] or "#") in sent for a in amended):
        yield Finding(
            "V009",
            "info",
            f"{m['type']} {_so(m)}",
            Msg("amended by {amendments} (source: {source})", amendments=", ".join(amended), source=source),
            Msg("cite it together with its amendments where they apply"),
            [_ev(m)],
        )


def _catalog_date(db: sqlite3.Connection, so: str) -> str | None:
    n, sym = _split(so)
    row = db.execute(
        "SELECT ngay_ban_hanh FROM catalog WHERE number = ? AND symbol = ? AND ngay_ban_hanh IS NOT NULL",
        (n, sym),
    ).fetchone()
    return row[0] if row and len(row[0]) == 10 else None


def _split(so: str) -> tuple[str | None, str | None]:
    return split_so_ky_hieu(so)


# Below this share of the numbers up to the highest one listed for a symbol and year, the reference
# catalog is too sparse for "not found" to mean anything (a sitemap or a snapshot misses documents).
NOT_FOUND_MIN_COVERAGE = 0.95
NOT_FOUND_MIN_DOCUMENTS = 20
# the last year whose series the sources hold to its end (the tvpl sitemap was taken in June 2024)
NOT_FOUND_LAST_COMPLETE_YEAR = 2023


@dataclass
class Existence:
    """What luocdo knows of a cited document's existence (DOMAIN.md §6)."""

    status: str  # issued-in-corpus | in-catalog | in-reference-catalog | consistently-cited | not-found-in-catalog | unverified
    source: str = ""  # which catalog (and which of its sources) spoke
    records: list = field(default_factory=list)  # reference records that matched
    near: list = field(default_factory=list)  # (record, reason) for not-found-in-catalog
    detail: str = ""


def _ref(store: Store):
    from luocdo import reference

    return reference.for_store(store)


def reference_matches(
    ref, number: str | None, symbol: str | None, year: str | None, issuer: str | None
) -> list:
    """Reference records a cited document can be: by number, symbol and year; a local symbol
    (UBND, HĐND, ...) names a document only with its issuer, so the issuers must agree."""
    if not number or not symbol:
        return []
    recs = _lookup(ref, number, year, symbol)
    if not recs or _symbol_issuer(symbol)[0]:
        return list(recs)
    return [r for r in recs if r.issuer and issuer and _same_body(r.issuer, issuer)]


@lru_cache(maxsize=65536)
def _symbol_issuer(symbol: str) -> tuple[bool, str | None]:
    """refbuild.symbol_issuer, remembered: V002, V009 and V010 ask it of every cited document."""
    from luocdo.refbuild import symbol_issuer

    return symbol_issuer(symbol)


@lru_cache(maxsize=4096)
def _lookup(ref, number: str, year: str | None, symbol: str) -> tuple:
    """ReferenceCatalog.lookup, remembered: a local number (1/QĐ-UBND) is a record of every province
    of every year, parsed on each look-up, and the documents that share it come one after another."""
    return tuple(ref.lookup(number, year, symbol))


@lru_cache(maxsize=65536)
def _same_body(a: str, b: str) -> bool:
    from luocdo.refbuild import fold
    from luocdo.resolve.corpus import body_info

    if fold(a).casefold() == fold(b).casefold():
        return True
    la, pa, da = body_info(_canon_body(a))
    lb, pb, db_ = body_info(_canon_body(b))
    return bool(la and la == lb and pa and pa == pb and da == db_)


def _canon_body(name: str) -> str:
    return name.replace("Ủy ban nhân dân", "UBND").replace("Hội đồng nhân dân", "HĐND")


def _record_source(r) -> str:
    """'Bộ pháp điển điện tử, snapshot 2025-06 (luocdo-reference 2025-06+…)'."""
    best = (
        r.source_of("date")
        or r.source_of("title")
        or r.source_of("type")
        or (r.sources[0] if r.sources else "")
    )
    return f"{source_names().get(best, best)}; {r.catalog}"


def classify(
    ref, d, *, in_corpus: bool, in_catalog: bool, files: int, dates: int, matched: list | None = None
) -> Existence:
    """The one place the existence statuses are decided (existence() and the bulk statuses of the
    graph backends both call it). `matched`: the document's `reference_matches`, when already known."""
    if in_corpus:
        return Existence("issued-in-corpus")
    if in_catalog:
        return Existence("in-catalog", "user or bundled catalog in the store")
    year = d["year"] or (d["date"] or "")[:4] or None
    if d["number"] and ref is not None:
        if matched is None:
            matched = reference_matches(ref, d["number"], d["symbol"], year, d["issuer"])
        recs = matched
        if recs:
            return Existence("in-reference-catalog", _record_source(recs[0]), recs)
    if files >= 2 and dates <= 1:
        return Existence("consistently-cited")
    if d["number"] and ref is not None and year:
        nf = _not_found(ref, d["number"], d["symbol"], year)
        if nf is not None:
            return nf
    return Existence("unverified")


def _not_found(ref, number: str, symbol: str | None, year: str) -> Existence | None:
    """A nationally numbered document the catalog does not list while it lists most of its series."""
    if not is_national(symbol) or not number.isdigit():
        return None
    count, top = ref.density(symbol, year)
    if count < NOT_FOUND_MIN_DOCUMENTS or count / max(top, 1) < NOT_FOUND_MIN_COVERAGE:
        return None
    near = ref.near_matches(number, year, symbol)
    if int(number) > top and (int(year) > NOT_FOUND_LAST_COMPLETE_YEAR or not near):
        return None  # beyond the last number listed: a later document the sources do not have yet
    return Existence(
        "not-found-in-catalog",
        ref.label,
        near=near,
        detail=f"{ref.label} lists {count} documents {symbol} of {year} (numbers up to {top}), not this one",
    )


def existence(store: Store, doc_id: int) -> Existence:
    db = store.db
    if db.execute("SELECT 1 FROM files WHERE report_doc = ?", (doc_id,)).fetchone():
        return Existence("issued-in-corpus")
    d = db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if d is None:
        return Existence("unverified")
    in_catalog = False
    if d["number"]:
        year = d["year"] or (d["date"] or "")[:4] or None
        for c in db.execute(
            "SELECT year FROM catalog WHERE number = ? AND symbol = ?",
            (norm_number(d["number"]), norm_symbol(d["symbol"])),
        ):
            if not c[0] or not year or c[0] == year:
                in_catalog = True
                break
    elif d["name"]:
        wanted = f"{d['type']} {d['name']}".casefold()
        for (aliases,) in db.execute("SELECT aliases FROM catalog WHERE aliases != '[]'"):
            if any(a.casefold() == wanted for a in json.loads(aliases)):
                in_catalog = True
                break
    ref = _ref(store) if d["number"] and not in_catalog else None
    matched = None
    if ref is not None:
        year = d["year"] or (d["date"] or "")[:4] or None
        matched = reference_matches(ref, d["number"], d["symbol"], year, d["issuer"])
    if in_catalog or matched:  # classify decides without the citations (a central document's: 177,000)
        return classify(ref, d, in_corpus=False, in_catalog=in_catalog, files=0, dates=0, matched=matched)
    files = db.execute(
        "SELECT count(DISTINCT file_id), count(DISTINCT date) FROM mentions WHERE doc_id = ?", (doc_id,)
    ).fetchone()
    return classify(
        ref, d, in_corpus=False, in_catalog=False, files=files[0], dates=files[1], matched=matched
    )


def catalog_record(store: Store, d, ex: Existence | None = None):
    """The one reference record a stored document is, when there is exactly one (for its title,
    date and status where the reports give none)."""
    if ex is not None and ex.records:
        recs = ex.records
    elif d["number"]:
        year = d["year"] or (d["date"] or "")[:4] or None
        recs = reference_matches(_ref(store), d["number"], d["symbol"], year, d["issuer"]) if year else []
    else:
        recs = []
    return recs[0] if len(recs) == 1 else None


def card_view(store: Store | None, d, status: str) -> tuple[dict, str]:
    """A document as `luocdo show` prints it (any engine): the catalog's title and date where the
    reports give none, and the existence status with the catalog that spoke and the legal status."""
    shown = dict(d)
    recs: list = []
    if d["number"]:
        year = d["year"] or (d["date"] or "")[:4] or None
        if year:
            recs = reference_matches(_ref(store), d["number"], d["symbol"], year, d["issuer"])
    rec = recs[0] if len(recs) == 1 else None
    if rec:
        shown["title"] = d["title"] or rec.title or None
        shown["date"] = d["date"] or rec.date or None
    text = status
    if status == "in-reference-catalog" and recs:
        text += f" ({_record_source(recs[0])})"
    elif status == "in-catalog":
        text += " (catalog in the store)"
    if rec and rec.status:
        text += f" · {rec.status_vi}"
    return shown, text


def existence_status(store: Store, doc_id: int) -> str:
    """issued-in-corpus, in-catalog, in-reference-catalog, consistently-cited, not-found-in-catalog
    or unverified (DOMAIN.md §6)."""
    return existence(store, doc_id).status


def _near_text(near: list) -> str:
    return "; ".join(f"{r.so_ky_hieu}{' (' + r.date + ')' if r.date else ''} — {why}" for r, why in near)


class _ExistenceFacts:
    """What existence() reads for one document, read for many documents of a view at once (a query
    per document was most of `validate` on a large store). The documents here are cited ones with a
    number, never a report's own document."""

    def __init__(self, v: View) -> None:
        self.view = v
        self.db = v.db
        self.ref = v.ref
        self.catalog: dict[tuple[str, str], list[str | None]] = defaultdict(list)
        for number, symbol, year in v.db.execute(
            "SELECT number, symbol, year FROM catalog WHERE number IS NOT NULL AND symbol IS NOT NULL"
        ):
            self.catalog[(number, symbol)].append(year)

    def _in_catalog(self, d) -> bool:
        year = d["year"] or (d["date"] or "")[:4] or None
        key = (norm_number(d["number"]), norm_symbol(d["symbol"]))
        years = self.catalog.get(key, []) if None not in key else []
        return any(not c or not year or c == year for c in years)

    def listed(self, d) -> bool:
        """In the store's catalog or the reference catalog: classify() says so before it looks at the
        citations, so they need not be counted (a central document's are a good part of the store)."""
        if self._in_catalog(d):
            return True
        return self.ref is not None and bool(self.view.reference_records(d))

    def counts(self, doc_ids: list[int]) -> dict[int, tuple[int, int]]:
        """(files citing it, dates it is cited with) of each document."""
        return {
            doc: (files, dates)
            for doc, files, dates in self.db.execute(
                "SELECT doc_id, count(DISTINCT file_id), count(DISTINCT date) FROM mentions"
                " WHERE doc_id IN (SELECT value FROM json_each(?)) GROUP BY doc_id",
                (json.dumps(doc_ids),),
            )
        }

    def existence(self, d, files: int, dates: int) -> Existence:
        """Of a document `listed` said no to: in neither catalog."""
        matched = self.view.reference_records(d) if self.ref is not None else None
        return classify(
            self.ref, d, in_corpus=False, in_catalog=False, files=files, dates=dates, matched=matched
        )


@rule("V010", "existence")
def existence_rule(v: View) -> Iterator[Finding]:
    db = v.db
    facts = _ExistenceFacts(v)
    narrow, args = v.documents_where()
    unlisted: list = []  # counted and checked 500 documents at a time
    # streamed, in the order of their numbers (see superseded)
    for d in db.execute(
        "SELECT * FROM documents WHERE number IS NOT NULL AND id NOT IN"
        " (SELECT report_doc FROM files WHERE report_doc IS NOT NULL)" + narrow + " ORDER BY num_norm, id",
        args,
    ):
        if not v.covers_doc(d) or facts.listed(d):
            continue
        unlisted.append(d)
        if len(unlisted) >= 500:
            yield from _existence_findings(v, facts, unlisted)
            unlisted = []
    yield from _existence_findings(v, facts, unlisted)


def _existence_findings(v: View, facts: _ExistenceFacts, docs: list) -> Iterator[Finding]:
    if not docs:
        return
    counts = facts.counts([d["id"] for d in docs])
    found = [(d, facts.existence(d, *counts.get(d["id"], (0, 0)))) for d in docs]
    found = [(d, ex) for d, ex in found if ex.status in ("unverified", "not-found-in-catalog")]
    evidence = v.first_of_docs([d["id"] for d, _ex in found], 2) if found else {}
    as_ev = _ref_ev if v.keeping else _ev  # first_of_docs read them whole, or only what is kept
    for d, ex in found:
        ev = evidence.get(d["id"], [])
        about = {"num": d["num_norm"], "doc": d["id"]}
        if ex.status == "not-found-in-catalog":
            yield Finding(
                "V010",
                "warning",
                f"{d['type']} {_so(d)}",
                Msg("not found in the reference catalog: {detail}", detail=ex.detail),
                Msg(
                    "did you mean: {near}? check the number, year and symbol against the official gazette (vbpl.vn)",
                    near=_near_text(ex.near),
                )
                if ex.near
                else Msg("check the number, year and symbol against the official gazette (vbpl.vn)"),
                [as_ev(m) for m in ev],
                about,
            )
            continue
        yield Finding(
            "V010",
            "info",
            f"{d['type']} {_so(d)}",
            Msg(
                "unverified: not issued in the corpus, not in the reference catalog, cited by one report only "
                "or with different dates"
            ),
            Msg(
                "check the document in the official gazette (vbpl.vn) or import a "
                "catalog that lists it (luocdo catalog import)"
            ),
            [as_ev(m) for m in ev],
            about,
        )


@rule("V011", "ambiguous-citation")
def ambiguous(v: View) -> Iterator[Finding]:
    """A citation that fits several known documents (or, for a short form, none): kept, not guessed."""
    db = v.db
    for m in v.mentions("m.doc_id IS NULL AND m.number IS NOT NULL"):
        if m["candidates"] > 1:
            cands = db.execute("SELECT * FROM documents WHERE num_norm = ?", (norm_number(m["number"]),))
            names = [
                f"{c['type']} {_so(c)} ({c['date'] or '?'}, {c['issuer'] or '?'})"
                for c in cands
                if m["symbol"] is None or norm_symbol(c["symbol"]) == norm_symbol(m["symbol"])
            ][:5]
            yield Finding(
                "V011",
                "info",
                f"{m['type']} {_so(m)}",
                Msg("could be {n} documents: {names}", n=len(names), names="; ".join(names)),
                Msg("write the date or the issuer in the citation"),
                [_ev(m)],
            )
        elif m["short_form"]:
            yield Finding(
                "V011",
                "info",
                f"{m['type']} {m['number']}",
                Msg("a short form that no full citation in the corpus settles"),
                Msg("cite the number with its symbol and year once in the report"),
                [_ev(m)],
            )


def run_all(store: Store, codes: list[str] | None = None, doc_ids: set[int] | None = None) -> list[Finding]:
    """Findings of every rule (or of `codes`); with `doc_ids`, only those about these documents and their
    look-alikes (same number), which is what a document's card needs."""
    view = View(store, doc_ids)
    out: list[Finding] = []
    for code, (_name, fn) in RULES.items():
        if codes and code not in codes:
            continue
        out.extend(fn(view))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(out, key=lambda f: (order[f.severity], f.code, f.document, f.order))

"""One resolver for a document as a user types it, used by every command and engine.

What is typed — number, symbol, year, type word, issuer, date, or a law's name; accents optional
("108/2014/ND-CP", "Quyet dinh 1847/QD-TTg", "98/KH-UBND của UBND huyện Lục Nam", "98/KH-UBND UBND
huyen Luc Nam 03/07/2019") — is read by the extractor (luocdo.pipeline.extract_text restores the accents
of unaccented Vietnamese) and compared with the documents of the same number, every typed part a
constraint. The answer is one document, a choice of several (Unresolved, ambiguous), or none with the
nearest documents (Unresolved, not found): never a different document in silence.

The engines only supply the documents of a number (or of a name) and a weight for ordering; the
matching is the same for the embedded store and the rdf and neo4j engines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from luocdo import messages
from luocdo.extract.issuers import fold_name
from luocdo.i18n import _
from luocdo.load.accents import strip_accents
from luocdo.resolve.corpus import norm_number, norm_symbol

NEAREST = 3  # documents shown when nothing matches
SHOWN = 8  # documents listed in an ambiguity


class AskError(Exception):
    """A user-facing problem with a question (one line)."""


class Unresolved(AskError):
    """What was typed names no document, or several: the message lists them."""

    def __init__(self, found: Lookup, where: str = "store") -> None:
        self.lookup = found
        super().__init__(found.message(where))


def fold(s: str | None) -> str:
    """Case, accents (đ = d), old accent placement and spacing folded: 'UBND huyen Luc Nam' = 'UBND huyện Lục Nam'."""
    return " ".join(strip_accents(fold_name(s or "")).split())


@lru_cache(maxsize=4096)  # a number's thousands of documents share a few symbols (KH-UBND, BC-UBND)
def fold_symbol(s: str | None) -> str:
    """'NĐ-CP', 'ND-CP', 'nđ/cp' -> 'nd/cp'."""
    return strip_accents(norm_symbol(s))


# dates a user types after the number (the extractor reads those written with "ngày")
_DATE = regex.compile(
    r"(?:\b(?:ngày|ngay)\s+)?(?<![\d/.-])(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})|(?:(?:năm|nam)\s+)?(?P<yo>(?:19|20)\d{2}))(?![\d/.-])",
    regex.IGNORECASE,
)
_CONNECTORS = regex.compile(
    r"^(?:\s|[,;:·–—()-]|\b(?:của|cua|do|ban hành|ban hanh|số|so)\b)+", regex.IGNORECASE
)
_SUBJECT = regex.compile(r"\b(?:về|v/v|ve viec|ve)\b", regex.IGNORECASE)  # the subject, not the issuer
_NUMBER_ONLY = regex.compile(r"\s*(?:(?:số|so)\s*)?(?P<n>\d+[a-zA-Z]?)\s*", regex.IGNORECASE)


@dataclass(frozen=True)
class Wanted:
    """What the user typed, part by part (None: not typed)."""

    text: str
    number: str | None = None
    symbol: str | None = None
    year: str | None = None  # the year written in the number (108/2014/NĐ-CP)
    type: str | None = None  # a type word written ("Quyết định", "Chỉ thị")
    issuer: str | None = None  # as typed or as the extractor normalized it
    date: str | None = None  # YYYY-MM-DD or YYYY
    name: str | None = None  # a law cited by name

    @property
    def num_norm(self) -> str | None:
        return norm_number(self.number) if self.number else None

    def parts(self) -> list[str]:
        return [k for k in ("symbol", "year", "type", "issuer", "date") if getattr(self, k)]


def _iso(m: regex.Match) -> str:
    if m.group("yo"):
        return m.group("yo")
    if m.group("iy"):
        y, mo, d = m.group("iy"), m.group("im"), m.group("id")
    else:
        y, mo, d = m.group("y"), m.group("m"), m.group("d")
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def _normalized_issuer(phrase: str) -> str | None:
    """'UBND huyen Luc Nam' -> 'UBND huyện Lục Nam' as the extractor names bodies (None if it cannot)."""
    from luocdo.pipeline import extract_text

    ms = extract_text(f"Kế hoạch số 1/KH-UBND của {phrase}", "query").mentions
    return ms[0].issuer if ms and ms[0].issuer_explicit else None


# number/symbol or number/year/symbol as typed most of the time ('26/CT-TTg', '108/2020/NĐ-CP'): read
# without the extractor, whose patterns take a second to compile (tests/test_lookup.py checks that both
# read such text the same)
_PLAIN = regex.compile(
    r"(?P<n>[1-9]\d{0,4})/(?:(?P<y>(?:19|20)\d{2})/)?(?P<s>[A-ZĐ]{2,6}(?:-[A-ZĐ][A-ZĐa-z0-9]{0,9}){1,2})"
)


def parse_plain(t: str) -> Wanted | None:
    m = _PLAIN.fullmatch(t)
    return Wanted(t, number=m.group("n"), symbol=m.group("s"), year=m.group("y")) if m else None


def parse(text: str) -> Wanted:
    """The parts of a typed document; AskError when nothing in it names a document."""
    t = " ".join((text or "").split())
    only = _NUMBER_ONLY.fullmatch(t)
    if only:
        return Wanted(t, number=only.group("n"))
    plain = parse_plain(t)
    if plain is not None:
        return plain
    from luocdo.pipeline import extract_text  # its patterns take a second to compile

    ms = [m for m in extract_text(t, "query").mentions if m.number or m.name]
    if not ms:
        raise AskError(messages.text("not_a_document", text=text))
    m = ms[0]
    if m.number is None:
        return Wanted(t, type=m.type, name=m.name)
    before = t[: m.start].strip(" ,;·-")
    if m.symbol and fold(before) == fold(regex.split(r"[-/]", m.symbol)[0]):
        before = ""  # 'CT 26/CT-TTg': the type abbreviation again
    rest = before + " " + " " * (m.end - m.start) + t[m.end :]
    date = m.date
    if not date:
        d = _DATE.search(rest)
        if d:
            date = _iso(d)
    rest = _DATE.sub(" ", rest)
    issuer = m.issuer if m.issuer_explicit else None
    if issuer is None:
        phrase = _SUBJECT.split(_CONNECTORS.sub("", rest.strip()), maxsplit=1)[0].strip(" ,;·-")
        if regex.search(r"\p{L}{2}", phrase):
            issuer = _normalized_issuer(phrase) or phrase
    typed_type = m.type if m.type != "Other" and m.surface[:1].isalpha() else None
    return Wanted(t, number=m.number, symbol=m.symbol, year=m.year, type=typed_type, issuer=issuer, date=date)


# ---- matching ------------------------------------------------------------------------------------
CONTRADICTS, POSSIBLE, CONFIRMED = 0, 1, 2


def _fits(w: Wanted, pool: list) -> list:
    """The documents confirming everything typed, else those that could (none contradicting it)."""
    judged = [(d, verdict(w, d)) for d in pool]
    return [d for d, v in judged if v == CONFIRMED] or [d for d, v in judged if v == POSSIBLE]


def _by_weight(fits: list, weight: Callable[[Mapping], int], order: Callable[[Mapping], object]) -> list:
    if len(fits) == 1:  # nothing to order: a central document's weight counts 177,000 edges at 200k
        return fits
    return sorted(fits, key=lambda d: (-weight(d), order(d)))


def _doc_year(d: Mapping) -> str | None:
    return d["year"] or (d["date"] or "")[:4] or None


def _issuer_fits(typed: str, issuer: str) -> bool:
    a, b = fold(typed), fold(issuer)
    return a == b or regex.search(rf"(?<!\w){regex.escape(a)}(?!\w)", b) is not None


def verdict(w: Wanted, d: Mapping) -> int:
    """How document d stands with what was typed: a part it contradicts, a part it cannot confirm
    (unknown in the store), or everything typed confirmed."""
    if w.name is not None:
        if d["number"] or fold(d["name"]) != fold(w.name):
            return CONTRADICTS
        return CONFIRMED if not w.type or d["type"] == w.type else CONTRADICTS
    if norm_number(d["number"]) != w.num_norm:
        return CONTRADICTS
    out = CONFIRMED
    if w.symbol:
        if not d["symbol"]:
            out = POSSIBLE
        elif fold_symbol(d["symbol"]) != fold_symbol(w.symbol):
            return CONTRADICTS
    if w.type and d["type"] and d["type"] != "Other" and d["type"] != w.type:
        return CONTRADICTS
    dy = _doc_year(d)
    if w.year:
        if not dy:
            out = POSSIBLE
        elif dy != w.year and d["year"] != w.year:
            return CONTRADICTS
    if w.date:
        dd = d["date"] or ""
        if len(w.date) == 10 and len(dd) == 10:
            if dd != w.date:
                return CONTRADICTS
        elif dy or dd:
            if (dd[:4] or dy) != w.date[:4] and dy != w.date[:4]:
                return CONTRADICTS
            if len(w.date) == 10:
                out = POSSIBLE
        else:
            out = POSSIBLE
    if w.issuer:
        if not d["issuer"]:
            out = POSSIBLE
        elif not _issuer_fits(w.issuer, d["issuer"]):
            return CONTRADICTS
    return out


def _agreement(w: Wanted, d: Mapping) -> int:
    """How many typed parts a document that is not the answer shares (to rank the nearest)."""
    n = 0
    if w.symbol and d["symbol"] and fold_symbol(d["symbol"]) == fold_symbol(w.symbol):
        n += 2
    if w.number and norm_number(d["number"]) == w.num_norm:
        n += 2
    if w.type and d["type"] == w.type:
        n += 1
    if (w.year or w.date) and _doc_year(d) in (w.year, (w.date or "")[:4]):
        n += 1
    if w.date and d["date"] == w.date:
        n += 1
    if w.issuer and d["issuer"] and _issuer_fits(w.issuer, d["issuer"]):
        n += 1
    return n


def describe(d: Mapping) -> str:
    """'Nghị định 108/2014/NĐ-CP · 20/11/2014 · Chính phủ'."""
    from luocdo.present import doc_line

    return doc_line(d)


@dataclass
class Lookup:
    wanted: Wanted
    matches: list = field(default_factory=list)  # the documents that fit, the most linked first
    nearest: list = field(default_factory=list)  # when none fits

    @property
    def status(self) -> str:
        return "exact" if len(self.matches) == 1 else "ambiguous" if self.matches else "not_found"

    def message(self, where: str = "store") -> str:
        text = self.wanted.text
        if self.matches:
            docs = "; ".join(describe(d) for d in self.matches[:SHOWN])
            if len(self.matches) > SHOWN:
                docs += f"; … ({len(self.matches) - SHOWN} more)"
            missing = [p for p in ("issuer", "date") if not getattr(self.wanted, p)]
            hint = " or the ".join(missing) if missing else "symbol or the year"
            return messages.text("ambiguous", n=len(self.matches), text=text, docs=docs, hint=_(hint))
        out = messages.text("not_found", text=text, where=_(where))
        if self.nearest:
            out += messages.text("nearest", docs="; ".join(describe(d) for d in self.nearest))
        return out


def resolve(
    text: str,
    *,
    by_number: Callable[[str], Iterable[Mapping]],
    by_name: Callable[[str], Iterable[Mapping]],
    weight: Callable[[Mapping], int],
    order: Callable[[Mapping], object],
    near: Callable[[Wanted], Iterable[Mapping]] | None = None,
    by_symbol: Callable[[str, str], Iterable[Mapping]] | None = None,
) -> Lookup:
    """Look `text` up among the documents an engine gives: by_number(normalized number), by_name(name);
    weight orders several matches (the most linked first), order breaks ties (a stable key); near
    gives more documents to choose the nearest from when the same number has none. by_symbol(number,
    symbol), when an engine has it, gives at least the documents of the number whose symbol folds to
    the typed one or is unknown (every other one contradicts it): a central number has thousands of
    local plans, read only when none fits."""
    w = parse(text)
    if w.name is None and w.symbol and by_symbol is not None:
        fits = _fits(w, list(by_symbol(w.num_norm, w.symbol)))
        if fits:
            return Lookup(w, _by_weight(fits, weight, order))
    pool = list(by_name(w.name) if w.name is not None else by_number(w.num_norm))
    fits = _fits(w, pool)
    if fits:
        return Lookup(w, _by_weight(fits, weight, order))
    others = pool + ([d for d in near(w) if d not in pool] if near is not None else [])
    ranked = sorted(others, key=lambda d: (-_agreement(w, d), -weight(d), order(d)))
    return Lookup(w, [], ranked[:NEAREST])

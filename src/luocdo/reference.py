"""The reference catalog: which documents exist, with their date, issuer, title, status and links.

Built by `luocdo catalog build` (luocdo.refbuild) from public sources; the shipped one is
`data/reference.tsv.xz`. It is read on first use (not at import, not when a store opens), then every
lookup is a dictionary probe; a process that looks up a few documents probes its on-disk index
instead (luocdo.reference_index), built the first time the catalog is read whole. Each record says which source gave each field, and the catalog has a
name and a version so that answers can say which catalog spoke.

    from luocdo import reference
    reference.lookup("108", "2020", "NĐ-CP")   # -> [Record(so_ky_hieu='108/2020/NĐ-CP', ...)]
"""

from __future__ import annotations

import lzma
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from luocdo import reference_index
from luocdo.refbuild import COLUMNS, fold, symbol_issuer, symbol_key
from luocdo.reference_terms import terms
from luocdo.resolve.corpus import norm_number

BUNDLED = "reference.tsv.xz"
ENV = "LUOCDO_REFERENCE"  # a built catalog file to use instead of the shipped one


class ReferenceError(Exception):
    pass


@dataclass(frozen=True)
class Link:
    so_ky_hieu: str
    source: str  # source code (P6, L, ...)


@dataclass(frozen=True)
class Record:
    so_ky_hieu: str
    number: str  # normalised (leading zeros dropped)
    symbol: str  # normalised, accents folded: 'nd/cp'
    year: str
    type: str
    date: str  # ISO yyyy-mm-dd, or '' (never a guess from the year)
    issuer: str
    title: str
    status: str  # code: con_hieu_luc, het_hieu_luc, ... or ''
    effective: str
    replaced_by: tuple[Link, ...]
    amended_by: tuple[Link, ...]
    repealed_by: tuple[Link, ...]  # parts repealed by
    vbpl_item_id: str
    tvpl_id: str
    sources: tuple[str, ...]
    provenance: tuple[tuple[str, str], ...]  # (field, source code): type, date, issuer, title, status
    catalog: str  # name and version of the catalog that holds it

    def source_of(self, name: str) -> str | None:
        """Source code of a field ('date', 'title', 'issuer', 'status', 'type')."""
        return dict(self.provenance).get(name)

    def source_name(self, name: str) -> str | None:
        code = self.source_of(name)
        return source_names().get(code, code) if code else None

    @property
    def status_vi(self) -> str:
        return status_vi(self.status)


@cache
def source_names() -> dict[str, str]:
    return {s["code"]: s["name"] for s in terms()["sources"]}


def status_vi(code: str | None) -> str:
    """'het_hieu_luc' -> 'Hết hiệu lực toàn bộ'; unknown codes are returned as they are."""
    if not code:
        return ""
    return terms()["statuses"].get(code, code)


def _links(v: str) -> tuple[Link, ...]:
    out = []
    for part in v.split("|") if v else ():
        so, _, src = part.rpartition("@")
        out.append(Link(so or src, src if so else ""))
    return tuple(out)


def _raw(path: Path | None) -> bytes:
    try:
        return path.read_bytes() if path else resources.files("luocdo.data").joinpath(BUNDLED).read_bytes()
    except OSError as e:
        raise ReferenceError(f"{path or BUNDLED}: not a luocdo reference catalog ({e})") from None


def _record(line: str, label: str) -> Record:
    v = line.split("\t")
    prov = tuple(tuple(p.split(":", 1)) for p in v[16].split(" ") if ":" in p)
    return Record(
        so_ky_hieu=v[3],
        number=v[0],
        symbol=v[1],
        year=v[2],
        type=v[4],
        date=v[5],
        issuer=v[6],
        title=v[7],
        status=v[8],
        effective=v[9],
        replaced_by=_links(v[10]),
        amended_by=_links(v[11]),
        repealed_by=_links(v[12]),
        vbpl_item_id=v[13],
        tvpl_id=v[14],
        sources=tuple(v[15].split(",")) if v[15] else (),
        provenance=prov,  # type: ignore[arg-type]
        catalog=label,
    )


def _key(number: str, symbol: str) -> str:
    return f"{norm_number(number)}\t{symbol_key(symbol)}"


class ReferenceCatalog:
    """One built catalog file, indexed by normalised number and folded symbol."""

    def __init__(self, path: Path | None = None, raw: bytes | None = None) -> None:
        self.path = path
        if raw is None:
            raw = _raw(path)
        try:
            text = lzma.decompress(raw).decode("utf-8")
        except (OSError, lzma.LZMAError, UnicodeDecodeError) as e:
            raise ReferenceError(f"{path or BUNDLED}: not a luocdo reference catalog ({e})") from None
        head, cols, body = text.split("\n", 2)
        if not head.startswith("#luocdo-reference/") or cols[1:].split("\t") != list(COLUMNS):
            raise ReferenceError(f"{path or BUNDLED}: not a luocdo reference catalog (unknown header)")
        meta = dict(f.split("=", 1) for f in head.split("\t")[1:] if "=" in f)
        self.name = meta.get("name", "luocdo-reference")
        self.version = meta.get("version", "?")
        self.label = f"{self.name} {self.version}"
        self._lines = body.split("\n")
        if self._lines and not self._lines[-1]:
            self._lines.pop()
        index: dict[str, list[int]] = {}
        for i, line in enumerate(self._lines):
            a = line.index("\t")
            k = line[: line.index("\t", a + 1)]
            got = index.get(k)
            if got is None:
                index[k] = [i]
            else:
                got.append(i)
        self._index = index
        self._by_sym_year: dict[tuple[str, str], list[int]] | None = None
        self._syms_of_number: dict[str, list[str]] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._lines)

    def _record(self, i: int) -> Record:
        return _record(self._lines[i], self.label)

    def index_meta(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "lines": str(len(self._lines))}

    def lookup(self, number: str | None, year: str | int | None, symbol: str | None) -> list[Record]:
        """Documents numbered `number` with this symbol (accents and separators ignored), of `year`
        when given (the year in the number, else of the issue date)."""
        if not number or not symbol:
            return []
        rows = self._index.get(_key(number, symbol))
        if not rows:
            return []
        y = str(year) if year else None
        return [self._record(i) for i in rows if y is None or self._lines[i].split("\t", 3)[2] == y]

    def lookup_so(self, so: str, year: str | int | None = None) -> list[Record]:
        """'108/2020/NĐ-CP', '26/CT-TTg' (with year), '39-NQ/TW'."""
        from luocdo.refbuild import parse_so

        p = parse_so(so)
        if not p:
            return []
        return self.lookup(p[0], p[1] or year, p[2])

    def _year_index(self) -> dict[tuple[str, str], list[int]]:
        with self._lock:
            if self._by_sym_year is None:
                d: dict[tuple[str, str], list[int]] = {}
                nums: dict[str, list[str]] = {}
                for line in self._lines:
                    num, sym, year, _ = line.split("\t", 3)
                    m = re.match(r"\d+", num)
                    d.setdefault((sym, year), []).append(int(m.group()) if m else 0)
                    nums.setdefault(num, []).append(sym)
                self._syms_of_number = {k: sorted(set(v)) for k, v in nums.items()}
                self._by_sym_year = d
            return self._by_sym_year

    def density(self, symbol: str, year: str | int) -> tuple[int, int]:
        """(how many documents of this symbol and year the catalog lists, the highest number)."""
        nums = self._year_index().get((symbol_key(symbol), str(year)), [])
        return len(set(nums)), max(nums, default=0)

    def near_matches(
        self, number: str, year: str | int | None, symbol: str, *, limit: int = 5
    ) -> list[tuple[Record, str]]:
        """Documents a mistyped citation may have meant: one digit off, the year off by one, or a
        variant of the symbol (same number and year). Each with the reason."""
        n = norm_number(number)
        sym = symbol_key(symbol)
        out: list[tuple[Record, str]] = []
        seen: set[str] = set()

        def add(recs: list[Record], why: str) -> None:
            for r in recs:
                k = f"{r.so_ky_hieu}|{r.year}|{r.issuer}"
                if k not in seen:
                    seen.add(k)
                    out.append((r, why))

        if year:
            for dy in (-1, 1):
                add(self.lookup(n, int(year) + dy, symbol), "year off by one")
        digits = "0123456789"
        cands: list[str] = []
        for i in range(len(n)):
            cands += [n[:i] + c + n[i + 1 :] for c in digits if c != n[i]]  # one digit changed
            cands.append(n[:i] + n[i + 1 :])  # one digit dropped
            if i + 1 < len(n) and n[i] != n[i + 1]:
                cands.append(n[:i] + n[i + 1] + n[i] + n[i + 2 :])  # two digits swapped
        for i in range(len(n) + 1):
            cands += [n[:i] + c + n[i:] for c in digits]  # one digit added
        for c in sorted(
            {c.lstrip("0") for c in cands if c and c.lstrip("0") and c != n}, key=lambda c: (len(c), c)
        ):
            rows = self._index.get(f"{c}\t{sym}")
            if rows:
                add(self.lookup(c, year, symbol), "one digit off")
        self._year_index()
        assert self._syms_of_number is not None
        parts = set(re.split(r"/", sym))
        for other in self._syms_of_number.get(n, []):
            if other != sym and parts & set(other.split("/")):
                add(self.lookup(n, year, other), "symbol variant")
        return out[:limit]


class ProbedCatalog:
    """A catalog answered from its on-disk index (luocdo.reference_index) for `lookup`, the one thing a
    question about a document asks; anything else (near matches, densities, many lookups, as
    `validate` makes) reads the catalog whole once and asks it."""

    WHOLE_AFTER = 1000  # lookups: past this many, one load costs less than the probes

    def __init__(self, path: Path | None, db: sqlite3.Connection, meta: dict[str, str]) -> None:
        self.path = path
        self.name = meta.get("name", "luocdo-reference")
        self.version = meta.get("version", "?")
        self.label = f"{self.name} {self.version}"
        self._db = db
        self._count = int(meta.get("lines", "0"))
        self._probes = 0
        self._whole: ReferenceCatalog | None = None
        self._lock = threading.Lock()

    def whole(self) -> ReferenceCatalog:
        with self._lock:
            if self._whole is None:
                self._whole = ReferenceCatalog(self.path)
            return self._whole

    def __getattr__(self, name: str):  # every other method of ReferenceCatalog
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.whole(), name)

    def __len__(self) -> int:
        return self._count

    def lookup(self, number: str | None, year: str | int | None, symbol: str | None) -> list[Record]:
        if self._whole is not None or self._probes >= self.WHOLE_AFTER:
            return self.whole().lookup(number, year, symbol)
        if not number or not symbol:
            return []
        self._probes += 1
        try:
            with self._lock:
                lines = [
                    r[0]
                    for r in self._db.execute(
                        "SELECT line FROM lines WHERE key = ? ORDER BY n", (_key(number, symbol),)
                    )
                ]
        except sqlite3.Error:  # the index went away or is damaged: the catalog itself answers
            self._probes = self.WHOLE_AFTER
            return self.whole().lookup(number, year, symbol)
        y = str(year) if year else None
        return [_record(line, self.label) for line in lines if y is None or line.split("\t", 3)[2] == y]

    def lookup_so(self, so: str, year: str | int | None = None) -> list[Record]:
        from luocdo.refbuild import parse_so

        p = parse_so(so)
        if not p:
            return []
        return self.lookup(p[0], p[1] or year, p[2])


def _load(path: Path | None) -> ReferenceCatalog | ProbedCatalog:
    """The catalog probed through its index when it has one; else read whole (and its index written
    for the next process)."""
    raw = _raw(path)
    if not reference_index.worth_indexing(raw):
        return ReferenceCatalog(path, raw)
    where = reference_index.index_path(raw)
    found = reference_index.open_index(where)
    if found is not None:
        return ProbedCatalog(path, *found)
    cat = ReferenceCatalog(path, raw)
    reference_index.write_index(where, cat.index_meta(), cat._lines)
    return cat


_CATALOGS: dict[str, ReferenceCatalog | ProbedCatalog] = {}
_LOAD = threading.Lock()


def default_path() -> Path | None:
    p = os.environ.get(ENV)
    return Path(p) if p else None


def get(path: Path | str | None = None) -> ReferenceCatalog | ProbedCatalog:
    """The catalog at `path` (default: $LUOCDO_REFERENCE, else the shipped one), loaded once."""
    p = Path(path) if path else default_path()
    key = str(p.resolve()) if p else ""
    cat = _CATALOGS.get(key)
    if cat is None:
        with _LOAD:
            cat = _CATALOGS.get(key)
            if cat is None:
                cat = _CATALOGS[key] = _load(p)
    return cat


def for_store(store) -> ReferenceCatalog | ProbedCatalog:
    """The catalog a store was told to use (`luocdo catalog use FILE`), else the default one."""
    chosen = store._meta("reference_catalog") if store is not None else None
    if chosen and not os.environ.get(ENV):
        return get(chosen)
    return get()


def lookup(number: str | None, year: str | int | None, symbol: str | None) -> list[Record]:
    return get().lookup(number, year, symbol)


def near_matches(
    number: str, year: str | int | None, symbol: str, *, limit: int = 5
) -> list[tuple[Record, str]]:
    return get().near_matches(number, year, symbol, limit=limit)


def name_and_version() -> tuple[str, str]:
    c = get()
    return c.name, c.version


def is_national(symbol: str | None) -> bool:
    """A symbol of a nationally numbered series: NĐ-CP, QĐ-TTg, CT-TTg, NQ-CP, TT-B.., TTLT, QH laws."""
    if not symbol:
        return False
    central, _ = symbol_issuer(symbol)
    if not central:
        return False
    segs = [s for s in re.split(r"[-/]", fold(symbol).upper()) if s]
    return bool(segs) and (
        segs[0] in ("ND", "QD", "CT", "TT", "TTLT", "NQ")
        or re.fullmatch(r"(UBTV)?QH\d*", segs[0]) is not None
    )

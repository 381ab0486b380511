"""Build the reference catalog (luocdo.reference) from the raw public sources.

Sources (see ../shared/catalog/SOURCES.md), most trusted first:
  L   luocdo's hand-compiled data/catalog.yaml
  P6, P2  Bộ pháp điển điện tử HTML (two snapshots): the note under every codified article names its
      document (type, number, title, issue date, issuer, effective date, vbpl ItemID) and the documents
      that amended or repealed parts of it; cross-reference notes give title and date; "X này thay thế
      Y" clauses give replacements; citations inside codified articles ("Nghị định số 37/2014/NĐ-CP
      ngày 05 tháng 5 năm 2014 của Chính phủ") give issue dates of documents that are not codified.
  V   viLegalBert rows (vbpl.vn crawl): number, type, issuer, title
  B   binhduong.gov.vn: number, date, subject, status of UBND tỉnh Bình Dương documents
  T   thuvienphapluat.vn sitemap: type, number, year, unaccented title slug (TM: a document named in
      the slug of another one: existence only)

One record per document: identity = normalised number + year + symbol with accents folded (Đ = D);
a local symbol (UBND, HĐND, ...) names a document only together with its issuer, so local records are
merged only when their issuers agree. Every field keeps the code of the source that gave it.

Output: UTF-8 TSV, sorted, compressed with xz (no timestamps in the container): the same inputs give
the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import lzma
import re
import tarfile
import unicodedata
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from luocdo.reference_terms import clean, status_code, terms
from luocdo.resolve.corpus import norm_number, norm_symbol

COLUMNS = (
    "num",
    "sym",
    "year",
    "so_ky_hieu",
    "loai_van_ban",
    "ngay_ban_hanh",
    "co_quan_ban_hanh",
    "trich_yeu",
    "tinh_trang_hieu_luc",
    "ngay_hieu_luc",
    "replaced_by",
    "amended_by",
    "repealed_by",
    "vbpl_item_id",
    "tvpl_id",
    "sources",
    "provenance",
)
# fields whose source is recorded (provenance column), in this order
TRACKED = ("loai_van_ban", "ngay_ban_hanh", "co_quan_ban_hanh", "trich_yeu", "tinh_trang_hieu_luc")
SHORT = {
    "loai_van_ban": "type",
    "ngay_ban_hanh": "date",
    "co_quan_ban_hanh": "issuer",
    "trich_yeu": "title",
    "tinh_trang_hieu_luc": "status",
}
FORMAT = "luocdo-reference/1"
XZ_PRESET = 6


@cache
def source_rank() -> dict[str, int]:
    return {s["code"]: i for i, s in enumerate(terms()["sources"])}


# ----------------------------------------------------------------------------------------- identity


def fold(s: str) -> str:
    """No diacritics, đ -> d (for matching a symbol from an unaccented source)."""
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def symbol_key(symbol: str | None) -> str:
    return fold(norm_symbol(symbol))


_SO = re.compile(
    r"^\s*(?P<num>[0-9]+[a-zA-Zđ]?)\s*(?:[/-]\s*(?P<year>(?:19|20)[0-9]{2}))?\s*[/-]\s*(?P<sym>[^\s].*?)\s*$"
)


def parse_so(so: str) -> tuple[str, str | None, str] | None:
    """'108/2020/NĐ-CP' -> ('108', '2020', 'NĐ-CP'); '39-NQ/TW' -> ('39', None, 'NQ/TW')."""
    m = _SO.match(unicodedata.normalize("NFC", so or ""))
    if not m or not re.search(r"[A-Za-zĐđ]", m.group("sym")):
        return None
    return m.group("num"), m.group("year"), m.group("sym").strip(".,;:")


@cache
def symbol_issuer(symbol: str) -> tuple[bool, str | None]:
    """(central, the one central body its codes name or None). A local code (UBND, HĐND, S..) makes
    the symbol local; TW (Party centre) is central without naming which body."""
    from luocdo.extract.issuers import issuer_from_code

    segs = [s for s in re.split(r"[-/]", symbol) if s]
    bodies: list[str] = []
    central = False
    for s in segs:
        c, local = issuer_from_code(s)
        if local and local != "TW":
            return False, None
        if c:
            central = True
            bodies.append(c)
        elif local == "TW":
            central = True
    joint = len(set(bodies)) > 1 or symbol.upper().startswith(("TTLT", "NQLT"))
    return central, (bodies[-1] if bodies and not joint else None)


# ----------------------------------------------------------------------------------------- records


@dataclass
class Rec:
    number: str
    year: str
    symbol: str
    disc: str = ""  # issuer (local symbols) or source id when the issuer is unknown
    year_in_so: bool = True  # 108/2020/NĐ-CP (True) or 26/CT-TTg (False), as the first source wrote it
    offers: dict[str, list[tuple[tuple[int, int], str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    links: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    extra: dict[str, tuple[tuple[int, int], str]] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    codified: set[str] = field(default_factory=set)

    def offer(self, name: str, value: str | None, src: str, kind: int = 0) -> None:
        value = clean(value)
        if value:
            self.offers[name].append(((source_rank()[src], kind), value, src))
            self.sources.add(src)

    def set_extra(self, name: str, value: str | None, src: str, kind: int = 0) -> None:
        value = clean(value)
        if not value:
            return
        r = (source_rank()[src], kind)
        old = self.extra.get(name)
        if old is None or r < old[0] or (r == old[0] and value < old[1]):
            self.extra[name] = (r, value)
        self.sources.add(src)

    def link(self, name: str, so: str, src: str) -> None:
        so = clean(so)
        if so and (so not in self.links[name] or source_rank()[src] < source_rank()[self.links[name][so]]):
            self.links[name][so] = src
        self.sources.add(src)

    def best(self, name: str) -> tuple[str, str]:
        """(value, source): the most trusted offer; among equally trusted ones the most frequent."""
        offers = self.offers.get(name)
        if not offers:
            return "", ""
        top = min(r for r, _, _ in offers)
        votes = Counter((v, s) for r, v, s in offers if r == top)
        (v, s), _ = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        return v, s


class Catalog:
    def __init__(self) -> None:
        self.recs: dict[tuple[str, str, str, str], Rec] = {}
        self.stats: Counter = Counter()

    def get(
        self,
        number: str,
        year: str | None,
        symbol: str,
        *,
        issuer: str | None = None,
        sid: str = "",
        year_in_so: bool = True,
    ) -> Rec | None:
        """The record of one document (created on first sight); None when the year is unknown."""
        if not year or not number or not symbol:
            self.stats["dropped: no year"] += 1
            return None
        number = number.strip()
        central, _ = symbol_issuer(symbol)
        disc = "" if central else (fold(issuer).casefold() if issuer else f"#{sid}")
        k = (norm_number(number), year, symbol_key(symbol), disc)
        r = self.recs.get(k)
        if r is None:
            r = self.recs[k] = Rec(number, year, symbol, disc, year_in_so)
        elif "Đ" in symbol and "Đ" not in r.symbol and fold(symbol) == fold(r.symbol):
            r.symbol = symbol  # an accented spelling beats a folded one
        return r

    def get_so(
        self, so: str, *, date: str | None = None, issuer: str | None = None, sid: str = ""
    ) -> Rec | None:
        p = parse_so(so)
        if not p:
            self.stats["dropped: not a number/symbol"] += 1
            return None
        num, year, sym = p
        return self.get(
            num, year or (date[:4] if date else None), sym, issuer=issuer, sid=sid, year_in_so=bool(year)
        )


def iso(d: str | None) -> str:
    m = re.match(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$", d or "")
    if not m:
        return ""
    dd, mm, yy = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mm <= 12 and 1 <= dd <= 31):
        return ""
    return f"{yy:04d}-{mm:02d}-{dd:02d}"


# ----------------------------------------------------------------------------------------- catalog.yaml


def read_bundled(cat: Catalog, entries: list[dict]) -> None:
    from luocdo.catalog import iso as cat_iso

    for e in entries:
        so = str(e.get("so_ky_hieu") or "")
        date = cat_iso(e.get("ngay_ban_hanh")) or ""
        r = cat.get_so(so, date=date or None, issuer=e.get("co_quan_ban_hanh"), sid="L")
        if r is None:
            continue
        r.offer("loai_van_ban", e.get("loai_van_ban"), "L")
        r.offer("ngay_ban_hanh", date if len(date) == 10 else "", "L")
        r.offer("co_quan_ban_hanh", e.get("co_quan_ban_hanh"), "L")
        r.offer("trich_yeu", e.get("trich_yeu"), "L")
        st = e.get("tinh_trang_hieu_luc")
        r.offer("tinh_trang_hieu_luc", st if st in terms()["statuses"] and st != "chua_ro" else "", "L")
        if e.get("replaced_by"):
            r.link("replaced_by", str(e["replaced_by"]), "L")
        for a in e.get("amended_by") or []:
            r.link("amended_by", str(a), "L")


# ----------------------------------------------------------------------------------------- pháp điển


@cache
def _pd_patterns() -> dict[str, re.Pattern]:
    loai = "|".join(re.escape(x) for x in terms()["phapdien_types"])
    so = r"[0-9]+[a-zA-Zđ]?(?:\s*/\s*(?:19|20)[0-9]{2})?\s*[/-]\s*[^\s,;()]+"
    date = r"\d{1,2}/\d{1,2}/\d{4}"
    return {
        "note": re.compile(r"<p class='pGhiChu'>(.*?)</p>", re.S),
        "chidan": re.compile(r"<p class='pChiDan'>(.*?)</p>", re.S),
        "item": re.compile(r"ItemID=(\d+)"),
        "head": re.compile(
            r"^\(*\s*(?:(?:Điều|Khoản|Điểm|Mục|Chương|Phần)\s+[\w.]+\s+)*(?P<loai>" + loai + r")\s+"
            r"(?:số\s+)?(?:Số:\s*)?(?P<so>" + so + r")(?P<rest>.*)$",
            re.S,
        ),
        "full": re.compile(r"^(?P<title>.*)\sngày\s(?P<d>" + date + r")\s+của\s+(?P<cq>.+?)\s*$", re.S),
        "effective": re.compile(r"^có hiệu lực(?: thi hành)?(?: kể)? từ ngày (" + date + ")"),
        "ref": re.compile(
            r"(?P<loai>" + loai + r")\s+(?:số\s+)?(?P<so>" + so + r")"
            r"(?:\s+có hiệu lực(?: thi hành)?(?: kể)? từ ngày (?P<eff>" + date + "))?"
        ),
        "chidan_doc": re.compile(
            r"của\s+(?P<loai>"
            + loai
            + r")\s+(?P<so>"
            + so
            + r")\s+(?P<title>.+?)\s+ban hành ngày\s+(?P<d>"
            + date
            + ")"
        ),
        "replace": re.compile(r"(?P<loai>" + loai + r") này thay thế (?P<body>[^\n]*)"),
        "cited": re.compile(
            r"(?P<loai>" + loai + r")\s+số\s+(?P<so>" + so + r")\s*,?\s+ngày\s+"
            r"(?P<d>\d{1,2})\s*(?:tháng\s+|/)(?P<m>\d{1,2})\s*(?:năm\s+|/)(?P<y>\d{4})"
            r"(?:\s+của\s+(?P<rest>[^;.<]{0,200}))?"
        ),
    }


_ISSUER_STOP = re.compile(
    r"\s(?:quy định|về|hướng dẫn|ban hành|sửa đổi|bổ sung|phê duyệt|thành lập|sử dụng|áp dụng|và|hoặc)\b|[,;.()]"
)
_LOCAL_BODY = re.compile(
    r"(?:Ủy ban nhân dân|Hội đồng nhân dân|UBND|HĐND)(?: (?:tỉnh|thành phố|huyện|quận|thị xã))?"
    r"(?: (?:[A-ZĐ]\w*|\d+))+"
)
_TITLE_PREFIX = ("Bộ trưởng ", "Thống đốc ", "Chủ nhiệm ", "Chánh án ", "Viện trưởng ", "Tổng Kiểm toán ")


def norm_issuer(s: str | None) -> str:
    s = clean(s).strip(",.; ")
    if s.startswith("Tổng Kiểm toán Nhà nước"):
        return "Kiểm toán Nhà nước"
    for pre in _TITLE_PREFIX:
        if s.startswith(pre):
            s = s[len(pre) :]
    return s


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\xa0", " ")).strip()


def _clean_so(so: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", so)).strip(".,;:()")


# kinds of pháp điển evidence, most trusted first
K_NOTE, K_CHIDAN, K_REPLACE, K_CITED = 0, 1, 2, 3


def iter_tar(path: Path, suffix: str) -> Iterator[tuple[str, bytes]]:
    """Members in name order. A .tar.gz cannot seek back cheaply, so it is read once, in its own
    order, and the files are handed out sorted."""
    files: dict[str, bytes] = {}
    with tarfile.open(path, "r:gz") as tf:
        for m in tf:
            if m.isfile() and m.name.endswith(suffix):
                f = tf.extractfile(m)
                if f is not None:
                    files[m.name] = f.read()
    for name in sorted(files):
        yield name, files.pop(name)


def read_phapdien(cat: Catalog, path: Path, src: str) -> None:
    p = _pd_patterns()
    for _name, raw in iter_tar(path, ".html"):
        t = raw.decode("utf-8-sig", errors="replace").replace("&nbsp;", " ").replace("\xa0", " ")
        for blk in t.split("<p class='pDieu'>"):
            _phapdien_block(cat, blk, src, p)
        # documents cited with their date inside codified articles (tags rarely split a citation)
        for dm in p["cited"].finditer(t):
            _cited(cat, dm, src, K_CITED)


def _phapdien_block(cat: Catalog, blk: str, src: str, p: dict[str, re.Pattern]) -> None:
    stats = cat.stats
    src_doc: Rec | None = None
    src_type = ""
    for m in p["note"].finditer(blk):
        s = _text(m.group(1))
        stats["phapdien notes"] += 1
        hl = s.find("có hiệu lực")
        head = s[:hl].rstrip(" ,") if hl >= 0 else s.rstrip(")")
        head = re.sub(r"\bsố\s+Số:\s*", "số ", head)
        head = re.sub(r"\b(Thông tư|Nghị quyết) số liên tịch\b", r"\1 liên tịch số", head)
        tail = s[hl:] if hl >= 0 else ""
        hm = p["head"].match(head)
        if not hm:
            stats["phapdien notes unparsed"] += 1
            continue
        full = p["full"].match(hm.group("rest").strip())
        date = iso(full.group("d")) if full else ""
        d = cat.get_so(_clean_so(hm.group("so")), date=date or None)
        if d is None:
            continue
        src_doc, src_type = d, hm.group("loai")
        d.codified.add(src)
        d.offer("loai_van_ban", hm.group("loai"), src, K_NOTE)
        im = p["item"].search(m.group(1))
        if im:
            d.set_extra("vbpl_item_id", im.group(1), src, K_NOTE)
        em = p["effective"].match(tail)
        if em:
            d.set_extra("ngay_hieu_luc", iso(em.group(1)), src, K_NOTE)
        if full:
            d.offer("ngay_ban_hanh", date, src, K_NOTE)
            d.offer("co_quan_ban_hanh", norm_issuer(full.group("cq")), src, K_NOTE)
            d.offer("trich_yeu", full.group("title").strip(), src, K_NOTE)
        # "..., có nội dung được sửa đổi, ... bởi Điều 1 Thông tư số X có hiệu lực ...; Điều 4 Luật số Y ..."
        for part in tail.split("có nội dung")[1:]:
            if " bởi " not in part:
                continue
            verb, refs = part.split(" bởi ", 1)
            repeal = "bãi bỏ" in verb or "hủy bỏ" in verb
            for r in p["ref"].finditer(refs):
                rso = _clean_so(r.group("so"))
                other = cat.get_so(rso)
                if other is None or other is d:
                    continue
                other.offer("loai_van_ban", r.group("loai"), src, K_NOTE)
                if r.group("eff"):
                    other.set_extra("ngay_hieu_luc", iso(r.group("eff")), src, K_NOTE)
                d.link("repealed_by" if repeal else "amended_by", _so_display(other), src)
    for m in p["chidan"].finditer(blk):
        s = _text(m.group(1))
        for part in s.split("; "):
            cm = p["chidan_doc"].search(part)
            if not cm:
                continue
            date = iso(cm.group("d"))
            d = cat.get_so(_clean_so(cm.group("so")), date=date or None)
            if d is None:
                continue
            d.offer("loai_van_ban", cm.group("loai"), src, K_CHIDAN)
            d.offer("ngay_ban_hanh", date, src, K_CHIDAN)
            d.offer("trich_yeu", cm.group("title").strip(), src, K_CHIDAN)
    if src_doc is not None and "này thay thế" in blk:
        body = _text(blk)
        for rm in p["replace"].finditer(body):
            if rm.group("loai") != src_type:
                continue  # "Thông tư này thay thế" inside another type's article: not this document
            for dm in p["cited"].finditer(rm.group("body")[:1500]):
                d = _cited(cat, dm, src, K_REPLACE)
                if d is not None and d is not src_doc:
                    d.link("replaced_by", _so_display(src_doc), src)
                    stats["phapdien replacements"] += 1


def _cited(cat: Catalog, dm: re.Match, src: str, kind: int) -> Rec | None:
    """A document cited with its date inside a codified article."""
    try:
        date = f"{int(dm.group('y')):04d}-{int(dm.group('m')):02d}-{int(dm.group('d')):02d}"
    except ValueError:
        return None
    if not iso(f"{dm.group('d')}/{dm.group('m')}/{dm.group('y')}"):
        return None
    so = _clean_so(dm.group("so"))
    parsed = parse_so(so)
    if not parsed or (parsed[1] and parsed[1] != date[:4]):
        cat.stats["phapdien citations: year and date disagree"] += 1
        return None
    central, body = symbol_issuer(parsed[2])
    issuer = ""
    if central:
        issuer = body or ""  # the symbol names the body; the words after "của" may run on
    elif dm.group("rest"):
        lm = _LOCAL_BODY.match(dm.group("rest"))
        issuer = lm.group(0) if lm else ""
    d = cat.get_so(so, date=date, issuer=issuer or None, sid="pd")
    if d is None:
        return None
    cat.stats["phapdien citations with a date"] += 1
    d.offer("loai_van_ban", dm.group("loai"), src, kind)
    d.offer("ngay_ban_hanh", date, src, kind)
    if issuer:
        d.offer("co_quan_ban_hanh", issuer, src, kind)
    return d


def _so_display(r: Rec) -> str:
    if r.year_in_so:
        return f"{r.number}/{r.year}/{r.symbol}"
    if "/" in r.symbol and "-" not in r.symbol.split("/")[0]:
        return f"{r.number}-{r.symbol}"  # Party: 39-NQ/TW
    return f"{r.number}/{r.symbol}"


# ----------------------------------------------------------------------------------------- tvpl sitemap

_URL = re.compile(r"<loc>https?://thuvienphapluat\.vn/(van-ban|cong-van)/([^/]+)/([^<]+?)-(\d+)\.aspx</loc>")
_YEAR = re.compile(r"(?:19|20)\d\d")
_LAW_NO = re.compile(r"(?:^|-)(\d+[a-z]?)-((?:19|20)\d\d)-((?:QH|UBTVQH)\d+)(?:-|$)")


def _is_sym(tok: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9Đ]{2,}[a-z]?", tok)) or tok in ("CP", "TTg", "TW", "QH", "UB")


def fix_symbol_token(tok: str) -> str:
    return terms()["symbol_accents"].get(tok, tok)


@cache
def _tvpl_types() -> list[tuple[str, str]]:
    return sorted(terms()["tvpl_types"].items(), key=lambda kv: (-kv[0].count("-"), kv[0]))


def parse_tvpl_slug(slug: str) -> tuple[str, str, str, str, str, bool] | None:
    """(type, number, year, symbol, title slug, year written in the number) of a thuvienphapluat
    URL slug, or None."""
    slug = urllib.parse.unquote(slug)
    for a, b in (("Ke-hoach-hanh-dong-", "Ke-hoach-"), ("Chuong-trinh-hanh-dong-", "Chuong-trinh-")):
        if slug.startswith(a):
            slug = b + slug[len(a) :]
    loai = rest = None
    for k, v in _tvpl_types():
        if slug.startswith(k + "-"):
            loai, rest = v, slug[len(k) + 1 :]
            break
    if not loai or rest is None:
        return None
    if loai in ("Luật", "Bộ luật", "Pháp lệnh"):
        m = _LAW_NO.search(rest)
        if m:
            title = (rest[: m.start()] + "-" + rest[m.end() :]).strip("-")
            return loai, m.group(1), m.group(2), m.group(3), title, True
    toks = [t.replace("Ð", "Đ") for t in rest.split("-")]
    if toks and toks[0] in ("so", "No", "no"):
        toks = toks[1:]
    if not toks or not re.fullmatch(r"\d+[a-z]?", toks[0]):
        return None
    num, i, year = toks[0], 1, ""
    if i + 1 < len(toks) and _YEAR.fullmatch(toks[i]) and _is_sym(toks[i + 1]):
        year = toks[i]
        i += 1
    in_so = bool(year)
    syms = []
    while i < len(toks) and _is_sym(toks[i]) and not _YEAR.fullmatch(toks[i]):
        syms.append(fix_symbol_token(toks[i]))
        i += 1
    if not syms:
        return None
    if not year:
        if i < len(toks) and toks[i] == "nam":
            i += 1
        if i < len(toks) and _YEAR.fullmatch(toks[i]):
            year = toks[i]
            i += 1
    tail = toks[i:]
    if not year and tail and _YEAR.fullmatch(tail[-1]):
        year = tail[-1]
        tail = tail[:-1]
    if not year or not (1945 <= int(year) <= 2026):
        return None
    return loai, num, year, "-".join(syms), "-".join(tail), in_so


def read_tvpl(cat: Catalog, path: Path) -> None:
    seen: set[str] = set()
    for _name, raw in iter_tar(path, ".xml"):
        t = raw.decode("utf-8-sig", errors="replace")
        for um in _URL.finditer(t):
            _kind, _field, slug, tid = um.groups()
            if tid in seen:
                continue
            seen.add(tid)
            cat.stats["tvpl urls"] += 1
            p = parse_tvpl_slug(slug)
            if p:
                loai, num, year, sym, title, in_so = p
                r = cat.get(num, year, sym, sid=f"tvpl{tid}", year_in_so=in_so)
                if r is not None:
                    r.offer("loai_van_ban", loai, "T")
                    r.set_extra("tvpl_id", tid, "T")
                    cat.stats["tvpl documents"] += 1
            else:
                cat.stats["tvpl unparsed"] += 1
            _tvpl_mentions(cat, urllib.parse.unquote(slug), p)


_TVPL_MENTION = re.compile(
    r"-(Nghi-dinh|Thong-tu-lien-tich|Thong-tu|Quyet-dinh|Nghi-quyet|Chi-thi|Luat|Phap-lenh)-(?:so-)?"
    r"(\d+[a-z]?)-((?:19|20)\d\d)-((?:[A-Z][A-Z0-9Đ]+|TTg)(?:-(?:[A-Z][A-Z0-9Đ]+|TTg))*)(?=-|$)"
)


def _tvpl_mentions(cat: Catalog, slug: str, own) -> None:
    """Central documents named with number, year and symbol inside another document's slug."""
    types = terms()["tvpl_types"]
    for m in _TVPL_MENTION.finditer("-" + slug):
        if m.start() == 0:
            continue  # the document itself
        sym = "-".join(fix_symbol_token(t) for t in m.group(4).split("-"))
        central, _ = symbol_issuer(sym)
        if not central:
            continue
        r = cat.get(m.group(2), m.group(3), sym)
        if r is not None:
            r.offer("loai_van_ban", types[m.group(1)], "TM")
            cat.stats["tvpl documents named in another slug"] += 1


# ----------------------------------------------------------------------------------------- vilegalbert, binhduong


def _title_case_body(s: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH NINH THUẬN' -> 'Ủy ban nhân dân tỉnh Ninh Thuận'."""
    low = s.lower()
    low = low[:1].upper() + low[1:]
    return re.sub(
        r"\b(tỉnh|thành phố|huyện|quận|thị xã|bộ) (\w+(?: \w+)*)$",
        lambda m: m.group(1) + " " + " ".join(w[:1].upper() + w[1:] for w in m.group(2).split()),
        low,
    )


def read_vilegalbert(cat: Catalog, path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 6 or row[0] == "id":
                continue
            so, loai, cq, title = row[0].strip(), row[2].strip(), row[4].strip(), row[5].strip()
            if title.lower() == "none":
                title = ""
            p = parse_so(so)
            if not p:
                continue
            num, year, sym = p
            date = ""
            dm = re.search(r"NGÀY\s+(\d{1,2})\s+THÁNG\s+(\d{1,2})\s+NĂM\s+(\d{4})", title[:160].upper())
            if dm and (not year or dm.group(3) == year):
                date = iso(f"{dm.group(1)}/{dm.group(2)}/{dm.group(3)}")
            central, body = symbol_issuer(sym)
            issuer = body if central and body else _title_case_body(cq) if cq else ""
            r = cat.get(num, year or (date[:4] or None), sym, issuer=issuer or None, sid="V")
            if r is None:
                continue
            cat.stats["vilegalbert documents"] += 1
            t = loai.lower()
            if t and t != "khác":
                r.offer("loai_van_ban", t[:1].upper() + t[1:], "V")
            r.offer("ngay_ban_hanh", date, "V")
            r.offer("co_quan_ban_hanh", issuer, "V")
            r.offer("trich_yeu", title, "V")


def read_binhduong(cat: Catalog, path: Path) -> None:
    from luocdo.extract.grammar import grammar

    types = grammar().symbol_types
    issuer = "UBND tỉnh Bình Dương"
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            so = (row.get("so_ky_hieu") or "").strip()
            date = iso(row.get("ngay_ban_hanh"))
            r = cat.get_so(so, date=date or None, issuer=issuer, sid="B")
            if r is None:
                continue
            cat.stats["binhduong documents"] += 1
            first = re.split(r"[-/]", r.symbol)[0]
            r.offer("loai_van_ban", types.get(first) or ("Công văn" if first == "UBND" else ""), "B")
            r.offer("ngay_ban_hanh", date, "B")
            r.offer("co_quan_ban_hanh", issuer, "B")
            r.offer("trich_yeu", row.get("trich_yeu"), "B")
            r.offer("tinh_trang_hieu_luc", status_code(row.get("hieu_luc")), "B")


# ----------------------------------------------------------------------------------------- output


def _status(r: Rec) -> tuple[str, str]:
    """Status from the most trusted source that states one; pháp điển: codified articles in the
    newest snapshot that has the document = in force (partly, when some were repealed); named as
    replaced and codified in no snapshot = no longer in force."""
    stated, src = r.best("tinh_trang_hieu_luc")
    if src == "L":
        return stated, src
    for s in ("P6", "P2"):
        if s in r.codified:
            return ("het_hieu_luc_mot_phan" if r.links.get("repealed_by") else "con_hieu_luc"), s
    repl = r.links.get("replaced_by")
    if repl:
        return "het_hieu_luc", min(repl.values(), key=lambda s: source_rank()[s])
    return stated, src


def _row(r: Rec) -> list[str]:
    prov = []
    vals: dict[str, str] = {}
    for name in TRACKED:
        v, s = _status(r) if name == "tinh_trang_hieu_luc" else r.best(name)
        if name == "co_quan_ban_hanh" and not v:
            central, body = symbol_issuer(r.symbol)
            if central and body:
                v, s = body, "S"
        vals[name] = v
        if v:
            prov.append(f"{SHORT[name]}:{s}")
    for name in ("replaced_by", "amended_by", "repealed_by"):
        vals[name] = "|".join(f"{so}@{s}" for so, s in sorted(r.links.get(name, {}).items()))
    for name in ("ngay_hieu_luc", "vbpl_item_id", "tvpl_id"):
        vals[name] = r.extra.get(name, ((0, 0), ""))[1]
    rank = source_rank()
    so = _so_display(r)
    row = [
        norm_number(r.number),
        symbol_key(r.symbol),
        r.year,
        so,
        vals["loai_van_ban"],
        vals["ngay_ban_hanh"],
        vals["co_quan_ban_hanh"],
        vals["trich_yeu"],
        vals["tinh_trang_hieu_luc"],
        vals["ngay_hieu_luc"],
        vals["replaced_by"],
        vals["amended_by"],
        vals["repealed_by"],
        vals["vbpl_item_id"],
        vals["tvpl_id"],
        ",".join(sorted(r.sources, key=rank.__getitem__)),
        " ".join(prov),
    ]
    return [v.replace("\t", " ").replace("\n", " ") for v in row]


def _sort_key(row: list[str]) -> tuple:
    m = re.match(r"\d+", row[0])
    return (int(m.group()) if m else 0, row[0], row[1], row[2], row[3], row[6], row[14], row)


def build(raw: Path, *, bundled: list[dict] | None = None, log=None) -> tuple[bytes, Counter]:
    """raw folder -> the compressed catalog file's bytes (and counts of what was read)."""
    from luocdo.catalog import bundled_entries

    cat = Catalog()
    say = log or (lambda _m: None)
    read_bundled(cat, bundled if bundled is not None else bundled_entries())
    say(f"catalog.yaml: {len(cat.recs)} records")
    # newest snapshot first: it is the more trusted one (source order in reference_terms.yaml)
    for code, s in (("P6", "2025-06"), ("P2", "2025-02")):
        for path in sorted(raw.glob(f"phapdien_demuc_{s}_*.tar.gz")):
            read_phapdien(cat, path, code)
            say(f"{path.name}: {len(cat.recs)} records")
    for name, fn in (("vilegalbert_splits.csv", read_vilegalbert), ("binhduong_vanban.csv", read_binhduong)):
        if (raw / name).exists():
            fn(cat, raw / name)
            say(f"{name}: {len(cat.recs)} records")
    for path in sorted(raw.glob("tvpl_sitemap_*.tar.gz")):
        read_tvpl(cat, path)
        say(f"{path.name}: {len(cat.recs)} records")
    rows = sorted((_row(r) for r in cat.recs.values()), key=_sort_key)
    body = "".join("\t".join(r) + "\n" for r in rows)
    digest = hashlib.sha256(body.encode()).hexdigest()[:12]
    srcs = "; ".join(f"{s['code']}={s['name']}" for s in terms()["sources"])
    header = (
        f"#{FORMAT}\tname=luocdo-reference\tversion=2025-06+{digest}\trecords={len(rows)}\tsources={srcs}\n"
        + "#"
        + "\t".join(COLUMNS)
        + "\n"
    )
    cat.stats["records"] = len(rows)
    data = lzma.compress((header + body).encode("utf-8"), format=lzma.FORMAT_XZ, preset=XZ_PRESET)
    return data, cat.stats


def write(raw: Path, out: Path, *, log=None) -> Counter:
    data, stats = build(raw, log=log)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return stats


def read_text(path: Path) -> str:
    """The catalog file's text (for tools and tests)."""
    with lzma.open(path) as f:
        return io.TextIOWrapper(f, encoding="utf-8").read()

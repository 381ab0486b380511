"""The report's own identity from its header, body and signature (DOMAIN.md §4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

import regex

from luocdo.extract.citations import _parse_symbol
from luocdo.extract.dates import DATE_RE, iso_date
from luocdo.extract.gil import KEEP_GIL
from luocdo.extract.grammar import grammar
from luocdo.extract.issuers import issuer_from_code, place_from_damaged, place_names, provinces
from luocdo.extract.letterhead import issuer_from_letterhead
from luocdo.gazetteer import (
    canonical_province,
    district_units,
    is_city,
    localize_province_unit,
    province_of_district,
)
from luocdo.load.portal import PortalPage
from luocdo.model import AdminLevel, ReportHeader

# A broken PDF font drops letters with diacritics (DOMAIN.md §5): "S : 271/BC-UBND", "ng y 26 th ng 6
# n m 2023", "B O C O". The patterns accept those gaps where the words stay unmistakable.
_NUMBER_LINE = regex.compile(
    r"^[ #*>|]*(?i:số|s(?=[ ]*:))[ ]*:?[ ]*(?:\n[ |]*(?=[0-9]))?(?P<num>[0-9]{1,5}[a-zđ]?)?[ ]*(?:[/-][ ]*(?P<year>(?:19|20)[0-9]{2})[ ]*)?"
    r"[/-][ ]*(?P<sym>\p{Lu}[\p{L}0-9.&/-]*)",
    regex.M,
)
_NUMBER_INLINE = regex.compile(
    r"(?<=\S[ *|]+)(?:Số|SỐ)[ ]*:[ ]*(?P<num>[0-9]{1,5}[a-zđ]?)?[ ]*(?:[/-][ ]*(?P<year>(?:19|20)[0-9]{2})[ ]*)?"
    r"[/-][ ]*(?P<sym>\p{Lu}[\p{L}0-9.&/-]*)"
)
_PLACE_DATE = regex.compile(
    r"^[ #*>|]*(?P<place>\p{Lu}[\p{L} .'-]{1,40}?)[ ]*,[ ]*(?i:ng(?:à|[ ]?)y)[ ]*(?P<d>[0-9]{1,2})?[ ]*"
    r"(?i:th(?:á|[ ]?)ng)[ ]*(?P<m>[0-9]{1,2})?[ ]*(?i:n(?:ă|[ ]?)m)[ ]*(?P<y>(?:19|20)[0-9]{2})",
    regex.M,
)


def _place_date(head: str, start: int) -> regex.Match | None:
    """_PLACE_DATE.search(head, start), tried only at the start of the lines that hold a comma: the
    pattern starts at a line start, stays on its line and needs a comma there (the letterhead and
    number lines above the date have none; a search tried every position of them)."""
    comma = head.find(",", start)
    while comma >= 0:
        ls = head.rfind("\n", 0, comma) + 1
        if ls >= start:  # a line begun before start: search from start finds no line start on it
            m = _PLACE_DATE.match(head, ls, None, KEEP_GIL)
            if m is not None:
                return m
        end = head.find("\n", comma)
        if end < 0:
            return None
        comma = head.find(",", end)
    return None


# the two-column header flattened into one line: "Số: /BC-UBND Phù Mỹ, ngày 15 tháng 3 năm 2022"
_PLACE_DATE_INLINE = regex.compile(
    r"[ |]+(?:(?i:TP|T\.P)\.?[ ]?)?(?P<place>\p{Lu}[\p{Ll}]*(?:[ ]+\p{Lu}[\p{Ll}]*){0,3})[ ]*,[ ]*(?i:ngày)[ ]*(?P<d>[0-9]{1,2})?[ ]*"
    r"(?i:tháng)[ ]*(?P<m>[0-9]{1,2})?[ ]*(?i:năm)[ ]*(?P<y>(?:19|20)[0-9]{2})"
)
# The enacting authority on its own line after a decision's title ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X").
_AUTHORITY_LINE = regex.compile(
    r"(?:CHỦ TỊCH|BỘ TRƯỞNG|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|CHÍNH PHỦ|THỦ TƯỚNG|CỤC TRƯỞNG"
    r"|GIÁM ĐỐC|QUỐC HỘI|TỔNG CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN)(?:[ ]|$)[\p{Lu}0-9 ,.-]*$"
)
_CONNECTOR_END = regex.compile(
    r"(?<![\p{L}])(?i:của|và|với|cho|tại|thuộc|về|đối với|giữa|đến|trên|ở|trong|theo)$"
)
_INTACT_DATE_WORDS = regex.compile(r"(?i:ngày).*(?i:tháng).*(?i:năm)")
_TYPE_LINE = regex.compile(
    r"^[ #*>|]*(?P<tw>BÁO CÁO|KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|NGHỊ QUYẾT|THÔNG BÁO|TỜ TRÌNH|HƯỚNG DẪN|"
    r"CHƯƠNG TRÌNH|ĐỀ ÁN|CÔNG VĂN|QUY CHẾ|QUY ĐỊNH|KẾT LUẬN|CÔNG ĐIỆN|THÔNG TƯ LIÊN TỊCH|THÔNG TƯ|NGHỊ ĐỊNH)[ *]*$",
    regex.M,
)
_TYPE_MARKUP = frozenset(" #*>|")  # what _TYPE_LINE reads before the type word
_TYPE_FIRST = frozenset("BKQCNTHĐ")  # the type words' first letters


def _type_line(head: str, start: int) -> regex.Match | None:
    """_TYPE_LINE.search(head, start) without a search: a search tries every position of the header (~50 µs
    a pool header that has no type line). The pattern holds a whole line: its markup, a type word (which
    starts with a letter and ends with one), blanks and asterisks; it is matched only on the line that is
    that (a match at start fails there when no line starts at start: ``^``)."""
    ls = start
    words = TYPE_NAMES
    while True:
        le = head.find("\n", ls)
        c = head[ls : ls + 1]
        if (c in _TYPE_MARKUP or c in _TYPE_FIRST) and head[ls : le if le >= 0 else len(head)].lstrip(
            " #*>|"
        ).rstrip(" *") in words:
            m = _TYPE_LINE.match(head, ls, None, KEEP_GIL)
            if m is not None:
                return m
        if le < 0:
            return None
        ls = le + 1


_RECIPIENTS = regex.compile(r"^[ #*>|]*(?i:kính[ ]gửi)[ ]*:?[ *]*(?P<rest>.*)$", regex.M)
_BODY_SELF = regex.compile(
    r"(?i:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)[ ]+(?P<unit>huyện|thị xã|thành phố|quận|tỉnh|xã|phường|thị trấn)"
    r"[ ]+(?P<name>\p{Lu}[\p{Ll}]*(?:[ ]+\p{Lu}[\p{Ll}]*){0,2})"
)
_PROVINCE_IN_TEXT = regex.compile(
    r"(?i:tỉnh|thành phố)[ ]+(?P<name>\p{Lu}[\p{Ll}]*(?:[ ]+\p{Lu}[\p{Ll}]*){0,2})"
)
_SIGN_TITLE = regex.compile(r"^[ *]*(?P<t>(?:TM\.|KT\.|Q\.|TL\.|TUQ\.)?[ ]*[\p{Lu} ]{4,}?)[ *]*$")
_NAME_LINE = regex.compile(r"^[ *]*(?P<n>\p{Lu}[\p{Ll}]+(?:[ ]+\p{Lu}[\p{Ll}]*){1,4})[ *]*$")

TYPE_NAMES = {
    "BÁO CÁO": "Báo cáo",
    "KẾ HOẠCH": "Kế hoạch",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHỈ THỊ": "Chỉ thị",
    "NGHỊ QUYẾT": "Nghị quyết",
    "THÔNG BÁO": "Thông báo",
    "TỜ TRÌNH": "Tờ trình",
    "HƯỚNG DẪN": "Hướng dẫn",
    "CHƯƠNG TRÌNH": "Chương trình",
    "ĐỀ ÁN": "Đề án",
    "CÔNG VĂN": "Công văn",
    "QUY CHẾ": "Quy chế",
    "QUY ĐỊNH": "Quy định",
    "KẾT LUẬN": "Kết luận",
    "CÔNG ĐIỆN": "Điện",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "THÔNG TƯ": "Thông tư",
    "NGHỊ ĐỊNH": "Nghị định",
}

_HEAD_LINES = 60
_FIRST_LINES = regex.compile(rf"(?:[^\n]*\n){{{_HEAD_LINES}}}")
_SECTION = regex.compile(r"(?:[IVX]+|[0-9]+)\.")
# Words a body paragraph opens with and a title line never does.
_BODY_OPENER = regex.compile(
    r"(?:Căn cứ|Thực hiện|Triển khai thực hiện|Xét|Trả lời|Theo đề nghị|Theo|Để|Nhằm|Trong|Trên cơ sở|Ngày [0-9]"
    r"|Thời gian qua|Qua|Sau khi|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND)[ ,]"
)


def _strip_md(s: str) -> str:
    """What ``regex.sub(r"^[ #>]*|[ ]*$", "", s).strip()`` gives, without a regex that tries the
    ``[ ]*$`` at every position of the line: the trailing blanks are whitespace strip() removes."""
    return s.lstrip(" #>").strip()


# the same few names come back in every report of a province ("tỉnh Quảng Nam", "thành phố Hội An")
@lru_cache(maxsize=4096)
def _province_named(name: str) -> str | None:
    """The province the longest run of the words of ``name`` from its first spells, if any."""
    names = provinces()
    words = name.split()
    for k in range(len(words), 0, -1):
        cand = " ".join(words[:k])
        if cand in names:
            return names[cand]
    return None


def _province_of(text: str) -> str | None:
    """The province named most often after "tỉnh"/"thành phố"; of those named as often, the first named
    (what Counter.most_common(1) gives)."""
    counts: dict[str, int] = {}
    for m in _PROVINCE_IN_TEXT.finditer(text):
        p = _province_named(m.group("name"))
        if p is not None:
            counts[p] = counts.get(p, 0) + 1
    return max(counts.items(), key=itemgetter(1))[0] if counts else None


# The block printed in capitals above the number ("ỦY BAN NHÂN DÂN" / "HUYỆN TRÀ CÚ").
_OWN_BLOCK = regex.compile(
    r"(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN)[ *#]*\n?[ *#>]*"
    r"(?P<unit>TỈNH|THÀNH PHỐ|HUYỆN|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)[ ]+(?P<name>[\p{Lu}0-9][\p{Lu}0-9 -]{0,39})"
    r"(?![\p{Ll}])"
)


def _own_block(head: str) -> tuple[str, str] | None:
    """(unit, place) from the issuing-body block printed above "Số:", if the text kept it."""
    stop = head.find("Số")
    m = _OWN_BLOCK.search(head, 0, stop if stop >= 0 else len(head), KEEP_GIL)
    if not m:
        return None
    unit = " ".join(m.group("unit").lower().split())
    raw = " ".join(m.group("name").split()).strip(" .")
    if unit == "quận" and raw.isdigit():
        return unit, f"Quận {raw}"
    return unit, place_names().get(raw.casefold(), raw.title())


@dataclass
class _Draft:
    """ReportHeader's fields while the header is read. A pydantic model's attribute set costs ~3,000
    instructions (a header takes ~18 of them); the model is built once at the end, validated as every
    ReportHeader is. tests/test_header_draft.py holds the two field lists equal."""

    source: str
    type: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    province: str | None = None
    district: str | None = None
    admin_level: AdminLevel | None = None
    date: str | None = None
    place: str | None = None
    title: str | None = None
    recipients: list[str] = field(default_factory=list)
    signer: str | None = None
    signer_title: str | None = None
    line: int | None = None
    title_line: int | None = None
    title_lines: int = 0


def parse_header(text: str, source: str, page: PortalPage | None = None) -> ReportHeader:
    """``page``: the text is a page saved from a legal portal (blanked outside the document); its
    metadata table is the best source of the document's number, type and date."""
    h = _Draft(source=source)
    start = page.start if page is not None else 0
    # the header: up to the 60th line break after the document's first character
    m60 = _FIRST_LINES.match(text, start + 1, None, KEEP_GIL)
    head_end = m60.end() - 1 if m60 else len(text)
    head = text[:head_end]
    m = _NUMBER_LINE.search(head, start, None, KEEP_GIL)
    if m is None:  # a header flattened into one line: "UBND HUYỆN X Số: 45/BC-UBND X, ngày …"
        first_lines = head.find("\n", head.find("\n", start) + 1)
        m = _NUMBER_INLINE.search(head, start, first_lines if first_lines >= 0 else len(head))
    issuer_code = None
    if m:
        h.number = m.group("num")
        sym, type_code, issuers, _ = _parse_symbol("administrative", m.group("sym").rstrip("./-"), [])
        h.symbol = sym
        h.line = text.count("\n", 0, m.start()) + 1
        if type_code:
            h.type = grammar().symbol_types_folded[type_code.casefold()][1]
        issuer_code = issuers[-1] if issuers else None
        if type_code is None and issuers:
            issuer_code = issuers[0]
    t = _type_line(head, start)
    title_from = None
    if t:
        h.type = TYPE_NAMES[t.group("tw")]
        title_from = t.end()
    pd = (
        _place_date(head, start)
        or _PLACE_DATE.search(_join_soft_breaks(head[start:]))
        or (_PLACE_DATE_INLINE.search(head, m.end(), (head + "\n").find("\n", m.end())) if m else None)
    )
    damaged = False
    if pd:
        h.place = pd.group("place").strip()
        damaged = "  " in h.place or not _INTACT_DATE_WORDS.search(pd.group())
        if damaged:  # a broken font: "Tr  Cú, ng y 26 th ng 6 n m 2023"
            h.place = place_from_damaged(h.place)
        y, mo, d = pd.group("y"), pd.group("m"), pd.group("d")
        h.date = y + (f"-{int(mo):02d}" + (f"-{int(d):02d}" if d else "") if mo else "")
    if title_from is not None:
        lines = text[title_from:head_end].split("\n")
        got: list[str] = []
        for line in lines[1:]:
            s = _strip_md(line).strip("*").strip()
            if not s:
                if got:
                    break
                continue
            if _RECIPIENTS.match(line, None, None, KEEP_GIL) or _SECTION.match(s, None, None, KEEP_GIL):
                break
            if got and (
                got[-1].endswith((".", ":", ";"))
                or (
                    (
                        _BODY_OPENER.match(s, None, None, KEEP_GIL)
                        or _AUTHORITY_LINE.match(s, None, None, KEEP_GIL)
                    )
                    and not _CONNECTOR_END.search(got[-1], None, None, KEEP_GIL)
                )
            ):
                break  # no blank line after the title: the body (or the enacting authority) starts here
            got.append(s)
        h.title = " ".join(got) or None
        if got:
            first = text.find(got[0][:20], title_from)
            h.title_line = text.count("\n", 0, first) + 1 if first >= 0 else None
            h.title_lines = len(got)
    r = _RECIPIENTS.search(head, start, None, KEEP_GIL)
    if t is None and r is not None and page is None and h.type not in ("Công văn", "Báo cáo", "Tờ trình"):
        h.type = "Công văn"  # no type heading and an addressee: an official letter, whatever its symbol says
    if r:
        rest = r.group("rest").strip(" *")
        items = [rest] if rest else []
        if not rest:
            for line in text[r.end() : head_end].split("\n")[1:]:
                s = line.strip(" *")
                if not s:
                    if items:
                        break
                    continue
                if not s.startswith(("-", "+", "•")):
                    break
                items.append(s.lstrip("-+• "))
        h.recipients = [x.strip(" .;,*") for x in items if x.strip(" .;,*")]
    # writer: symbol issuer code + place + the body's own words
    h.province = _province_of(text)
    place = h.place
    place_prov = provinces().get(place or "")
    if damaged and place_prov:  # the names counted in the body are mostly unreadable: the place decides
        h.province = place_prov
    central, local = issuer_from_code(issuer_code) if issuer_code else (None, None)
    if central:
        h.issuer, h.admin_level = central, "central"
    elif local in ("UBND", "UB", "HĐND"):
        body = "HĐND" if local == "HĐND" else "UBND"
        block = _own_block(text[start:head_end])
        if block:  # "ỦY BAN NHÂN DÂN / THÀNH PHỐ HƯNG YÊN" above the number settles the writer
            unit, name = block
            if unit == "tỉnh" or (unit == "thành phố" and is_city(name)):
                h.province = canonical_province(name) or name
                h.issuer, h.admin_level, h.district = f"{body} {unit} {h.province}", "province", None
            else:
                level = "commune" if unit in ("xã", "phường", "thị trấn") else "district"
                h.province = province_of_district(name) or h.province
                label = name if name.startswith("Quận ") else f"{unit} {name}"
                h.issuer, h.admin_level, h.district = f"{body} {label}", level, name
        elif place_prov:
            h.province = h.province or place_prov
            h.issuer, h.admin_level = f"{body} tỉnh {place_prov}", "province"
            h.district = None
        else:
            unit = "huyện"
            for bm in _BODY_SELF.finditer(text):
                if place and bm.group("name").startswith(place):
                    unit = bm.group("unit").lower()
                    break
            if place:
                known = district_units(place)
                if known and unit == "huyện" and not any(u == "huyện" for u, _ in known):
                    unit = known[0][0]
                h.province = h.province or province_of_district(place)
                level = "commune" if unit in ("xã", "phường", "thị trấn") else "district"
                h.issuer, h.admin_level, h.district = f"{body} {unit} {place}", level, place
    elif local:
        if h.province is None and place and not place_prov:
            h.province = province_of_district(place)
        tpl = grammar().local_issuers[local]["body"]
        level = grammar().local_issuers[local]["level"]
        province, district = h.province or place, place
        if tpl and not ("{province}" in tpl and not province) and not ("{district}" in tpl and not district):
            h.district = None if level in ("province", "party-province") else place
            h.issuer = tpl.format(province=province or "", district=district or "").strip()
            h.admin_level = level if level != "same" else None
    written = issuer_from_letterhead(text[start:head_end])
    if written and written != h.issuer:  # the letterhead names the writer as it is
        h.issuer = written
        _jurisdiction_of(h, written)
    if page is not None:
        _apply_page_metadata(h, page.metadata, issuer_code)
    h.issuer = localize_province_unit(h.issuer)
    # signature block
    end = page.end if page is not None else len(text)
    tail = [ln for ln in text[max(start, end - 1500) : end].split("\n") if ln.strip(" *")]
    if tail:
        nm = _NAME_LINE.match(tail[-1])
        if nm:
            h.signer = nm.group("n")
            titles = []
            for ln in reversed(tail[-5:-1]):
                tm = _SIGN_TITLE.match(ln.replace("**", ""), None, None, KEEP_GIL)
                if not tm:
                    break
                titles.insert(0, tm.group("t").strip())
            h.signer_title = " / ".join(titles) or None
    return ReportHeader(**vars(h))


_SOFT_BREAK = regex.compile(
    # a date broken after "ngày" or its day ("Hà Nội, ngày 20" / "tháng 11 năm 2025")
    r"(?<=(?i:ngày|tháng|năm)[ *]*|[0-9][ *]*)\n(?=[ *]*(?:[0-9]|(?i:tháng|năm)))"
    # a place broken before its comma ("*Tây" / "Ninh, ngày 01 …")
    r"|(?<=^[ *]*(?:\p{L}+[ ]+){0,3}\p{L}+[ *]*)\n(?=[ *]*\p{L}[\p{L} ]{0,30},[ ]*(?i:ngày))"
    # the date on the line after its place ("Thành phố Huế," / "ngày 18 tháng 11 năm 2025")
    r"|(?<=\p{L}[ ]*,[ *]*)\n(?=[ *]*(?i:ngày))",
    regex.M,
)


def _join_soft_breaks(head: str) -> str:
    """The header with the line breaks inside its place and date joined ("Hà Nội, ngày 20" /
    "tháng 11 năm 2025"); every other line stays a line."""
    return _SOFT_BREAK.sub(" ", head)


_PLACE_AS_ISSUER = regex.compile(r"^(?P<unit>Tỉnh|Thành phố|TP\.?)[ ]+(?P<name>.+)$")


def _apply_page_metadata(h: _Draft, meta: dict[str, str], issuer_code: str | None) -> None:
    """The portal's table: number, symbol, type and date as the portal filed them; the issuer only when
    the document's own header named none."""
    so = meta.get("so_hieu")
    if so:
        sm = regex.match(
            r"^[ ]*(?P<num>[0-9]{1,6}[a-zđ]?)[ ]*(?:/[ ]*(?:19|20)[0-9]{2}[ ]*)?[/-][ ]*(?P<sym>\S.*)$", so
        )
        if sm:
            sym, type_code, issuers, _ = _parse_symbol("administrative", sm.group("sym").rstrip("./-"), [])
            h.number, h.symbol = sm.group("num"), sym
            if issuer_code is None and issuers:
                issuer_code = issuers[-1]
    type_word = (meta.get("loai_van_ban") or "").casefold()
    canon = grammar().type_word_to_type.get(type_word)
    if canon and canon != "Other":
        h.type = canon
    dm = DATE_RE.search(meta.get("ngay_ban_hanh") or "")
    if dm:
        iso, valid = iso_date(dm)
        if iso and valid:
            h.date = iso
    where = meta.get("noi_ban_hanh")
    if h.issuer is None and where:
        pm = _PLACE_AS_ISSUER.match(where)
        if pm is None:
            h.issuer = where  # a body: "Cục Thuế", "Bộ Tư pháp"
        elif issuer_code and issuer_code.upper() in ("UBND", "HĐND"):
            unit = "thành phố" if pm.group("unit").startswith(("Thành", "TP")) else "tỉnh"
            h.issuer = f"{issuer_code.upper()} {unit} {pm.group('name')}"


_LOCAL_BODY = regex.compile(
    r"^(?:UBND|HĐND)[ ](?P<unit>tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)[ ](?P<name>.+)$"
)
_PLACE_OF_BODY = regex.compile(r"[ ](?:tỉnh|thành phố)[ ](?P<name>\p{Lu}.*)$")


def _jurisdiction_of(h: _Draft, issuer: str) -> None:
    """Level, province and district that go with the writer the letterhead names."""
    m = _LOCAL_BODY.match(issuer)
    if m:
        unit, name = m.group("unit"), m.group("name")
        province = canonical_province(name)
        if unit == "tỉnh" or (unit == "thành phố" and province and is_city(province)):
            h.admin_level, h.province, h.district = "province", province or name, None
        else:
            h.admin_level = "commune" if unit in ("xã", "phường", "thị trấn") else "district"
            h.district = name
            h.province = province_of_district(name) or h.province
        return
    pm = _PLACE_OF_BODY.search(issuer)
    if pm and canonical_province(pm.group("name")):  # "Sở Tài chính tỉnh Quảng Nam"
        h.province, h.district = canonical_province(pm.group("name")), None
        h.admin_level = "province"

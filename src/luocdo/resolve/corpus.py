"""Resolution across the corpus: identity keys for documents (DOMAIN.md §1) and what kind of body
an issuer is (level, province)."""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from luocdo.extract.grammar import load_data
from luocdo.gazetteer import canonical_province, is_city, province_of_district

_SPACES = regex.compile(r"\s+")


@lru_cache(maxsize=65536)
def norm_number(n: str | None) -> str:
    s = _SPACES.sub("", n or "").casefold()
    return s.lstrip("0") or ("0" if s else "")


_MARKUP = regex.compile(r"<[^>]+>|\*")
_SEPARATORS = regex.compile(r"[-/]+")


@lru_cache(maxsize=65536)
def norm_symbol(s: str | None) -> str:
    s = _MARKUP.sub("", s or "")
    s = _SPACES.sub("", s).casefold().strip("-/.")
    return _SEPARATORS.sub("/", s)


def identity(
    *,
    number: str | None,
    symbol: str | None,
    year: str | None,
    date: str | None,
    issuer: str | None,
    name: str | None = None,
    type_: str | None = None,
) -> str:
    """Identity of a cited document: number × symbol × year (of the number, else of the date) × issuer.

    `84/KH-UBND` of UBND tỉnh Trà Vinh in 2019 and of UBND tỉnh Sóc Trăng are two documents.
    Unknown parts are written '?' and settled later against the documents already known.
    """
    if not number:
        return f"name|{(type_ or '').casefold()}|{(name or '').casefold()}"
    y = year or (date[:4] if date else None) or "?"
    return f"{norm_number(number)}|{norm_symbol(symbol)}|{y}|{issuer or '?'}"


@cache
def _central_names() -> dict[str, str]:
    b = load_data("bodies.yaml")
    out = {canon.split("{")[0].strip(): "central" for _, canon in b["central"]}
    out.update({f"Bộ {m}": "central" for m in b["ministries"]})
    for party in (
        "Bộ Chính trị",
        "Ban Bí thư",
        "Ban Chấp hành Trung ương Đảng",
        "Văn phòng Trung ương Đảng",
        "Ban Tổ chức Trung ương",
        "Ban Tuyên giáo Trung ương",
    ):
        out[party] = "party-central"
    return out


_PROVINCE_BODY = regex.compile(r"\b(?:tỉnh|Tỉnh ủy|Thành ủy) (?P<p>\p{Lu}[\p{L} -]*)$")
_CITY_BODY = regex.compile(r"\bthành phố (?P<p>\p{Lu}[\p{L} -]*)$")
_DISTRICT_BODY = regex.compile(r"\b(?:huyện|thị xã|quận|thành phố|Huyện ủy|Thị ủy) (?P<d>\p{Lu}[\p{L} -]*)$")
_NUMBERED_DISTRICT = regex.compile(r"\bQuận (?P<n>[0-9]{1,2})$")
_COMMUNE_BODY = regex.compile(r"\b(?:(?<!thị )xã|phường|thị trấn) (?P<c>\p{Lu}[\p{L} -]*)$")


@lru_cache(maxsize=65536)
def body_info(
    name: str | None, province_hint: str | None = None
) -> tuple[str | None, str | None, str | None]:
    """(level, province, district) of an issuing body named as luocdo normalizes it."""
    if not name:
        return None, None, None
    for central, level in _central_names().items():
        if name == central or name.startswith(central + " "):
            return level, None, None
    party = "Tỉnh ủy" in name or "Thành ủy" in name or "Huyện ủy" in name or "Thị ủy" in name
    m = _CITY_BODY.search(name)
    if m and is_city(m.group("p")):
        prov = canonical_province(m.group("p"))
        return ("party-province" if party else "province"), prov, None
    m = _PROVINCE_BODY.search(name)
    if m and canonical_province(m.group("p")):
        return ("party-province" if party else "province"), canonical_province(m.group("p")), None
    m = _COMMUNE_BODY.search(name)
    if m and not name.startswith(("Sở", "Phòng")):
        return "commune", province_hint, None
    m = _NUMBERED_DISTRICT.search(name)
    if m:
        return (
            ("party-district" if party else "district"),
            province_of_district(f"Quận {m.group('n')}"),
            f"Quận {m.group('n')}",
        )
    m = _DISTRICT_BODY.search(name)
    if m:
        d = m.group("d")
        return ("party-district" if party else "district"), province_of_district(d) or province_hint, d
    return None, province_hint, None

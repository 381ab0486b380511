"""Administrative geography: provinces (before and after 1 July 2025) and pre-2025 districts."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import regex

from luocdo.extract.grammar import load_data
from luocdo.extract.issuers import provinces


@cache
def _districts() -> dict[str, list[list[str]]]:
    raw = resources.files("luocdo.data").joinpath("districts.json").read_text(encoding="utf-8")
    return json.loads(raw)["provinces"]


@cache
def _district_index() -> dict[str, list[tuple[str, str]]]:
    """district name -> [(unit, province)] (a name can exist in several provinces)."""
    idx: dict[str, list[tuple[str, str]]] = {}
    for prov, rows in _districts().items():
        canon = provinces().get(prov, prov)
        for unit, name in rows:
            idx.setdefault(name.casefold(), []).append((unit, canon))
    return idx


def canonical_province(name: str) -> str | None:
    return provinces().get(name) or provinces().get(name.title())


def district_units(name: str) -> list[tuple[str, str]]:
    """[(unit, province)] for a district-level name such as 'Trà Cú' or 'Duyên Hải'."""
    return _district_index().get(name.casefold(), [])


def province_of_district(name: str) -> str | None:
    """The province of a district name when that name is unique in the country."""
    hits = {p for _, p in district_units(name)}
    return hits.pop() if len(hits) == 1 else None


def districts_of(province: str) -> list[tuple[str, str]]:
    canon = canonical_province(province) or province
    for prov, rows in _districts().items():
        if provinces().get(prov, prov) == canon:
            return [(u, n) for u, n in rows]
    return []


@cache
def _cities() -> frozenset[str]:
    d = load_data("provinces.yaml")
    return frozenset(p for p, v in d["provinces"].items() if v.get("city"))


def is_city(province: str | None) -> bool:
    """A city under central authority (Cần Thơ, Đà Nẵng...): 'thành phố', 'Thành ủy' instead of 'tỉnh', 'Tỉnh ủy'."""
    return bool(province) and (canonical_province(province) or province) in _cities()


_PROVINCE_UNIT = regex.compile(r"(tỉnh|Tỉnh ủy) (\p{Lu}[\p{L} -]*)$")


def localize_province_unit(body: str | None) -> str | None:
    """'Sở Nội vụ tỉnh Cần Thơ' -> 'Sở Nội vụ thành phố Cần Thơ'; 'Ban Thường vụ Tỉnh ủy Cần Thơ' -> '... Thành ủy ...'."""
    if not body:
        return body
    m = _PROVINCE_UNIT.search(body)
    if m and is_city(m.group(2)):
        unit = "thành phố" if m.group(1) == "tỉnh" else "Thành ủy"
        return body[: m.start()] + f"{unit} {m.group(2)}"
    return body

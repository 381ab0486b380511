"""Administrative geography: provinces (before and after 1 July 2025) and pre-2025 districts."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources

import regex

from luocdo.extract.grammar import load_data
from luocdo.extract.issuers import fold_name, provinces


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


@lru_cache(maxsize=4096)  # asked for each citation's issuer: the same few bodies again and again
def localize_province_unit(body: str | None) -> str | None:
    """'Sở Nội vụ tỉnh Cần Thơ' -> 'Sở Nội vụ thành phố Cần Thơ'; 'Ban Thường vụ Tỉnh ủy Cần Thơ' -> '... Thành ủy ...'."""
    if not body:
        return body
    m = _PROVINCE_UNIT.search(body)
    if m and is_city(m.group(2)):
        unit = "thành phố" if m.group(1) == "tỉnh" else "Thành ủy"
        return body[: m.start()] + f"{unit} {m.group(2)}"
    return body


# ---- provinces as a user types them (before and after 1 July 2025) -------------------------------------
class UnknownProvince(ValueError):
    """A --province value that names no province; the message suggests the nearest names."""


_UNIT_WORDS = regex.compile(r"^(?:tinh|thanh pho|tp\.?|t\.p\.?)\s+", regex.IGNORECASE)


def _fold_place(s: str) -> str:
    from luocdo.load.accents import strip_accents  # as graph.lookup.fold folds, without importing it

    f = " ".join(strip_accents(fold_name(s or "")).split()).replace("–", "-")
    f = " ".join(f.replace(" - ", "-").replace("-", " - ").split())
    return _UNIT_WORDS.sub("", f).strip()


@cache
def _mergers() -> dict[str, str]:
    """pre-2025 province -> the province it belongs to from 1 July 2025 (data/provinces.yaml)."""
    return {p: v.get("merged_into") or p for p, v in load_data("provinces.yaml")["provinces"].items()}


@cache
def _place_index() -> dict[str, frozenset[str]]:
    """folded name (old or new, aliases too) -> the pre-2025 provinces it covers. A 2025 province covers
    every province merged into it ('Gia Lai' -> Gia Lai and Bình Định)."""
    covers: dict[str, set[str]] = {}
    for old, new in _mergers().items():
        covers.setdefault(new, set()).add(old)
    idx: dict[str, set[str]] = {}
    for old in _mergers():
        idx.setdefault(_fold_place(old), set()).add(old)
    for new, olds in covers.items():
        idx.setdefault(_fold_place(new), set()).update(olds)
    for alias, canon in provinces().items():
        if canon in _mergers():
            idx.setdefault(_fold_place(alias), set()).update(idx.get(_fold_place(canon), {canon}))
    return {k: frozenset(v) for k, v in idx.items()}


def provinces_2025() -> list[str]:
    """The 34 provincial units from 1 July 2025, in Vietnamese alphabetical order of their folded names."""
    return sorted(set(_mergers().values()), key=_fold_place)


def province_2025(name: str | None) -> str | None:
    """The 2025 province a province (its pre-2025 name, as the store keeps it, or an alias) belongs to."""
    if not name:
        return None
    old = canonical_province(name) or name
    return _mergers().get(old)


def province_scope(name: str) -> frozenset[str]:
    """The pre-2025 provinces a --province value covers: an old or a 2025 name, with or without accents
    and 'tỉnh' / 'thành phố'. UnknownProvince when it names none (with the nearest names)."""
    import difflib

    from luocdo import messages

    key = _fold_place(name)
    found = _place_index().get(key)
    if found:
        return found
    names = sorted({*_mergers(), *_mergers().values()})
    folded = {_fold_place(n): n for n in names}
    near = [folded[k] for k in difflib.get_close_matches(key, list(folded), n=3, cutoff=0.6)]
    msg = messages.text("unknown_province", text=name)
    if near:
        msg += messages.text("did_you_mean", names=", ".join(near))
    raise UnknownProvince(msg)


def in_province(province: str | None, scope: str | None) -> bool:
    """Whether a body's province (a pre-2025 name, as the store keeps it) lies in a --province value."""
    if not scope:
        return True
    return bool(province) and (canonical_province(province) or province) in province_scope(scope)

"""Issuing bodies: recognise the phrase after "của"/"do", map person titles to bodies, and turn
symbol issuer codes into bodies. Names missing from the text ("UBND tỉnh") are filled from the
report's own jurisdiction by the caller (luocdo.resolve)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import regex

from luocdo.extract.gil import KEEP_GIL
from luocdo.extract.grammar import EndPattern, alternation, dashed, grammar, load_data, squeeze
from luocdo.extract.groups import index

LEVEL_OF_UNIT = {
    "tỉnh": "province",
    "thành phố": "province",
    "huyện": "district",
    "thị xã": "district",
    "quận": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
}


@dataclass(slots=True)
class IssuerRef:
    kind: str  # central | ubnd | hdnd | so | tu | hu | tdkt | phong | agency
    canonical: str | None = None  # complete name when the text settles it
    unit: str | None = None  # tỉnh / huyện / ... as written
    name: str | None = None  # place name as written
    dept: str | None = None  # for Sở / Phòng
    start: int = 0
    end: int = 0
    others: list[IssuerRef] = field(default_factory=list)  # the other bodies of a joint document

    def shift(self, by: int) -> None:
        """Move the offsets by ``by`` (the ref was matched in a window starting there)."""
        self.start += by
        self.end += by
        for o in self.others:
            o.shift(by)

    def resolve(self, province: str | None, district: str | None, own_unit: str | None = None) -> str | None:
        """Canonical body name, filling a missing place from the report's jurisdiction; the bodies of a
        joint document joined by "; "."""
        first = self._resolve_one(province, district, own_unit)
        if not self.others or first is None:
            return first
        rest = [o._resolve_one(province, district, own_unit) for o in self.others]
        return "; ".join([first, *(r for r in rest if r)])

    def _resolve_one(self, province: str | None, district: str | None, own_unit: str | None) -> str | None:
        if self.canonical:
            return self.canonical
        unit = (self.unit or "").lower() or None
        name = self.name
        if self.kind in ("ubnd", "hdnd", "tdkt"):
            prefix = {"ubnd": "UBND", "hdnd": "HĐND", "tdkt": "Hội đồng Thi đua - Khen thưởng"}[self.kind]
            if self.dept:  # a committee of the council: "Ban Kinh tế - Ngân sách HĐND ..."
                prefix = f"Ban {self.dept} {prefix}"
            if unit is None:
                unit = own_unit
            if unit is None:
                return None
            if name and name.isdigit() and unit == "quận":
                return f"{prefix} Quận {name}"  # the numbered districts of Hồ Chí Minh City
            if not name:
                level = LEVEL_OF_UNIT.get(unit)
                name = province if level == "province" else district if level == "district" else None
                if name is None:
                    return None
                if name.casefold().startswith(unit + " "):
                    return f"{prefix} {name}"  # the report's district is "Quận 8": not "quận Quận 8"
            return f"{prefix} {unit} {name}"
        if self.kind == "so":
            return f"Sở {self.dept} tỉnh {name or province}" if (name or province) else f"Sở {self.dept}"
        if self.kind == "tu":
            body = self.dept or "Ban Thường vụ Tỉnh ủy"  # as written: "Tỉnh ủy", "Thường trực Tỉnh ủy"
            return f"{body} {name or province}" if (name or province) else body
        if self.kind == "hu":
            n = name or district
            return f"Ban Thường vụ Huyện ủy {n}" if n else "Ban Thường vụ Huyện ủy"
        if self.kind == "agency":  # "Công an huyện Trà Cú", "Thuế tỉnh Ninh Bình"
            level = LEVEL_OF_UNIT.get(unit or "")
            n = name or (province if level == "province" else district if level == "district" else None)
            return f"{self.dept} {unit} {n}" if n else None
        if self.kind == "phong":
            n = name or district
            return f"{self.dept} {unit} {n}" if n else self.dept
        return None


@cache
def _bodies() -> dict:
    return load_data("bodies.yaml")


@cache
def _ministry_names() -> dict[str, str]:
    """Casefolded ministry name -> its spelling in bodies.yaml ("TÀI CHÍNH" -> "Tài chính")."""
    out: dict[str, str] = {}
    for n in _bodies()["ministries"]:  # the first of two spellings ("Văn hóa", "Văn hoá") is kept
        out.setdefault(fold_name(n), dashed(n))
    return out


@cache
def spellings(*lists: str) -> dict[str, str]:
    """Folded spelling -> spelling, over the named lists of bodies.yaml (the first spelling wins)."""
    out: dict[str, str] = {}
    for key in lists:
        for n in _bodies()[key]:
            out.setdefault(fold_name(n), dashed(n))
    return out


def _spelled(written: str, *lists: str) -> str:
    """``written`` as the lists spell it ("CỤC THUẾ" -> "Cục Thuế"), else as written."""
    return spellings(*lists).get(fold_name(written), dashed(written))


def fold_name(s: str) -> str:
    """Case, dashes and the old accent placement ("hoá", "hoà") folded: keys for spelling lists."""
    s = dashed(s).casefold().replace(" & ", " và ")
    return s.replace("oá", "óa").replace("oà", "òa").replace("uỷ", "ủy")


@cache
def provinces() -> dict[str, str]:
    """Every spelling of a province name -> canonical name."""
    d = load_data("provinces.yaml")
    out = {p: p for p in d["provinces"]}
    out.update(d["aliases"])
    return out


@cache
def _issuer_re() -> tuple[regex.Pattern, list[tuple[regex.Pattern, str]]]:
    b = _bodies()
    stop = "|".join(b["name_stopwords"])
    word = r"\p{Lu}[\p{Ll}]*(?![\p{L}])"  # "Trà", not the "B" of "BAN"
    # A place name (province or district) is tried first, by _place_at, where the (?P<..._at>) marker
    # stands: inside this pattern its ~700 alternatives made every match ~4x slower.
    name = (
        rf"(?:[ ]+(?P<GROUPNAME>(?<=(?i:quận)[ ]+)[0-9]{{1,2}}(?![0-9])"
        rf"|(?!(?:{stop})\b){word}(?:[ ]?[-–][ ]?{word}|[ ]+(?!(?:{stop})\b){word}){{0,2}}))"
    )
    units = alternation(list(b["units"]))
    titles = alternation(b["person_titles"])
    central = "|".join("(?:" + p.replace(" ", "[ ]+") + ")" for p, _ in b["central"])
    ministries = alternation(b["ministries"])
    depts = alternation(b["departments"])
    committees = alternation(b["hdnd_committees"])
    agencies = alternation(b["local_agencies"] + b["central_agencies"])
    named = alternation(b["named_bodies"])
    end_words = alternation(b["name_end_words"])
    named_end = "|".join([end_words, *b["named_body_end"]])
    orgs = alternation(b["organisations"])
    forms = alternation(b["company_forms"])
    # a word of a company's name ("TNHH", "KGL", "động", "TP." before "HCM"); "tại" stays in it
    org_word = r"[\p{L}0-9&'’–-]+(?:[.](?=[ ]?\p{Lu}))?"
    org_end = alternation([w for w in b["name_end_words"] if w != "tại"])
    pat = rf"""
      (?:(?P<title>(?i:{titles}))[ ]+)?
      (?:
        (?P<ubnd>(?i:Ủy[ ]ban[ ]nhân[ ]dân|Uỷ[ ]ban[ ]nhân[ ]dân|UBND))
            (?:[ ]+(?P<ubnd_unit>(?i:{units}))(?P<ubnd_at>){name.replace("GROUPNAME", "ubnd_name")}?)?
      | (?:Ban[ ]+(?P<committee>(?i:{committees}))[ ]+)?(?P<hdnd>(?i:Hội[ ]đồng[ ]nhân[ ]dân|HĐND))
            (?:[ ]+(?P<hdnd_unit>(?i:{units}))(?P<hdnd_at>){name.replace("GROUPNAME", "hdnd_name")}?)?
      | (?i:Sở)[ ]+(?P<dept>(?i:{depts}))(?:[ ]+(?i:tỉnh|thành[ ]phố)(?P<so_at>){name.replace("GROUPNAME", "so_name")}?)?
      | (?P<tu>(?i:(?:Ban[ ]Thường[ ]vụ|Thường[ ]trực|BTV)[ ]+)?(?i:Tỉnh[ ]ủy|Tỉnh[ ]uỷ|Thành[ ]ủy|Thành[ ]uỷ))
            (?P<tu_at>){name.replace("GROUPNAME", "tu_name")}?
      | (?P<hu>(?i:(?:Ban[ ]Thường[ ]vụ|Thường[ ]trực|BTV)[ ]+)?(?i:Huyện[ ]ủy|Huyện[ ]uỷ|Thị[ ]ủy|Thị[ ]uỷ))
            (?P<hu_at>){name.replace("GROUPNAME", "hu_name")}?
      | (?P<tdkt>(?i:Hội[ ]đồng[ ]Thi[ ]đua[ ]*[-–][ ]*Khen[ ]thưởng))
            (?:[ ]+(?P<tdkt_unit>(?i:{units}))(?P<tdkt_at>){name.replace("GROUPNAME", "tdkt_name")}?)?
      | (?P<phong>Phòng[ ]+\p{{Lu}}[\p{{L}} ,–-]{{2,40}}?)[ ]+(?P<phong_unit>huyện|thị[ ]xã|thành[ ]phố)
            (?P<phong_at>){name.replace("GROUPNAME", "phong_name")}?
      | (?i:Bộ)[ ]+(?P<ministry>(?i:{ministries}))
      | (?P<central>(?i:{central}))
      | (?P<agency>(?i:{agencies}))(?:[ ]+(?P<agency_unit>(?i:{units}))(?P<agency_at>){name.replace("GROUPNAME", "agency_name")}?)?
      | (?P<named>(?i:{named})(?:[ ]+(?!(?:{named_end})(?![\p{{L}}]))[\p{{L}}0-9&-]+){{0,12}}?)(?=[ ]*(?:[,.;:()"“”]|$|[ ]+(?:{named_end})(?![\p{{L}}])))
      | (?P<org>(?i:{orgs})(?:[ ]+(?i:{forms}))*[ ]+(?=[\p{{Lu}}0-9])
            {org_word}(?:[ ]+(?!(?:{org_end})(?![\p{{L}}])){org_word}){{0,13}}?)
            (?=[ ]*(?:[,;:()"“”]|[.](?![ ]?\p{{Lu}})|$|[ ]+(?:{org_end})(?![\p{{L}}])|[ ]+tại[ ]+\p{{Ll}}))
      )
    """
    central_list = [(regex.compile(rf"(?i:{p})$"), canon) for p, canon in b["central"]]  # on squeezed text
    return regex.compile(pat, regex.VERBOSE), central_list


@cache
def place_names() -> dict[str, str]:
    """Every province and pre-2025 district name (casefolded) -> its spelling. A name can be both a
    province and a district (Hưng Yên): the unit word before it says which."""
    raw = json.loads(resources.files("luocdo.data").joinpath("districts.json").read_text(encoding="utf-8"))
    names = {n for rows in raw["provinces"].values() for _, n in rows if not n.startswith("Quận ")}
    names |= set(provinces())
    return {n.casefold(): provinces().get(n, n) for n in names}


def _ascii_skeleton(s: str) -> str:
    return "".join(c for c in s.casefold() if c.isascii() and c.isalpha())


def _non_ascii(s: str) -> str:
    return "".join(c for c in s.casefold() if not c.isascii() and c.isalpha())


@cache
def _places_by_skeleton() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in set(place_names().values()):
        out.setdefault(_ascii_skeleton(name), []).append(name)
    return out


def place_from_damaged(raw: str) -> str | None:
    """The place a broken PDF font left as ``raw`` ("Tr  Cú" for Trà Cú: letters with diacritics
    vanish, plain letters stay): the one gazetteer name with the same plain letters whose surviving
    accented letters fit too. None when no name, or more than one, fits, or when no accented letter
    survived to tell names apart. The gazetteer has provinces and districts only: a commune whose
    name is a district's elsewhere could still be taken for it."""
    rest = _non_ascii(raw)
    if not rest:
        return None  # nothing but plain letters left: too many names fit ("T n Th nh": Tân Thành, Tân Thạnh…)
    fits = []
    for name in _places_by_skeleton().get(_ascii_skeleton(raw), ()):
        it = iter(_non_ascii(name))
        if all(c in it for c in rest):  # the accented letters left are a subsequence of the name's
            fits.append(name)
    return fits[0] if len(fits) == 1 else None


@cache
def _places_by_first_word() -> tuple[dict[str, list[str]], int]:
    """Casefolded place names grouped by their first word (longest first), and the longest length."""
    groups: dict[str, list[str]] = {}
    for n in place_names():
        groups.setdefault(_LEAD_WORD.match(n).group(), []).append(n)
    for names in groups.values():
        names.sort(key=lambda n: (-len(n), n))
    return groups, max(len(n) for n in place_names())


@cache
def _places_re() -> regex.Pattern:
    return regex.compile(rf"[ ]+(?i:{alternation(list(place_names()))})(?![\p{{L}}])")


_LEAD_WORD = regex.compile(r"\p{L}+")  # the letters a name starts with (a digit may follow a name)


def _place_at(text: str, at: int) -> int:
    r"""End of a place name written after spaces at text[at:], or -1: what
    ``[ ]+(?i:<every place>)(?![\p{L}])`` matches, the longest name first."""
    p = at
    while p < len(text) and text[p] == " ":
        p += 1
    if p == at:
        return -1
    groups, longest = _places_by_first_word()
    window = text[p : p + longest + 2]
    ends: list[int] | None = None  # where each character of a squeezed window ends in text
    if "  " in window:  # a name's spaces match any run of spaces: read the window with runs squeezed
        window, ends = _squeezed(text, p, longest + 2)
    low = window.casefold()  # as (?i) compares: "ſ" is an "s"
    if len(low) != len(window):  # casefolding changed the length: the full alternation
        m = _places_re().match(text, at)
        return m.end() if m else -1
    w = _LEAD_WORD.match(low, None, None, KEEP_GIL)
    for cand in groups.get(w.group(), ()) if w else ():
        k = len(cand)
        if low.startswith(cand) and (k == len(low) or not low[k].isalpha()):
            return p + k if ends is None else ends[k - 1]
    return -1


def _squeezed(text: str, p: int, size: int) -> tuple[str, list[int]]:
    """Up to `size` characters of text from p with each run of spaces read as one space, and the
    offset in text just after each of them."""
    out: list[str] = []
    ends: list[int] = []
    i, n = p, len(text)
    while i < n and len(out) < size:
        c = text[i]
        i += 1
        out.append(c)
        ends.append(i)
        if c == " ":
            while i < n and text[i] == " ":
                i += 1
    return "".join(out), ends


_GAZETTEER_UNIT = EndPattern(r"(?i)(?<![\p{L}])(?:tỉnh|huyện)[ ]*$")


def _name_and_end(m: regex.Match, g: dict[str, int], text: str, kind: str) -> tuple[str | None, int]:
    """The place written after the unit word of branch ``kind`` and where the issuer ends (``g``: the
    pattern's group numbers)."""
    at = m.end(g[f"{kind}_at"])
    if at < 0:
        return None, m.end()
    place_end = _place_at(text, at)
    if place_end >= 0:
        return text[at:place_end].lstrip(" "), place_end
    name = m.group(g[f"{kind}_name"])
    if name and not (_GAZETTEER_UNIT.search(text, max(0, at - 12), at) and place_from_damaged(name) is None):
        return name, m.end(g[f"{kind}_name"])
    # after "tỉnh"/"huyện" only a province or district of the gazetteer is a name ("UBND tỉnh" / "Xét
    # đề nghị ..." read across a line break is not "UBND tỉnh Xét")
    return None, (m.end(g["dept"]) if kind == "so" else at)


def _clean_name(s: str | None) -> str | None:
    return _clean_name_cached(s) if s else None


@lru_cache(maxsize=4096)
def _clean_name_cached(s: str) -> str | None:
    s = dashed(s)
    canon = place_names().get(s.casefold())
    if canon:
        return canon
    if s.isupper():
        s = " ".join(s.split()[:2]).title()
    return s


@lru_cache(maxsize=1024)
def _central_name(written: str) -> str:
    written = squeeze(written)
    for p, canon in _issuer_re()[1]:
        cm = p.match(written)
        if cm:
            term = cm.groupdict().get("term")
            return canon.replace("{term}", f" khóa {term.upper()}" if term else "")
    return written


def match_issuer(text: str, pos: int) -> IssuerRef | None:
    """The issuing body written at text[pos:], or None."""
    pattern = _issuer_re()[0]
    m = pattern.match(text, pos, None, KEEP_GIL)
    if not m:
        return None
    g = index(pattern)  # groups read by number: luocdo.extract.groups
    s, e = m.span()
    central = m.group(g["central"])
    if central:
        return IssuerRef("central", _central_name(central), start=s, end=e)
    if m.group(g["ministry"]):
        name = dashed(m.group(g["ministry"])).replace(" & ", " và ")
        name = _ministry_names().get(fold_name(name), name)  # as the list spells it, whatever the case
        return IssuerRef("central", f"Bộ {name[0].upper()}{name[1:]}", start=s, end=e)
    for kind in ("ubnd", "hdnd", "tdkt"):
        if m.group(g[kind]):
            unit = m.group(g[f"{kind}_unit"])
            name, e = _name_and_end(m, g, text, kind)
            committee = m.group(g["committee"]) if kind == "hdnd" else None
            return IssuerRef(
                kind,
                unit=squeeze(unit).lower() if unit else None,
                name=_clean_name(name),
                dept=_spelled(committee, "hdnd_committees") if committee else None,
                start=s,
                end=e,
            )
    if m.group(g["agency"]):
        agency = _spelled(m.group(g["agency"]), "local_agencies", "central_agencies")
        unit = m.group(g["agency_unit"])
        if unit is None:
            central = _spelled(agency, "central_agencies")
            if fold_name(central) not in spellings("central_agencies"):
                return None  # "Công an", "Thuế" alone name no body
            return IssuerRef("central", central, start=s, end=e)
        name, e = _name_and_end(m, g, text, "agency")
        return IssuerRef(
            "agency", dept=agency, unit=squeeze(unit).lower(), name=_clean_name(name), start=s, end=e
        )
    if m.group(g["named"]):
        return IssuerRef("central", squeeze(m.group(g["named"])), start=s, end=e)
    if m.group(g["org"]):
        return IssuerRef("central", squeeze(m.group(g["org"])), start=s, end=e)
    if m.group(g["dept"]):
        dept = dashed(m.group(g["dept"])).replace(" & ", " và ")
        name, e = _name_and_end(m, g, text, "so")
        return IssuerRef("so", dept=dept, name=_clean_name(name), start=s, end=e)
    if m.group(g["tu"]):
        name, e = _name_and_end(m, g, text, "tu")
        written = fold_name(squeeze(m.group(g["tu"])))
        body = "Tỉnh ủy" if written in ("tỉnh ủy", "thành ủy") else None  # no Ban Thường vụ written
        if written.startswith("thường trực"):
            body = "Thường trực Tỉnh ủy"
        return IssuerRef("tu", dept=body, name=_clean_name(name), start=s, end=e)
    if m.group(g["hu"]):
        name, e = _name_and_end(m, g, text, "hu")
        return IssuerRef("hu", name=_clean_name(name), start=s, end=e)
    if m.group(g["phong"]):
        dept = dashed(m.group(g["phong"]))
        name, e = _name_and_end(m, g, text, "phong")
        return IssuerRef(
            "phong",
            dept=dept,
            unit=squeeze(m.group(g["phong_unit"])).lower(),
            name=_clean_name(name),
            start=s,
            end=e,
        )
    return None


@cache
def _symbol_codes() -> dict[str, str]:
    return {k.casefold(): v for k, v in _bodies()["symbol_codes"].items()}


@cache
def shared_local_codes() -> frozenset[str]:
    """Casefolded central issuer codes the body's provincial offices write too (bodies.yaml)."""
    return frozenset(c.casefold() for c in _bodies().get("codes_shared_with_local_offices") or ())


def known_code(code: str | None) -> bool:
    """Whether an issuer code names a body this package knows (central or local)."""
    if not code:
        return False
    central, local = issuer_from_code(code)
    return bool(central or local)


@lru_cache(maxsize=4096)  # the same few codes, citation after citation; the data files do not change
def issuer_from_code(code: str) -> tuple[str | None, str | None]:
    """(central body, local code) named by one symbol segment, e.g. 'TTg' -> Thủ tướng Chính phủ."""
    g = grammar()
    hit = g.central_issuers_folded.get(code.casefold())
    if hit:
        return hit[1], None
    for p, body in g.central_patterns:
        if p.match(code, None, None, KEEP_GIL):
            return body, None
    extra = _symbol_codes().get(code.casefold())
    if extra:
        return extra, None
    for local in g.local_issuers:
        if local.casefold() == code.casefold():
            return None, local
    return None, None

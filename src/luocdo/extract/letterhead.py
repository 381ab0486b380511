"""The issuing body as the letterhead prints it, in capitals above "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".

The letterhead gives the parent body and the issuer on separate lines ("BỘ TÀI CHÍNH" / "CỤC THUẾ"),
a name broken wherever the column was narrow ("ỦY BAN NHÂN" / "DÂN" / "TỈNH HÀ TĨNH"), inside
Markdown emphasis, or flattened onto one line with the national motto ("QUỐC HỘI | CỘNG HÒA …").
The issuer is the last body named; a department of a provincial committee keeps its province
("Sở Xây dựng tỉnh Hà Tĩnh").
"""

from __future__ import annotations

from functools import cache

import regex

from luocdo.extract.grammar import load_data
from luocdo.extract.issuers import place_names

_MOTTO = regex.compile(r"C[ ]*Ộ[ ]*N[ ]*G[\s|]+H[ÒÓO]A[\s|]+X[ÃA][\s|]+H[ỘO]I", regex.I)
_RULE = regex.compile(r"^[\s|*#_=–—-]*$")
_MAX_LINE = 90
_PERSON_TITLE = regex.compile(r"^(?:Phó )?Chủ tịch (?=UBND|HĐND)")
_NUMBER_AFTER = regex.compile(r"[\s_-]+(?:SỐ|Số|số)[ ]*:")
_UNIT = regex.compile(r"^(?:thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường|đặc khu)\b", regex.I)


@cache
def _data() -> dict:
    d = load_data("letterhead.yaml")
    heads = sorted(d["body_heads"], key=len, reverse=True)
    return {
        "head": regex.compile(rf"^(?:{'|'.join(regex.escape(h) for h in heads)})(?![\p{{L}}])", regex.I),
        "abbreviations": [
            (regex.compile(rf"\b{regex.escape(k)}\b", regex.I), v) for k, v in d["abbreviations"].items()
        ],
        "names": {k.casefold(): k for k in d["known_names"]},
        "capitalize_after": tuple(w.casefold() for w in d["capitalize_next_word_after"]),
        "local_parents": tuple(p.casefold() for p in d["local_parents"]),
    }


def letterhead_lines(head: str) -> list[str]:
    """The letterhead's logical lines (a body each, parent first), or [] when there is no motto."""
    m = _MOTTO.search(head)
    if not m:
        return []
    block = head[: m.start()]
    d = _data()
    out: list[str] = []
    for raw in block.split("\n"):
        for piece in raw.split("|"):
            s = " ".join(piece.replace("*", " ").replace("#", " ").split())
            s = _NUMBER_AFTER.split(s, 1)[0].strip(" -_–—=")  # a flattened header: "CHÍNH PHỦ ___ Số: 170/…"
            if not s or _RULE.match(s):
                continue
            if not _mostly_caps(s) or len(s) > _MAX_LINE:  # text, a title: the letterhead starts after it
                out = []
                continue
            if out and _continues(out[-1], s, d["head"]):
                out[-1] = f"{out[-1]} {s}"  # a name broken where the column was narrow
            else:
                out.append(s)
    return out


def _continues(prev: str, s: str, head: regex.Pattern) -> bool:
    if prev.endswith((".", ":")):
        return False
    if not head.match(s):
        return True
    words = prev.split(" ")
    for k in (1, 2):  # "CHỦ TỊCH ỦY" + "BAN NHÂN DÂN": one head broken in two
        tail = " ".join(words[-k:])
        m = head.match(f"{tail} {s}")
        if m is not None and m.end() > len(tail) + 1:
            return True
    return False


def _mostly_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def proper_case(caps: str) -> str:
    """'THUẾ TỈNH TÂY NINH' -> 'Thuế tỉnh Tây Ninh'; 'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI' -> 'UBND thành phố Hà Nội'."""
    d = _data()
    s = " ".join(caps.split()).lower()
    for pat, rep in d["abbreviations"]:
        s = pat.sub(rep, s)
    known = d["names"].get(s.casefold())
    if known:
        return known
    words = s.split(" ")
    out: list[str] = []
    i = 0
    places = place_names()
    while i < len(words):
        w = words[i]
        rest = " ".join(words[i:])
        um = _UNIT.match(rest)
        if um and out:
            unit = um.group()
            i += len(unit.split(" "))
            if i < len(words) and words[i].isdigit():  # "Quận 7", "Phường 3": the number is the name
                out.append(f"{unit[:1].upper()}{unit[1:]} {words[i]}")
                i += 1
                continue
            out.append(unit)
            for k in range(min(4, len(words) - i), 0, -1):
                cand = " ".join(words[i : i + k])
                if cand.casefold() in places:  # as written ("thành phố Huế", not an older name)
                    out.append(" ".join(x[:1].upper() + x[1:] for x in cand.split(" ")))
                    i += k
                    break
            else:
                out.extend(x[:1].upper() + x[1:] for x in words[i:])
                i = len(words)
            continue
        if not out:
            out.append(w if w.isupper() else w[:1].upper() + w[1:])
        elif " ".join(out).casefold().endswith(d["capitalize_after"]) and len(out) <= 2:
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
        i += 1
    name = " ".join(out)
    return d["names"].get(name.casefold(), name)


def issuer_from_letterhead(head: str) -> str | None:
    lines = letterhead_lines(head)
    if not lines:
        return None
    last = lines[-1]
    hm = _data()["head"].match(last)
    if hm and hm.end() == len(last) and proper_case(last).casefold() not in _data()["names"]:
        return None  # "UBND" alone: a two-column table put the rest of the name after the motto
    issuer = _PERSON_TITLE.sub("", proper_case(last))  # "Chủ tịch UBND tỉnh X" -> UBND tỉnh X (DOMAIN.md)
    if issuer.startswith(("UBND", "HĐND")) and not _UNIT.search(issuer[5:].lstrip()):
        return None  # a local body without its place
    if len(lines) >= 2:
        parent = proper_case(lines[-2])
        d = _data()
        if parent.casefold().startswith(d["local_parents"]) and not _UNIT.search(issuer.lower()):
            place = regex.search(r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)[ ].*$", parent)
            if place:  # "Sở Xây dựng" under "UBND tỉnh Hà Tĩnh"
                issuer = f"{issuer} {place.group()}"
    return issuer

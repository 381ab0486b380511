"""The issuing body as the letterhead prints it, in capitals above "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".

The letterhead gives the parent body and the issuer on separate lines ("BỘ TÀI CHÍNH" / "CỤC THUẾ"),
a name broken wherever the column was narrow ("ỦY BAN NHÂN" / "DÂN" / "TỈNH HÀ TĨNH"), inside
Markdown emphasis, or flattened onto one line with the national motto ("QUỐC HỘI | CỘNG HÒA …").
The issuer is the last body named; a department of a provincial committee keeps its province
("Sở Xây dựng tỉnh Hà Tĩnh").
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from luocdo.extract.gil import KEEP_GIL
from luocdo.extract.grammar import load_data
from luocdo.extract.issuers import fold_name, place_names, spellings

_MOTTO = regex.compile(r"C[ ]*Ộ[ ]*N[ ]*G[\s|*]+H(?:ÒA|OÀ|ÓA|OA)[\s|*]+X[ÃA][\s|*]+H[ỘO]I", regex.I)
_GAP_BEFORE = regex.compile(r"(?:[ ]{2,}|\t|\|)[ *]*$")
_MAX_LEFT = 40
_MOTTO_REACH = 2000  # the motto stands at the top of a document, not in its text
_COLUMN_GAP = regex.compile(r"[ ]{2,}|\t|[ ]*\|[ ]*")
# compiled here: a module-level regex call looks its pattern up in regex's cache each time (~5 µs)
_PUNCT = regex.compile(r"[.;:,]")
_AFTER_DASH = regex.compile(r"(?<=[ ][-–][ ])\p{Ll}")
_MINISTRY_OR_DEPT = regex.compile(r"^(Bộ|Sở)[ ]+(.+?)((?:[ ](?:tỉnh|thành phố)[ ].*)?)$")
_RIGHT_COLUMN = regex.compile(r"(?i:độc[ ]lập|tự[ ]do|hạnh[ ]phúc)|^[\s*_=–—-]+$")
_NUMBER_START = regex.compile(r"^[ |#*]*(?i:số|s)[ ]*:|(?i:số)[ ]*:[ ]*[0-9]")
_RULE = regex.compile(r"^[\s|*#_=–—-]*$")
_MAX_LINE = 90
_PERSON_TITLE = regex.compile(r"^(?:Phó )?Chủ tịch (?=UBND|HĐND)")
_NUMBER_AFTER = regex.compile(r"[\s_-]+(?:SỐ|Số|số)[ ]*:")
_UNIT = regex.compile(
    r"^(?:thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã(?![ ]hội)|phường|đặc khu)\b", regex.I
)
_DEPARTMENT = regex.compile(r"^(?:Sở|Ban|Văn phòng|Phòng|Chi cục|Trung tâm|Thanh tra)[ ]")
_PLACE_IN = regex.compile(r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã(?![ ]hội)|phường)[ ]\p{Lu}.*$")
_PARTY_COMMITTEE = regex.compile(r"^(tỉnh|thành|huyện|đảng)[ ](?:ủy|uỷ)[ ]?(.*)$")
_ROMAN = regex.compile(r"^(?:[IVX]{1,5}|[0-9]+)$")


@cache
def _data() -> dict:
    d = load_data("letterhead.yaml")
    heads = sorted(d["body_heads"], key=len, reverse=True)
    return {
        "head": regex.compile(rf"^(?:{'|'.join(regex.escape(h) for h in heads)})(?![\p{{L}}])", regex.I),
        "abbreviations": [
            (regex.compile(rf"\b{regex.escape(k)}\b", regex.I), v) for k, v in d["abbreviations"].items()
        ],
        "names": {fold_name(k): k for k in d["known_names"]},
        "capitalize_after": tuple(w.casefold() for w in d["capitalize_next_word_after"]),
        "whole_parents": tuple(d["whole_parents"]),
    }


def letterhead_lines(head: str) -> list[str]:
    """The letterhead's logical lines (a body each, parent first), or [] when there is no motto."""
    m = _MOTTO.search(head, 0, _MOTTO_REACH)
    if not m:
        return []
    block = head[: m.start()]
    ls = block.rfind("\n") + 1
    left = block[ls:]
    # the motto in the right column of its line, after a gap: "ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI …"
    two_columns = (
        bool(left.strip(" *#|"))
        and _GAP_BEFORE.search(left) is not None
        and (_mostly_caps(left) or len(left.strip()) <= _MAX_LEFT)
    )
    if two_columns:  # the motto in the right column: the letterhead goes on in the left column below it
        block = "\n".join([block, *_left_column(head[m.end() :])])
    d = _data()
    out: list[str] = []
    raws = block.split("\n")
    for ri, raw in enumerate(raws):
        # beside the motto on its own line only a letterhead in capitals or in a column of its own
        on_motto_line = ri == len(raws) - 1 and not two_columns
        for piece in raw.split("|"):
            s = " ".join(piece.replace("*", " ").replace("#", " ").split())
            # a flattened header: "CHÍNH PHỦ ___ Số: 170/…"
            s = _NUMBER_AFTER.split(s, 1, KEEP_GIL)[0].strip(" -_–—=")
            if not s or _RULE.match(s, None, None, KEEP_GIL) or _NUMBER_START.match(s, None, None, KEEP_GIL):
                continue
            # text, a title: the letterhead starts after it (in a two-column header, whatever the case)
            lower_ok = not on_motto_line and _short_body(s, d["head"])
            if not (two_columns or _mostly_caps(s) or lower_ok) or len(s) > _MAX_LINE:
                out = []
                continue
            if out and _continues(out[-1], s, d["head"]):
                out[-1] = f"{out[-1]} {s}"  # a name broken where the column was narrow
            else:
                out.append(s)
    return out


def _short_body(s: str, head: regex.Pattern) -> bool:
    """A body's name typed without capitals ("Bộ Tài chính" in an old transcript)."""
    return (
        len(s) <= _MAX_LEFT
        and head.match(s, None, None, KEEP_GIL) is not None
        and not _PUNCT.search(s, None, None, KEEP_GIL)
    )


def _left_column(after_motto: str) -> list[str]:
    """The left column of the lines under the motto's line, up to the number line or a blank line."""
    out = []
    for ln in after_motto.split("\n")[1:4]:
        if not ln.strip() or _NUMBER_START.search(ln):
            break
        if ln.startswith("    "):  # only the right column has text on this line
            continue
        left = _COLUMN_GAP.split(ln.strip(" "), 1)
        if len(left) == 1 and _RIGHT_COLUMN.search(ln):  # the right column alone ("Độc lập - …")
            continue
        out.append(left[0])
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


# Kept: the same letterheads head report after report (a body writes many), and
# issuer_from_letterhead asks twice for the last line of one that is a bare head ("ỦY BAN NHÂN DÂN").
@lru_cache(maxsize=4096)
def proper_case(caps: str) -> str:
    """'THUẾ TỈNH TÂY NINH' -> 'Thuế tỉnh Tây Ninh'; 'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI' -> 'UBND thành phố Hà Nội'."""
    d = _data()
    s = " ".join(caps.split()).lower()
    for pat, rep in d["abbreviations"]:
        s = pat.sub(rep, s, 0, None, None, KEEP_GIL)
    pm = _PARTY_COMMITTEE.match(s)
    if pm:  # "tỉnh ủy đồng nai" -> "Tỉnh ủy Đồng Nai"
        return f"{pm.group(1).capitalize()} ủy {_title(pm.group(2))}".rstrip()
    known = d["names"].get(fold_name(s))
    if known:
        return known
    words = s.split(" ")
    out: list[str] = []
    i = 0
    places = place_names()
    while i < len(words):
        w = words[i]
        rest = " ".join(words[i:])
        um = _UNIT.match(rest, None, None, KEEP_GIL)
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
                    out.append(_title(cand))
                    i += k
                    break
            else:
                out.extend(_title(x) for x in words[i:])
                i = len(words)
            continue
        if not out:
            out.append(w if w.isupper() else w[:1].upper() + w[1:])
        elif " ".join(out).casefold().endswith(d["capitalize_after"]) and len(out) <= 2:
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
        i += 1
    # "khu vực II"
    out = [w.upper() if _ROMAN.match(w.upper(), None, None, KEEP_GIL) and len(w) > 1 else w for w in out]
    name = " ".join(out)
    if name.casefold().startswith(
        d["capitalize_after"]
    ):  # "Ban Kinh tế - Ngân sách", "Phòng Tài chính - Kế hoạch"
        name = _AFTER_DASH.sub(lambda m: m.group().upper(), name)
    name = _spelled_body(name)
    return d["names"].get(fold_name(name), name)


def _title(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words.split(" ") if w)


def _spelled_body(name: str) -> str:
    """A ministry or department as bodies.yaml spells it ("Sở Lao động - Thương binh và Xã hội")."""
    m = _MINISTRY_OR_DEPT.match(name)
    if not m:
        return name
    spelled = spellings("ministries" if m.group(1) == "Bộ" else "departments").get(fold_name(m.group(2)))
    return f"{m.group(1)} {spelled}{m.group(3)}" if spelled else name


def issuer_from_letterhead(head: str) -> str | None:
    lines = letterhead_lines(head)
    if not lines:
        return None
    last = lines[-1]
    hm = _data()["head"].match(last)
    if hm and hm.end() == len(last) and fold_name(proper_case(last)) not in _data()["names"]:
        return None  # "UBND" alone: a two-column table put the rest of the name after the motto
    issuer = _PERSON_TITLE.sub("", proper_case(last))  # "Chủ tịch UBND tỉnh X" -> UBND tỉnh X (DOMAIN.md)
    if issuer.startswith(("UBND", "HĐND")) and not _UNIT.search(issuer[5:].lstrip()):
        return None  # a local body without its place
    if len(lines) >= 2 and _DEPARTMENT.match(issuer) and not _PLACE_IN.search(issuer):
        parent = _PERSON_TITLE.sub("", proper_case(lines[-2]))
        place = _PLACE_IN.search(parent)
        if parent.startswith("UBND") and place:  # "Sở Xây dựng" under "UBND tỉnh Hà Tĩnh": its place
            issuer = f"{issuer} {place.group()}"
        elif parent.startswith(_data()["whole_parents"]):  # a committee of a council or Party committee
            issuer = f"{issuer} {parent}"
    return issuer

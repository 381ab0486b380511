"""Find cited documents in normalized text: one fast scan for number/symbol anchors, then a small
look around each anchor for the type word, date and issuer. Named laws and short forms
("Nghị định 120") have their own scans. Offsets here are into the normalized text."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from luocdo.extract.anchor_scan import anchors
from luocdo.extract.dates import DATE, iso_date
from luocdo.extract.gil import KEEP_GIL
from luocdo.extract.grammar import ANCHOR, EndPattern, Grammar, grammar, squeeze
from luocdo.extract.groups import numbers
from luocdo.extract.issuers import IssuerRef, issuer_from_code, match_issuer
from luocdo.lines import line_start


@dataclass(slots=True)
class RawMention:
    start: int  # citation start (type word, or number)
    end: int  # after number/symbol, date and issuer
    anchor_start: int
    anchor_end: int
    type: str
    type_written: str | None
    number: str | None
    year: str | None
    symbol: str | None
    type_code: str | None = None  # type abbreviation inside the symbol
    issuer_codes: list[str] = field(default_factory=list)  # issuer segments of the symbol
    date: str | None = None
    date_valid: bool = True
    issuer_ref: IssuerRef | None = None
    short_form: bool = False
    name: str | None = None
    confidence: float = 1.0
    notes: list[str] = field(default_factory=list)
    family: str = "administrative"  # normative | administrative | letter | party | law | short
    conventional: dict | None = None  # a conventional name's approving document (conventional_target)


_FWD_DATE = regex.compile(rf"[ ]*,?[ ]*(?:(?:được[ ]+)?(?:ban[ ]hành|ký)[ ]+)?(?i:ngày)[ ]*(?P<date>{DATE})")
_FWD_TABLE_DATE = regex.compile(rf"[ ]*\|[ ]*(?:(?i:ngày)[ ]*)?(?P<date>{DATE})[ ]*(?=\|)")
# a list row: "NĐ 52/2009/NĐ-CP - 3/6/2009" (a numeric date only, after a dash)
_FWD_DASH_DATE = regex.compile(rf"[ ]*[-–][ ]*(?P<date>{DATE})(?![0-9/.-])")
_DASHES = ("-", "–")  # what _FWD_DASH_DATE reads after the blanks it opens with
_FWD_YEAR = regex.compile(r"[ ]*,?[ ]*(?i:năm)[ ]+(?P<y>(?:19|20)[0-9]{2})(?![0-9/])")
# read by number: luocdo.extract.groups
(_FWD_DASH_Y,) = numbers(_FWD_DASH_DATE, ("y",))
(_FWD_YEAR_Y,) = numbers(_FWD_YEAR, ("y",))
_ANCHOR_FIELDS = numbers(ANCHOR, ("num", "year", "nsym", "asym", "psym", "cut"))
(_ANCHOR_YDASH,) = numbers(ANCHOR, ("ydash",))
_FWD_OF = regex.compile(r"[ ]*,?[ ]*(?i:của|do)[ ]+(?:(?i:đồng[ ]chí|ông|bà)[ ]+)?")
# a second body after the first, for a joint document ("của Bộ Công an và Bộ Nông nghiệp và Môi trường")
_FWD_AND = regex.compile(r"[ ]*(?:,|và|với)[ ]+")
# the date before the citation: "Ngày 05/9/2016, Thủ tướng Chính phủ đã ký ban hành Chỉ thị số 26/CT-TTg",
# "Ngày 21/8/2025, Cục Thuế có công văn số 3316/CT-CS"
# a law cited by name and number sits between the verb and its number: "Quốc hội ban hành Luật Thuế
# thu nhập doanh nghiệp số 67/2025/QH15"
_FWD_BACK_TAIL = r"(?:ban[ ]hành|(?<![\p{L}])có|(?<![\p{L}])gửi)(?:[ ]+(?:Luật|Bộ[ ]luật|Pháp[ ]lệnh)[^.;\n0-9]{0,100}?)?[ ]*$"
_FWD_BACK_VERB = EndPattern(_FWD_BACK_TAIL)
_FWD_BACK_ENDS = ("ban hành", "có", "gửi")
_FWD_BACK_DATE = regex.compile(
    rf"(?i:ngày)[ ]+(?P<date>{DATE})(?![ ]*,?[ ]*(?i:đến|tới)[ ]+(?i:nay|ngày|năm|hết|cuối))"
    rf"[ ]*,?[ ]*[^.;\n]{{0,80}}?(?:(?:đã|vừa|cũng)[ ]+)?(?:ký[ ]+)?{_FWD_BACK_TAIL}"
)
# only a date that opens its clause ("Ngày 05/9/2016, ...", "..., ngày 20/01/2023 UBND huyện ban hành ...",
# "- Vào ngày ...", "(Ngày ..."; a capitalised "Ngày" always does); not "Tính đến ngày ...", "Từ ngày ...
# đến nay", "tổ chức hội nghị ngày ... và ... có"
_FWD_BACK_CLAUSE = EndPattern(
    r"(?:^|[.;:,!?(\[\]\n][”\"’)]*)[ \t*_>#|+•\-–]*(?:(?:[0-9]{1,2}|[a-zđ])[.)][ ]*)?(?:(?i:vào)[ ]+)?$"
)
_FWD_BACK_LEAD = 60  # characters read before the span for the start of the date's clause
_NGAY = regex.compile(r"(?i:ngày)")
# how far around a citation its date and issuer are looked for
_FWD_SPAN = 260
_FWD_BACK_SPAN = 160
_FWD_SOFT_REACH = 200


# a single line break inside a paragraph of hard-wrapped text ("... ngày" / "15 tháng 01 năm 2022 của Bộ Tài" /
# "chính"): the date and issuer windows read it as a space. A blank line, or a line that starts a list
# item, heading, article, table row, an indented line or an italic/bold paragraph, or a line that opens
# with a capitalised clause opener ("Xét đề nghị ...", relation_cues.yaml line_openers), is a real break.
@lru_cache(maxsize=1)
def _fwd_soft_break() -> tuple[regex.Pattern, regex.Pattern]:
    """The soft break with the blanks before it, and the line break alone (the same breaks)."""
    from luocdo.extract.grammar import load_data

    openers = load_data("relation_cues.yaml")["line_openers"].replace(" ", "[ ]+")
    soft = (
        r"\n(?![ \t\n\-–—+•*#>|]|$|[0-9]{1,2}(?:[.][0-9]{1,2})*[.)][ ]|[IVXLC]+[.)][ ]|[a-zđ][)][ ]"
        rf"|(?i:điều|chương|mục|phần)[ ]+[0-9IVXLC]|_{{0,3}}(?:{openers})(?![\p{{L}}]))"
    )
    return regex.compile(r"[ \t]*" + soft), regex.compile(soft)


def soft_window(seg: str) -> str:
    """``seg`` with its soft line breaks made spaces, one character for one (offsets do not move)."""
    if seg.find("\n", 0, _FWD_SOFT_REACH) < 0:
        return seg  # a break further on is past any date or issuer the window reads
    with_blanks, alone = _fwd_soft_break()
    if "\t" not in seg:  # the blanks before a break are spaces already: only the break changes
        return alone.sub(" ", seg, 0, None, None, KEEP_GIL)
    return with_blanks.sub(lambda m: " " * len(m.group()), seg)


_HEADER_LINE = regex.compile(r"[ #*>|-]*(?i:số|s(?=[ ]))[ ]*:")  # "S :" when the font lost the ố
_SPLIT_SEGMENT = regex.compile(r"[ ]([\p{Lu}]{1,4})(?![\p{L}])")
_MARKUP = regex.compile(r"</?su[bp]>")
_SPLIT = regex.compile(r"[ \t\n]*([-/])[ \t\n]*")


def _split_symbol(sym: str) -> list[str]:
    """Segments of a symbol, markup removed: 'UBND-NC<sub>1</sub>' -> ['UBND', 'NC1']."""
    sym = _MARKUP.sub("", sym)
    return [s for s in _SPLIT.split(sym) if s and s not in "-/"]


@lru_cache(maxsize=4096)
def _canonical_code(seg: str) -> str:
    g = grammar()
    f = seg.casefold()
    for table in (g.symbol_types_folded, g.central_issuers_folded):
        if f in table:
            return table[f][0]
    for local in g.local_issuers:
        if local.casefold() == f:
            return local
    return seg


def _parse_symbol(kind: str, raw: str, notes: list[str]) -> tuple[str, str | None, list[str], float]:
    """Clean symbol text, type code, issuer codes and a confidence for one anchor."""
    out, type_code, issuers, conf, new_notes = _parse_symbol_cached(kind, raw)
    notes.extend(new_notes)
    return out, type_code, list(issuers), conf


@lru_cache(maxsize=8192)
def _parse_symbol_cached(
    kind: str, raw: str
) -> tuple[str, str | None, tuple[str, ...], float, tuple[str, ...]]:
    notes: list[str] = []
    g = grammar()
    conf = 1.0
    if "\n" in raw:
        conf = min(conf, 0.8)
        notes.append("symbol broken across lines")
    seps = [m.group(1) for m in _SPLIT.finditer(_MARKUP.sub("", raw))]
    segs = [seg.replace(" ", "") for seg in _split_symbol(raw)]  # "QLN& TTBĐS" -> "QLN&TTBĐS"
    fixed = []
    for s in segs:
        s = s.rstrip(".")
        if s in g.damaged_repairs and len(segs) > 1:
            notes.append(f"damaged symbol segment '{s}' read as '{g.damaged_repairs[s]}'")
            s = g.damaged_repairs[s]
            conf = min(conf, 0.7)
        fixed.append(_canonical_code(s))
    segs = fixed
    type_code = None
    issuers: list[str] = []
    first = segs[0] if segs else ""
    if kind == "party":
        type_code = first if first.casefold() in g.symbol_types_folded else None
        issuers = segs[1:]
    elif first.casefold() in g.symbol_types_folded:
        type_code = first
        issuers = segs[1:]
    else:
        issuers = segs[:1]
    # rebuild with the separators as written, spaces removed
    out = segs[0] if segs else ""
    for sep, s in zip(seps, segs[1:], strict=False):
        out += sep + s
    return out, type_code, tuple(issuers), conf, tuple(notes)


def _type_from_symbol(type_code: str | None, issuers: list[str], family: str) -> str:
    g = grammar()
    if type_code:
        return g.symbol_types_folded[type_code.casefold()][1]
    if family == "normative" and issuers and issuers[0][:2].upper() == "QH" and issuers[0][2:].isdigit():
        return "Luật"
    if family == "normative":
        return "Other"  # 1211/2016/UBTVQH13: a normative number without its type code
    return "Công văn" if issuers else "Other"


_LEAD_PUNCT = "(“\"'‘-+•;,.:["
_LEAD_SPACE = _LEAD_PUNCT + " "


def _type_before(
    text: str, pos: int, notes: list[str], *, general: bool = False
) -> tuple[str | None, str | None, int, float]:
    """(canonical type, word as written, start offset, confidence) of the type word before pos.
    ``general`` skips the fast path (the tests compare the two)."""
    g = grammar()
    lo = max(0, pos - 48)
    w = text[lo:pos].rstrip(" :\n")  # "Quyết định số" + line break + number: a hard-wrapped text
    start = pos
    has_so = False
    tail2 = w[-2:]
    if tail2 in ("số", "Số", "SỐ", "so") and (len(w) == 2 or not w[-3].isalpha()):
        has_so = True
        start = lo + len(w) - 2
        w = w[:-2].rstrip(" ")
    # The same answer as _type_before_words, which looks at the last four space-separated words only:
    # when those hold no line break, tab or run of spaces and keep their length in lower case, try
    # only the lengths of type words that end in the last word written (three lookups become one).
    tail_words = w.split(" ")[-4:]
    tail = " ".join(tail_words)
    tl = tail.lower()
    if general or len(tl) != len(tail) or "" in tail_words or not tail.isprintable():
        return _type_before_words(g, w, lo, has_so, start, text, pos, notes)
    words = tl.split(" ")
    tw = g.type_word_to_type
    for k in g.type_word_lengths.get(words[-1], ()):
        if k > len(words):
            continue
        first_l = " ".join(words[-k:]).lstrip(_LEAD_SPACE)
        canon = tw.get(first_l)
        if canon is not None:
            return canon, w[len(w) - len(first_l) :], lo + len(w) - len(first_l), 1.0
    first_l = words[-1].lstrip(_LEAD_SPACE)
    if first_l:
        canon = tw.get(first_l)
        if canon is not None:
            return canon, w[len(w) - len(first_l) :], lo + len(w) - len(first_l), 1.0
        if has_so:
            first = w[len(w) - len(first_l) :]
            abbr = g.abbr_to_type.get(first)
            if abbr:
                return abbr, first, lo + len(w) - len(first), 1.0
    return _damaged_type_before(g, text, lo, pos, start, notes)


def _type_before_words(
    g: Grammar, w: str, lo: int, has_so: bool, start: int, text: str, pos: int, notes: list[str]
) -> tuple[str | None, str | None, int, float]:
    """The general case of _type_before: words may hold line breaks or case-changing letters."""
    words = w.split(" ")
    for k in range(min(4, len(words)), 0, -1):
        phrase = " ".join(words[-k:])
        first = phrase.lstrip(_LEAD_SPACE)
        if not first:
            continue
        canon = g.type_word_to_type.get(squeeze(first).lower())
        if canon is None and has_so and k == 1:
            abbr = g.abbr_to_type.get(first)
            if abbr:
                return abbr, first, lo + len(w) - len(first), 1.0
        if canon is not None:
            return canon, first, lo + len(w) - len(first), 1.0
    return _damaged_type_before(g, text, lo, pos, start, notes)


def _damaged_type_before(
    g: Grammar, text: str, lo: int, pos: int, start: int, notes: list[str]
) -> tuple[str | None, str | None, int, float]:
    # damaged type word ("Ngh  quy t s  "): compare what survives of each type word
    window = text[lo:pos]
    if "  " in window[-24:]:
        tail = window[-24:]
        squeezed = "".join(c for c in tail.lower() if c.isascii() and c.isalpha())
        for skel, canon in g.type_skeletons:
            for cut in ("s", ""):  # a damaged "số" leaves an 's'
                if squeezed.endswith(skel + cut):
                    notes.append("damaged type word")
                    need, k = len(skel + cut), len(tail)
                    while need and k:
                        k -= 1
                        if tail[k].isascii() and tail[k].isalpha():
                            need -= 1
                    return canon, None, pos - len(tail) + k, 0.7
    return None, None, start, 1.0


_FWD_WORDS = (
    "ngày",
    "ban",
    "ký",
    "được",
    "năm",
    "của",
    "do",
    "Ngày",
    "NGÀY",
    "NĂM",
    "CỦA",
    "DO",
    "Của",
    "Năm",
)


def _forward(text: str, pos: int, rm: RawMention) -> None:
    """Date and issuer written after the number (in either order), across a soft line break; else a
    date written before the citation ("Ngày 05/9/2016, ... ban hành Chỉ thị số 26/CT-TTg")."""
    seg = soft_window(text[pos : pos + _FWD_SPAN])  # offsets in seg are offsets from pos
    end = _forward_in(seg, rm)
    if rm.issuer_ref is not None:
        rm.issuer_ref.shift(pos)
    rm.end = pos + end
    if rm.date is None:
        _backward_date(text, rm)


def _forward_in(seg: str, rm: RawMention) -> int:
    end = 0
    if seg.startswith((" |", "|")):
        m = _FWD_TABLE_DATE.match(seg, end)  # a table row: | Quyết định số 12/QĐ-UBND | 16/01/2023 |
        if m:
            rm.date, rm.date_valid = iso_date(m)
            return end
    # after blanks, a dash opens it: without one (the common case) the pattern is not tried
    m = _FWD_DASH_DATE.match(seg, end) if seg.lstrip(" ")[:1] in _DASHES else None
    if m is not None and m.group(_FWD_DASH_Y):
        rm.date, rm.date_valid = iso_date(m)
        return m.end()
    for _ in range(2):
        if not seg[end : end + 12].lstrip(" ,").startswith(_FWD_WORDS):
            break
        if rm.date is None:
            m = _FWD_DATE.match(seg, end, None, KEEP_GIL)
            if m:
                rm.date, rm.date_valid = iso_date(m)
                end = m.end()
                continue
        if rm.date is None and rm.issuer_ref is None and rm.family != "law":
            m = _FWD_YEAR.match(seg, end, None, KEEP_GIL)
            if m:  # "QĐ số 990/QĐ-UBND năm 2021": only the year is given
                rm.date = m.group(_FWD_YEAR_Y)
                end = m.end()
                continue
        if rm.issuer_ref is None:
            m = _FWD_OF.match(seg, end, None, KEEP_GIL)
            if m:
                ref = match_issuer(seg, m.end())
                if ref and _by_other_body(seg, m, ref, rm):
                    break
                if ref:
                    if len(rm.issuer_codes) >= 2:  # a joint document: one body per issuer code
                        _joint(seg, ref, len(rm.issuer_codes))
                    rm.issuer_ref = ref
                    end = ref.end
                    continue
        break
    return end


def _by_other_body(seg: str, m: regex.Match, ref: IssuerRef, rm: RawMention) -> bool:
    """ "do X" naming a central body other than the one the symbol names is about something else
    ("... thực hiện Nghị quyết 98/2023/QH15 do Cục Thuế ban hành": Cục Thuế issued the letter)."""
    if ref.kind != "central" or not seg[m.start() : m.end()].strip(" ,").lower().startswith("do"):
        return False
    named = {issuer_from_code(c)[0] for c in rm.issuer_codes} - {None}
    return bool(named) and ref.canonical not in named


def _joint(seg: str, ref: IssuerRef, n: int) -> None:
    """The other bodies of a joint document written after the first ("của Bộ Công an và Bộ Y tế")."""
    while len(ref.others) + 1 < n:
        m = _FWD_AND.match(seg, ref.end)
        nxt = match_issuer(seg, m.end()) if m else None
        if nxt is None:
            return
        ref.others.append(nxt)
        ref.end = nxt.end


def _backward_date(text: str, rm: RawMention) -> None:
    lo = max(0, rm.start - _FWD_BACK_SPAN)
    near = max(lo, rm.start - 120)
    if (
        not text[lo : rm.start].rstrip().endswith(_FWD_BACK_ENDS)
        and text.find("uật", near, rm.start) < 0
        and text.find("lệnh", near, rm.start) < 0
    ):
        return  # the common case, decided without a regex
    lead = min(lo, _FWD_BACK_LEAD)
    window = soft_window(text[lo - lead : rm.start])  # offsets in window are offsets from lo - lead
    if not _FWD_BACK_VERB.search(window, max(lead, len(window) - 150)):
        return
    for k in reversed([d.start() for d in _NGAY.finditer(window, lead)]):  # the nearest date first
        if not window.startswith("Ngày", k) and not _FWD_BACK_CLAUSE.search(
            window, max(0, k - _FWD_BACK_LEAD), k
        ):
            continue
        bm = _FWD_BACK_DATE.match(window, k)
        if bm:
            rm.date, rm.date_valid = iso_date(bm)
            return


def find_anchored(text: str) -> list[RawMention]:
    out: list[RawMention] = []
    g = grammar()
    for m in anchors(text):  # ANCHOR.finditer(text), from the separators
        m_start = m.start()
        ls = line_start(text, m_start)
        if m_start - ls < 12 and _HEADER_LINE.match(text, ls, None, KEEP_GIL):
            continue  # the report's own "Số: 271/BC-UBND" (pipeline drops it wherever else the header put it)
        notes: list[str] = []
        num, year, nsym, asym, psym, cut = m.group(*_ANCHOR_FIELDS)
        if nsym:
            family, raw = "normative", nsym
        elif asym:
            family, raw = "administrative", asym
        else:
            family, raw = "party", psym
        end = m.end()
        split = _SPLIT_SEGMENT.match(text, end, None, KEEP_GIL)
        if split and (raw.rsplit("-", 1)[-1].rsplit("/", 1)[-1] + " " + split.group(1)) in g.damaged_repairs:
            last = raw.rsplit("-", 1)[-1].rsplit("/", 1)[-1]
            raw = raw[: len(raw) - len(last)] + g.damaged_repairs[last + " " + split.group(1)]
            end = split.end()
            notes.append("damaged symbol segment rejoined")
        if "\n" not in raw and text.find("\n", m_start, m.end()) >= 0:  # wrapped before the symbol
            notes.append("symbol broken across lines")
        symbol, type_code, issuers, conf = _parse_symbol(family, raw, notes)
        if notes:
            conf = min(conf, 0.7)
        if family == "party" and type_code is None:
            continue  # '2021-HĐND/...' and other hyphenated tokens that are not Party numbers
        if cut:
            notes.append("symbol cut short")
            conf = min(conf, 0.6)
            done = g.cut_completions.get(symbol)
            if done:
                notes.append(f"cut symbol '{symbol}' completed as '{done}'")
                symbol = done
                type_code, issuers = _parse_symbol(family, done, [])[1:3]
        if family == "administrative" and type_code is None:
            family = "letter"
        if m.group(_ANCHOR_YDASH):
            notes.append("year and symbol joined by '-'")
        shared = None
        if m_start > 2 and (text[m_start - 2] in ",;&" or text[m_start - 3 : m_start] == "và "):
            shared = _SHARED_NUMBERS.search(text, max(0, m_start - 60), m.end())
            if shared and shared.end() != m_start:
                shared = None
        tw_type, tw_written, start, tconf = _type_before(text, shared.start() if shared else m_start, notes)
        if shared and tw_type is None:  # no type word before the numbers: they are not this citation's
            shared = None
            tw_type, tw_written, start, tconf = _type_before(text, m_start, notes)
        conf = min(conf, tconf)
        mtype = tw_type or _type_from_symbol(type_code, issuers, family)
        if tw_type is None and tw_written is None:
            conf = min(conf, 0.9)
        rm = RawMention(
            start=start,
            end=end,
            anchor_start=m_start,
            anchor_end=end,
            type=mtype,
            type_written=tw_written,
            number=num,
            year=year,
            symbol=symbol,
            type_code=type_code,
            issuer_codes=issuers,
            confidence=conf,
            notes=notes,
            family=family,
        )
        _forward(text, end, rm)
        if not rm.date_valid:
            rm.notes.append(f"impossible date {rm.date}")
        if shared and tw_type is not None:
            out.extend(_sharing(text, shared, rm))
            rm.start = m_start
        out.append(rm)
    return out


# "Nghị định 12, 13, 14/CP", "Quyết định số 5 và 6/QĐ-UBND": numbers before an anchor that share its
# symbol, right after the type word (each is a mention of its own). A year is no such number ("Kế hoạch
# 2024, 15/KH-UBND", "Kết quả năm 2023, 15/KH-UBND", "giai đoạn 2021, ...").
_SHARED_NUMBERS = regex.compile(
    r"(?<=[\p{L}:][ ]+)(?<!(?i:năm|giai[ ]đoạn)[ ]+)"
    r"(?:(?!(?:19|20)[0-9]{2}(?![0-9]))[0-9]{1,5}[a-zđ]?[ ]*(?:,|;|và|&)[ ]*)+(?=[0-9]{1,5}[a-zđ]?[ ]?[/-])"
)
_SHARED_NUMBER = regex.compile(r"[0-9]{1,5}[a-zđ]?")


def _sharing(text: str, shared: regex.Match, last: RawMention) -> list[RawMention]:
    out = []
    for k, n in enumerate(_SHARED_NUMBER.finditer(text, shared.start(), shared.end())):
        out.append(
            RawMention(
                start=last.start if k == 0 else n.start(),
                end=n.end(),
                anchor_start=n.start(),
                anchor_end=n.end(),
                type=last.type,
                type_written=last.type_written if k == 0 else None,
                number=n.group(),
                year=last.year,
                symbol=last.symbol,
                type_code=last.type_code,
                issuer_codes=list(last.issuer_codes),
                confidence=min(last.confidence, 0.9),
                notes=[*last.notes, f"shares the symbol written after {last.number}"],
                family=last.family,
            )
        )
    return out


# "Nghị định 120", "Thông tư 14 của Bộ Nội vụ": a type word and a bare number. The scan anchors on
# the last syllable of the type word (fast), then the whole type word is checked.
# The syllable sits in a lookbehind: the scan then only stops at digits, which is 2-3x faster than
# stopping at every 't' and 'đ'. No line break in the gaps: "quyết định" + "2. Công tác…" is a list
# item after a sentence (a hard-wrapped text has its soft breaks joined before this scan).
_SHORT = regex.compile(
    r"(?<=(?:định|tư|thị|quyết|án|trình|ĐỊNH|TƯ|THỊ|QUYẾT|ÁN|TRÌNH)(?:[ ]+(?:số|Số|SỐ))?[ ]+)(?P<num>[0-9]{1,4})"
    r"(?![0-9]|[ ]?[/-][ ]?[0-9\p{L}]|[.,][0-9])"
)
_SHORT_TYPES = {"Nghị định", "Thông tư", "Chỉ thị", "Nghị quyết", "Quyết định"}
_SHORT_WORDS = {t.lower() for t in _SHORT_TYPES}
_COUNT_NOUNS = (
    "người",
    "cuộc",
    "lượt",
    "hồ sơ",
    "văn bản",
    "đơn vị",
    "xã",
    "chỉ tiêu",
    "nhiệm vụ",
    "biên chế",
    "trường",
    "tháng",
    "năm",
    "ngày",
    "%",
    "phó",
    "cán bộ",
    "công chức",
    "viên chức",
    "tthc",
    "lao động",
)


# In text from a broken font the type word of a short form may have lost the syllable _SHORT anchors
# on ("Ngh    nh 120"): in such text only, every bare number after a run of spaces is looked at.
_BARE_NUMBER = regex.compile(r"(?<=[ ])(?P<num>[0-9]{1,4})(?![0-9]|[ ]?[/-][ ]?[0-9\p{L}]|[.,][0-9])")
_DAMAGED_SHORT_TYPES = {"Nghị định", "Thông tư", "Chỉ thị", "Nghị quyết"}


def find_short_forms(text: str, *, damaged: bool = False) -> list[RawMention]:
    """``damaged``: the text has damaged type words elsewhere (see _BARE_NUMBER)."""
    out = _short_forms(text)
    if damaged:
        seen = {r.anchor_start for r in out}
        out += [r for r in _damaged_short_forms(text) if r.anchor_start not in seen]
        out.sort(key=lambda r: r.anchor_start)
    return out


def _damaged_short_forms(text: str) -> list[RawMention]:
    g = grammar()
    out = []
    for m in _BARE_NUMBER.finditer(text):
        num, pos = m.group("num"), m.start()
        if "  " not in text[max(0, pos - 24) : pos] or _not_a_short_number(text, num, m.end()):
            continue
        notes: list[str] = []
        lo = max(0, pos - 48)
        mtype, written, start, conf = _damaged_type_before(g, text, lo, pos, pos, notes)
        if mtype not in _DAMAGED_SHORT_TYPES or written is not None or start >= pos:
            continue
        out.append(_short_mention(text, start, pos, m.end(), mtype, None, num, min(conf, 0.6), notes))
    return out


def _not_a_short_number(text: str, num: str, end: int) -> bool:
    """A year, or a count ("Quyết định 21 người")."""
    return (len(num) == 4 and num.startswith(("19", "20"))) or text[
        end : end + 12
    ].lstrip().lower().startswith(_COUNT_NOUNS)


def _short_mention(
    text: str,
    start: int,
    pos: int,
    end: int,
    mtype: str,
    written: str | None,
    num: str,
    conf: float,
    notes=None,
) -> RawMention:
    rm = RawMention(
        start=start,
        end=end,
        anchor_start=pos,
        anchor_end=end,
        type=mtype,
        type_written=written,
        number=num,
        year=None,
        symbol=None,
        short_form=True,
        family="short",
        confidence=conf,
        notes=notes if notes is not None else [],
    )
    _forward(text, end, rm)
    return rm


@lru_cache(maxsize=1)
def conventional_entries() -> dict[str, dict]:
    """ "đề án 06" -> its entry of data/conventional_names.yaml."""
    from luocdo.extract.grammar import load_data

    return {squeeze(k).lower(): v for k, v in load_data("conventional_names.yaml")["names"].items()}


@lru_cache(maxsize=64)
def conventional_target(document: str, type_: str, date: str, issuer: str | None) -> dict:
    """The approving document of a conventional name as a full citation's fields: type, number,
    year, symbol, date, issuer (the entry's, else the one its symbol names)."""
    number, rest = regex.match(r"([0-9]+[a-z]?)[/-](.*)", document).groups()
    year = None
    if regex.match(r"(?:19|20)[0-9]{2}/", rest):
        year, rest = rest[:4], rest[5:]
    kind = "party" if document[len(number)] == "-" else "normative" if year else "administrative"
    symbol, _, issuers, _ = _parse_symbol(kind, rest, [])
    if issuer is None:
        named = [issuer_from_code(c)[0] for c in issuers]
        issuer = next((n for n in named if n), None)
    return {
        "document": document,
        "type": type_,
        "number": number,
        "year": year,
        "symbol": symbol,
        "date": date,
        "issuer": issuer,
    }


# bodies a written issuer may name for the same document ("Đề án 06 của Chính phủ" is approved by the
# Prime Minister's decision)
_SAME_ISSUER = {"Chính phủ": "Thủ tướng Chính phủ"}


def _same_body(a: str | None, b: str | None) -> bool:
    return _SAME_ISSUER.get(a, a) == _SAME_ISSUER.get(b, b)


def _conventional_name(
    text: str, start: int, written: str, pos: int, end: int, num: str, entry: dict
) -> RawMention:
    """ "Đề án 06", "Chương trình 135": a programme's usual name. The mention is the short form as
    written (its type word, its number, no symbol); ``conventional`` holds the approving document of
    data/conventional_names.yaml when nothing written contradicts it: no issuer written or the
    entry's one, no date written or the entry's one (the pipeline makes it the resolved key)."""
    g = grammar()
    mtype = g.type_word_to_type.get(squeeze(written).lower(), str(entry["type"]))
    rm = _short_mention(text, start, pos, end, mtype, written, num, 0.9)
    target = conventional_target(
        str(entry["document"]), str(entry["type"]), str(entry["date"]), entry.get("issuer")
    )
    ref = rm.issuer_ref
    if ref is not None:
        said = ref.canonical if ref.kind == "central" and not ref.others else None
        if said is None or not _same_body(said, target["issuer"]):
            return rm  # "Nghị quyết 57 của HĐND tỉnh": another document with the same number
    if rm.date and not target["date"].startswith(rm.date):
        return rm  # "Nghị quyết 68 ngày 01/7/2021": another document with the same number
    rm.conventional = target
    return rm


def _short_forms(text: str) -> list[RawMention]:
    out = []
    conventional = conventional_entries()
    for m in _SHORT.finditer(text):
        num = m.group("num")
        mtype, written, start, _ = _type_before(text, m.start("num"), [])
        entry = conventional.get(squeeze(written).lower() + " " + num) if written else None
        if entry is not None:
            out.append(_conventional_name(text, start, written, m.start("num"), m.end(), num, entry))
            continue
        if _not_a_short_number(text, num, m.end()):
            continue
        if mtype not in _SHORT_TYPES or written is None or squeeze(written).lower() not in _SHORT_WORDS:
            continue
        out.append(_short_mention(text, start, m.start("num"), m.end(), mtype, written, num, 0.8))
    return out


_LAW_STOP = (
    r"và[ ]+(?:các|những|Luật|luật|Nghị|Thông|Quyết|Chỉ|Bộ|Pháp)|của(?![ ]+Luật)|trong|được|để|cho|theo|tại|trên|đến|với|từ|"
    r"năm(?=[ ]+(?:19|20)[0-9]{2})|này|đã|nhằm|thì|đối[ ]với|gửi|có|là|nên|ngày|số|hiện[ ]hành|sửa[ ]đổi(?=[ ]*,?[ ]*bổ[ ]sung[ ]năm)|mới|và[ ]các"
)
_LAW = regex.compile(
    rf"(?P<kw>Bộ[ ]luật|Luật|luật(?=[ ]+sửa[ ]đổi)|Hiến[ ]pháp)"
    rf"(?P<name>(?:[ ]+(?!(?:{_LAW_STOP})(?![\p{{L}}]))[\p{{L}}0-9]+(?:[ ]?[-–][ ]?[\p{{L}}]+)?(?:,(?=[ ]+bổ[ ]sung))?){{1,14}})"
    rf"(?:[ ]+năm[ ]+(?P<year>(?:19|20)[0-9]{{2}}))?"
)
_LAW_NOT_NAME = regex.compile(
    r"(?i)^[ ]+(?:gia|sư|pháp|định|lệ|sự|chơi|hóa|hoá|số|này|trên|nêu|được|hiện|quy|các|mới|khác|chuyên|về|do|của)(?![\p{L}])"
)


# "Luật sửa đổi, bổ sung" + line break + "một số điều của Luật X": the title may wrap
_AMENDING_LAW = regex.compile(
    r"(?P<kw>Luật|luật)[ ]+(?P<head>sửa[ ]đổi,?(?:[ ]+|[ ]*\n[ ]*)bổ[ ]sung(?:(?:[ ]+|[ ]*\n[ ]*)một[ ]+số[ ]+điều)?"
    r"(?:(?:[ ]+|[ ]*\n[ ]*)của)?(?:(?:[ ]+|[ ]*\n[ ]*)các)?(?:[ ]+|[ ]*\n[ ]*))(?=Luật[ ])"
)
# the next law of the list an amending law's title names ("của Luật A, Luật B và Luật C")
_AMENDED_NEXT = regex.compile(
    r"[ ]*(?:,(?:[ ]+|[ ]*\n[ ]*)(?:và(?:[ ]+|[ ]*\n[ ]*))?|(?:[ ]+|[ ]*\n[ ]*)và(?:[ ]+|[ ]*\n[ ]*))(?=Luật[ ])"
)


def _law(m: regex.Match, mtype: str, name: str) -> RawMention:
    return RawMention(
        start=m.start(),
        end=m.end(),
        anchor_start=m.start(),
        anchor_end=m.end(),
        type=mtype,
        type_written=m.group("kw"),
        number=None,
        year=None,
        symbol=None,
        name=name[0].upper() + name[1:] if name else None,
        date=m.groupdict().get("year"),
        family="law",
    )


class _KnownLawNames:
    """Law names that contain a comma, from citation_forms.yaml (compiled on first use)."""

    _re: regex.Pattern | None = None
    _loaded = False

    def get(self) -> regex.Pattern | None:
        if not self._loaded:
            from luocdo.extract.grammar import load_data

            names = load_data("citation_forms.yaml").get("law_names_with_commas") or []
            if names:
                alts = "|".join(
                    regex.escape(n).replace(r"\ ", "[ ]+") for n in sorted(names, key=len, reverse=True)
                )
                self._re = regex.compile(rf"[ ]+(?P<n>(?i:{alts}))(?![\p{{L}}])")
            self._loaded = True
        return self._re


_KNOWN_LAW = _KnownLawNames()


def _amending_laws(text: str) -> list[regex.Match]:
    """_AMENDING_LAW matches, found from each "sửa" (str.find is much faster than a regex scan)."""
    out = []
    i = text.find("sửa")
    while i >= 0:
        j = i
        while j and text[j - 1] == " ":
            j -= 1
        if j < i and text[j - 4 : j] in ("Luật", "luật"):
            m = _AMENDING_LAW.match(text, j - 4)
            if m:
                out.append(m)
        i = text.find("sửa", i + 3)
    return out


def _law_starts(text: str) -> list[int]:
    """Every offset where _LAW's keyword (Bộ luật, Luật, luật, Hiến pháp) can begin, in order."""
    starts = []
    i = text.find("uật")
    while i >= 1:
        c = text[i - 1]
        if c == "L":
            starts.append(i - 1)
        elif c == "l":
            if i >= 4 and text[i - 4 : i - 1] == "Bộ ":
                starts.append(i - 4)
            starts.append(i - 1)
        i = text.find("uật", i + 3)
    i = text.find("Hiến pháp")
    while i >= 0:
        starts.append(i)
        i = text.find("Hiến pháp", i + 9)
    starts.sort()
    return starts


def _law_matches(text: str) -> list[regex.Match]:
    """What _LAW.finditer(text) yields, tried only where a keyword starts."""
    out: list[regex.Match] = []
    last = 0
    for p in _law_starts(text):
        if p < last:
            continue
        m = _LAW.match(text, p, None, KEEP_GIL)
        if m:
            out.append(m)
            last = m.end()
    return out


# "LUẬT PHÒNG CHÁY VÀ CHỮA CHÁY", "BỘ LUẬT LAO ĐỘNG": a law named in capitals (titles, headings)
_CAPS_LAW_STOP = r"CỦA|NĂM|SỐ|NGÀY|VÀ[ ]CÁC|ĐÃ|ĐƯỢC|TẠI|THEO|TRONG|VỀ|NÀY|CHO|ĐỂ|VÀ[ ](?:BỘ[ ])?LUẬT|NĂM|SỬA|QUY[ ]ĐỊNH|HIỆN[ ]HÀNH"
_CAPS_LAW = regex.compile(
    rf"(?P<kw>BỘ[ ]LUẬT|LUẬT|HIẾN[ ]PHÁP)(?P<name>(?:,?[ ]+(?!(?:{_CAPS_LAW_STOP})(?![\p{{L}}]))\p{{Lu}}{{2,}}|[ ]+VÀ(?=[ ]+\p{{Lu}}{{2,}})|[ ]+[0-9]{{1,3}}(?![0-9/])){{1,12}}"
    rf"|(?<=HIẾN[ ]PHÁP)(?=[ ]+NĂM[ ]+(?:19|20)[0-9]{{2}}))"  # "HIẾN PHÁP NĂM 2013": a year, no name
    rf"(?:[ ]+NĂM[ ]+(?P<year>(?:19|20)[0-9]{{2}}))?(?![\p{{L}}0-9])"
)
# "KỶ LUẬT", "QUY LUẬT", "HỘI LUẬT GIA", "ĐOÀN LUẬT SƯ", "PHÁP LUẬT", "LUẬT HÓA": words, not laws
_CAPS_NOT_LAW_AFTER = ("KỶ ", "QUY ", "HỘI ", "ĐOÀN ", "PHÁP ")
_CAPS_NOT_LAW_NAME = regex.compile(r"(?:SƯ|GIA|HÓA|HOÁ)(?![\p{L}])")


def _caps_laws(text: str) -> list[RawMention]:
    out = []
    i = text.find("LUẬT ")
    j = text.find("HIẾN PHÁP ")
    while i >= 0 or j >= 0:
        at = min(k for k in (i, j) if k >= 0)
        if at >= 3 and text[at - 3 : at] == "BỘ ":
            at -= 3
        m = _CAPS_LAW.match(text, at)
        before = text[max(0, at - 6) : at]
        if m and not (at and text[at - 1].isalpha()) and not before.endswith(_CAPS_NOT_LAW_AFTER):
            name = squeeze(m.group("name")).strip(" ,")
            kw = m.group("kw")
            mtype = "Hiến pháp" if kw.startswith("H") else "Bộ luật" if kw.startswith("B") else "Luật"
            if not name and mtype == "Hiến pháp":
                law = _law(m, mtype, "")
                law.notes.append("law named in capitals")
                out.append(law)
            elif (
                name
                and name[0].isalpha()
                and len(name) > 3
                and not name.startswith("VÀ ")
                and not _CAPS_NOT_LAW_NAME.match(name)
            ):
                law = _law(m, mtype, name[0] + name[1:].lower())
                law.notes.append("law named in capitals")
                out.append(law)
        nxt = m.end() if m else at + 4  # a keyword found further on is still to be looked at
        if 0 <= i < nxt:
            i = text.find("LUẬT ", nxt)
        if 0 <= j < nxt:
            j = text.find("HIẾN PHÁP ", nxt)
    return out


def _known_law_name(text: str, m: regex.Match, law: RawMention) -> None:
    """ "Luật Cán bộ, công chức": a known name with a comma, longer than _LAW read it."""
    longer = _KNOWN_LAW.get().match(text, m.start("name"), None, KEEP_GIL) if _KNOWN_LAW.get() else None
    if longer and longer.end() > m.end("name"):
        law.name = squeeze(longer.group("n"))
        law.name = law.name[0].upper() + law.name[1:]
        law.end = law.anchor_end = longer.end()


def find_named_laws(text: str) -> list[RawMention]:
    out = _caps_laws(text) if "LUẬT " in text or "HIẾN PHÁP " in text else []
    skip: set[int] = set()
    # "Luật sửa đổi, bổ sung một số điều của Luật X": the amending law and X are both cited
    for am in _amending_laws(text):
        if am.start() and text[am.start() - 1].isalpha():
            continue
        inner = _LAW.match(text, am.end())
        if not inner or _LAW_NOT_NAME.match(inner.group("name")):
            continue
        head = squeeze(am.group("head"))
        outer = RawMention(
            start=am.start(),
            end=inner.end(),
            anchor_start=am.start(),
            anchor_end=inner.end(),
            type="Luật",
            type_written=am.group("kw"),
            number=None,
            year=None,
            symbol=None,
            name="Sửa đổi, bổ sung" + head[len("sửa đổi, bổ sung") :].rstrip(),
            family="law",
        )
        out.append(outer)
        skip.add(am.start())
        # each law the title names is cited on its own; the title runs to the last one (a number
        # written after it is the amending law's: "... của Luật A, Luật B số 56/2024/QH15")
        first = name_end = inner.start()
        while inner is not None and not _LAW_NOT_NAME.match(inner.group("name")):
            law = _law(inner, "Luật", squeeze(inner.group("name")).strip(" ,"))
            _known_law_name(text, inner, law)
            out.append(law)
            skip.add(inner.start())
            outer.end = outer.anchor_end = law.end
            name_end = law.end if law.end != inner.end() else inner.end("name")  # not its "năm 2020"
            nxt = _AMENDED_NEXT.match(text, law.end)
            inner = _LAW.match(text, nxt.end()) if nxt else None
        # the laws as written: "Luật A, Luật B và Luật C"
        outer.name += " " + squeeze(text[first:name_end]).rstrip(" ,")
    for m in _law_matches(text):
        b = m.start()
        if b in skip or (b and text[b - 1].isalpha()) or text[max(0, b - 5) : b].lower() == "pháp ":
            continue
        name = m.group("name")
        if _LAW_NOT_NAME.match(name, None, None, KEEP_GIL):
            continue
        kw = m.group("kw").lower()
        mtype = "Hiến pháp" if kw.startswith("hiến") else "Bộ luật" if kw.startswith("bộ") else "Luật"
        name = squeeze(name).strip(" ,")
        if not name or not name[0].isalpha():
            continue
        law = _law(m, mtype, name)
        _known_law_name(text, m, law)
        out.append(law)
    out.sort(key=lambda r: r.start)
    return out

"""Relations from the words around citations (DOMAIN.md §3).

Mentions are read in text order and placed in a shallow tree: a mention that follows another with
only a list separator between them is its sibling; one that follows a description ("ban hành Kế
hoạch thực hiện ...", "sửa đổi, bổ sung ...") is nested under it, and the cue in that description
names the relation between the two documents. Top-level mentions take the report's relation from
the cue before the list they head. A lead group ("Thực hiện A; B ...") followed by documents someone
then issued ("... UBND huyện đã ban hành C") gives C -> A and C -> B.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from luocdo.extract.gil import KEEP_GIL
from luocdo.extract.grammar import EndPattern, load_data
from luocdo.lines import line_end, line_start


@dataclass(slots=True)
class Node:
    idx: int
    start: int
    end: int
    line: int
    issuer_code: str | None
    numbered: bool
    date: str | None
    in_footnote: bool
    parent: int | None = None
    relation: str = "cites"
    cue_kind: str | None = None
    cue_conf: float = 1.0  # how firmly the cue states cue_kind ("gắn với việc thực hiện X": less)


@dataclass
class Found:
    report_relation: list[str]
    pairs: list[tuple[int, str, int, int, int]] = field(
        default_factory=list
    )  # from, rel, to, ev_start, ev_end
    report_confidence: list[float] = field(default_factory=list)  # of each report_relation


_CUE_SPACE = regex.compile(r"(?<!\[) (?!\])")  # a space of a cue, not one inside a [ ] class


def _spaced(cue: str) -> str:
    """A cue's spaces match runs of spaces ("thực  hiện" after a CR LF or a vanished glyph)."""
    return _CUE_SPACE.sub("[ ]+", cue)


@cache
def _cues() -> dict:
    d = load_data("relation_cues.yaml")

    def comp(table: dict[str, str]) -> list[tuple[str, regex.Pattern]]:
        return [
            (k, regex.compile(rf"(?i)(?<![\p{{L}}])(?:{_spaced(v)})(?![\p{{L}}])")) for k, v in table.items()
        ]

    def combined(table: dict[str, str]) -> regex.Pattern:
        alts = "|".join(f"(?P<{k}>{_spaced(v)})" for k, v in table.items())
        return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{alts})(?![\p{{L}}])")

    report = comp(d["report"])
    return {
        "report": report,
        "report_issued": dict(report).get("issued"),
        "report_all": combined(d["report"]),
        "between_all": combined(d["between"]),
        "between_reverse_all": combined(d["between_reverse"]),
        "responds_to": regex.compile(rf"(?i)(?<![\p{{L}}])(?:{_spaced(d['responds_to'])})(?![\p{{L}}])"),
        "connectors_all": combined(d["issuing_connectors"]),
        "window": int(d["report_window"]),
        "subject_issued": regex.compile(d["subject_issued"]),
        "openers": regex.compile(rf"(?i)(?<![\p{{L}}]){d['list_openers']}"),
        "provision_tail": EndPattern(rf"(?i)(?:{d['provision_ref']})$"),
        "reverse_opening": regex.compile(rf"(?i)[ ]*(?:{_spaced(d['between_reverse']['amends'])})"),
        "opening": regex.compile(rf"(?i){d['opening_based_on']}"),
        "issued_document": regex.compile(d["issued_document"]),
        "generic_documents": regex.compile(
            rf"(?<![\p{{L}}])(?:{_spaced(d['generic_documents'])})(?![\p{{L}}])"
        ),
        "part_of": regex.compile(rf"(?i)(?<![\p{{L}}])(?:{_spaced(d['part_of'])})"),
        "dangling": EndPattern(rf"(?i)(?<![\p{{L}}])(?:{_spaced(d['dangling_end'])})$"),
        "weak": EndPattern(rf"(?i)(?<![\p{{L}}])(?:{_spaced(d['weak_report_cue'])})[ ]*$"),
        "weak_conf": float(d["weak_report_confidence"]),
    }


_FOOTNOTE_REF = regex.compile(r"<sup>[ ]*([0-9]+)[ ]*</sup>|([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_LIST_END = EndPattern(r"(?:,|(?<![\p{L}])và)[ ]*$")
_PURE_SEP = regex.compile(r"^[ ,;:()*\-–]*(?:(?:và|hoặc|cùng)[ ]+)?[ ,;:()*\-–]*$")
_OPENS_WITH_THUC_HIEN = regex.compile(r"[ \-+*>#]*(?i:thực hiện|triển khai thực hiện)[ ]")
_SENTENCE = regex.compile(r"\n|[.!?][ ]+(?=[\p{Lu}\"“(])|[.!?]$")
_SENTENCE_MARKS = "\n.!?"  # every _SENTENCE match holds one


def _sentence_breaks(gap: str) -> list[regex.Match]:
    """list(_SENTENCE.finditer(gap)), not scanned when the gap holds none of the marks (most gaps
    between two citations of a sentence)."""
    for c in _SENTENCE_MARKS:
        if c in gap:
            return list(_SENTENCE.finditer(gap))
    return []


# a line that opens a block: list item, heading, article ("Điều 4." but not "Điều 4 Nghị định ..."),
# table row, footnote, a capitalised clause opener ("Căn cứ", "Xét", relation_cues.yaml line_openers);
# "*" opens one only as a bullet ("* "), not as emphasis ("*Căn cứ ..."). Up to two spaces before it are
# markup the normalizer blanked; an indent of three or more opens a paragraph.
@cache
def _block_start() -> regex.Pattern:
    openers = load_data("relation_cues.yaml")["line_openers"]
    return regex.compile(
        r"[ ]{0,2}(?:\t|[ ]{3}|[-–—+•#>|]|\*[ ]|[0-9]{1,2}(?:[.][0-9]{1,2})*[.)/:][ ]|[IVXLC]+[.)][ ]|[A-Za-zđĐ][.)][ ]"
        r"|[(][0-9a-zđ]{1,3}[)]|(?i:điều|chương|mục|phần)[ ]+[0-9IVXLC]+[.:]|<sup>|\[\^?[0-9]+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]"
        rf"|[*_]{{0,3}}(?:{_spaced(openers)})(?![\p{{L}}]))"
    )


# a line break that may only wrap a sentence: the line before it does not end one
# (a look-behind: the scan then only stops at line breaks)
_WRAP_CANDIDATE = regex.compile(r"(?<=[^\n.:;!?|\s*_][ *_]{0,4})\n(?:[ \t]*\n)*(?=[ ]{0,2}\S)")
_UPPER_LINE = regex.compile(r"[^\p{Ll}]*\p{Lu}[^\p{Ll}]*")


_FLATTEN_REACH = 600  # characters around a citation whose line breaks the cues are read across


def _near(nodes: list[Node], size: int) -> list[tuple[int, int]]:
    """The stretches of text within reach of a citation, merged; analyse reads nothing farther."""
    spans: list[tuple[int, int]] = []
    for n in nodes:
        s, e = max(n.start - _FLATTEN_REACH, 0), min(n.end + _FLATTEN_REACH, size)
        if spans and s <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], e))
        else:
            spans.append((s, e))
    return spans


def flatten(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` with line breaks that only wrap a sentence made spaces (one for one, offsets kept), so
    that a cue and the citation it governs are read together however the lines were cut ("Căn cứ
    Nghị định số" / "72/2024/NĐ-CP ..."). A break stays when the line before ends a sentence, is a
    heading, a table row or an upper-case title, when the next line opens a list item, heading, article
    or footnote, and at a blank line unless the line before ends on a word that cannot end a clause
    ("Căn cứ", "theo", "tại")."""
    cues = _cues()
    parts: list[str] = []
    last = 0
    matches = (
        _WRAP_CANDIDATE.finditer(text)
        if spans is None
        else (m for s, e in spans for m in _WRAP_CANDIDATE.finditer(text, s, e, False, KEEP_GIL))
    )
    block_start = _block_start()
    dangling = cues["dangling"]
    for m in matches:
        nl, nxt_start = m.span()
        if nl < last:
            continue
        ls = line_start(text, nl)
        line = text[ls:nl]
        if "|" in line or line.lstrip().startswith("#"):
            continue
        # more than the one break: a blank line follows (the match only spans line breaks and blanks)
        if nxt_start - nl > 1 and not dangling.search(line.rstrip(" *_")):
            continue
        if block_start.match(text, nxt_start, None, KEEP_GIL):
            continue
        if _UPPER_LINE.fullmatch(line, None, None, KEEP_GIL) and not _UPPER_LINE.fullmatch(
            text[nxt_start : line_end(text, nxt_start)]
        ):
            continue  # an upper-case title, then the body
        parts.append(text[last:nl])
        parts.append(m.group().replace("\n", " "))
        last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


# rank of a document, to tell which of two can amend the other: a decree never amends a law
_LAW_SURFACE = regex.compile(r"(?i)(?:hiến pháp|bộ luật|luật|pháp lệnh)(?![\p{L}])|.*?/(?:UBTV)?QH[0-9]")
_DECREE_SURFACE = regex.compile(r"(?i)nghị[ ]+định(?![\p{L}])|.*?NĐ-CP")
# "Luật Tổ chức chính quyền" / "địa phương số 72/2025/QH15": a law's name and its number found apart
_LAW_NAME = regex.compile(r"(?i)(?:bộ luật|luật|pháp lệnh)[ ]")
_NAME_REST = regex.compile(r"[ \p{L},]{0,120}")
_BARE_NUMBER = regex.compile(r"(?i)(?:luật[ ]+)?số[ ]")
# after a citation, a gap that opens a new clause rather than describing it ("..., hoặc bổ sung ...",
# "..., các quy định kỹ thuật thực hiện theo ...")
# "..., điểm b khoản 2 Điều 5 Quyết định Y", "... và Phụ lục I ban hành kèm theo Nghị định Y": another item)
_NEW_CLAUSE = regex.compile(
    r"[ ]*,?[ ]*(?:hoặc|thì|để|nhưng|song|đồng thời|trong đó|các|những|còn)(?![\p{L}])"
    r"|[ ]*(?:,|và)[ ]*(?:điểm|khoản|điều|mục|chương|phụ lục|biểu mẫu|mẫu số)[ ]",
    regex.IGNORECASE,
)
# a gap that opens with "và" coordinates: a description of the citation before never does
_AND_CLAUSE = regex.compile(r"[ ]*,?[ ]*và[ ]", regex.IGNORECASE)
# "..., cùng [với] Kế hoạch số ...": a second item of the list, whatever its issuer
_COORD_END = EndPattern(r"(?<![\p{L}])cùng(?:[ ]+với)?(?:[ ]+\p{L}+){0,2}[ ]*$")


def _rank(text: str, n: Node) -> int:
    s = text[n.start : n.end]
    if _LAW_SURFACE.match(s):
        return 3
    return 2 if _DECREE_SURFACE.match(s) else 1


def _closes_paren(gap: str) -> int:
    """Where gap closes a parenthesis opened before it (the citation before gap is inside it), else -1."""
    first = gap.find(")")
    if first < 0:
        return -1
    if gap.find("(", 0, first) < 0:
        return first  # the first ")" closes what was opened before gap
    depth = 0
    for k, ch in enumerate(gap):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return k
    return -1


def last_cue(text: str, pattern: regex.Pattern) -> tuple[str | None, int]:
    """The cue that ends last in text (the kind is the name of the alternative that matched)."""
    best, pos = None, -1
    for m in pattern.finditer(text, None, None, False, KEEP_GIL):
        best, pos = m.lastgroup, m.end()
    return best, pos


# the same leads come back often ("Căn cứ ", "Thực hiện "), and a lead's cue depends on nothing else
@lru_cache(maxsize=4096)
def report_cue(lead: str) -> str | None:
    """How the report relates to the documents that follow this lead text."""
    cues = _cues()
    openers = list(cues["openers"].finditer(lead, None, None, False, KEEP_GIL))
    op = openers[-1] if openers else None
    if op is not None:
        best, pos = None, len(lead)
        for kind, pat in cues["report"]:
            m = pat.search(lead, 0, op.start())
            if m and m.start() < pos:
                best, pos = kind, m.start()
        if best:
            return best
    tail = lead[-300:].rstrip(" *_")
    pm = cues["provision_tail"].search(tail)
    if pm is not None:  # "quy định tại khoản 1 Điều 9 [Nghị định X]": the cue is before the provision
        tail = tail[: pm.start()]
    if cues["opening"].fullmatch(tail.strip(" *_\t"), None, None, KEEP_GIL):
        return "based_on"
    if cues["part_of"].search(tail, None, None, KEEP_GIL):
        return "based_on"
    window = tail[-cues["window"] :]
    issued = cues["report_issued"]
    im = None
    if issued is not None:
        for im in issued.finditer(window, None, None, False, KEEP_GIL):  # noqa: B007 - the last one
            pass
    if im is not None:
        # "ban hành Bảng giá theo quy định tại [X]": the issued thing is not cited, the basis is
        after, apos = last_cue(window[im.end() :], cues["report_all"])
        if after == "based_on" and not cues["issued_document"].search(window, im.end(), im.end() + apos):
            return "based_on"
        return "issued"
    return last_cue(window, cues["report_all"])[0]


@lru_cache(maxsize=4096)
def cue_strength(lead: str, kind: str | None) -> float:
    """How firmly lead states the report relation ``kind``: less when the last cue of that kind is bound
    to another task ("... gắn với việc thực hiện [X]")."""
    if kind not in ("implements", "based_on"):
        return 1.0
    cues = _cues()
    pat = dict(cues["report"])[kind]
    window = lead[-(cues["window"] + 40) :]
    last = None
    for last in pat.finditer(window, None, None, False, KEEP_GIL):  # noqa: B007 - the last one
        pass
    if last is not None and cues["weak"].search(window, max(0, last.start() - 40), last.start()):
        return cues["weak_conf"]
    return 1.0


def _subject_issued(s: str) -> regex.Match | None:
    """_cues()["subject_issued"].search(s), not tried on a text without "ban hành": the pattern
    (relation_cues.yaml) ends with those words, case as written."""
    return _cues()["subject_issued"].search(s, None, None, KEEP_GIL) if "ban hành" in s else None


def _set_cue(n: Node, lead: str) -> str | None:
    """The report cue of lead on n, with its strength."""
    n.cue_kind = report_cue(lead)
    n.cue_conf = cue_strength(lead, n.cue_kind)
    return n.cue_kind


def _copy_cue(n: Node, src: Node | None) -> None:
    n.cue_kind = src.cue_kind if src is not None else None
    n.cue_conf = src.cue_conf if src is not None else 1.0


def _continues(text: str, gap: str) -> bool:
    """A line break that only splits a paragraph (page break in a converted file)."""
    before, _, after = gap.partition("\n")
    after = after.lstrip("\n \t")
    return (
        bool(after)
        and not before.rstrip().endswith((".", ":", ";", "!", "?", "*"))
        and (after[0].islower() or after[0].isdigit())
        and "\n" not in after.rstrip("\n")
    )


def _footnotes(text: str, nodes: list[Node]) -> dict[str, list[int]]:
    """Footnote number -> the nodes written in that footnote."""
    out: dict[str, list[int]] = {}
    for n in nodes:
        if not n.in_footnote:
            continue
        ls = line_start(text, n.start)
        m = _FOOTNOTE_REF.search(text, ls, min(len(text), ls + 20), KEEP_GIL)
        if m:
            out.setdefault((m.group(1) or m.group(2)).translate(_SUPERSCRIPT), []).append(n.idx)
    return out


def analyse(text: str, nodes: list[Node]) -> Found:
    cues = _cues()
    text = flatten(text, _near(nodes, len(text)))
    found = Found(report_relation=["cites"] * len(nodes), report_confidence=[1.0] * len(nodes))
    footnotes = _footnotes(text, nodes)
    clause_head: int | None = None  # first top-level node of the current clause
    pending_footnote_targets: list[tuple[int, list[int]]] = []
    lead_sources: list[int] = []  # top-level nodes with implements/based_on cues in this paragraph
    para_start = 0
    responded = False  # a document answers at most one request
    for i, n in enumerate(nodes):
        prev = nodes[i - 1] if i else None
        same_as: int | None = None
        if prev is None:
            new_para = True
        else:
            between = text[prev.end : n.start]
            new_para = "\n" in between and not _continues(text, between)
        if new_para:
            para_start = line_start(text, n.start)
            lead_sources = []
        gap_start = para_start if new_para else prev.end
        gap = text[gap_start : n.start]
        breaks = [] if new_para else _sentence_breaks(gap)
        sentence_break = new_para or bool(breaks)
        if sentence_break:
            m = breaks[-1] if breaks else None
            own_lead = gap[m.end() :] if m and not new_para else gap
            lead_all = gap if new_para else own_lead
            n.parent = None
            clause_head = i
            _set_cue(n, lead_all)
        elif (
            not prev.numbered
            and n.numbered
            and _LAW_NAME.match(text, prev.start)
            and _NAME_REST.fullmatch(gap)
            and _BARE_NUMBER.match(text, n.start)
        ):
            # the name of a law and its number, found as two citations: one document
            n.parent = prev.parent
            n.relation = prev.relation
            _copy_cue(n, prev)
            same_as = prev.idx
        elif ";" in gap and not cues["reverse_opening"].match(gap, gap.rfind(";") + 1):
            own_lead = gap[gap.rfind(";") + 1 :]
            n.parent = None
            kind = _set_cue(n, own_lead) if own_lead.strip(" -+*") else None
            if not kind:
                _copy_cue(n, nodes[clause_head] if clause_head is not None else None)
        elif _PURE_SEP.match(gap, None, None, KEEP_GIL):
            # list sibling: of prev, or of prev's parent when the issuer code says so
            if prev.parent is not None:
                par = nodes[prev.parent]
                if n.issuer_code and n.issuer_code == par.issuer_code and n.issuer_code != prev.issuer_code:
                    n.parent = par.parent
                    _copy_cue(n, par if n.parent is None else None)
                    n.relation = par.relation
                else:
                    n.parent = prev.parent
                    n.relation = prev.relation
            else:
                n.parent = None
                _copy_cue(n, prev)
        elif _subject_issued(gap):
            # "..., đồng thời Ủy ban nhân dân huyện đã ban hành ... (Quyết định số X)": a new clause
            n.parent = None
            clause_head = i
            n.cue_kind = "issued"
        elif _COORD_END.search(gap) or (
            _LIST_END.search(gap)
            and n.issuer_code == prev.issuer_code
            and n.numbered
            and prev.numbered
            and (nodes[prev.idx].start < n.start)
        ):
            # "Quyết định A ... về việc ... và Quyết định B": two items of one list
            n.parent = prev.parent
            n.relation = prev.relation
            _copy_cue(n, prev)
        elif _AND_CLAUSE.match(gap, None, None, KEEP_GIL):
            # "xử lý ... theo X và xử lý ... theo Y": a second clause of the sentence, not a description of X
            generic = cues["generic_documents"].search(gap)
            kind = None if generic else report_cue(gap)
            if prev.parent is not None:
                n.parent = prev.parent
                fk, _ = last_cue(gap, cues["between_all"])
                n.relation = fk or prev.relation
            elif kind:
                n.parent = None
                n.cue_kind, n.cue_conf = kind, cue_strength(gap, kind)
            else:
                n.parent = None
                _copy_cue(n, None if generic else prev)
        elif _NEW_CLAUSE.match(gap, None, None, KEEP_GIL):
            n.parent = None
            if not _set_cue(n, gap):
                _copy_cue(n, prev if prev.parent is None else None)
        else:
            # a description of prev that cites n
            owner, desc = prev, gap
            close = _closes_paren(gap)
            if close >= 0:
                # "X (… Y) quy định … theo Z": what follows the parenthesis describes X, not Y
                owner = nodes[prev.parent] if prev.parent is not None else None
                desc = gap[close + 1 :]
            if owner is None or (close >= 0 and _NEW_CLAUSE.match(desc)):
                n.parent = None
                _set_cue(n, desc)
            else:
                n.parent = owner.idx
                rk, rpos = last_cue(desc, cues["between_reverse_all"])
                fk, fpos = last_cue(desc, cues["between_all"])
                if rk and rpos >= fpos:
                    n.relation = "~" + rk
                    if rk == "amends":
                        # "... của Luật X được sửa đổi, bổ sung bởi Nghị định Y": a decree amends the decree
                        # whose description names the law, not the law
                        tgt = owner
                        while tgt.parent is not None and _rank(text, tgt) > _rank(text, n):
                            tgt = nodes[tgt.parent]
                        if _rank(text, tgt) <= _rank(text, n):
                            n.parent = tgt.idx
                elif fk:
                    n.relation = fk
                else:
                    n.relation = "cites"
            # the words after a nested list can start a new top-level item ("..., đồng thời thực hiện X")
        # report relation
        if same_as is not None:
            found.report_relation[i] = found.report_relation[same_as]
            found.report_confidence[i] = found.report_confidence[same_as]
        elif n.parent is None:
            kind = n.cue_kind
            if kind == "responds_to":
                # "Xét Tờ trình X; Báo cáo thẩm tra Y": the document answers X and rests on Y
                found.report_relation[i] = "based_on" if responded else "responds_to"
                responded = True
            elif kind in ("implements", "based_on"):
                found.report_relation[i] = kind
                found.report_confidence[i] = n.cue_conf
                if kind == "implements":
                    after = text[n.end : n.end + 400].split("\n")[0]
                    hit = cues["responds_to"].search(after, None, None, KEEP_GIL)
                    # the opening "Thực hiện" read only when the cue is not right after the citation
                    if hit and (
                        hit.start() < 60
                        or clause_head == i
                        and _OPENS_WITH_THUC_HIEN.match(gap.rsplit("\n", 1)[-1])
                        and not _SENTENCE.search(after, 0, hit.start())
                    ):
                        # "Thực hiện Công văn X về việc báo cáo ..." or "Thực hiện X ..., UBND huyện báo cáo như sau"
                        found.report_relation[i] = "responds_to"
                        found.report_confidence[i] = 1.0
                        responded = True
            # documents issued after a lead group
            if kind == "issued" and lead_sources:
                between_text = text[nodes[lead_sources[-1]].end : n.start]
                ck, _ = last_cue(between_text, cues["connectors_all"])
                for s in lead_sources:
                    src = nodes[s]
                    if not (src.numbered and n.numbered):
                        continue
                    if n.date and src.date and n.date < src.date:
                        continue  # cannot implement what did not exist yet
                    rel = "based_on" if ck == "based_on" else found.report_relation[s]
                    if rel == "responds_to":
                        rel = "implements"
                    found.pairs.append((n.idx, rel, src.idx, src.start, n.end))
            elif kind in ("implements", "based_on"):
                lead_sources.append(i)
                # "Thực hiện A, ... UBND huyện đã ban hành các văn bản ...²" with the documents in footnote 2
                nxt = nodes[i + 1].start if i + 1 < len(nodes) else len(text)
                seg_end = min(nxt, line_end(text, n.end))
                seg = text[n.end : seg_end]
                im = _subject_issued(seg)
                if im is not None:
                    for fm in _FOOTNOTE_REF.finditer(seg, im.end(), None, False, KEEP_GIL):
                        for b in footnotes.get((fm.group(1) or fm.group(2)).translate(_SUPERSCRIPT), []):
                            pending_footnote_targets.append((b, list(lead_sources)))
            elif kind in (None, "content"):
                lead_sources = []  # a document merely named in between: the lead group is over
        else:
            par = nodes[n.parent]
            if n.relation.startswith("~"):
                found.pairs.append((n.idx, n.relation[1:], par.idx, par.start, n.end))
                if n.relation == "~amends":
                    # "Căn cứ X, được sửa đổi, bổ sung bởi Y": the basis is X as Y amended it
                    pr = found.report_relation[par.idx]
                    found.report_relation[i] = pr if pr in ("based_on", "implements") else "cites"
                    if pr in ("based_on", "implements"):
                        found.report_confidence[i] = found.report_confidence[par.idx]
            elif n.relation != "cites" and par.numbered and n.numbered:
                found.pairs.append((par.idx, n.relation, n.idx, par.start, n.end))
    for b, sources in pending_footnote_targets:
        bn = nodes[b]
        if bn.parent is not None or not bn.numbered:
            continue
        for s in sources:
            src = nodes[s]
            if src.numbered and not (bn.date and src.date and bn.date < src.date):
                rel = found.report_relation[s]
                found.pairs.append((b, "implements" if rel == "responds_to" else rel, s, src.start, src.end))
    return found

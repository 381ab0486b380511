"""The extraction pipeline for one text: load -> normalize -> extract -> resolve -> records."""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import regex

from luocdo.extract.citations import RawMention, find_anchored, find_named_laws, find_short_forms
from luocdo.extract.conventional import citation_key as _key
from luocdo.extract.conventional import conventional_key
from luocdo.extract.gil import KEEP_GIL
from luocdo.extract.header import parse_header
from luocdo.extract.relations import Node, analyse, report_cue
from luocdo.lines import line_start
from luocdo.load import LoadedDocument, read_document
from luocdo.load.accents import restore_accents
from luocdo.load.normalize import normalize
from luocdo.model import Extraction, Mention, Relation
from luocdo.resolve.in_document import context_for, issuer_code, resolve_issuers

_FOOTNOTE_LINE = regex.compile(r"[ >*]*(?:<sup>[ ]*[0-9]+[ ]*</sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\^?[0-9]+\]:?)")
_PURE_LIST_SEP = regex.compile(r"^[ ,;*]*(?:(?:và|hoặc)[ ]+)?$")


_LAW_NUMBER_GAP = regex.compile(r"^[ ,]*(?i:số)?[ ]*$")
_NEXT_NAMED_LAW = regex.compile(r"[ ]*(?:,|và)[ \n]*(?:và[ \n]+)?(?:Luật|Bộ[ ]luật)[ ]")


def _merge(
    anchored: list[RawMention], short: list[RawMention], laws: list[RawMention], text: str
) -> list[RawMention]:
    starts = [a.start for a in anchored]  # sorted: anchors are found left to right
    anchor_starts = [a.anchor_start for a in anchored]

    def covering(pos: int) -> RawMention | None:
        k = bisect_right(starts, pos) - 1
        return anchored[k] if k >= 0 and anchored[k].start <= pos < anchored[k].anchor_end else None

    out = list(anchored)
    out.extend(r for r in short if covering(r.anchor_start) is None)
    named: set[int] = set()  # numbers a law's name was given to
    last_law_ending_at: dict[int, int] = {}  # an amending law's title ends where the last law it names ends
    for r in laws:
        last_law_ending_at[r.end] = max(r.start, last_law_ending_at.get(r.end, r.start))
    for r in laws:  # in text order: an amending law's title before the laws it names
        if covering(r.start) is not None and covering(r.start).start <= r.start:
            continue
        k = bisect_left(anchor_starts, r.end)
        nxt = anchored[k] if k < len(anchored) else None
        if (
            nxt is not None
            and k not in named
            and _LAW_NUMBER_GAP.match(text[r.end : nxt.anchor_start], None, None, KEEP_GIL)
            and nxt.type in ("Luật", "Bộ luật", "Pháp lệnh")
        ):
            # "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13": one mention with a name and a number.
            # "Luật sửa đổi, bổ sung một số điều của Luật A, Luật B số 56/2024/QH15": the number is the
            # amending law's (its title ends where Luật B does); Luật A and Luật B stay named laws. But in
            # "... của Luật A số 31/2024/QH15, Luật B số 27/2023/QH15" each law has its own number.
            if r.start < last_law_ending_at[r.end] and _NEXT_NAMED_LAW.match(text, nxt.end):
                out.append(r)
                continue
            nxt.start, nxt.name, nxt.type_written = r.start, r.name, r.type_written
            named.add(k)
            continue
        out.append(r)
    out.sort(key=lambda r: (r.start, r.anchor_start))
    return out


_AMENDING = regex.compile(r"(?i)^sửa[ ]đổi|^bổ[ ]sung")


def _nested_in_titles(raws: list[RawMention], nodes: list[Node], found) -> None:
    """A document named inside an amending law's title ("Luật sửa đổi, bổ sung một số điều của Luật Đất
    đai, Luật Nhà ở ... số 43/2024/QH15") is only cited by the document, and states no relation of its
    own; the amending law amends it (a relation when both are numbered)."""
    outer_of: dict[int, int] = {}
    starts = [n.start for n in nodes]  # sorted: nodes follow the text
    for j, o in enumerate(nodes):
        if not (raws[j].name and _AMENDING.match(raws[j].name, None, None, KEEP_GIL)):
            continue  # only amending laws' titles hold other documents (a few per text: linear)
        for i in range(bisect_left(starts, o.start), bisect_right(starts, o.end)):
            n = nodes[i]
            if i != j and n.end <= o.end and (o.end - o.start) > (n.end - n.start):
                outer_of.setdefault(i, j)
    if not outer_of:
        return
    pairs = [
        p for p in found.pairs if p[0] not in outer_of and not (p[2] in outer_of and outer_of[p[2]] != p[0])
    ]
    for i, j in outer_of.items():
        found.report_relation[i] = "cites"
        if nodes[i].numbered and nodes[j].numbered:  # relations join numbered documents (as relations.py)
            pairs.append((j, "amends", i, nodes[j].start, nodes[j].end))
    found.pairs = pairs


def _without_own_number(anchored: list[RawMention], header, nt) -> list[RawMention]:
    """The document's own "Số: 45/BC-UBND" is not a citation, wherever its header put it: on the number
    line, after a body's name on one flattened line, or on the line below a bare "Số:"."""
    if header.line is None or not header.symbol:
        return anchored
    own_lines = (header.line, header.line + 1)
    return [
        r
        for r in anchored
        if not (r.number == header.number and r.symbol == header.symbol and nt.line_of(r.start) in own_lines)
    ]


def _conventional_names(raws: list[RawMention], mentions: list[Mention], report_date: str | None) -> None:
    """A conventional name ("Đề án 06") stays the short form written; the document that approved it
    is its resolved key, unless that document is dated after the report citing it."""
    for r, m in zip(raws, mentions, strict=True):
        target = r.conventional
        if target is None or (report_date and len(report_date) == 10 and target["date"] > report_date):
            continue
        m.resolved_key = conventional_key(target)
        if not m.issuer_explicit and target.get("issuer"):  # as a short form takes its full citation's issuer
            m.issuer = target["issuer"]
        name = " ".join(f"{r.type_written} {r.number}".split())
        m.notes.append(
            f"conventional name '{name}' read as {target['type']} {target['document']} ngày {target['date']}"
        )


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Extraction makes many small objects without reference cycles, all alive until the end. On a
    large text the cyclic collector rescans them again and again (a quarter of the time on 20 MB);
    reference counting frees them all the same."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract_text(text: str, source: str = "<text>") -> Extraction:
    with _cyclic_gc_paused():
        return _extract_text(text, source)


def _extract_text(text: str, source: str) -> Extraction:
    nt = restore_accents(normalize(text))  # text typed without diacritics: read with them (same offsets)
    t = nt.text
    header = parse_header(nt.lines_text, source, nt.page)  # line-based: before wrapped lines are joined
    anchored = _without_own_number(find_anchored(t), header, nt)
    damaged = any(r.notes and "damaged type word" in r.notes for r in anchored)
    raws = _merge(anchored, find_short_forms(t, damaged=damaged), find_named_laws(t), t)
    list_next: list[int | None] = [None] * len(raws)
    for i in range(len(raws) - 1):
        gap = t[raws[i].end : raws[i + 1].start]
        if "\n" not in gap and _PURE_LIST_SEP.match(gap, None, None, KEEP_GIL):
            list_next[i] = i + 1
    ctx = context_for(header)
    issuers = resolve_issuers(t, raws, ctx, list_next)

    foot_cache: dict[int, bool] = {}

    def in_footnote(pos: int) -> bool:
        ls = line_start(t, pos)
        if ls not in foot_cache:
            foot_cache[ls] = bool(_FOOTNOTE_LINE.match(t, ls, None, KEEP_GIL))
        return foot_cache[ls]

    for r in raws:  # a citation never starts or ends with whitespace
        while r.start < r.anchor_start and t[r.start].isspace():
            r.start += 1
        while r.end > r.anchor_end and t[r.end - 1].isspace():
            r.end -= 1
    nodes = [
        Node(
            idx=i,
            start=r.start,
            end=r.end,
            line=nt.line_of(r.start),
            issuer_code=issuer_code(r),
            numbered=r.number is not None,
            date=r.date,
            in_footnote=in_footnote(r.start),
        )
        for i, r in enumerate(raws)
    ]
    found = analyse(t, nodes)
    _nested_in_titles(raws, nodes, found)

    # documents the report is about: cited in its title
    title_ids = set()
    # a report reports on what its title names; a plan or decision relates to it as its title says
    is_report = not header.type or header.type == "Báo cáo"
    if header.title_line:
        last = header.title_line + max(header.title_lines, 1) - 1
        title_ids = {
            (r.number, r.symbol)
            for r, n in zip(raws, nodes, strict=True)
            if r.number and header.title_line <= n.line <= last
        }

    mentions: list[Mention] = []
    full_by_type_number: dict[tuple[str, str], Mention] = {}
    for i, (r, n) in enumerate(zip(raws, nodes, strict=True)):
        issuer, explicit = issuers[i]
        rel = found.report_relation[i]
        rel_conf = found.report_confidence[i]
        if r.number and (r.number, r.symbol) in title_ids:
            rel_conf = 1.0
            if is_report:
                rel = "reports_on"
            else:  # a plan or decision relates to what its title names as the title says ("Triển khai thực hiện X")
                ls = line_start(t, r.start)
                cue = report_cue(t[ls : r.start])
                rel = cue if cue in ("implements", "based_on") else "cites"
        year_for_key = r.year or (r.date[:4] if r.date else None)
        o_start, o_end = nt.to_orig(r.start), nt.to_orig_end(r.end)
        m = Mention(
            id=f"m{i + 1}",
            source=source,
            line=n.line,
            start=o_start,
            end=o_end,
            surface=text[o_start:o_end],
            type=r.type,
            number=r.number,
            year=r.year,
            symbol=r.symbol,
            date=r.date,
            date_valid=r.date_valid,
            issuer=issuer,
            issuer_explicit=explicit,
            relation=rel,
            relation_confidence=rel_conf,
            short_form=r.short_form,
            in_footnote=n.in_footnote,
            name=r.name,
            key=_key(r.type, r.number, r.symbol, year_for_key, issuer, r.name),
            confidence=r.confidence,
            notes=list(r.notes),
        )
        if r.family == "normative" and r.year and r.date and r.date[:4] != r.year:
            m.notes.append(f"number year {r.year} differs from date year {r.date[:4]}")
        if r.number and r.symbol and not r.short_form:
            full_by_type_number.setdefault((r.type, r.number.lstrip("0")), m)
        mentions.append(m)
    _conventional_names(raws, mentions, header.date)
    for m in mentions:
        if m.short_form and m.number and not m.resolved_key:
            full = full_by_type_number.get((m.type, m.number.lstrip("0")))
            if full is not None:
                m.resolved_key = full.key
                if not m.issuer_explicit and full.issuer:
                    m.issuer = full.issuer
    # a document the report is about keeps that relation wherever it is cited (short forms included)
    about = {(m.number, m.symbol) for m in mentions if m.relation == "reports_on"}
    about_keys = {m.key for m in mentions if m.relation == "reports_on"}
    for m in mentions:
        if (m.number and (m.number, m.symbol) in about) or (m.resolved_key and m.resolved_key in about_keys):
            m.relation = "reports_on"
            m.relation_confidence = 1.0

    relations = []
    seen = set()
    for a, rel, b, es, ee in found.pairs:
        ma, mb = mentions[a], mentions[b]
        sig = (ma.key, rel, mb.key, ma.line)
        if sig in seen or ma.key == mb.key:
            continue
        seen.add(sig)
        ev = t[es:ee]
        relations.append(
            Relation(
                source=source,
                line=nt.line_of(es),
                relation=rel,
                from_id=ma.id,
                to_id=mb.id,
                evidence=ev if len(ev) < 600 else ev[:280] + " … " + ev[-280:],
            )
        )
    return Extraction(
        source=source, document=header, mentions=mentions, relations=relations, wrapped=nt.lined is not None
    )


def extract_document(doc: LoadedDocument, source: str) -> Extraction:
    """Extract from a loaded file; mentions of Word/PDF files get their position in the original."""
    ex = extract_text(doc.text, source=source)
    ex.warnings = list(doc.warnings)
    if doc.has_positions:
        for m in ex.mentions:
            m.position = doc.position(m.start)
    if doc.ocr_words:  # read by OCR: each mention carries its words' confidence
        from luocdo.load.ocr import mark_mentions

        mark_mentions(ex.mentions, doc.ocr_words)
    return ex


def extract_file(path: Path) -> Extraction:
    """Any supported format (text, .docx, .doc, .pdf, .rtf); raises luocdo.load.LoadError for files
    that cannot be read."""
    return extract_document(read_document(path), source=str(path))

"""Resolution inside one report: issuers (explicit, shared by a list, the sentence's subject, implied
by the symbol, the report's own jurisdiction), short forms to full citations, identity keys."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from luocdo.extract.citations import RawMention, soft_window
from luocdo.extract.gil import KEEP_GIL
from luocdo.extract.grammar import EndPattern, grammar
from luocdo.extract.issuers import IssuerRef, issuer_from_code, known_code, match_issuer, shared_local_codes
from luocdo.gazetteer import localize_province_unit
from luocdo.model import ReportHeader

# Types whose issuer is fixed by law whatever the text says (Luật Ban hành VBQPPL 2015, Điều 4).
TYPE_ISSUER = {
    "Nghị định": "Chính phủ",
    "Luật": "Quốc hội",
    "Bộ luật": "Quốc hội",
    "Hiến pháp": "Quốc hội",
    "Pháp lệnh": "Ủy ban Thường vụ Quốc hội",
}

_SUBJECT = EndPattern(
    r"(?:(?:được|do)[ ]+)?(?:(?:Chủ tịch|Phó Chủ tịch)[ ]+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)"
    r"(?:[ ]+(?:tỉnh|huyện|thị xã|thành phố|xã|phường|thị trấn)(?:[ ]+\p{Lu}[\p{Ll}]*){0,3})?"
    r"[ ]+(?:được[ ]+|đã[ ]+|cũng[ ]+|kịp[ ]thời[ ]+|tiếp[ ]tục[ ]+|xây[ ]dựng[ ]và[ ]+){0,3}(?:ký[ ]+)?(?:ban[ ]hành|phê[ ]duyệt)[^.;\n]{0,60}$"
)


# the body written as the subject of the clause that cites: "Cục Thuế đã có công văn số ...",
# "Sở Y tế tiếp tục ban hành Kế hoạch số ..."; the verb ends right before the citation
_SUBJECT_VERB = EndPattern(
    r"[ ]+(?:(?:đã|cũng|vừa|kịp[ ]thời|tiếp[ ]tục|xây[ ]dựng[ ]và)[ ]+){0,3}"
    r"(?:có|ký[ ]ban[ ]hành|ký|ban[ ]hành|phê[ ]duyệt|gửi|phát[ ]hành)[ ]+$"
)
# the body of a request written before it: "Theo đề nghị của Sở Xây dựng tại Văn bản số ..."
_OF_AT = EndPattern(r"[ ]+(?:(?:chuyển|gửi)(?:[ ]+đến)?[ ]+)?(?:tại|theo)[ ]+$")
_OF = regex.compile(r"(?<![\p{L}])(?i:của|do)[ ]+")  # "của Sở X tại", "do Ủy ban X chuyển đến tại"
_OF_LAST = regex.compile(_OF.pattern, regex.REVERSE)  # the last of them, found from the end
_CAPITAL = regex.compile(r"(?<![\p{L}0-9])\p{Lu}")
_CLAUSE_END = regex.compile(r".*(?:\n|[.;:][ ])", regex.DOTALL)
_SUBJECT_SPAN = 200
_BEFORE_ENDS = ("có", "ký", "ban hành", "phê duyệt", "gửi", "phát hành", "tại", "theo")

_OWN_UNIT = regex.compile(r"(?:UBND|HĐND) (tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn) ")
_SUBJECT_LEAD = regex.compile(r"(?:(?:được|do)[ ]+)?")
_SYMBOL_SEP = regex.compile(r"[-/]")  # compiled here: regex.split(pattern, ...) looks it up each time


@dataclass
class Context:
    header: ReportHeader
    own_unit: str | None  # "huyện", "tỉnh", ... of the writer when it is a People's Committee
    own_code: str | None  # the writer's issuer code ("UBND", "SNV")

    @property
    def province(self) -> str | None:
        return self.header.province

    @property
    def district(self) -> str | None:
        return self.header.district


def context_for(header: ReportHeader) -> Context:
    own_unit = None
    iss = header.issuer or ""
    m = _OWN_UNIT.match(iss)
    if m:
        own_unit = m.group(1)
    code = None
    if header.symbol:
        segs = _SYMBOL_SEP.split(header.symbol)
        code = segs[-1] if len(segs) > 1 else segs[0]
    return Context(header, own_unit, code)


def issuer_code(rm: RawMention) -> str | None:
    """The segment of the symbol that names the issuer (UBND in KH-UBND, SNV in SNV-TTr, TU in CT/TU)."""
    if not rm.issuer_codes:
        return None
    if rm.family == "letter":
        return rm.issuer_codes[0]
    return (
        rm.issuer_codes[-1] if rm.family != "normative" or len(rm.issuer_codes) == 1 else rm.issuer_codes[0]
    )


def _same_issuer_code(a: str | None, b: str | None) -> bool:
    """Two citations of a list may share the issuer written at its end: the same issuer code, or
    a code of a unit this package does not know ("695/TCHQ-GSQL ..., 1238/GSQL-GQ2 ... của Tổng
    cục Hải quan": GSQL is a department of the TCHQ)."""
    return a == b or (a is not None and b is not None and not (known_code(a) and known_code(b)))


def _resolve_ref(ref: IssuerRef, ctx: Context) -> str | None:
    unit = ctx.own_unit if ref.kind in ("ubnd", "hdnd") else None
    return ref.resolve(ctx.province, ctx.district, own_unit=unit)


def _central(code: str | None, ctx: Context) -> str | None:
    """The central body a symbol's issuer code names; none for a code the body's provincial offices
    write too ("456/BHXH-TST") in a document that has a province of its own."""
    if not code:
        return None
    central = issuer_from_code(code)[0]
    if central and ctx.province and code.casefold() in shared_local_codes():
        return None
    return central


def _from_code(code: str | None, ctx: Context) -> str | None:
    if not code:
        return None
    central, local = issuer_from_code(code)
    if central:
        return _central(code, ctx)
    if not local:
        return None
    spec = grammar().local_issuers[local]
    if spec["body"] in ("UBND", "HĐND"):
        body = spec["body"]
        if ctx.header.issuer and ctx.header.issuer.startswith(("UBND ", "HĐND ")):
            return body + ctx.header.issuer[ctx.header.issuer.index(" ") :]
        if ctx.header.admin_level == "province" and ctx.province:
            return f"{body} tỉnh {ctx.province}"
        if ctx.header.admin_level == "district" and ctx.district:
            return f"{body} huyện {ctx.district}"
        return None
    if spec["body"] is None:
        return None
    try:
        return (
            spec["body"].format(province=ctx.province or "", district=ctx.district or "").strip()
            if (
                ("{province}" not in spec["body"] or ctx.province)
                and ("{district}" not in spec["body"] or ctx.district)
            )
            else None
        )
    except KeyError:
        return None


def resolve_issuers(
    text: str, raws: list[RawMention], ctx: Context, list_next: list[int | None]
) -> list[tuple[str | None, bool]]:
    """Issuer of each mention and whether the text states it; city provinces get 'thành phố'/'Thành ủy'."""
    return [(localize_province_unit(i), e) for i, e in _resolve_issuers(text, raws, ctx, list_next)]


def _resolve_issuers(
    text: str, raws: list[RawMention], ctx: Context, list_next: list[int | None]
) -> list[tuple[str | None, bool]]:
    out: list[tuple[str | None, bool]] = []
    codes = [issuer_code(rm) for rm in raws]
    # walks along a list, remembered: a list of thousands of citations must not cost n² walks
    walked: dict[tuple[int, str | None, str | None], str | None] = {}

    def shared_issuer(j: int | None, code: str | None, type_: str | None) -> str | None:
        path, shared = [], None
        while j is not None:
            key = (j, code, type_)
            if key in walked:
                shared = walked[key]
                break
            path.append(key)
            nxt = raws[j]
            if not _same_issuer_code(codes[j], code) or (type_ is not None and nxt.type != type_):
                break
            if nxt.issuer_ref is not None:
                shared = _resolve_ref(nxt.issuer_ref, ctx)
                break
            j = list_next[j]
        for key in path:
            walked[key] = shared
        return shared

    for i, rm in enumerate(raws):
        code = codes[i]
        if rm.issuer_ref is not None:
            out.append((_resolve_ref(rm.issuer_ref, ctx), True))
            continue
        # one issuer shared by a list: "Chỉ thị 20-CT/TU ngày ... và Chỉ thị 28-CT/TU ... của BTV Tỉnh ủy"
        shared = shared_issuer(list_next[i], code, None if rm.family == "law" else rm.type)
        if shared:
            out.append((shared, True))
            continue
        if rm.family == "law":
            out.append((TYPE_ISSUER.get(rm.type), False))
            continue
        central = _central(code, ctx)
        if central:
            out.append((central, False))
            continue
        # the subject of the sentence issued it: "Ủy ban nhân dân tỉnh ban hành Kế hoạch số ..."
        lo = max(0, rm.start - 200)  # only the last 200 characters are read: rfind no further back
        ls = max(text.rfind("\n", lo, rm.start), text.rfind(". ", lo, rm.start)) + 1
        window = text[max(ls, lo) : rm.start]
        # the forward search alone (what EndPattern.search returns): of the windows that hold the verb,
        # most match, and the reverse pre-check cost them ~5 µs each
        sm = (
            _SUBJECT.forward.search(window, None, None, KEEP_GIL)
            if ("ban hành" in window or "phê duyệt" in window)
            else None
        )
        if sm and code in ("UBND", "UB"):
            ref = match_issuer(
                window,
                sm.start() + _SUBJECT_LEAD.match(window, sm.start(), None, KEEP_GIL).end() - sm.start(),
            )
            if ref:
                out.append((_resolve_ref(ref, ctx), True))
                continue
        ref = _written_before(text, rm, code)
        if ref is not None:
            out.append((_resolve_ref(ref, ctx), True))
            continue
        if rm.short_form:
            out.append((TYPE_ISSUER.get(rm.type), False))
            continue
        out.append((_from_code(code, ctx), False))
    return out


def _fits(code: str | None, ref: IssuerRef) -> bool:
    """Whether a body written near a citation may be its issuer given the symbol's issuer code: any
    body for a code this package does not know, a People's Committee or Council for UBND / HĐND."""
    if code in ("UBND", "UB"):
        return ref.kind == "ubnd"
    if code == "HĐND":
        return ref.kind == "hdnd"
    return not known_code(code)


def _written_before(text: str, rm: RawMention, code: str | None) -> IssuerRef | None:
    """The issuer written before the citation: the subject of its clause ("Cục Thuế đã có công văn
    số ...") or the body of a request ("đề nghị của Sở Xây dựng tại Văn bản số ...")."""
    lo = max(0, rm.start - _SUBJECT_SPAN)
    raw = text[lo : rm.start]
    if not raw.rstrip().endswith(_BEFORE_ENDS):
        return None  # the common case, decided without a regex
    window = soft_window(raw)
    at = _OF_AT.search(window)
    if at:
        of = _OF_LAST.search(window, 0, at.start())  # only the nearest "của"
        if of is not None:
            ref = match_issuer(window, of.end())
            if ref is not None and ref.end == at.start() and _fits(code, ref):
                return ref
    verb = _SUBJECT_VERB.search(window)
    if verb is None:
        return None
    ce = _CLAUSE_END.match(window, 0, verb.start())
    cs = ce.end() if ce else 0
    for cap in _CAPITAL.finditer(window, cs, verb.start()):
        ref = match_issuer(window, cap.start())
        if ref is not None and ref.end == verb.start() and _fits(code, ref):
            return ref
    return None

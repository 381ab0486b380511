"""The paragraphs of a report's first section: how the body took up each central document it reports on,
and the generic subjects (staff cuts, one-stop shop, job positions, archives) with the decrees behind them."""

from __future__ import annotations

from datetime import date

from luocdo.synth.central import Central
from luocdo.synth.documents import Doc
from luocdo.synth.page import Page


def topic_paragraph(page: Page, c: Central) -> str:
    """How the writer took up c: its own plan or letter, directly or through the province's plan."""
    b = page.body
    if b.level == "province":
        return _province_plan(page, c)
    write = {"direct": _direct, "via": _via, "based": _based}.get(b.modes[c.key])
    return write(page, c, b.prov_body.plans.get(c.key)) if write else ""


def _province_plan(page: Page, c: Central) -> str:
    rng = page.rng
    b = page.body
    mine = b.plans[c.key]
    C = c.doc
    lead = rng.choice(("Thực hiện", "Triển khai thực hiện", "Để triển khai thực hiện", "Thực hiện"))
    cc = page.cite(C, "implements", subject=rng.random() < 0.7)
    page.rel(mine, "implements", C)
    own = page.cite(mine, "cites", issuer=False)
    tail = rng.choice(
        (
            f"; chỉ đạo các sở, ban, ngành, UBND các {page.below()} xây dựng kế hoạch triển khai thực hiện",
            f" {mine.subject}, giao Sở Nội vụ theo dõi, đôn đốc",
            f" triển khai thực hiện {page.area()}",
        )
    )
    ok = rng.randint(max(1, b.communes - 4), max(1, b.communes))
    return (
        f"{lead} {cc}, {page.me()} đã ban hành {own}{tail}. Đến nay, {ok}/{b.communes} {page.below()} "
        f"đã ban hành kế hoạch triển khai."
    )


def _direct(page: Page, c: Central, P: Doc | None) -> str:
    rng = page.rng
    b = page.body
    mine = b.plans[c.key]
    C = c.doc
    form = rng.randrange(5)
    if form == 0 and C.level == "central":
        d = page.date_of(C.date)
        page.note(C, "cites", False)
        head = (
            f"Ngày {d}, {C.issuer} ban hành {C.type} số {C.num_text} {C.subject}. "
            if rng.random() < 0.5
            else f"Ngày {d}, {C.issuer} đã ký ban hành {C.type} số {C.num_text} {C.subject}. "
        )
        cc = page.cite(C, "implements", with_date=False, issuer=False)
        lead = rng.choice(("Thực hiện", "Triển khai thực hiện"))
        page.short_ok.add(C.key)
    else:
        head = ""
        lead = rng.choice(
            (
                "Thực hiện",
                "Triển khai thực hiện",
                "Để cụ thể hóa",
                "Quán triệt và triển khai thực hiện",
            )
        )
        cc = page.cite(C, "implements", subject=rng.random() < 0.6)
    page.rel(mine, "implements", C)
    own = page.cite(mine, "cites", issuer=False)
    tail = rng.choice(
        (
            f" triển khai thực hiện {page.area()}",
            f" {mine.subject}",
            f" chỉ đạo các cơ quan, đơn vị và UBND các {page.below()} tổ chức thực hiện",
            "",
        )
    )
    extra = ""
    if P is not None and rng.random() < 0.35:
        pc = page.cite(P, "cites", subject=False)
        page.rel(P, "implements", C)
        cshort = page.short(C, "cites")
        extra = (
            f" Sau khi {_prov_subject(page)} ban hành {pc} triển khai thực hiện {cshort}, "
            f"{page.me(False)} đã chỉ đạo bổ sung nội dung vào kế hoạch của {b.unit}."
        )
    return f"{head}{lead} {cc}, {page.me()} đã ban hành {own}{tail}.{extra}"


def _via(page: Page, c: Central, P: Doc | None) -> str:
    rng = page.rng
    b = page.body
    mine = b.plans[c.key]
    C = c.doc
    lead = rng.choice(("Thực hiện", "Triển khai thực hiện", "Thực hiện", "Quán triệt"))
    pc = page.cite(P, "implements")
    page.rel(mine, "implements", P)
    if rng.random() < 0.7:
        page.rel(P, "implements", C)
        cc = page.cite(C, "cites", subject=rng.random() < 0.5)
        pc += rng.choice((" triển khai thực hiện ", " về triển khai thực hiện ", " thực hiện ")) + cc
    else:
        pc += " " + P.subject
    own = page.cite(mine, "cites", issuer=False)
    tail = rng.choice((f" triển khai thực hiện {page.area()}", f" {mine.subject}", ""))
    return f"{lead} {pc}, {page.me()} đã ban hành {own}{tail}."


def _based(page: Page, c: Central, P: Doc | None) -> str:
    rng = page.rng
    b = page.body
    mine = b.plans[c.key]
    C = c.doc
    lead = rng.choice(("Căn cứ", "Trên cơ sở"))
    if P is not None and rng.random() < 0.5:
        src = P
        cc = page.cite(P, "based_on")
    else:
        src = C
        cc = page.cite(C, "based_on", subject=rng.random() < 0.5)
    page.rel(mine, "based_on", src)
    own = page.cite(mine, "cites", issuer=False)
    return f"{lead} {cc}, {page.me()} đã ban hành {own} {mine.subject}."


def _prov_subject(page: Page) -> str:
    b = page.body
    if b.city:
        return f"UBND thành phố {b.province}"
    return page.rng.choice((f"UBND tỉnh {b.province}", "UBND tỉnh", "Ủy ban nhân dân tỉnh"))


def generic_paragraph(page: Page, g: str, other: dict[str, Doc]) -> str:
    rng = page.rng
    o = other
    d = page.date
    me = page.me()
    if g == "tinhgian":
        docs = [o["nd108_2014"], o["nd113_2018"]] + ([o["nd143_2020"]] if d > date(2021, 2, 1) else [])
        parts = [page.cite(docs[0], "implements", with_date=rng.random() < 0.3, issuer=False)]
        for x in docs[1:-1]:
            parts.append(", " + page.cite(x, "implements", with_date=False, issuer=False))
        last = docs[-1]
        parts.append(
            " và "
            + page.cite(last, "implements", with_date=False, issuer=False, type_word=rng.random() < 0.5)
        )
        return (
            f"Thực hiện {''.join(parts)} của Chính phủ về chính sách tinh giản biên chế, {me} đã chỉ đạo các "
            f"cơ quan, đơn vị rà soát, đánh giá cán bộ, công chức, viên chức theo quy định."
        )
    if g == "motcua":
        if d > date(2022, 3, 1) and rng.random() < 0.6:
            a, b = o["nd107_2021"], o["nd61_2018"]
            ca = page.cite(a, "implements")
            cb = page.cite(b, "cites", issuer=False, subject=True)
            page.rel(a, "amends", b)
            return (
                f"Thực hiện {ca} sửa đổi, bổ sung một số điều của {cb}, {me} đã chỉ đạo rà soát quy trình "
                f"nội bộ giải quyết thủ tục hành chính tại Bộ phận Một cửa."
            )
        lead = rng.choice(("Thực hiện", "Triển khai"))
        extra = ""
        if d > date(2020, 6, 1):
            extra = " và " + page.cite(o["nd45_2020"], "implements", issuer=False, subject=True)
        return (
            f"{lead} {page.cite(o['nd61_2018'], 'implements', subject=True)}{extra}, {me} duy trì hoạt động "
            f"của Bộ phận Tiếp nhận và trả kết quả; niêm yết công khai {rng.randint(180, 320)} thủ tục hành chính."
        )
    if g == "vitri":
        if d > date(2020, 12, 1):
            a, b = o["nd62_2020"], o["nd106_2020"]
            s = (
                page.cite(a, "based_on", with_date=rng.random() < 0.5, issuer=False)
                + " và "
                + page.cite(b, "based_on")
            )
            return (
                f"Căn cứ {s}, {me} chỉ đạo các cơ quan, đơn vị xây dựng đề án vị trí việc làm, bảo đảm đúng "
                f"số lượng biên chế được giao."
            )
        return (
            f"Căn cứ {page.law('Cán bộ, công chức', 2008)} và {page.law('Viên chức', 2010)}, {me} chỉ đạo "
            f"rà soát vị trí việc làm, cơ cấu ngạch công chức của các cơ quan, đơn vị."
        )
    if g == "luutru":
        t = page.cite(o["tt02_2019"], "implements", subject=rng.random() < 0.5)
        return (
            f"Thực hiện {page.law('Lưu trữ', 2011)} và {t}, {me} đã bố trí kinh phí chỉnh lý tài liệu tồn đọng, "
            f"số hóa tài liệu lưu trữ."
        )
    raise ValueError(g)


def party_paragraph(page: Page, party_plan: Doc, other: dict[str, Doc]) -> str:
    """The province's Party plan implementing the Politburo's directive, carried out in the Party cells."""
    ct = page.cite(other["ct05_tw"], "cites", with_date=page.rng.random() < 0.6)
    page.rel(party_plan, "implements", other["ct05_tw"])
    return (
        f"Đồng thời, {page.me(False)} phối hợp quán triệt {page.cite(party_plan, 'implements')} thực hiện {ct} "
        f"trong các chi bộ cơ quan."
    )

"""A report (Báo cáo), section by section: title, recipients, the request it answers, direction (I),
results (II), limits (III), tasks (IV), closing. The sections are written in this order, which is the
order of the random draws."""

from __future__ import annotations

from luocdo.synth.central import Central
from luocdo.synth.documents import Doc
from luocdo.synth.frame import footer, header
from luocdo.synth.page import Page
from luocdo.synth.paragraphs import generic_paragraph, party_paragraph, topic_paragraph
from luocdo.synth.planning import Content
from luocdo.synth.sentences import GENERIC_HEADS, LIMITS, RESULTS, TASKS, placeholder_values


def render_report(page: Page, cont: Content, other: dict[str, Doc]) -> str:
    rng = page.rng
    v = placeholder_values(rng, page)
    topics = cont.topics
    title = _title(page, topics, cont.period)
    page.title = title
    L: list[str] = header(page, "BÁO CÁO", title)
    L += _recipients(page)
    L += _opening(page, cont.request, topics, cont.period, title)
    L += _direction(page, cont, other)
    L += _results(page, cont, v)
    L += _summary(page, topics)
    L += ["#### **III. HẠN CHẾ, NGUYÊN NHÂN**", ""]
    for s in rng.sample(LIMITS, k=2):
        L += [s.format_map(v), ""]
    L += _tasks(page, topics, v)
    L += _closing(page, title)
    L += footer(page)
    return "\n".join(L) + "\n"


def _title(page: Page, topics: list[Central], period: str) -> str:
    rng = page.rng
    b = page.body
    t_kind = rng.random()
    first = topics[0] if topics else None
    if first is not None and b.modes[first.key] == "direct" and t_kind < 0.45:
        ct = page.cite(first.doc, "reports_on", with_date=rng.random() < 0.4, subject=rng.random() < 0.6)
        return f"Kết quả thực hiện {ct} {period}"
    if first is not None and b.modes[first.key] == "via" and t_kind < 0.35:
        P = b.prov_body.plans[first.key]
        return f"Kết quả thực hiện {page.cite(P, 'reports_on')} {period}"
    if first is not None:
        return rng.choice(
            (
                f"Tình hình thực hiện công tác {first.topic} {period}",
                f"Kết quả công tác {first.topic} {period}",
                f"Kết quả thực hiện nhiệm vụ về {first.topic} {period} {page.area()}",
            )
        )
    return rng.choice(
        (
            f"Kết quả công tác cải cách hành chính {period}",
            f"Công tác tổ chức bộ máy, biên chế và cải cách hành chính {period}",
            f"Tình hình thực hiện công tác nội vụ {period}",
        )
    )


def _recipients(page: Page) -> list[str]:
    rng = page.rng
    b = page.body
    if b.level == "province":
        rec = ["Bộ Nội vụ"] + (["Văn phòng Chính phủ"] if rng.random() < 0.4 else [])
    else:
        pw = "thành phố" if b.city else "tỉnh"
        rec = [b.dept] + rng.choice(([], [], [f"UBND {pw} {b.province}"], [f"Thanh tra {pw} {b.province}"]))
    if len(rec) == 1:
        return [f"Kính gửi: {rec[0]}.", ""]
    return ["Kính gửi:"] + [f"- {r}{'.' if i == len(rec) - 1 else ';'}" for i, r in enumerate(rec)] + [""]


def _opening(page: Page, req: Doc | None, topics: list[Central], period: str, title: str) -> list[str]:
    """'Thực hiện <the letter asking for the report> ..., <the writer> báo cáo như sau:'."""
    rng = page.rng
    full_me = page.me(True)
    if req is None:
        return [f"{full_me} báo cáo {title[0].lower() + title[1:]} như sau:", ""]
    kind_, c = req.ask
    if kind_ == "cites" and c.key in [t.key for t in topics]:
        ask = f"về việc báo cáo kết quả thực hiện {page.cite(c.doc, 'cites', issuer=c.doc.level == 'central', with_date=rng.random() < 0.5)} {period}"
    else:
        ask = rng.choice(
            (
                f"về việc báo cáo kết quả công tác cải cách hành chính {period}",
                f"về việc thực hiện chế độ báo cáo định kỳ năm {page.date.year}",
                f"về việc báo cáo tình hình thực hiện nhiệm vụ {period}",
            )
        )
    return [f"Thực hiện {page.cite(req, 'responds_to')} {ask}, {full_me} báo cáo như sau:", ""]


def _direction(page: Page, cont: Content, other: dict[str, Doc]) -> list[str]:
    """I: how the writer took up each subject."""
    rng = page.rng
    L = [
        f"#### **I. {rng.choice(('CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI', 'CÔNG TÁC TRIỂN KHAI', 'CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO'))}**",
        "",
    ]
    for c in cont.topics:
        p = topic_paragraph(page, c)
        if p:
            L += [p, ""]
    for g in cont.generic:
        L += [generic_paragraph(page, g, other), ""]
    if cont.party is not None:
        L += [party_paragraph(page, cont.party, other), ""]
    return L


def _results(page: Page, cont: Content, v: dict) -> list[str]:
    """II: sentences of results per subject; the body's inspection plan and decision in a footnote."""
    rng = page.rng
    topics = cont.topics
    L = ["#### **II. KẾT QUẢ THỰC HIỆN**", ""]
    keys = [c.topic_key for c in topics] + cont.generic
    if not keys:
        keys = ["cchc"]
    for j, k in enumerate(keys, 1):
        head = next((c.topic for c in topics if c.topic_key == k), None) or GENERIC_HEADS.get(k, k)
        L += [f"##### **{j}. Về {head}**", ""]
        bank = RESULTS[k]
        picks = rng.sample(bank, k=min(len(bank), rng.randint(2, 3)))
        for s in picks:
            L += [s.format_map(v), ""]
        if j == 1 and cont.own_misc:
            kh, qd = cont.own_misc
            f1 = page.cite(kh, "cites", issuer=rng.random() < 0.5, subject=True)
            f2 = page.cite(qd, "cites", issuer=False, subject=True)
            mark = page.footnote(f"{f1}; {f2}.")
            L[-2] = L[-2][:-1] + mark + "."
    return L


def _summary(page: Page, topics: list[Central]) -> list[str]:
    """Sometimes a closing sentence on the first subject, often with the short form ('Chỉ thị 26')."""
    rng = page.rng
    b = page.body
    if not (topics and rng.random() < 0.6):
        return []
    c = topics[0]
    if b.modes[c.key] in ("direct", "plan"):
        sf = page.short(c.doc, "implements")
    elif b.modes[c.key] == "via":
        sf = page.cite(b.prov_body.plans[c.key], "implements", with_date=False)
    else:
        sf = f"các văn bản về {c.topic}"
    return [
        f"Nhìn chung, việc thực hiện {sf} {page.area()} đã đi vào nền nếp; ý thức trách nhiệm của đội "
        f"ngũ cán bộ, công chức được nâng lên.",
        "",
    ]


def _tasks(page: Page, topics: list[Central], v: dict) -> list[str]:
    """IV: go on implementing each subject's documents, then some general tasks."""
    rng = page.rng
    b = page.body
    L = [
        f"#### **IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {'NĂM ' + str(page.date.year + 1) if page.date.month >= 10 else 'THỜI GIAN TỚI'}**",
        "",
    ]
    items = []
    for c in topics:
        mode = b.modes[c.key]
        mine = b.plans[c.key]
        if mode == "direct" or b.level == "province":
            x = page.short(c.doc, "implements")
            if mine.type == "Kế hoạch":
                x += " và " + page.cite(mine, "implements", with_date=False)
            items.append(f"Tiếp tục thực hiện nghiêm {x}.")
        elif mode == "via":
            P = b.prov_body.plans[c.key]
            items.append(
                f"Tiếp tục quán triệt {page.cite(P, 'implements', with_date=rng.random() < 0.5)} đến cán bộ, "
                f"công chức {page.area()}."
            )
    for s in rng.sample(TASKS, k=rng.randint(2, 3)):
        items.append(s.format_map(v))
    for j, s in enumerate(items, 1):
        L += [f"{j}. {s}", ""]
    return L


def _closing(page: Page, title: str) -> list[str]:
    rng = page.rng
    b = page.body
    if b.level == "province":
        return [f"{page.me(True)} báo cáo Bộ Nội vụ tổng hợp./.", ""]
    return [
        rng.choice(
            (
                f"{page.me(True)} báo cáo {b.dept} tổng hợp./.",
                f"Trên đây là báo cáo {title[0].lower() + title[1:]} của {page.me(True)}./.",
            )
        ),
        "",
    ]

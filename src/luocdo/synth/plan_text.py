"""A body's plan (Kế hoạch) implementing a central document, directly or through its province's plan."""

from __future__ import annotations

from luocdo.synth.central import Central
from luocdo.synth.documents import Doc
from luocdo.synth.frame import footer, header
from luocdo.synth.page import Page
from luocdo.synth.sentences import PLAN_TASKS, RESULTS, placeholder_values


def render_plan(page: Page, c: Central, other: dict[str, Doc]) -> str:
    rng = page.rng
    b = page.body
    own = page.own
    v = placeholder_values(rng, page)
    C = c.doc
    mode = b.modes[c.key]
    lines_pre = [f"Căn cứ {page.law('Tổ chức chính quyền địa phương', 2015)};"]
    if mode == "via":
        P = b.prov_body.plans[c.key]
        title = f"Triển khai thực hiện {page.cite(P, 'implements')} {P.subject}"
        page.rel(own, "implements", P)
        page.rel(P, "implements", C)
        pp = page.cite(P, "implements", with_date=rng.random() < 0.7)
        lines_pre.append(f"Thực hiện {pp} triển khai thực hiện {page.cite(C, 'cites', subject=True)};")
        what = page.cite(P, "implements", with_date=False)
    else:
        period = ", giai đoạn 2019 - 2020" if c.key == "26/CT-TTg" and own.date.year == 2019 else ""
        title = f"Triển khai thực hiện {page.cite(C, 'implements', subject=True)} {page.area()}{period}"
        page.rel(own, "implements", C)
        lines_pre.append(f"Căn cứ {page.cite(C, 'implements', subject=rng.random() < 0.5)};")
        if b.level == "province" and rng.random() < 0.5:
            lines_pre.append(f"Căn cứ {page.cite(other['qd129_2007'], 'based_on', subject=True)};")
        what = page.short(C, "implements")
    page.title = title
    L = header(page, "KẾ HOẠCH", title)
    L += [x for s in lines_pre for x in (s, "")]
    L += [f"{page.me(True)} ban hành Kế hoạch triển khai thực hiện {what} như sau:", ""]
    L += ["#### **I. MỤC ĐÍCH, YÊU CẦU**", ""]
    L += [
        f"1. Quán triệt đầy đủ nội dung {c.topic} đến cán bộ, công chức, viên chức; xác định rõ trách nhiệm "
        f"của người đứng đầu các cơ quan, đơn vị và UBND các {page.below()}.",
        "",
        "2. Việc triển khai phải thường xuyên, thực chất, không hình thức; kết quả thực hiện là một tiêu chí "
        "đánh giá, xếp loại và bình xét thi đua hằng năm.",
        "",
        "#### **II. NỘI DUNG, NHIỆM VỤ**",
        "",
    ]
    bank = RESULTS[c.topic_key]
    heads = rng.sample(PLAN_TASKS, k=3)
    for j, s in enumerate(rng.sample(bank, k=min(3, len(bank))), 1):
        L += [f"##### **{j}. {heads[j - 1]}**", "", "Chỉ tiêu phấn đấu: " + s.format_map(v), ""]
    L += [
        "#### **III. TỔ CHỨC THỰC HIỆN**",
        "",
        f"1. {'Sở Nội vụ' if b.level == 'province' else 'Phòng Nội vụ'} là cơ quan thường trực, theo dõi, "
        f"tổng hợp kết quả thực hiện; định kỳ báo cáo trước ngày 15/12 hằng năm.",
        "",
        f"2. Các cơ quan, đơn vị và UBND các {page.below()} căn cứ Kế hoạch này xây dựng kế hoạch của cơ quan, "
        f"địa phương, gửi về trước ngày {v['dl']}.",
        "",
        "Trong quá trình tổ chức thực hiện, nếu phát sinh khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời "
        "phản ánh để tổng hợp, xem xét, giải quyết./.",
        "",
    ]
    L += footer(page)
    return "\n".join(L) + "\n"

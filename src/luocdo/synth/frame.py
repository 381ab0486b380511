"""The frame every file shares: the letterhead, number, place and date above; recipients and signature
below, then the footnotes."""

from __future__ import annotations

from luocdo.synth.page import Page


def header(page: Page, tw: str, title: str) -> list[str]:
    b = page.body
    own = page.own
    d = page.date
    return [
        "**ỦY BAN NHÂN DÂN**",
        f"**{b.upper}**",
        "",
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
        "**Độc lập - Tự do - Hạnh phúc**",
        "",
        f"Số: {own.number}/{own.symbol}",
        "",
        f"{b.short}, ngày {d.day:02d} tháng {f'{d.month:02d}' if d.month < 3 else d.month} năm {d.year}",
        "",
        f"## **{tw}**",
        "",
        f"### **{title}**",
        "",
    ]


def footer(page: Page) -> list[str]:
    rng = page.rng
    b = page.body
    if b.level == "province":
        cc = [
            "- Như trên;",
            f"- TT {'Thành ủy' if b.city else 'Tỉnh ủy'}, TT HĐND {b.unit};",
            f"- CT, các PCT UBND {b.unit};",
            "- Lưu: VT, NC.",
        ]
    else:
        cc = [
            "- Như trên;",
            f"- TT {'Huyện ủy' if b.unit == 'huyện' else 'Thị ủy' if b.unit == 'thị xã' else 'Thành ủy' if b.unit == 'thành phố' else 'Quận ủy'}, TT HĐND {b.unit};",
            f"- CT, các PCT UBND {b.unit};",
            "- Phòng Nội vụ;",
            "- Lưu: VT, NV.",
        ]
    L = ["**Nơi nhận:**", ""] + cc + ["", "**TM. ỦY BAN NHÂN DÂN**"]
    if rng.random() < 0.5:
        L += ["**CHỦ TỊCH**", "", f"**{b.signers[0]}**"]
    else:
        L += ["**KT. CHỦ TỊCH**", "**PHÓ CHỦ TỊCH**", "", f"**{b.signers[1]}**"]
    if page.fn:
        L += ["", "---", ""]
        for i, f in enumerate(page.fn, 1):
            L += [f"{page.mark(i)} {f}", ""]
        L.pop()
    return L

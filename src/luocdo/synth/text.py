"""Small pieces of Vietnamese administrative text: dates, numbers, percentages, periods, file names."""

from __future__ import annotations

import unicodedata
from datetime import date

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def date_text(d: date, style: int) -> str:
    """The date after 'ngày': 05/9/2016, 5/9/2016, 05/09/2016, 5 tháng 9 năm 2016."""
    if style == 0:
        return f"{d.day:02d}/{d.month}/{d.year}"
    if style == 1:
        return f"{d.day}/{d.month}/{d.year}"
    if style == 2:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return (
        f"{d.day:02d} tháng {d.month} năm {d.year}" if d.day < 10 else f"{d.day} tháng {d.month} năm {d.year}"
    )


def vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def pct(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def period(d: date) -> str:
    """The period a report dated d covers: 'quý I năm 2021', '6 tháng đầu năm 2021', 'năm 2021'."""
    if d.month >= 11:
        return f"năm {d.year}"
    if d.month <= 2:
        return f"năm {d.year - 1}"
    if 5 <= d.month <= 7:
        return f"6 tháng đầu năm {d.year}"
    if d.month >= 9:
        return f"9 tháng đầu năm {d.year}"
    if d.month == 8:
        return f"7 tháng đầu năm {d.year}"
    return f"quý I năm {d.year}"


def slug(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return "_".join("".join(c if c.isalnum() else " " for c in s.lower()).split())

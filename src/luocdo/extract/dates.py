"""Dates as written in Vietnamese documents -> ISO strings (partial when parts are blank)."""

from __future__ import annotations

import calendar

import regex

# "04/4/2017", "6/2/2021", "04-4-2017", "04.4.2017", "18 tháng 3 năm 2021", "tháng 12 năm 2023", "năm 2021"
DATE = (
    r"(?:(?P<d>[0-9]{1,2})[ ]*(?P<sep>[/.-])[ ]*(?P<m>[0-9]{1,2})[ ]*(?P=sep)[ ]*(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
    r"|(?P<d2>[0-9]{1,2})?[ ]*tháng[ ]*(?P<m2>[0-9]{1,2})?[ ]*,?[ ]*năm[ ]*(?P<y2>(?:19|20)[0-9]{2})(?![0-9]))"
)
DATE_RE = regex.compile(DATE, regex.I)


def _days_in_month(y: int, mo: int) -> int:
    if mo == 2:
        return 29 if calendar.isleap(y) else 28
    return 30 if mo in (4, 6, 9, 11) else 31


def iso_date(m: regex.Match) -> tuple[str | None, bool]:
    """ISO text of a DATE match and whether it is a real calendar date. Impossible dates are kept."""
    if m.group("y"):
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    else:
        y = int(m.group("y2"))
        mo = int(m.group("m2")) if m.group("m2") else None
        d = int(m.group("d2")) if m.group("d2") else None
        if mo is None:
            return f"{y:04d}", True
        if d is None:
            return f"{y:04d}-{mo:02d}", 1 <= mo <= 12
    valid = 1 <= mo <= 12 and 1 <= d <= (_days_in_month(y, mo) if 1 <= mo <= 12 else 31)
    return f"{y:04d}-{mo:02d}-{d:02d}", valid

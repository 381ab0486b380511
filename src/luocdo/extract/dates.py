"""Dates as written in Vietnamese documents -> ISO strings (partial when parts are blank)."""

from __future__ import annotations

import calendar
from functools import lru_cache

import regex

from luocdo.extract.groups import numbers

# "04/4/2017", "6/2/2021", "04-4-2017", "04.4.2017", "18 tháng 3 năm 2021", "tháng 12 năm 2023", "năm 2021",
# "02 THÁNG 01 NĂM 2025" (upper case, in titles)
DATE = (
    r"(?:(?P<d>[0-9]{1,2})[ ]*(?P<sep>[/.-])[ ]*(?P<m>[0-9]{1,2})[ ]*(?P=sep)[ ]*(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
    r"|(?P<d2>[0-9]{1,2})?[ ]*(?i:tháng)[ ]*(?P<m2>[0-9]{1,2})?[ ]*,?[ ]*(?i:năm)[ ]*(?P<y2>(?:19|20)[0-9]{2})(?![0-9]))"
)
DATE_RE = regex.compile(DATE, regex.I)
_FIELDS = ("d", "m", "y", "d2", "m2", "y2")


def _days_in_month(y: int, mo: int) -> int:
    if mo == 2:
        return 29 if calendar.isleap(y) else 28
    return 30 if mo in (4, 6, 9, 11) else 31


def iso_date(m: regex.Match) -> tuple[str | None, bool]:
    """ISO text of a DATE match and whether it is a real calendar date. Impossible dates are kept."""
    # DATE is part of many patterns: its groups have other numbers in each
    return _iso(*m.group(*numbers(m.re, _FIELDS)))


@lru_cache(maxsize=4096)
def _iso(
    d: str | None, m: str | None, y: str | None, d2: str | None, m2: str | None, y2: str | None
) -> tuple[str | None, bool]:
    if y:
        day, mo, year = int(d or 0), int(m or 0), int(y)
    else:
        year = int(y2 or 0)
        if not m2:
            return f"{year:04d}", True
        mo = int(m2)
        if not d2:
            return f"{year:04d}-{mo:02d}", 1 <= mo <= 12
        day = int(d2)
    valid = 1 <= mo <= 12 and 1 <= day <= (_days_in_month(year, mo) if 1 <= mo <= 12 else 31)
    return f"{year:04d}-{mo:02d}-{day:02d}", valid

"""Named groups read by number (luocdo.extract.groups) read the groups the names read."""

from __future__ import annotations

import regex

from luocdo.extract.dates import DATE, iso_date
from luocdo.extract.groups import index, numbers


def test_numbers_read_the_named_groups() -> None:
    p = regex.compile(r"(?P<num>\d+)(?:/(?P<year>\d{4}))?/(?P<sym>[A-Z]+)")
    m = p.search("Quyết định số 12/2020/QĐ và 7/CT")
    assert m.group(*numbers(p, ("num", "year", "sym"))) == m.group("num", "year", "sym")
    assert m.end(index(p)["sym"]) == m.end("sym")


def test_a_date_inside_other_patterns_is_read_with_their_numbers() -> None:
    # DATE's groups have other numbers in each pattern that holds it: one pattern's numbers must not
    # be used for another's match
    text = "ngày 18 tháng 3 năm 2021 và 04/4/2017"
    plain = regex.compile(DATE, regex.I)
    led = regex.compile(rf"(?P<a>x)?(?P<b>y)?(?P<c>z)?[ ]*(?P<date>{DATE})", regex.I)
    for p in (plain, led, plain, led):
        found = [iso_date(m) for m in p.finditer(text)]
        assert found == [("2021-03-18", True), ("2017-04-04", True)]

"""Cheaper ways of computing what extraction computed before give the same answers (s14-extract)."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.extract.citations import _DASHES, _FWD_DASH_DATE
from luocdo.extract.header import _PLACE_DATE, _place_date, _strip_md
from luocdo.load.normalize import _LIST_FIRST, _LIST_START, _may_start_list

_LINE_PIECES = [" ", "#", ">", "*", "\t", "\u00a0", "\r", "\n", "a", "Đ", "#a", "  ", "> #"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=20))
def test_strip_md_is_the_regex_it_replaces(pieces: list[str]) -> None:
    s = "".join(pieces)
    assert _strip_md(s) == regex.sub(r"^[ #>]*|[ ]*$", "", s).strip()


def test_list_first_holds_every_character_a_list_start_begins_with() -> None:
    # a partial match of one character: the pattern can begin a match with it (read from _LIST_START
    # itself, so that an alternative added to the pattern with a new first character fails here)
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        may = c in _LIST_FIRST or (c.isascii() and c.isalpha())
        assert may == (_LIST_START.match(c, partial=True) is not None), hex(code)


def test_the_dashes_are_what_the_dash_date_begins_with_after_its_blanks() -> None:
    # citations._forward_in tries _FWD_DASH_DATE only where the first character after the blanks is one
    # of _DASHES: read from the pattern itself, so that a dash added to it fails here
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        assert (c == " " or c in _DASHES) == (_FWD_DASH_DATE.match(c, partial=True) is not None), hex(code)


_LIST_PIECES = [
    *"abĐđxKcIV1.) \t-(¹ưQ*|",
    "\u212a",
    "12",
    "<sup>",
    "[^1]",
    "[2]",
    "iều",
    "hương",
    "ục",
    "hần",
    "hoản",
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_LIST_PIECES), min_size=1, max_size=8))
def test_may_start_list_is_false_only_where_the_pattern_fails(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert _may_start_list(line) or _LIST_START.match(line) is None


_HEAD_PIECES = [
    "\n",
    ",",
    " ",
    "  ",
    "**",
    "# ",
    "| ",
    "Đại Lộc",
    "Hà Nội",
    "Tr  Cú",
    "x",
    "A",
    ", ngày 04 tháng 02 năm 2019",
    ", ngày  tháng 6 năm 2023",
    ", ng y 26 th ng 6 n m 2023",
    " năm 2020",
    "Số: 32/BC-UBND",
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_HEAD_PIECES), max_size=14), st.integers(0, 200))
def test_place_date_is_the_search_it_replaces(pieces: list[str], start: int) -> None:
    head = "".join(pieces)
    start = min(start, len(head))
    want = _PLACE_DATE.search(head, start)
    got = _place_date(head, start)
    assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))

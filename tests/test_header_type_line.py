"""The header's type line found line by line is what the multiline search found (s16-extract)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.extract.header import _FIRST_LINES, _TYPE_FIRST, _TYPE_LINE, _TYPE_MARKUP, TYPE_NAMES, _type_line
from luocdo.load.normalize import normalize

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _key(m: regex.Match | None) -> tuple | None:
    return None if m is None else (m.span(), m.group("tw"))


def test_the_type_words_are_the_patterns() -> None:
    alternatives = regex.search(r"\(\?P<tw>([^)]*)\)", _TYPE_LINE.pattern).group(1).split("|")
    assert set(alternatives) == set(TYPE_NAMES)
    # each starts and ends with a letter: the markup before it and the blanks after it are never part of it
    assert all(w[0].isalpha() and w[-1].isalpha() for w in alternatives)


def test_a_type_line_begins_with_markup_or_a_type_words_first_letter() -> None:
    # read from the pattern by a partial match of one character: a type word added with a new first
    # letter, or a markup character added, fails here
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        may = c in _TYPE_MARKUP or c in _TYPE_FIRST
        assert may == (_TYPE_LINE.match(c, partial=True) is not None), hex(code)


_PIECES = [
    "BÁO CÁO",
    "THÔNG TƯ",
    "THÔNG TƯ LIÊN TỊCH",
    "ĐỀ ÁN",
    "KẾ HOẠCH x",
    "Báo cáo",
    " ",
    "  ",
    "#",
    "**",
    ">",
    "|",
    "\n",
    "\n\n",
    "\t",
    "\r",
    "\u00a0",
    "x",
    "B",
    "Đ",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.integers(min_value=0, max_value=40))
def test_type_line_is_the_search_it_replaces(pieces: list[str], start: int) -> None:
    head = "".join(pieces)
    assert _key(_type_line(head, start)) == _key(_TYPE_LINE.search(head, start))


def _heads() -> list[str]:
    out = []
    for folder in ("corpus-real/pool", "corpus-real/dev", "corpus"):
        d = SHARED / folder
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.suffix in (".md", ".txt"):
                    t = normalize(p.read_text(encoding="utf-8", errors="replace")).lines_text
                    m = _FIRST_LINES.match(t, 1)
                    out.append(t[: m.end() - 1] if m else t)
    return out


@pytest.mark.skipif(
    not (SHARED / "corpus-real").is_dir(), reason="../shared corpora are not beside the project"
)
def test_type_line_is_the_search_on_the_real_headers() -> None:
    found = 0
    for head in _heads():
        for start in (0, 1, 2, len(head) // 3, len(head)):
            want = _TYPE_LINE.search(head, start)
            assert _key(_type_line(head, start)) == _key(want)
            found += want is not None and start == 0
    assert found > 100

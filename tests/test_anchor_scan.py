"""extract.anchor_scan.anchors gives ANCHOR.finditer's matches (s15-extract)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.extract.anchor_scan import ASCII_AFTER_SEPARATOR, anchors
from luocdo.extract.grammar import ANCHOR
from luocdo.load.accents import restore_accents
from luocdo.load.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _found(it) -> list[tuple]:
    return [(m.span(), m.groups()) for m in it]


def _same(text: str) -> None:
    assert _found(anchors(text)) == _found(ANCHOR.finditer(text))


# what stands around the numbers of citations, dates and lists, one piece at a time
_PIECES = [
    *"0123456789/-  \n\t.,;:()aăđzĐQUBNDKHCTTg",
    "12",
    "2023",
    "123456",
    "/20",
    "/19",
    "QĐ",
    "UBND",
    "NĐ-CP",
    "KH-",
    "\n/",
    " \n ",
    "-  ab",
    "<sub>2</sub>",
    "&",
    "Ủy",
    "ngày ",
    "số ",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_anchors_are_the_scan_on_generated_text(pieces: list[str]) -> None:
    _same("".join(pieces))


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 12/QĐ-UBND ngày 3/5/2023 và 15/2020/NĐ-CP",
        "Chỉ thị 05-CT/TU, 06-CT/TU",
        "Kế hoạch 2403\n/UBND",
        "số 1847/\nQĐ-TTg",
        "123456/QĐ-UBND, 12345/QĐ-UBND",
        "12a/QĐ-UB 7b - UBND, 9đ/KH-UBND",
        "45/2019/NĐ- CP",
        "3574/Q -\nUBND",
        "1/A1/B-C/D 2/E",
        "x12/QĐ-UBND 12/QĐ-UBND-",
    ],
)
def test_anchors_are_the_scan_on_written_cases(text: str) -> None:
    assert _found(ANCHOR.finditer(text))  # each case holds a match
    _same(text)


def test_ascii_after_separator_is_what_anchor_reads_there() -> None:
    # a partial match of a number, a separator and one character: ANCHOR can go on from it (read from the
    # pattern itself, so that an alternative that may start with another character fails here)
    heads = ["1/", "1-", "1 /", "1 -", "1\n/", "1 \n /", "1a/", "1a -"]
    for code in range(0x80):
        c = chr(code)
        may = any(ANCHOR.match(h + c, partial=True) is not None for h in heads)
        assert may == (c in ASCII_AFTER_SEPARATOR), repr(c)


def _texts() -> list[Path]:
    out: list[Path] = []
    for folder in ("corpus-real/pool", "corpus-real/dev", "corpus"):
        d = SHARED / folder
        if d.is_dir():
            out += sorted(p for p in d.iterdir() if p.suffix in (".md", ".txt"))
    return out


@pytest.mark.skipif(not _texts(), reason="../shared corpora are not beside the project")
def test_anchors_are_the_scan_on_the_real_texts() -> None:
    n = 0
    for path in _texts():
        raw = path.read_text(encoding="utf-8", errors="replace")
        _same(raw)
        text = restore_accents(normalize(raw)).text
        _same(text)
        n += len(_found(ANCHOR.finditer(text)))
    assert n > 1000

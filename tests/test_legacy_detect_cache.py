"""detect keeps the verdict on a short sample of legacy-looking lines (s15-extract): the same verdict as
the reading of the sample, the first time and from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.load import legacy_fonts as L
from make_documents import legacy_encode

CLEAN = (
    "Số: 271/BC-UBND\nBÁO CÁO\nThực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ "
    "về việc triển khai.\nCăn cứ Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ.\n"
)


@pytest.mark.parametrize("encoding", [None, "tcvn3", "vni"])
def test_a_short_sample_is_read_once_and_answered_alike(encoding: str | None) -> None:
    text = CLEAN if encoding is None else legacy_encode(CLEAN, encoding)
    sample = "\n".join(L._LEGACY_LINE.findall(text))
    assert 0 < len(sample) <= L._SHORT_SAMPLE
    L._detect_short.cache_clear()
    assert L.detect(text) == L._detect_sample(sample) == encoding
    assert L.detect(text) == encoding
    assert L._detect_short.cache_info().hits == 1


def test_a_long_sample_is_not_kept() -> None:
    text = legacy_encode(CLEAN, "tcvn3") * 40
    assert len("\n".join(L._LEGACY_LINE.findall(text))) > L._SHORT_SAMPLE
    L._detect_short.cache_clear()
    assert L.detect(text) == "tcvn3"
    assert L._detect_short.cache_info().currsize == 0


# the pattern before s15-extract (a look-ahead over the line, then a backtrack): the new one finds the same lines
_OLD_LEGACY_LINE = regex.compile(
    r"(?m)^(?![^\n]*[\u0100-\u024f\u1e00-\u1eff\u0300-\u036f])[^\n]*[\u0080-\u00ff][^\n]*$"
)
_LINE_PIECES = [
    "a",
    " ",
    "\n",
    "\r",
    "\t",
    "\x85",
    "\u2028",
    "Á",
    "à",
    "\u00ff",
    "\u0080",
    "ư",
    "\u0301",
    "ạ",
]
_LINE_PIECES += [
    "\u0100",
    "\u024f",
    "\u0250",
    "\u1dff",
    "\u1e00",
    "\u1eff",
    "\u1f00",
    "\u02ff",
    "\u036f",
    "\u0370",
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=40))
def test_the_legacy_line_pattern_finds_what_the_old_one_found(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [m.span() for m in L._LEGACY_LINE.finditer(text)] == [
        m.span() for m in _OLD_LEGACY_LINE.finditer(text)
    ]


def _real_texts() -> list[Path]:
    shared = Path(__file__).resolve().parents[2] / "shared"
    return [
        p
        for d in ("corpus-real/pool", "corpus-real/dev", "corpus")
        if (shared / d).is_dir()
        for p in sorted((shared / d).iterdir())
        if p.suffix in (".md", ".txt")
    ]


@pytest.mark.skipif(not _real_texts(), reason="../shared corpora are not beside the project")
def test_the_legacy_line_pattern_finds_what_the_old_one_found_in_the_real_texts() -> None:
    found = 0
    for path in _real_texts():
        text = path.read_text(encoding="utf-8", errors="replace")
        old = [m.span() for m in _OLD_LEGACY_LINE.finditer(text)]
        assert [m.span() for m in L._LEGACY_LINE.finditer(text)] == old, path.name
        found += len(old)
    assert found > 100

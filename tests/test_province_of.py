"""The report's province counted with a cache of the names read: what the Counter loop gave (s16-extract)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.extract.header import _PROVINCE_IN_TEXT, _province_of
from luocdo.extract.issuers import provinces
from luocdo.load.normalize import normalize

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _reference(text: str) -> str | None:
    names = provinces()
    c = Counter()
    for m in _PROVINCE_IN_TEXT.finditer(text):
        words = m.group("name").split()
        for k in range(len(words), 0, -1):
            cand = " ".join(words[:k])
            if cand in names:
                c[names[cand]] += 1
                break
    return c.most_common(1)[0][0] if c else None


_PIECES = [
    "tỉnh ",
    "Tỉnh ",
    "thành phố ",
    "TỈNH ",
    "Quảng Nam",
    "Hà Nội",
    "Huế",
    "Thừa Thiên Huế",
    "Bà Rịa - Vũng Tàu",
    "Hồ Chí Minh",
    "Đà Nẵng",
    "Trà Vinh",
    "Xyz",
    " Cũ",
    ", ",
    ".",
    "\n",
    " ",
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=24))
def test_province_of_is_the_counter_loop(pieces: list[str]) -> None:
    # ties included: the first named of the provinces named most often
    text = "".join(pieces)
    assert _province_of(text) == _reference(text)


def test_a_tie_goes_to_the_first_named() -> None:
    text = "tỉnh Trà Vinh, tỉnh Quảng Nam, tỉnh Quảng Nam, tỉnh Trà Vinh"
    assert _province_of(text) == _reference(text) == "Trà Vinh"


@pytest.mark.skipif(
    not (SHARED / "corpus-real").is_dir(), reason="../shared corpora are not beside the project"
)
def test_province_of_on_the_real_texts() -> None:
    seen = 0
    for folder in ("corpus-real/pool", "corpus-real/dev", "corpus"):
        for p in sorted((SHARED / folder).iterdir()):
            if p.suffix in (".md", ".txt"):
                text = normalize(p.read_text(encoding="utf-8", errors="replace")).text
                want = _reference(text)
                assert _province_of(text) == want, p.name
                seen += want is not None
    assert seen > 100

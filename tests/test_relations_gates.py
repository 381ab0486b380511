"""Cues searched only in a text holding what every match holds (s16-extract)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.extract.relations import _SENTENCE, _SENTENCE_MARKS, _cues, _sentence_breaks, _subject_issued
from luocdo.load.normalize import normalize


def test_the_pattern_ends_with_the_words_the_gate_looks_for() -> None:
    p = _cues()["subject_issued"]
    assert p.pattern.endswith("ban hành")
    assert not p.flags & regex.IGNORECASE


_PIECES = ["UBND", "Ủy ban nhân dân", "huyện", "Sở", "phòng", "đã", "kịp thời", "ký", "ban hành", "ban", "hành",
           "Ban hành", "BAN HÀNH", " ", "  ", ",", "\n", "x", "ban  hành"]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10))
def test_subject_issued_is_the_search_it_guards(pieces: list[str]) -> None:
    s = "".join(pieces)
    got, want = _subject_issued(s), _cues()["subject_issued"].search(s)
    assert (got and got.span()) == (want and want.span())


def test_a_sentence_break_begins_with_one_of_the_marks() -> None:
    # read from the pattern by a partial match of one character: an alternative added that starts
    # otherwise fails here (each alternative holds its mark as its first character)
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        assert (c in _SENTENCE_MARKS) == (_SENTENCE.match(c, partial=True) is not None), hex(code)


_GAP_PIECES = [
    " ",
    "  ",
    ", ",
    "và ",
    "của UBND",
    ".",
    ". ",
    "! ",
    "?",
    "\n",
    "Căn cứ",
    "“",
    "(",
    "x",
    "1.2",
    ";",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_GAP_PIECES), max_size=10))
def test_sentence_breaks_are_the_scan_they_guard(pieces: list[str]) -> None:
    gap = "".join(pieces)
    assert [m.span() for m in _sentence_breaks(gap)] == [m.span() for m in _SENTENCE.finditer(gap)]


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.skipif(
    not (SHARED / "corpus-real").is_dir(), reason="../shared corpora are not beside the project"
)
def test_the_gates_on_the_real_texts() -> None:
    # every stretch of up to three lines of the real texts, raw and normalized
    subject = _cues()["subject_issued"]
    found = 0
    for folder in ("corpus-real/pool", "corpus-real/dev", "corpus"):
        for p in sorted((SHARED / folder).iterdir()):
            if p.suffix not in (".md", ".txt"):
                continue
            raw = p.read_text(encoding="utf-8", errors="replace")
            for text in (raw, normalize(raw).text):
                lines = text.split("\n")
                for i in range(len(lines)):
                    s = "\n".join(lines[i : i + 3])
                    assert [m.span() for m in _sentence_breaks(s)] == [
                        m.span() for m in _SENTENCE.finditer(s)
                    ]
                    got, want = _subject_issued(s), subject.search(s)
                    assert (got and got.span()) == (want and want.span())
                    found += want is not None
    assert found > 10

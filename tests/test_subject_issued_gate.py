"""The "subject issued" cue is searched only in a text holding "ban hành" (s16-extract)."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.extract.relations import _cues, _subject_issued


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

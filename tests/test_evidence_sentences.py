"""evidence_of's per-text sentence finder (each line scanned once) gives sentence_around's answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.store.evidence import _SENT_END, _SENT_END_SCAN, _Sentences, sentence_around

# sentence ends, the capitals and marks a sentence may start with, line breaks, long runs
_PIECES = [
    ". ",
    ".  ",
    "; ",
    "! ",
    "? ",
    " ",
    "a",
    "b",
    "Đ",
    "Q",
    '"',
    "“",
    "(",
    "<",
    "-",
    "+",
    "\n",
    "x" * 90,
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=120),
    st.lists(
        st.tuples(st.integers(0, 10**4), st.integers(0, 40), st.sampled_from([5, 20, 400, 600])), max_size=12
    ),
)
def test_the_same_sentence_as_sentence_around(pieces: list[str], spans: list[tuple[int, int, int]]) -> None:
    text = "".join(pieces)
    around = _Sentences(text)
    for at, width, limit in spans:
        start = at % len(text)
        end = min(len(text), start + width)
        assert around(start, end, limit) == sentence_around(text, start, end, limit)


def test_citations_of_one_line_share_its_scan() -> None:
    text = "Căn cứ Luật số 1/2020/QH14. Thực hiện Nghị định số 2/2021/NĐ-CP; Theo Quyết định 3/QĐ-UBND.\nDòng hai."
    around = _Sentences(text)
    for word in ("Luật", "Nghị định", "Quyết định", "hai"):
        start = text.index(word)
        assert around(start, start + 8) == sentence_around(text, start, start + 8)
    assert len(around.lines) == 2


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=120))
def test_the_scan_from_the_mark_finds_the_same_sentence_ends(pieces: list[str]) -> None:
    text = "".join(pieces)
    ends = [m.span() for m in _SENT_END.finditer(text)]
    assert [(m.start(1), m.end()) for m in _SENT_END_SCAN.finditer(text)] == ends


def test_citations_of_one_line_find_its_bounds_once(monkeypatch) -> None:
    import luocdo.store.evidence as evidence

    calls = []
    line_start = evidence.line_start
    monkeypatch.setattr(evidence, "line_start", lambda text, pos: calls.append(pos) or line_start(text, pos))
    text = "Dòng một.\nCăn cứ Luật số 1/2020/QH14. Thực hiện Nghị định số 2/2021/NĐ-CP; Theo Quyết định 3/QĐ-UBND.\nHai."
    around = _Sentences(text)
    words = ("Luật", "Nghị định", "Quyết định", "Căn cứ", "Luật")
    got = [around(text.index(w), text.index(w) + 8) for w in words]
    assert len(calls) == 1
    assert got == [sentence_around(text, text.index(w), text.index(w) + 8) for w in words]
    assert got[0] is got[3] is got[4]  # one string for one sentence

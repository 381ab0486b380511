"""Extraction time grows with the text, not with the square of its longest line.

The reliability probe's finding 3: a scan back to the start of the line (or of the text) for every
citation made a 16 MB one-line text take 521 s. 8 × the text must take well under 8² × the time.
"""

from __future__ import annotations

import gc
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luocdo.lines import line_end, line_start
from luocdo.load import load_bytes
from luocdo.pipeline import extract_text

C = "Quyết định số 1/QĐ-UBND ngày 01/01/2020 của UBND tỉnh Trà Vinh"
WORST = {
    "one-line-dense": lambda n: ("Thực hiện " + C + ". ") * (n // 90),
    "no-period-list": lambda n: "".join(f"Kế hoạch số {i}/KH-UBND ngày 01/02/2020\n" for i in range(n // 45)),
    "one-line-no-period": lambda n: "".join(
        f"Kế hoạch số {i}/KH-UBND ngày 01/02/2020, " for i in range(n // 45)
    ),
    "u2028-separated": lambda n: (C + "\u2028") * (n // 72),
}


def _seconds(text: str) -> float:
    """CPU seconds of this process: other work on the machine does not count."""
    gc.collect()  # a collection owed by the previous run is not charged to this one
    t0 = time.process_time()
    doc = load_bytes(text.encode("utf-8"), "x.txt")
    extract_text(doc.text, "x.txt")
    return time.process_time() - t0


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WORST))
def test_eight_times_the_text_takes_less_than_ten_times_the_time(name):
    # half a megabyte against four (bench/linearity.py measures 1 MB against 8 MB): the same factor of
    # eight at a fraction of the test time; quadratic time would give about 64
    make = WORST[name]
    # the best of two on each side, so that one slow run on a busy machine does not decide. Linear
    # time gives 8; the garbage collector's passes over the citations kept so far and a sort of them
    # add up to 9.2-9.7 on a quiet machine (no-period-list: 8.1 without the collector) and 10.0 with
    # the rest of the suite running; the square of the length gives about 64
    small = min(_seconds(make(2**19)) for _ in range(2))
    large = min(_seconds(make(4 * 2**20)) for _ in range(2))
    assert large / small < 12, f"{name}: 0.5 MB {small:.2f} s, 4 MB {large:.2f} s"


def test_an_equal_copy_of_a_long_line_costs_what_the_first_did():
    # an index cached by the text's value compared the copy with the cached text in full on every
    # look-up: a megabyte per citation when the same document was extracted twice in one process
    first = "x" * 2**21 + "\n" + "y" * 10
    copy = (first + "!")[:-1]
    assert copy == first and copy is not first
    positions = range(300, 2**21, 97)

    def cost(text: str) -> float:
        t0 = time.process_time()
        for pos in positions:
            line_start(text, pos)
            line_end(text, pos)
        return time.process_time() - t0

    alone = min(cost(first) for _ in range(2))
    again = cost(copy)
    assert again < 5 * alone + 0.05, f"first text {alone:.3f} s, an equal copy {again:.3f} s"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "abc",
        "a\nb",
        "\n\n\n",
        "x" * 9000,
        "x" * 5000 + "\n" + "y" * 9000 + "\n" + "z" * 10,
        "ab\n" * 3000,
    ],
)
def test_line_start_and_end_answer_as_rfind_and_find(text):
    for pos in range(0, len(text) + 1, max(1, len(text) // 997)):
        assert line_start(text, pos) == text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        assert line_end(text, pos) == (le if le >= 0 else len(text))


@given(st.text(alphabet="ab\n", max_size=300), st.integers(min_value=1, max_value=8))
def test_line_start_and_end_for_any_text_and_look(text, look):
    import luocdo.lines as lines

    saved, lines._LOOK = lines._LOOK, look  # a short look sends most positions through the index
    try:
        for pos in range(len(text) + 1):
            assert line_start(text, pos) == text.rfind("\n", 0, pos) + 1
            le = text.find("\n", pos)
            assert line_end(text, pos) == (le if le >= 0 else len(text))
    finally:
        lines._LOOK = saved

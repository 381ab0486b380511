"""Extraction time grows with the text, not with the square of its longest line.

The reliability probe's finding 3: a scan back to the start of the line (or of the text) for every
citation made a 16 MB one-line text take 521 s. 8 × the text must take well under 8² × the time.
"""

from __future__ import annotations

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
    t0 = time.process_time()
    doc = load_bytes(text.encode("utf-8"), "x.txt")
    extract_text(doc.text, "x.txt")
    return time.process_time() - t0


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WORST))
def test_eight_times_the_text_takes_less_than_ten_times_the_time(name):
    make = WORST[name]
    small = min(_seconds(make(2**20)) for _ in range(2))
    large = min(_seconds(make(8 * 2**20)) for _ in range(2))
    assert large / small < 10, f"{name}: 1 MB {small:.2f} s, 8 MB {large:.2f} s"


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

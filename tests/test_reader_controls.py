"""The control-character check of UTF-8 text decided on the bytes says what the check on the characters
says (s15-extract)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.load.reader import LoadError, _check_controls, _check_utf8_controls, decode_text

# one- to four-byte characters, control characters, and long runs that push controls past byte 4,096
# while they stay within the first 4,096 characters (or past character 4,096 within 16,384 bytes)
_PIECES = ["a", " ", "\n", "\t", "\r", "Đ", "ệ", "𝔸", "\x01", "\x08", "\x0e", "\x1f", "\x7f", "\x0b"]
_RUNS = ["a" * 1000, "Đ" * 1000, "ệ" * 1000, "𝔸" * 1000, "\x1b" * 5]


def _verdict(check, *args) -> bool:
    try:
        check(*args)
    except LoadError:
        return False
    return True


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_RUNS)), min_size=1, max_size=40))
def test_the_byte_count_decides_as_the_character_count(pieces: list[str]) -> None:
    text = "".join(pieces)
    data = text.encode("utf-8")
    assert _verdict(_check_utf8_controls, data, text) == _verdict(_check_controls, text)


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        ("Đ" * 2100 + "\x01" * 9, True),  # the controls lie past byte 4,096, within character 4,096
        ("𝔸" * 4000 + "\x01" * 9, True),  # past byte 16,000
        ("ệ" * 4096 + "\x01" * 9, False),  # past character 4,096
        ("a" * 4087 + "\x01" * 9, True),
        ("a" * 4088 + "\x01" * 9, False),
        ("ab\x1b[0m" * 8, False),
        ("ab\x1b[0m" * 9, True),
    ],
)
def test_decode_text_refuses_what_it_refused(text: str, binary: bool) -> None:
    assert _verdict(_check_controls, text) == (not binary)  # the reference
    if binary:
        with pytest.raises(LoadError, match="control characters"):
            decode_text(text.encode("utf-8"))
    else:
        assert decode_text(text.encode("utf-8")) == (text, "utf-8")

"""Offsets must point into the original text whatever Unicode form arrives (eyecite's lesson)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.load.normalize import normalize
from luocdo.pipeline import extract_text

SAMPLE = (
    "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ; Kế hoạch số 84/KH-UBND "
    "ngày 20/11/2019 của Ủy ban nhân dân tỉnh Trà Vinh triển khai thực hiện Chỉ thị số 10/CT-TTg.\n"
    "Căn cứ Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ và Luật Tổ chức chính quyền địa phương.\n"
)


def signature(text: str):
    return [
        (m.type, m.number, m.year, m.symbol, m.date, m.issuer, m.relation, m.line)
        for m in extract_text(text, "t").mentions
    ]


VARIANTS = {
    "nfd": lambda s: unicodedata.normalize("NFD", s),
    "crlf": lambda s: s.replace("\n", "\r\n"),
    "nbsp": lambda s: s.replace(" số ", "\u00a0số\u00a0"),
    "soft-hyphen": lambda s: s.replace("Chính phủ", "Chí\u00adnh phủ").replace("Chỉ thị", "Chỉ\u200b thị"),
    "bom-zwj": lambda s: "\ufeff" + s.replace("Kế hoạch", "Kế\u200d hoạch"),
    "markdown": lambda s: s.replace("Chỉ thị số 26/CT-TTg", "**Chỉ thị số 26/CT-TTg**"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_same_mentions_whatever_form_arrives(name):
    assert signature(VARIANTS[name](SAMPLE)) == signature(SAMPLE)


@pytest.mark.parametrize("name", VARIANTS)
def test_offsets_point_into_the_original(name):
    text = VARIANTS[name](SAMPLE)
    for m in extract_text(text, "t").mentions:
        assert text[m.start : m.end] == m.surface
        if m.number:
            assert m.number in unicodedata.normalize("NFC", m.surface)
        assert text.count("\n", 0, m.start) + 1 == m.line


def test_all_caps_gives_the_same_documents():
    up = [
        (m.type, m.number, m.symbol, m.date, m.issuer)
        for m in extract_text(SAMPLE.upper(), "t").mentions
        if m.number
    ]
    lo = [
        (m.type, m.number, m.symbol, m.date, m.issuer) for m in extract_text(SAMPLE, "t").mentions if m.number
    ]
    assert up == lo


def test_offset_map_round_trip_on_nfd():
    text = unicodedata.normalize("NFD", "Quyết định số 1194/QĐ-UBND của Ủy ban")
    nt = normalize(text)
    i = nt.text.index("1194/QĐ-UBND")
    j = i + len("1194/QĐ-UBND")
    assert unicodedata.normalize("NFC", text[nt.to_orig(i) : nt.to_orig_end(j)]) == "1194/QĐ-UBND"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_extraction_never_raises_on_arbitrary_text(text):
    ex = extract_text(text, "t")
    for m in ex.mentions:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.surface


_noise = st.sampled_from(["\u00a0", "\u00ad", "\u200b", "\r", "*", "", " "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE)), _noise), max_size=8), st.booleans())
def test_offsets_always_point_at_the_mention(inserts, nfd):
    text = SAMPLE
    for pos, ch in sorted(inserts, reverse=True):
        text = text[:pos] + ch + text[pos:]
    if nfd:
        text = unicodedata.normalize("NFD", text)
    for m in extract_text(text, "t").mentions:
        assert text[m.start : m.end] == m.surface
        if m.number:
            assert m.surface[:1].isalnum()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ĐđQ0123456789/-– số.,;:ngàytháng\n ", max_size=400))
def test_digit_slash_soup_never_raises_or_invents(text):
    for m in extract_text(text, "t").mentions:
        if m.number:
            assert m.number in text

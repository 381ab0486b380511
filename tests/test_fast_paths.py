"""The fast paths of the extractor give what the general patterns they replace give.

Each speed-up replaced a regex scan or a loop with something cheaper that must answer the same:
these property tests compare the two on text built from the pieces that matter (place names, law
keywords, type words, odd spacing and case)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.extract import citations as C
from luocdo.extract import issuers as I
from luocdo.load.legacy_fonts import _HIGH, _LEGACY_LINE, _UNICODE_ONLY
from luocdo.load.normalize import normalize

PLACES = ["Trà Vinh", "Trà Cú", "Sóc Trăng", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Ia H'Drai", "M'Đrắk",
          "Hồ Chí Minh", "TP. Hồ Chí Minh", "Hà Nội", "Hà Giang", "An Giang", "Huế", "Phan Rang - Tháp Chàm"]
PIECES = [*PLACES, *(p.upper() for p in PLACES), *(p.lower() for p in PLACES), "ſóc Trăng", " ", "  ", ", ", ".",
          "\n", "về", "Vinh", "Trà", "xã", "Hàm", "-", "–", "'", "İ", "ẞ", "1", "Quận 1"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8))
def test_place_names_are_found_as_the_full_alternation_finds_them(pieces):
    text = "".join(pieces)
    for at in range(len(text) + 1):
        m = I._places_re().match(text, at)
        assert I._place_at(text, at) == (m.end() if m else -1), (text, at)


LAW_PIECES = ["Luật", "luật", "Bộ luật", "Bộ  luật", "Hiến pháp", "Hiến  pháp", " ", "  ", "sửa đổi", ", ", "bổ sung",
              "một số điều", "của", "Cán bộ", "công chức", "Đất đai", "năm 2019", "Pháp", "pháp ", "\n", "và", "số",
              "các", "X", "Luật sửa đổi, bổ sung một số điều của Luật "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LAW_PIECES), max_size=12))
def test_law_keywords_are_found_where_the_regex_scans_find_them(pieces):
    text = "".join(pieces)
    assert [m.span() for m in C._law_matches(text)] == [m.span() for m in C._LAW.finditer(text)], text
    assert [m.span() for m in C._amending_laws(text)] == [m.span() for m in C._AMENDING_LAW.finditer(text)], text


TYPE_PIECES = ["Quyết định", "quyết định", "QUYẾT ĐỊNH", "Nghị định", "Chỉ thị", "Kế hoạch", "Công văn", "Nghị quyết",
               "Thông tư liên tịch", "Thông tư", "Luật", "QĐ", "CT", "KH", "(", "“", "-", " ", "  ", "\n", "số", "Số",
               "so", ":", "theo", "và", "x", "İ", "Ngh  quy t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TYPE_PIECES), max_size=10))
def test_type_words_are_read_as_the_general_loop_reads_them(pieces):
    """The general loop tries every word count from four down to one, squeezing and lowering each
    phrase: the fast path tries only the counts that can end in the last word."""
    text = "".join(pieces) + " 12"
    pos = len(text) - 2
    assert C._type_before(text, pos, []) == C._type_before(text, pos, [], general=True), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\r\u00e0\u00c2\u1ea1\u01b0\u0301\u00ff\u0080\u2028\x85", max_size=60))
def test_legacy_lines_are_the_lines_the_per_line_check_picks(text):
    expected = [p for p in text.split("\n") if _HIGH.search(p) and not _UNICODE_ONLY.search(p)]
    assert _LEGACY_LINE.findall(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n\r \u00a0", max_size=40))
def test_line_numbers_count_the_line_breaks_before(text):
    nt = normalize(text)
    for i in range(len(nt.text) + 1):
        assert nt.line_of(i) == nt.text[:i].count("\n") + 1


def _end_patterns():
    from luocdo.extract import relations as R
    from luocdo.extract.grammar import EndPattern
    from luocdo.resolve import in_document as D

    cues = R._cues()
    found = [cues["dangling"], cues["weak"], cues["provision_tail"], R._LIST_END, R._COORD_END,
             D._SUBJECT, D._SUBJECT_VERB, D._OF_AT, C._FWD_BACK_VERB, C._FWD_BACK_CLAUSE, I._GAZETTEER_UNIT]
    assert all(isinstance(p, EndPattern) for p in found)
    return found


END_PIECES = ["căn cứ", "Căn  cứ", "theo", "tại", "quy định", "của", "số", "và", ",", " ", "  ", "\n", ".", "; ",
              "UBND", "Ủy ban nhân dân", "tỉnh", "huyện", "Trà Vinh", "đã", "ban hành", "có", "gửi", "ký", "Luật",
              "Ngày 05/9/2016", "(", "- ", "a) ", "vào", "cùng với", "khoản 2 Điều 3", "chuyển đến", "x", "ó"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(END_PIECES), max_size=9), st.integers(0, 6), st.integers(0, 6))
def test_end_anchored_patterns_find_what_a_forward_search_finds(pieces, cut_start, cut_end):
    text = "".join(pieces)
    pos, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    for p in _end_patterns():
        got, want = p.search(text, pos, end), p.forward.search(text, pos, end)
        assert (got and got.span()) == (want and want.span()), (p.pattern, text, pos, end)


SOFT_PIECES = ["ngày", " ", "  ", "\t", "\n", " \n", "\t\n", "\n\n", "- ", "1. ", "a) ", "Điều 3", "Căn cứ", "Xét",
               "của Bộ", "Tài chính", "12/3/2024", "|", "#", "II. ", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SOFT_PIECES), max_size=12))
def test_soft_window_makes_spaces_of_the_breaks_the_full_pattern_finds(pieces):
    seg = "".join(pieces)
    with_blanks, _ = C._fwd_soft_break()
    want = seg if "\n" not in seg[: C._FWD_SOFT_REACH] else with_blanks.sub(lambda m: " " * len(m.group()), seg)
    assert C.soft_window(seg) == want


OF_PIECES = ["của", "Của", "CỦA", "do", "Do", "docủa", "xdo", " ", "  ", "Sở", "Xây dựng", ",", "\n", "đã", "tại"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(OF_PIECES), max_size=10), st.integers(0, 4))
def test_the_last_of_before_a_request_is_the_last_forward_match(pieces, cut):
    from luocdo.resolve import in_document as D

    window = "".join(pieces)
    end = max(0, len(window) - cut)
    matches = list(D._OF.finditer(window, 0, end))
    last = D._OF_LAST.search(window, 0, end)
    assert (last and last.span()) == (matches[-1].span() if matches else None), (window, end)


@given(st.text(alphabet="ab() ", max_size=30))
def test_closing_parenthesis_is_found_as_the_character_loop_finds_it(gap):
    from luocdo.extract.relations import _closes_paren

    depth, want = 0, -1
    for k, ch in enumerate(gap):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            want = k
            break
    assert _closes_paren(gap) == want

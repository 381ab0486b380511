"""Vietnamese typed without diacritics reads as the accented text does (issue 10, category 1)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import mentions
from luocdo.load.accents import restore_accents, strip_accents, unaccented_spans
from luocdo.load.normalize import normalize
from luocdo.pipeline import extract_text


def _sig(text: str) -> list[tuple]:
    ex = extract_text(text, source="t.txt")
    return [(m.start, m.end, m.key, m.date, m.relation, m.short_form) for m in ex.mentions]


@pytest.mark.parametrize(
    "accented",
    [
        "Căn cứ Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ về việc ban hành kế hoạch.",
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 5 tháng 3 năm 2020 của UBND tỉnh Trà Vinh về việc tuyên truyền.",
        "Triển khai Nghị định 108/2020/NĐ-CP của Chính phủ và Nghị quyết số 16-NQ/HU của Ban Thường vụ Huyện ủy.",
        "HĐND tỉnh ban hành Nghị quyết số 12/NQ-HĐND ngày 08/7/2021 về phát triển giao thông.",
        "Thực hiện Đề án số 05-ĐA/TU ngày 21/6/2018 của Ban Thường vụ Tỉnh ủy và Luật Đất đai năm 2013.",
        "Công văn số 650/LĐTBXH-VP ngày 21 tháng 7 năm 2022 của Bộ Lao động - Thương binh và Xã hội.",
        "CĂN CỨ NGHỊ QUYẾT SỐ 20/NQ-HĐND NGÀY 12/3/2021 CỦA HỘI ĐỒNG NHÂN DÂN HUYỆN TRÀ CÚ",
    ],
)
def test_unaccented_sentence_gives_the_accented_keys(accented):
    plain = strip_accents(accented)
    assert plain.isascii() and len(plain) == len(accented)
    assert _sig(plain) == _sig(accented)


def test_surface_comes_from_the_text_as_written():
    plain = "Thuc hien Nghi dinh so 108/2020/ND-CP cua Chinh phu ve viec sap xep."
    (m,) = mentions(plain)
    assert m.surface == "Nghi dinh so 108/2020/ND-CP cua Chinh phu"
    assert (m.type, m.symbol, m.issuer) == ("Nghị định", "NĐ-CP", "Chính phủ")


def test_the_reports_own_number_is_read_in_an_unaccented_header():
    text = "So: 271/BC-UBND\n\nTra Cu, ngay 26 thang 6 nam 2023\n\nBAO CAO\n\nThuc hien Ke hoach so 5/KH-UBND cua UBND huyen."
    assert [m.number for m in mentions(text)] == ["5"]


def test_ambiguous_words_only_in_context():
    nt = restore_accents(
        normalize("Cac xa thuc hien so voi nam truoc; nam 2020 tang; tinh Ha Nam va Viet Nam.")
    )
    assert " so với" in nt.text  # "so" compares here: not "số"
    assert "nam truoc" in nt.text and "năm 2020" in nt.text
    assert "tỉnh Hà Nam" in nt.text and "Việt Nam" in nt.text


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Quyết định số 12/QD-UBND ngày 5/3/2020 của UBND tỉnh; Nghi dinh so 5 van duoc nhac.",
        "Circular No. 55/2023/TT-BTC dated August 15, 2023 of the Minister of Finance on funds.",
        "- Ban PC, NVT, CT;\n**FILE ATTACHED TO DOCUMENT**",
    ],
)
def test_text_with_diacritics_or_english_is_never_touched(text):
    assert normalize(text).text == restore_accents(normalize(text)).text or not unaccented_spans(text)
    if any(ord(c) > 0xBF for c in text):
        assert restore_accents(normalize(text)).text == normalize(text).text


def test_a_paragraph_typed_without_diacritics_in_an_accented_report():
    text = (
        "Ủy ban nhân dân huyện báo cáo như sau:\n"
        "Can cu Quyet dinh so 1847/QD-TTg ngay 27/12/2018 cua Thu tuong Chinh phu ve viec phe duyet va trien khai.\n"
        "Các xã đã thực hiện tốt."
    )
    nt = restore_accents(normalize(text))
    assert nt.text.splitlines()[0] == text.splitlines()[0]
    assert nt.text.splitlines()[2] == text.splitlines()[2]
    (m,) = mentions(text)
    assert m.key == "Quyết định|1847|QĐ-TTg|2018|Thủ tướng Chính phủ" and m.date == "2018-12-27"


TYPE_WORDS = [
    "Quyết định",
    "Nghị định",
    "Kế hoạch",
    "Chỉ thị",
    "Thông tư",
    "Nghị quyết",
    "Công văn",
    "Đề án",
    "Thông báo kết luận",
    "Hướng dẫn",
    "quyết định",
    "NGHỊ ĐỊNH",
]
# (a code whose unaccented spelling is another code, DA for ĐA, is read from the type word: not varied here)
SYMBOLS = [
    "1847/QĐ-TTg",
    "108/2020/NĐ-CP",
    "12/KH-UBND",
    "16-NQ/HU",
    "05-KL/TW",
    "20-CT/TU",
    "03/2023/TT-BNV",
    "2231/SNV-CCHC&PC",
    "5/NQ-HĐND",
    "650/QĐ-LĐTBXH",
]
DATES = ["", " ngày 27/12/2018", " ngày 5 tháng 3 năm 2020", " năm 2021", ", ngày 06/9/2021"]
ISSUERS = [
    "",
    " của Thủ tướng Chính phủ",
    " của UBND tỉnh Trà Vinh",
    " của Ủy ban nhân dân huyện Trà Cú",
    " của Bộ Nội vụ",
    " của Ban Thường vụ Tỉnh ủy",
    " của Chủ tịch UBND tỉnh Sóc Trăng",
    " của Chính phủ",
]
CUES = ["Căn cứ ", "Thực hiện ", "Triển khai thực hiện ", "Theo ", "Các xã đã tổ chức quán triệt "]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(CUES),
            st.sampled_from(TYPE_WORDS),
            st.booleans(),
            st.sampled_from(SYMBOLS),
            st.sampled_from(DATES),
            st.sampled_from(ISSUERS),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_stripping_the_diacritics_keeps_every_key(parts):
    accented = " ".join(
        f"{cue}{tw}{' số' if so else ''} {sym}{date}{iss}." for cue, tw, so, sym, date, iss in parts
    )
    assert _sig(strip_accents(accented)) == _sig(accented), accented


@pytest.mark.parametrize(
    ("plain", "restored", "kept"),
    [
        # ký only where it is signed: before ban hành, ngày or a number, after đã/được
        (
            "Tai ky hop thu 3, cac dai bieu da ky ngay 4/5 va ky ban hanh.",
            ["đã ký", "ký ban hành"],
            ["ky hop"],
        ),
        # Đảng when written with a capital or before ủy/bộ/viên; "dang" alone is đang
        (
            "Cac xa dang trien khai; Dang uy xa va cac dang vien cua Dang.",
            ["Đảng ủy", "đảng vien", "của Đảng"],
            ["xa dang"],
        ),
        # này after a document; "den nay" is đến nay
        (
            "Den nay cac xa da thuc hien Ke hoach nay va Quyet dinh nay.",
            ["Kế hoạch này", "Quyết định này"],
            ["Den nay"],
        ),
        # thuế of taxes; "thue nha" is thuê nhà
        (
            "Hop dong thue nha cua xa; nop thue va thue gia tri gia tang.",
            ["nop thuế", "thuế giá trị"],
            ["thue nha"],
        ),
    ],
)
def test_ambiguous_words_are_restored_in_their_context_only(plain, restored, kept):
    text = restore_accents(normalize(plain)).text
    for s in restored:
        assert s in text, text
    for s in kept:
        assert s in text, text


def test_a_meeting_is_not_read_as_signing():
    plain = "Bao cao cua xa.\nThuc hien ket qua ky hop thu 4, Nghi quyet so 7/NQ-HDND ngay 2/2/2022 cua HDND xa, cac don vi da trien khai."
    assert (
        _sig(plain)
        == _sig(strip_accents(plain))
        == _sig(
            "Báo cáo của xã.\nThực hiện kết quả kỳ họp thứ 4, Nghị quyết số 7/NQ-HĐND ngày 2/2/2022 của HĐND xã,"
            " các đơn vị đã triển khai."
        )
    )


def test_an_unaccented_citation_line_without_va_in_an_accented_report():
    text = (
        "Báo cáo kết quả công tác.\n"
        "Can cu Nghi dinh so 45/2021/ND-CP ngay 3/4/2021 cua Chinh phu;\n"
        "Các xã đã thực hiện tốt.\n"
    )
    (m,) = mentions(text)
    assert (m.type, m.symbol, m.issuer, m.date) == ("Nghị định", "NĐ-CP", "Chính phủ", "2021-04-03")

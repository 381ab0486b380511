"""Citations as people type them (issue 10, categories 2-4): spaces inside symbols, numbers sharing one
symbol, a hyphen after the year, type words in capitals or lower case."""

from __future__ import annotations

import pytest

from helpers import mentions, one


@pytest.mark.parametrize(
    ("text", "number", "year", "symbol"),
    [
        ("Kế hoạch số 27/KH- UBND ngày 4/3/2021", "27", None, "KH-UBND"),
        ("Nghị định 61/2018/NĐ- CP của Chính phủ", "61", "2018", "NĐ-CP"),
        ("Công văn số 310/SXD-QLN& TTBĐS", "310", None, "SXD-QLN&TTBĐS"),
        ("Nghị định số 43/1998-NĐ-CP ngày 2/5/1998", "43", "1998", "NĐ-CP"),
    ],
)
def test_spaces_and_hyphens_typed_inside_symbols(text, number, year, symbol):
    m = one(f"Thực hiện {text} về việc sắp xếp.")
    assert (m.number, m.year, m.symbol) == (number, year, symbol)


def test_a_hyphen_after_the_year_is_noted():
    m = one("Căn cứ Nghị định số 43/1998-NĐ-CP ngày 2/5/1998.")
    assert any("joined by '-'" in n for n in m.notes)
    assert m.key == "Nghị định|43|NĐ-CP|1998|Chính phủ"


def test_a_dash_between_a_symbol_and_a_name_is_not_part_of_the_symbol():
    assert one("Theo Công văn 71/UBND - Phòng Nội vụ tổng hợp.").symbol == "UBND"


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("1. Kế hoạch số 27/KH-UBND - UBND xã Tân An, ngày 2/2/2023", "KH-UBND"),
        ("Công văn 8/SYT-NVY - SYT tỉnh gửi các huyện.", "SYT-NVY"),
        ("Kế hoạch số 27/KH -UBND ngày 4/3/2021", "KH-UBND"),  # a space before the hyphen only
    ],
)
def test_a_spaced_dash_after_a_symbol_does_not_glue_the_next_word(text, symbol):
    assert one(text).symbol == symbol


@pytest.mark.parametrize(
    ("text", "numbers", "symbol"),
    [
        ("Căn cứ Nghị định 21, 22, 23/CP của Chính phủ.", ["21", "22", "23"], "CP"),
        ("Theo Quyết định số 7 và 8/QĐ-UBND của UBND huyện.", ["7", "8"], "QĐ-UBND"),
        ("Thực hiện các Công văn số 31/SNV-VP, 45/SNV-VP và 12/UBND-NC.", ["31", "45", "12"], None),
    ],
)
def test_numbers_sharing_one_symbol_are_mentions_of_their_own(text, numbers, symbol):
    ms = [m for m in mentions(text) if m.number]
    assert [m.number for m in ms] == numbers
    if symbol:
        assert {m.symbol for m in ms} == {symbol}
        assert len({m.type for m in ms}) == 1


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Triển khai Kế hoạch 2023, 27/KH-UBND của UBND xã.", "27/KH-UBND của UBND xã"),
        ("Kết quả năm 2022, 31/KH-UBND đã được thực hiện.", "31/KH-UBND"),
        ("Tổng kết giai đoạn 5, 9/KH-UBND đã hoàn thành.", "9/KH-UBND"),
    ],
)
def test_a_year_or_a_period_before_a_citation_shares_nothing(text, surface):
    m = one(text)
    assert (m.number, m.surface) == (surface.split("/")[0], surface)


def test_counts_before_a_fraction_do_not_share_it():
    assert [m.number for m in mentions("Kết quả đạt 5, 7/10 chỉ tiêu và 3/3 nhiệm vụ.") if m.number] == []


@pytest.mark.parametrize(
    ("text", "type_", "number", "resolved"),
    [
        (
            "Đẩy mạnh triển khai Đề án 06 trên địa bàn.",
            "Đề án",
            "06",
            "Quyết định|06|QĐ-TTg|2022|Thủ tướng Chính phủ",
        ),
        (
            "Nguồn vốn Chương trình 135 năm nay.",
            "Chương trình",
            "135",
            "Quyết định|135|QĐ-TTg|1998|Thủ tướng Chính phủ",
        ),
        ("Quán triệt Nghị quyết 57 đến cán bộ.", "Nghị quyết", "57", "Nghị quyết|57|NQ/TW|2024|Bộ Chính trị"),
        # the issuer written is the approving document's (the Government and the Prime Minister count as one)
        (
            "Thực hiện Đề án 06 của Chính phủ, xã đã cấp tài khoản.",
            "Đề án",
            "06",
            "Quyết định|06|QĐ-TTg|2022|Thủ tướng Chính phủ",
        ),
        (
            "Theo Đề án 06 của Thủ tướng Chính phủ về dân cư.",
            "Đề án",
            "06",
            "Quyết định|06|QĐ-TTg|2022|Thủ tướng Chính phủ",
        ),
        (
            "Học tập Nghị quyết 57 của Bộ Chính trị trong chi bộ.",
            "Nghị quyết",
            "57",
            "Nghị quyết|57|NQ/TW|2024|Bộ Chính trị",
        ),
    ],
)
def test_a_conventional_name_is_the_short_form_written_resolved_to_the_approving_document(
    text, type_, number, resolved
):
    (m,) = mentions(text)
    assert (m.type, m.number, m.symbol, m.short_form) == (type_, number, None, True)
    assert m.resolved_key == resolved
    assert m.date is None  # the approving document's date is not the mention's
    assert any("conventional name" in n for n in m.notes)


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Nghị quyết 57 của HĐND tỉnh về giáo dục.",  # another issuer written
        "Hỗ trợ theo Nghị quyết 68 ngày 01/7/2021 về người lao động.",  # another date written
        "Thực hiện Chỉ thị 05 về phòng chống lụt bão.",  # a number many documents share: no entry
    ],
)
def test_a_conventional_number_contradicted_by_the_text_stays_an_unresolved_short_form(text):
    (m,) = mentions(text)
    assert m.short_form and m.symbol is None and m.resolved_key is None
    assert not any("conventional name" in n for n in m.notes)


def test_a_conventional_name_with_another_issuer_is_kept():
    (m,) = mentions("Triển khai Đề án 06 của UBND tỉnh Bình Thuận năm nay.")
    assert (m.type, m.number, m.short_form, m.resolved_key) == ("Đề án", "06", True, None)


def test_a_conventional_name_is_not_resolved_to_a_document_younger_than_the_report():
    text = (
        "UBND TỈNH HÀ NAM\nSố: 3/BC-UBND\nHà Nam, ngày 9 tháng 2 năm 2010\n\nBÁO CÁO\nKết quả\n\n"
        "Thực hiện Nghị quyết 57 về kinh tế, tỉnh đã triển khai.\n"
    )
    (m,) = [m for m in mentions(text) if m.number == "57"]
    assert m.short_form and m.resolved_key is None


def test_laws_named_in_capitals_have_the_usual_key():
    ms = mentions(
        "CĂN CỨ LUẬT PHÒNG CHÁY VÀ CHỮA CHÁY NĂM 2001; BỘ LUẬT LAO ĐỘNG; PHÁP LUẬT VỀ ĐẤT ĐAI; LUẬT VÀ NGHỊ ĐỊNH"
    )
    assert [(m.type, m.key, m.date) for m in ms] == [
        ("Luật", "Luật|Phòng cháy và chữa cháy", "2001"),
        ("Bộ luật", "Bộ luật|Lao động", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "QUYẾT ĐỊNH XỬ LÝ KỶ LUẬT VIÊN CHỨC SAI PHẠM",
        "HỘI LUẬT GIA HUYỆN MỸ AN",
        "ĐOÀN LUẬT SƯ THÀNH PHỐ",
        "TUYÊN TRUYỀN QUY LUẬT THỊ TRƯỜNG",
        "HƯỚNG DẪN LUẬT HÓA CÁC QUY ĐỊNH",
        "LUẬT SƯ NGUYỄN VĂN B",
        "LUẬT GIA TRẦN THỊ C",
    ],
)
def test_capitalised_words_holding_luat_are_not_laws(text):
    assert mentions(f"1. {text}\n2. Nội dung khác\n") == []


def test_a_constitution_named_in_capitals_by_its_year():
    (m,) = mentions("3. HIẾN PHÁP NĂM 2013\n4. LUẬT ĐẤT ĐAI NĂM 2024\n")[:1]
    assert (m.type, m.name, m.date) == ("Hiến pháp", None, "2013")
    ms = mentions("1. LUẬT ĐẤT ĐAI NĂM 2024\n2. KỶ LUẬT ĐẢNG VIÊN\n3. HIẾN PHÁP NĂM 1992\n")
    assert [(m.type, m.date) for m in ms] == [("Luật", "2024"), ("Hiến pháp", "1992")]


@pytest.mark.parametrize(
    "text", ["NGHỊ ĐỊNH SỐ 136/2020/NĐ-CP", "nghị định số 136/2020/NĐ-CP", "Nghị Định số 136/2020/NĐ-CP"]
)
def test_type_words_in_any_case(text):
    assert one(f"Căn cứ {text} của Chính phủ.").key == "Nghị định|136|NĐ-CP|2020|Chính phủ"

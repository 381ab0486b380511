"""One test per numbering family and irregular form of DOMAIN.md §1-§2."""

from __future__ import annotations

import pytest

from helpers import mentions, one


@pytest.mark.parametrize(
    ("text", "type_", "number", "year", "symbol"),
    [
        ("Nghị định số 108/2020/NĐ-CP ngày 14/9/2020", "Nghị định", "108", "2020", "NĐ-CP"),
        ("Quyết định số 05/2021/QĐ-UBND", "Quyết định", "05", "2021", "QĐ-UBND"),
        ("Thông tư số 11/2022/TT-BNV", "Thông tư", "11", "2022", "TT-BNV"),
        ("Thông tư liên tịch số 60/2003/TTLT-BNV-BTC", "Thông tư liên tịch", "60", "2003", "TTLT-BNV-BTC"),
        ("Luật số 80/2015/QH13", "Luật", "80", "2015", "QH13"),
        ("Nghị quyết số 728/NQ-UBTVQH15", "Nghị quyết", "728", None, "NQ-UBTVQH15"),
        ("Pháp lệnh số 44/2002/PL-UBTVQH10", "Pháp lệnh", "44", "2002", "PL-UBTVQH10"),
        ("Chỉ thị số 26/CT-TTg", "Chỉ thị", "26", None, "CT-TTg"),
        ("Kế hoạch số 84/KH-UBND", "Kế hoạch", "84", None, "KH-UBND"),
        ("Báo cáo số 240/BC-SNV", "Báo cáo", "240", None, "BC-SNV"),
        ("Công văn số 813/SNV-TTr", "Công văn", "813", None, "SNV-TTr"),
        ("Văn bản số 698/UBND-VP", "Công văn", "698", None, "UBND-VP"),
        ("Công văn số 45/TTCP-C.IV", "Công văn", "45", None, "TTCP-C.IV"),
        ("Công văn số 553/UBND", "Công văn", "553", None, "UBND"),
        ("Công văn số 2231/SNV-CCHC&PC", "Công văn", "2231", None, "SNV-CCHC&PC"),
        ("Chỉ thị số 20-CT/TU", "Chỉ thị", "20", None, "CT/TU"),
        ("Nghị quyết số 39-NQ/TW", "Nghị quyết", "39", None, "NQ/TW"),
        ("Quy định số 08-QĐi/TW", "Quy định", "08", None, "QĐi/TW"),
        ("Nghị quyết số 16-NQ/HU", "Nghị quyết", "16", None, "NQ/HU"),
        ("Nghị định số 22/CP", "Nghị định", "22", None, "CP"),
        ("Công văn số 814/TTg", "Công văn", "814", None, "TTg"),
        ("Quyết định số 256/2004/QĐ-UB", "Quyết định", "256", "2004", "QĐ-UB"),
        ("Nghị quyết số 30c/NQ-CP", "Nghị quyết", "30c", None, "NQ-CP"),
        ("Kết luận số 100 - KL/TW", "Kết luận", "100", None, "KL/TW"),
        ("Văn bản số 2403 /UBND-TCNV", "Công văn", "2403", None, "UBND-TCNV"),
        ("Chỉ thị số 01/2008/CT-TTG", "Chỉ thị", "01", "2008", "CT-TTg"),
        ("Văn bản số 5780/UBND-NC<sub>1</sub>", "Công văn", "5780", None, "UBND-NC1"),
        ("Quyết định 1847/QĐ-TTg", "Quyết định", "1847", None, "QĐ-TTg"),
        ("Quyết số 3574/QĐ-UBND", "Quyết định", "3574", None, "QĐ-UBND"),
        ("QĐ số 8318/QĐ-UBND", "Quyết định", "8318", None, "QĐ-UBND"),
    ],
)
def test_numbering_families_and_irregular_forms(text, type_, number, year, symbol):
    m = one(f"Thực hiện {text} của cơ quan.")
    assert (m.type, m.number, m.year, m.symbol) == (type_, number, year, symbol)


def test_type_comes_from_symbol_when_the_type_word_is_missing():
    ms = [m for m in mentions("Nghị định số 113/2018/NĐ-CP và 143/2020/NĐ-CP của Chính phủ") if m.number]
    assert [m.type for m in ms] == ["Nghị định", "Nghị định"]
    assert ms[1].surface == "143/2020/NĐ-CP của Chính phủ"


def test_the_reports_own_number_is_not_a_mention():
    text = "Số: 271/BC-UBND\n\nTrà Cú, ngày 26 tháng 6 năm 2023\n\nBÁO CÁO\nVề việc X\n\nThực hiện Kế hoạch số 5/KH-UBND."
    assert [m.number for m in mentions(text)] == ["5"]


@pytest.mark.parametrize("label", ["Số:", "**Số:**", "Số :"])
def test_the_reports_own_number_on_the_line_below_its_label_is_not_a_mention(label):
    text = (
        f"UBND HUYỆN TÂN AN\n{label}\n88/2024/QĐ-UBND\nTân An, ngày 2 tháng 3 năm 2024\n\nQUYẾT ĐỊNH\n"
        "Về việc giao chỉ tiêu\n\nCăn cứ Quyết định số 7/2023/QĐ-UBND của UBND tỉnh;\nTổng số:\n"
        "9/QĐ-UBND được ghi nhận."
    )
    assert [m.number for m in mentions(text)] == ["7", "9"]


@pytest.mark.parametrize(
    "text",
    [
        "Biên chế được giao: 82/89 người, tỷ lệ 99,92%.",
        "Đến ngày 15/6/2023 đã hoàn thành 23/23 phần việc.",
        "Áp dụng hệ thống quản lý chất lượng TCVN ISO 9001:2015.",
        "Sở Kế hoạch và Đầu tư, Phòng Tư pháp và Luật gia tỉnh phối hợp.",
        "Kết quả quý III/2021 đạt 07/10 nhiệm vụ; Covid-19 được kiểm soát.",
        "Giai đoạn 2021-2025 và năm 2023 trên địa bàn.",
    ],
)
def test_traps_are_not_citations(text):
    assert [m for m in mentions(text) if m.number] == []


def test_short_form_resolves_to_full_citation_in_same_report():
    text = (
        "Căn cứ Nghị định số 120/2020/NĐ-CP ngày 07/10/2020 của Chính phủ.\n"
        "Rà soát theo Nghị định 120 và Thông tư 14 của Bộ Nội vụ."
    )
    ms = mentions(text)
    short = [m for m in ms if m.short_form]
    assert [(m.type, m.number, m.symbol) for m in short] == [
        ("Nghị định", "120", None),
        ("Thông tư", "14", None),
    ]
    assert short[0].resolved_key == ms[0].key
    assert short[0].issuer == "Chính phủ"
    assert short[1].issuer == "Bộ Nội vụ" and short[1].resolved_key is None


def test_counts_after_a_type_word_are_not_short_forms():
    assert [m for m in mentions("Ban hành Quyết định 21 người được khen thưởng.") if m.number] == []


def test_named_laws():
    ms = mentions(
        "Thực hiện Luật Tổ chức chính quyền địa phương năm 2015; Luật Đất đai; Luật Hôn nhân và gia đình."
    )
    laws = [m for m in ms if m.type == "Luật"]
    assert [m.name for m in laws] == ["Tổ chức chính quyền địa phương", "Đất đai", "Hôn nhân và gia đình"]
    assert laws[0].date == "2015" and laws[0].issuer == "Quốc hội"
    assert laws[0].key == "Luật|Tổ chức chính quyền địa phương"


def test_amending_law_cites_the_law_it_amends():
    ms = mentions(
        "Triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật."
    )
    assert [m.name for m in ms] == [
        "Sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật",
        "Ban hành văn bản quy phạm pháp luật",
    ]


def test_the_number_after_an_amending_laws_title_is_the_amending_laws():
    ms = mentions(
        "Căn cứ Luật sửa đổi, bổ sung\nmột số điều của Luật Thống kê, Luật Lưu trữ và Luật Đo lường số\n"
        "77/2023/QH15;\nCăn cứ Luật sửa đổi, bổ sung một số điều của Luật Du lịch số 12/2022/QH15;\n"
    )
    assert [(m.name, m.number) for m in ms] == [
        ("Sửa đổi, bổ sung một số điều của Luật Thống kê, Luật Lưu trữ và Luật Đo lường", "77"),
        ("Thống kê", None),
        ("Lưu trữ", None),
        ("Đo lường", None),
        ("Sửa đổi, bổ sung một số điều của Luật Du lịch", "12"),
        ("Du lịch", None),
    ]
    assert ms[0].surface.startswith("Luật sửa đổi, bổ sung\n") and ms[0].surface.endswith("77/2023/QH15")


def test_laws_named_with_their_own_numbers_in_an_amending_laws_title_keep_them():
    ms = mentions(
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thống kê số 89/2015/QH13, "
        "Luật Lưu trữ số 33/2024/QH15 và Luật Quản lý, sử dụng tài sản công năm 2017;\n"
    )
    assert [(m.name, m.number) for m in ms] == [
        ("Sửa đổi, bổ sung một số điều của Luật Thống kê", None),
        ("Thống kê", "89"),
        ("Lưu trữ", "33"),
        ("Quản lý, sử dụng tài sản công", None),
    ]


def test_named_law_with_its_number_is_one_mention():
    ms = mentions("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015.")
    assert len(ms) == 1
    assert (ms[0].name, ms[0].number, ms[0].symbol) == ("Ban hành văn bản quy phạm pháp luật", "80", "QH13")


def test_not_a_law():
    assert mentions("Theo quy định của pháp luật, Luật gia và luật sư tham gia.") == []

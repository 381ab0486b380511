from __future__ import annotations

import pytest

from helpers import mentions, one
from luocdo.pipeline import extract_text


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("ngày 04/4/2017", "2017-04-04"),
        ("ngày 6/2/2021", "2021-02-06"),
        ("ngày 18 tháng 3 năm 2021", "2021-03-18"),
        (", ngày 19/5/2004", "2004-05-19"),
        ("ngày 04-4-2017", "2017-04-04"),
        ("năm 2018", "2018"),
    ],
)
def test_date_forms(written, iso):
    assert one(f"Kế hoạch số 5/KH-UBND {written} của UBND tỉnh Trà Vinh.").date == iso


def test_impossible_date_is_kept_and_flagged():
    m = one("Công văn số 12/UBND-VP ngày 31/02/2022 của UBND huyện Trà Cú.")
    assert m.date == "2022-02-31" and m.date_valid is False
    assert any("impossible" in n for n in m.notes)


def test_date_written_before_the_number():
    m = one("Ngày 05/9/2016, Thủ tướng Chính phủ đã ký ban hành Chỉ thị số 26/CT-TTg về kỷ luật.")
    assert m.date == "2016-09-05"


def test_number_year_differs_from_date_year_is_noted():
    m = one("Nghị định số 143/2021/NĐ-CP ngày 10/12/2020 của Chính phủ.")
    assert any("differs" in n for n in m.notes)


@pytest.mark.parametrize(
    ("citation", "issuer"),
    [
        ("Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
        ("Chỉ thị số 26/CT-TTg", "Thủ tướng Chính phủ"),  # implied by the symbol
        ("Quyết định số 03/2007/QĐ-BNV của Bộ trưởng Bộ Nội vụ", "Bộ Nội vụ"),  # a title names the body
        ("Công văn số 813/SNV-TTr của Giám đốc Sở Nội vụ tỉnh Trà Vinh", "Sở Nội vụ tỉnh Trà Vinh"),
        ("Quyết định số 2092/QĐ-UBND của Chủ tịch Ủy ban nhân dân tỉnh Bình Định", "UBND tỉnh Bình Định"),
        ("Nghị quyết số 39-NQ/TW ngày 17/4/2015 của Bộ Chính trị", "Bộ Chính trị"),
        (
            "Nghị quyết số 21-NQ/TW của Hội nghị Trung ương 5 khóa XIII",
            "Ban Chấp hành Trung ương Đảng khóa XIII",
        ),
        (
            "Kế hoạch số 55/KH-SKH-CN của Sở Khoa học & Công nghệ tỉnh Hà Tĩnh",
            "Sở Khoa học và Công nghệ tỉnh Hà Tĩnh",
        ),
        ("Nghị quyết số 728/NQ-UBTVQH15", "Ủy ban Thường vụ Quốc hội"),
    ],
)
def test_issuers(citation, issuer):
    assert one(f"Thực hiện {citation}.").issuer == issuer


REPORT = """Số: 12/BC-UBND

Tuy Phước, ngày 10 tháng 6 năm 2021

BÁO CÁO
Kết quả thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ

Kính gửi: Sở Nội vụ tỉnh Bình Định.

Thực hiện Kế hoạch số 45/KH-UBND ngày 20/10/2016 của Ủy ban nhân dân tỉnh, Chỉ thị số 20-CT/TU ngày 04/4/2017 và Chỉ thị số 28-CT/TU ngày 22/01/2018 của Ban Thường vụ Tỉnh ủy, UBND huyện đã ban hành Kế hoạch số 09/KH-UBND ngày 01/3/2017.
"""


def test_implicit_tinh_huyen_and_shared_list_issuer():
    ex = extract_text(REPORT, "r.txt")
    assert ex.document.issuer == "UBND huyện Tuy Phước"
    assert ex.document.province == "Bình Định"  # from the recipients' province / the gazetteer
    by = {m.number: m for m in ex.mentions}
    assert by["45"].issuer == "UBND tỉnh Bình Định"
    assert by["20"].issuer == "Ban Thường vụ Tỉnh ủy Bình Định"  # shared with the next list item
    assert by["28"].issuer == "Ban Thường vụ Tỉnh ủy Bình Định"
    assert by["09"].issuer == "UBND huyện Tuy Phước"  # the writer's own document


def test_report_header():
    d = extract_text(REPORT, "r.txt").document
    assert (d.type, d.number, d.symbol, d.date, d.place, d.admin_level) == (
        "Báo cáo",
        "12",
        "BC-UBND",
        "2021-06-10",
        "Tuy Phước",
        "district",
    )
    assert d.title.startswith("Kết quả thực hiện Chỉ thị số 26/CT-TTg")
    assert d.recipients == ["Sở Nội vụ tỉnh Bình Định"]


def test_blank_header_number_and_partial_date():
    d = extract_text(
        "Số:    /BC-UBND\n\nĐức Thọ, ngày    tháng    năm 2021\n\nBÁO CÁO\nKết quả\n", "r"
    ).document
    assert d.number is None and d.symbol == "BC-UBND" and d.date == "2021"
    assert d.province == "Hà Tĩnh"  # Đức Thọ is a district of Hà Tĩnh (gazetteer)


def test_issuer_left_null_when_text_does_not_settle_it():
    assert one("Nghị quyết số 39-NQ/TW ngày 17/4/2015.").issuer is None


def test_mentions_in_footnotes():
    text = "Ban hành 3 văn bản<sup>1</sup>.\n\n<sup>1</sup> Công văn số 60/UBND-NV ngày 18/01/2023.\n\n² Kế hoạch số 7/KH-UBND.\n"
    ms = mentions(text)
    assert [(m.number, m.in_footnote) for m in ms] == [("60", True), ("7", True)]


def test_mentions_in_markdown_tables():
    text = "| STT | Văn bản |\n|---|---|\n| 1 | Quyết định số 1850/QĐ-UBND ngày 06/9/2021 |\n| 2 | Kế hoạch số 97/KH-UBND |\n"
    assert [m.number for m in mentions(text)] == ["1850", "97"]


@pytest.mark.parametrize(
    ("citation", "issuer"),
    [
        (
            "Kế hoạch số 5/KH-UBND ngày 1/2/2019 của Ủy ban nhân dân huyện Gò Công Tây",
            "UBND huyện Gò Công Tây",
        ),
        ("Kế hoạch số 3/KH-UBND của UBND huyện Trần Văn Thời", "UBND huyện Trần Văn Thời"),
        ("Kế hoạch số 8/KH-UBND của UBND huyện Điện Biên Đông", "UBND huyện Điện Biên Đông"),
        ("Kế hoạch số 7/KH-UBND của UBND thành phố Hội An", "UBND thành phố Hội An"),
        ("Công văn số 9/UBND-VP của Ủy ban nhân dân Quận 1", "UBND Quận 1"),
    ],
)
def test_place_names_from_the_gazetteer(citation, issuer):
    assert one(f"Thực hiện {citation} về việc X.").issuer == issuer


def test_writer_block_above_the_number_settles_district_named_like_its_province():
    text = "**ỦY BAN NHÂN DÂN**\n**THÀNH PHỐ HƯNG YÊN**\n\nSố: 12/BC-UBND\n\nHưng Yên, ngày 3 tháng 4 năm 2021\n\nBÁO CÁO\nX\n"
    d = extract_text(text, "r").document
    assert (d.issuer, d.admin_level, d.province) == ("UBND thành phố Hưng Yên", "district", "Hưng Yên")
    text = "ỦY BAN NHÂN DÂN\nQUẬN 1\n\nSố: 12/BC-UBND\n\nQuận 1, ngày 3 tháng 4 năm 2021\n\nBÁO CÁO\nX\n"
    d = extract_text(text, "r").document
    assert (d.issuer, d.province) == ("UBND Quận 1", "Hồ Chí Minh")


def test_a_date_before_the_number_is_the_nearest_one():
    from helpers import mentions

    text = (
        "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, huyện tổ chức 12 hội nghị học tập,"
        " ngày 20/01/2023 UBND huyện ban hành Quyết định số 30/QĐ-UBND về phòng chống thiên tai"
    )
    assert [(m.number, m.date) for m in mentions(text) if m.number] == [
        ("05", "2016-05-15"),
        ("30", "2023-01-20"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tính đến ngày 31/3/2025, 9/12 phường đã có Kế hoạch số 41/KH-UBND triển khai.",
        "Từ ngày 15/02/2025 đến nay, Sở Xây dựng đã ban hành Quyết định số 77/QĐ-SXD về cấp phép.",
        "Trong năm, huyện đã tổ chức hội thảo ngày 20/9/2022 và các trường có Công văn số 19/PGD-TH.",
        "Ngày 15/02/2025 đến nay, Sở Xây dựng đã ban hành Quyết định số 77/QĐ-SXD về cấp phép.",
    ],
    ids=["tinh-den-ngay", "tu-ngay-den-nay", "ngay-of-an-event", "ngay-den-nay"],
)
def test_a_date_before_the_citation_must_open_its_clause(text):
    assert [m.date for m in mentions(text) if m.number] == [None]


def test_a_date_opening_the_clause_before_the_citation_is_its_date():
    text = "Ngày 14/10/2024, UBND tỉnh đã ban hành Quyết định số 2130/QĐ-UBND về kiện toàn Ban Chỉ đạo."
    assert one(text).date == "2024-10-14"
    text = "- Vào ngày 14/10/2024 UBND tỉnh đã ban hành Quyết định số 2130/QĐ-UBND về kiện toàn Ban Chỉ đạo."
    assert one(text).date == "2024-10-14"


def test_a_place_after_tinh_or_huyen_comes_from_the_gazetteer():
    m = one("Căn cứ Quyết định số 25/2019/QĐ-UBND ngày 2/8/2019 của UBND tỉnh Xét thấy cần thiết.")
    assert m.issuer is None
    m = one("Căn cứ Quyết định số 25/2019/QĐ-UBND ngày 2/8/2019 của UBND huyện Krông Pắc.")
    assert m.issuer == "UBND huyện Krông Pắc"


def test_a_named_body_ends_before_and_a_capitalised_item():
    text = (
        "Thực hiện Kế hoạch số 8/KH-BCĐ ngày 6/6/2023 của Ban Chỉ đạo 138 tỉnh Sóc Trăng và Thông báo số "
        "2/TB-ĐKT ngày 7/7/2023 của Đoàn kiểm tra số 2 của Sở Y tế."
    )
    got = [m.issuer for m in mentions(text) if m.number]
    assert got == ["Ban Chỉ đạo 138 tỉnh Sóc Trăng", "Đoàn kiểm tra số 2 của Sở Y tế"]


def test_a_code_provincial_offices_share_names_the_national_body_only_without_a_province():
    body = "Thực hiện Công văn số 812/BHXH-QLT ngày 2/3/2024 về thu bảo hiểm."
    assert one(body).issuer == "Bảo hiểm xã hội Việt Nam"
    text = (
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\nSố: 15/BC-UBND\nHà Tĩnh, ngày 3 tháng 4 năm 2024\n\nBÁO CÁO\nKết quả\n\n"
        + body
        + "\n"
    )
    assert one(text).issuer is None


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (
            "Kiến nghị của cử tri do Ủy ban Dân nguyện và Giám sát Quốc hội khóa XV chuyển đến tại Văn bản số "
            "1691/UBDNGS15 ngày 28 tháng 10 năm 2025 về việc chuyển kiến nghị.",
            "Ủy ban Dân nguyện và Giám sát Quốc hội",
        ),
        (
            "Xin gửi kèm theo Công văn số 375/BNN-TC ngày 10/01/2025.",
            "Bộ Nông nghiệp và Phát triển nông thôn",
        ),
        (
            "Theo đề nghị của Sở Tài chính gửi đến tại Văn bản số 12/STC-NS ngày 3/3/2025 của Sở Tài chính tỉnh Nghệ An.",
            "Sở Tài chính tỉnh Nghệ An",
        ),
    ],
)
def test_committees_old_codes_and_forwarded_letters(text, issuer):
    assert [m.issuer for m in extract_text(text, "x.txt").mentions if m.number] == [issuer]

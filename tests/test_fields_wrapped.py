"""Dates and issuers of cited documents in real-document positions: across a soft line break,
after a dash, in upper case, before the citation; joint issuers; ministry spelling."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import mentions, one
from luocdo.extract.dates import DATE_RE, iso_date


@pytest.mark.parametrize(
    ("text", "date", "issuer"),
    [
        # the date on the next line, the issuer broken inside its name
        (
            "Căn cứ Nghị định số 45/2021/NĐ-CP ngày\n09 tháng 4 năm 2021 của Chính\nphủ về an toàn.",
            "2021-04-09",
            "Chính phủ",
        ),
        (
            "Thực hiện Thông tư số 7/2024/TT-BTC\nngày 12/3/2024 của Bộ Tài\nchính về phí.",
            "2024-03-12",
            "Bộ Tài chính",
        ),
        # a date split over two lines
        (
            "Xét Tờ trình số 88/TTr-UBND ngày 02 tháng 10\nnăm 2024 của Ủy ban nhân\ndân tỉnh Lào Cai về việc cấp vốn.",
            "2024-10-02",
            "UBND tỉnh Lào Cai",
        ),
    ],
)
def test_date_and_issuer_across_a_soft_line_break(text, date, issuer):
    m = one(text)
    assert (m.date, m.issuer) == (date, issuer)


def test_a_blank_line_or_a_new_list_item_is_not_crossed():
    m = one("Căn cứ Quyết định số 31/QĐ-UBND\n\nngày 05/01/2023 của UBND huyện Gò Quao.")
    assert m.date is None
    m = one("Căn cứ Quyết định số 31/2022/QĐ-TTg\n- Ngày 05/01/2023 của UBND huyện Gò Quao.")
    assert m.date is None and m.issuer == "Thủ tướng Chính phủ"
    m = one("Căn cứ Quyết định số 31/2022/QĐ-UBND của UBND tỉnh\n  Điều 2. Giao Sở Y tế thực hiện.")
    assert not (m.issuer or "").endswith("Điều")


def test_date_after_a_dash_in_a_list():
    assert one("- Nghị định 77/2010/NĐ-CP - 3/6/2010\n").date == "2010-06-03"


def test_upper_case_date_and_issuer():
    m = one("QUYẾT ĐỊNH SỐ 51/2024/QĐ-BTC NGÀY 02 THÁNG 01 NĂM 2024 CỦA BỘ TÀI CHÍNH\n")
    assert (m.date, m.issuer) == ("2024-01-02", "Bộ Tài chính")


def test_year_only():
    assert one("Kế hoạch số 17/KH-UBND năm 2025 của UBND tỉnh Sơn La.").date == "2025"


def test_date_before_the_citation_with_co():
    m = one("Ngày 03/4/2025, Sở Nội vụ tỉnh Yên Bái đã có công văn số 712/SNV-CCVC gửi các huyện.")
    assert m.date == "2025-04-03"


def test_joint_document_names_each_body():
    m = one("Thực hiện Kế hoạch số 90/KH-BCA-BYT ngày 1/8/2025 của Bộ Công an và Bộ Y tế về phối hợp.")
    assert m.issuer == "Bộ Công an; Bộ Y tế"
    # one issuer code: "và" starts something else
    m = one("Căn cứ Thông tư số 9/2020/TT-BYT của Bộ Y tế và Bộ Tài chính có ý kiến.")
    assert m.issuer == "Bộ Y tế"


def test_ministry_spelled_as_the_list_spells_it():
    m = one("Theo Quyết định số 52/QĐ-BVHTTDL của Bộ trưởng Bộ Văn hoá, Thể thao và Du lịch.")
    assert m.issuer == "Bộ Văn hóa, Thể thao và Du lịch"


@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2099, 12, 31)), st.booleans(), st.booleans())
def test_written_dates_parse_back(d, words, upper):
    written = f"{d.day} tháng {d.month} năm {d.year}" if words else f"{d.day}/{d.month}/{d.year}"
    if upper:
        written = written.upper()
    m = DATE_RE.search(f"ngày {written}")
    assert m is not None and iso_date(m) == (d.isoformat(), True)


@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_date_broken_over_two_lines_is_read(d):
    ms = [
        m
        for m in mentions(
            f"Căn cứ Nghị quyết số 5/NQ-HĐND ngày {d.day} tháng {d.month}\nnăm {d.year} của HĐND tỉnh Bến Tre."
        )
        if m.number
    ]
    assert ms and ms[0].date == d.isoformat()


@pytest.mark.parametrize(
    ("citation", "issuer"),
    [
        ("Công văn số 21/CAH-TH ngày 3/5/2024 của Công an huyện Gò Quao", "Công an huyện Gò Quao"),
        ("Công văn số 118/QNH-QLDN ngày 2/9/2025 của Thuế tỉnh Quảng Ninh", "Thuế tỉnh Quảng Ninh"),
        ("Công văn số 77/CT-CS của Cục Thuế", "Cục Thuế"),
        ("Công văn số 450/TCHQ-GSQL của Tổng cục Hải quan", "Tổng cục Hải quan"),
        ("Kế hoạch số 09-KH/BCĐ ngày 1/2/2025 của Ban Chỉ đạo 35 tỉnh về bảo vệ", "Ban Chỉ đạo 35 tỉnh"),
        ("Thông báo số 4/TB-ĐGS của Đoàn giám sát số 1, nêu rõ", "Đoàn giám sát số 1"),
        (
            "Báo cáo số 12/BC-BPC ngày 20 tháng 11 năm 2025 của Ban Pháp chế Hội đồng nhân dân tỉnh Sơn La",
            "Ban Pháp chế HĐND tỉnh Sơn La",
        ),
        (
            "Văn bản số 15/ABC ngày 2/10/2025 của Công ty cổ phần Sữa Bình Minh (sau đây gọi là Công ty)",
            "Công ty cổ phần Sữa Bình Minh",
        ),
        (
            "Công văn số 3/XY ngày 5/11/2025 của Chi nhánh Công ty TNHH Hoa Sen tại TP. HCM về thuế",
            "Chi nhánh Công ty TNHH Hoa Sen tại TP. HCM",
        ),
        ("Nghị quyết số 12-NQ/TU của Tỉnh ủy Sơn La", "Tỉnh ủy Sơn La"),
        ("Nghị quyết số 12-NQ/TU của Ban Thường vụ Tỉnh ủy Sơn La", "Ban Thường vụ Tỉnh ủy Sơn La"),
    ],
)
def test_more_issuing_bodies(citation, issuer):
    assert one(f"Thực hiện {citation}.").issuer == issuer


def test_the_subject_of_the_clause_issued_it():
    m = one("Ngày 2/6/2025, Cục Thuế đã có công văn số\n88/CT-CS gửi các đơn vị.")
    assert (m.issuer, m.date) == ("Cục Thuế", "2025-06-02")


def test_the_body_of_a_request_written_before_it():
    m = one("Theo đề nghị của Sở Tư pháp\ntại Văn bản số 61/TTr-XYZ ngày 03/11/2025; xét đề nghị khác.")
    assert m.issuer.startswith("Sở Tư pháp")


def test_one_issuer_for_a_list_of_letters_with_department_codes():
    ms = [
        m
        for m in mentions(
            "Đã được hướng dẫn tại các công văn số 12/TCHQ-GSQL ngày\n05/02/2021, 40/TCHQ-GSQL ngày 6/8/2021"
            " và 98/GSQL-GQ2 ngày 9/7/2024 của Tổng\ncục Hải quan."
        )
        if m.number
    ]
    assert [m.issuer for m in ms] == ["Tổng cục Hải quan"] * 3
    assert ms[0].date == "2021-02-05"


def test_do_naming_another_body_is_not_the_issuer():
    m = one("Mẫu tờ khai thực hiện Nghị quyết 98/2023/QH15 do Cục Thuế ban hành")
    assert m.issuer == "Quốc hội"


def test_upper_case_name_is_not_read_as_a_place():
    text = "Số: 5/QĐ-UBND\n\nHà Tĩnh, ngày 2 tháng 3 năm 2025\n\nQUYẾT ĐỊNH SỐ 14/2025/QĐ-UBND NGÀY 01/3/2025 CỦA ỦY BAN NHÂN DÂN TỈNH BAN HÀNH QUY ĐỊNH\n"
    ms = [m for m in mentions(text) if m.number == "14"]
    assert ms and not (ms[0].issuer or "").endswith(" B")


def test_unnamed_quan_in_a_numbered_district_report():
    text = "Số: 3/BC-UBND\n\nQuận 8, ngày 2 tháng 3 năm 2021\n\nBÁO CÁO\n\nThực hiện Kế hoạch số 70/KH-UBND ngày 3/1/2021 của UBND quận\nvề việc rà soát.\n"
    ms = [m for m in mentions(text) if m.number == "70"]
    assert ms and "quận Quận" not in (ms[0].issuer or "")

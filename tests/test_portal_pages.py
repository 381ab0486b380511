"""Pages saved from legal portals (issue 10 §1) and headers in real layouts (§2).

The pages here are made up in the portal's shape: a metadata table, the document, the site's caption,
sidebar and personal-data notice after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from luocdo.extract.letterhead import issuer_from_letterhead, letterhead_lines, proper_case
from luocdo.load.normalize import normalize, unwrap
from luocdo.load.portal import find_page
from luocdo.pipeline import extract_text

TABLE = """|
Bản dịch này thuộc quyền sở hữu của **
THƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép là vi phạm.
|
Đang tải văn bản...
#
**Số hiệu:**
|
{so}
|
|
**Loại văn bản:**
|
{loai}
|
**Nơi ban hành:**
|
{noi}
|
|
**Người ký:**
|
Nguyễn Văn An
|
**Ngày ban hành:**
|
{ngay}
|
|
**
Ngày hiệu lực:**
|
Đã biết
|
|
**Tình trạng:**
|
Đã biết
|
"""

LETTER = """|
BỘ TÀI CHÍNH
**CỤC THUẾ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 4321/CT-CS
*V/v hướng dẫn chính sách thuế*
|
*Hà Nội, ngày 20
tháng 11 năm 2025*
|
**Kính gửi:** Thuế các tỉnh, thành phố.
Trả lời công văn số 77/TNI-QLDN ngày 03/11/2025 của Thuế tỉnh Tây Ninh, Cục Thuế có ý
kiến như sau: căn cứ Nghị định số 70/2025/NĐ-CP ngày 20/3/2025 của Chính phủ sửa đổi, bổ
sung một số điều của Nghị định số 123/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ
quy định về hóa đơn, chứng từ thì cơ sở kinh doanh phải lập hóa đơn khi bán hàng hóa cho
người mua theo đúng quy định hiện hành của pháp luật về thuế và hóa đơn, chứng từ kể cả
trường hợp bán hàng hóa cho người mua là cá nhân không kinh doanh theo hướng dẫn tại
Thông tư số 32/2025/TT-BTC ngày 31/5/2025 của Bộ Tài chính hướng dẫn thực hiện nghị định.
Cục Thuế thông báo để các Thuế tỉnh, thành phố biết và thực hiện./.
|
**KT. CỤC TRƯỞNG**
PHÓ CỤC TRƯỞNG
Nguyễn Văn An
|
Công văn 4321/CT-CS năm 2025 hướng dẫn chính sách thuế do Cục Thuế ban hành
Văn bản này chưa cập nhật nội dung Tiếng Anh
Công văn 4321/CT-CS ngày 20/11/2025 hướng dẫn chính sách thuế do Cục Thuế ban hành
## Văn bản liên quan
Ban hành:
21/11/2025
Official Letter No. 4321/CT-CS citing Decree No. 70/2025/ND-CP
**Kính gửi:** Quý Thành viên,
Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân yêu cầu xác nhận sự đồng ý của thành viên.
Thực hiện Nghị định 13/2023/NĐ-CP, chúng tôi cập nhật Quy chế.
"""


def page(so="4321/CT-CS", loai="Công văn", noi="Cục Thuế", ngay="20/11/2025", body=LETTER) -> str:
    return TABLE.format(so=so, loai=loai, noi=noi, ngay=ngay) + body


def test_a_portal_page_is_recognised_by_its_markers_and_its_table_read():
    p = find_page(normalize(page()).original.replace("*", " "))
    assert p is not None
    assert p.metadata["so_hieu"] == "4321/CT-CS"
    assert p.metadata["loai_van_ban"] == "Công văn"
    assert p.metadata["ngay_ban_hanh"] == "20/11/2025"
    assert "tinh_trang" not in p.metadata  # "Đã biết" says nothing


def test_text_that_is_not_a_page_is_left_alone():
    text = "Số hiệu: 12\nCăn cứ Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ;\n"
    assert find_page(text) is None
    assert normalize(text).page is None


def test_citations_in_the_page_chrome_are_not_the_documents():
    ex = extract_text(page(), "p.md")
    keys = {(m.number, m.symbol) for m in ex.mentions}
    assert ("13", "NĐ-CP") not in keys  # the site's personal-data notice
    assert ("4321", "CT-CS") not in keys  # the table, the site's captions
    assert ("70", "ND-CP") not in keys  # the English translation
    assert {("77", "TNI-QLDN"), ("70", "NĐ-CP"), ("123", "NĐ-CP"), ("32", "TT-BTC")} <= keys


def test_offsets_and_lines_do_not_move_when_the_chrome_is_blanked():
    text = page()
    ex = extract_text(text, "p.md")
    lines = text.split("\n")
    for m in ex.mentions:
        assert text[m.start : m.end] == m.surface
        assert m.surface.split("\n")[0] in lines[m.line - 1]


def test_the_header_of_a_portal_page_comes_from_the_document_and_its_table():
    h = extract_text(page(), "p.md").document
    assert (h.type, h.number, h.symbol, h.date) == ("Công văn", "4321", "CT-CS", "2025-11-20")
    assert h.issuer == "Cục Thuế"


def test_the_table_fills_what_the_document_leaves_blank():
    body = LETTER.replace("Số: 4321/CT-CS", "Số:      /CT-CS").replace("ngày 20\ntháng 11", "ngày\ntháng 11")
    h = extract_text(page(body=body), "p.md").document
    assert (h.number, h.date) == ("4321", "2025-11-20")


def test_the_portal_summary_before_the_letterhead_is_chrome():
    summary = (
        "## Tóm tắt của trang\n**Ngày 20/11/2025, Cục Thuế có Công văn 4321/CT-CS.**\n"
        "Xem chi tiết nội dung tại Quyết định 999/QĐ-TTg ngày 01/01/2025.\n"
    )
    ex = extract_text(page(body=summary + LETTER), "p.md")
    assert ("999", "QĐ-TTg") not in {(m.number, m.symbol) for m in ex.mentions}
    assert ex.document.issuer == "Cục Thuế"


def test_a_wrapped_markdown_page_reads_dates_and_issuers_across_its_line_breaks():
    ex = extract_text(page(), "p.md")
    by = {(m.number, m.symbol): m for m in ex.mentions}
    assert by[("123", "NĐ-CP")].date == "2020-10-19"
    assert by[("123", "NĐ-CP")].issuer == "Chính phủ"
    assert ex.wrapped


def test_a_page_with_short_lines_is_not_joined_when_its_breaks_fall_before_capitals():
    text = "\n".join(
        ["Ủy ban nhân dân huyện báo cáo kết quả thực hiện công tác cải cách hành chính năm 2024."] * 3
        + ["Tóm tắt"] * 10
        + ["Phòng Nội vụ tham mưu tổ chức thực hiện các nhiệm vụ của kế hoạch đúng thời hạn."] * 3
    )
    assert unwrap(text) is None


@pytest.mark.parametrize(
    ("caps", "name"),
    [
        ("THUẾ TỈNH TÂY NINH", "Thuế tỉnh Tây Ninh"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "UBND thành phố Hồ Chí Minh"),
        ("HỘI ĐỒNG NHÂN DÂN TỈNH NGHỆ AN", "HĐND tỉnh Nghệ An"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Bộ Giáo dục và Đào tạo"),
        ("CỤC HẢI QUAN", "Cục Hải quan"),
        ("SỞ XÂY DỰNG", "Sở Xây dựng"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", "UBND thành phố Huế"),
    ],
)
def test_letterhead_names_are_written_as_running_text_writes_them(caps, name):
    assert proper_case(caps) == name


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        ("BỘ TÀI CHÍNH\n**CỤC THUẾ**\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA", "Cục Thuế"),
        ("**ỦY\nBAN NHÂN DÂN **\nTỈNH QUẢNG TRỊ\n-------\n**CỘNG HÒA XÃ HỘI", "UBND tỉnh Quảng Trị"),
        ("**ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH**\n**SỞ XÂY DỰNG**\n| CỘNG HÒA XÃ HỘI", "Sở Xây dựng tỉnh Hà Tĩnh"),
        ("QUỐC HỘI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Quốc hội"),
        ("**CHỦ TỊCH ỦY\nBAN NHÂN DÂN**\nTỈNH ĐỒNG THÁP\n---\n| CỘNG HÒA XÃ HỘI", "UBND tỉnh Đồng Tháp"),
        ("**ỦY BAN NHÂN DÂN\nQUẬN 7**\n| CỘNG HÒA XÃ HỘI", "UBND Quận 7"),
        ("**CHÍNH PHỦ**_______ Số: 170/2025/NĐ-CP | CỘNG HÒA XÃ HỘI", "Chính phủ"),
        ("Báo cáo kết quả thực hiện trong năm.\nKhông có quốc hiệu ở đây", None),
        (
            "UBND\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN TRÀ CÚ\tĐộc lập",
            "UBND huyện Trà Cú",
        ),  # two columns
        ("UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None),  # the rest of the name is lost
    ],
)
def test_the_issuer_is_the_last_body_of_the_letterhead(head, issuer):
    assert issuer_from_letterhead(head) == issuer


def test_a_title_in_capitals_is_not_a_letterhead():
    head = "THÔNG BÁO LỄ VIẾNG VÀ LỄ TRUY ĐIỆU ĐỒNG CHÍ NGUYÊN ỦY VIÊN BỘ CHÍNH TRỊ, NGUYÊN CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI"
    assert letterhead_lines(head) == []


SHARED_POOL = Path(__file__).resolve().parents[2] / "shared" / "corpus-real" / "pool"


@pytest.mark.skipif(not SHARED_POOL.is_dir(), reason="../shared/corpus-real/pool is not beside the project")
def test_no_page_of_the_pool_keeps_the_sites_personal_data_notice():
    for f in sorted(SHARED_POOL.glob("*.md")):
        text = f.read_text(encoding="utf-8")
        nt = normalize(text)
        if nt.page is None:
            continue
        ex = extract_text(text, str(f))
        assert not [
            m
            for m in ex.mentions
            if m.number == "13"
            and m.symbol == "NĐ-CP"
            and m.year == "2023"
            and "Bảo vệ dữ liệu cá nhân" in text.split("\n")[m.line - 1]
        ], f.name


def test_a_two_column_header_flattened_into_one_line():
    text = (
        "UBND HUYỆN PHÙ MỸ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: /BC-UBND Phù Mỹ, ngày 15 tháng 3 năm 2022\nBÁO CÁO\n"
        "Kết quả thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ\n"
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 02/3/2022 của UBND tỉnh Bình Định, UBND huyện báo cáo:\n"
    )
    ex = extract_text(text, "x.txt")
    h = ex.document
    assert (h.type, h.number, h.symbol, h.date, h.place) == (
        "Báo cáo",
        None,
        "BC-UBND",
        "2022-03-15",
        "Phù Mỹ",
    )
    assert h.issuer == "UBND huyện Phù Mỹ"
    # a title with no blank line after it does not swallow the body
    assert h.title == "Kết quả thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ"
    rel = {m.number: m.relation for m in ex.mentions}
    assert rel["26"] == "reports_on" and rel["12"] != "reports_on"


def test_the_enacting_authority_after_a_decisions_title_ends_the_title():
    text = (
        "**ỦY BAN NHÂN DÂN TỈNH NGHỆ AN** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Số: 12/QĐ-UBND | Nghệ An, ngày 02 tháng 12 năm 2025\n\n**QUYẾT ĐỊNH**\n"
        "**VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH**\n**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN**\n"
        "*Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ;*\n"
    )
    h = extract_text(text, "x.md").document
    assert h.title == "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH"
    assert (h.number, h.date, h.issuer) == ("12", "2025-12-02", "UBND tỉnh Nghệ An")


def test_labels_inside_a_report_are_not_a_portal_table():
    report = (
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG\nSố: 45/BC-UBND\nAn Giang, ngày 3 tháng 4 năm 2024\n\nBÁO CÁO\n"
        "Kết quả rà soát\n\nCăn cứ Nghị định số 34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ, UBND tỉnh báo cáo:\n"
        "Số hiệu: 12/2020/QĐ-UBND\nLoại văn bản: Quyết định\nTình trạng: còn hiệu lực\n"
    )
    ex = extract_text(report, "r.txt")
    assert normalize(report).page is None
    assert (ex.document.number, ex.document.symbol) == ("45", "BC-UBND")
    assert ("34", "NĐ-CP") in {(m.number, m.symbol) for m in ex.mentions}
    properties_below = (
        "UBND TỈNH HÀ TĨNH\nSố: 12/QĐ-UBND\nHà Tĩnh, ngày 3 tháng 4 năm 2024\n\nQUYẾT ĐỊNH\nVề việc phê duyệt\n\n"
        "Căn cứ Nghị định số 34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ;\n\nThuộc tính văn bản\n"
        "Số hiệu: 12/QĐ-UBND\nLoại văn bản: Quyết định\nNgười ký: Nguyễn Văn A\n"
    )
    assert normalize(properties_below).page is None
    assert ("34", "NĐ-CP") in {(m.number, m.symbol) for m in extract_text(properties_below, "d.txt").mentions}


@pytest.mark.parametrize(
    ("text", "issuer", "level", "place"),
    [
        (
            "ỦY BAN NHÂN DÂN        CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH ĐỒNG NAI          Độc lập - Tự do - Hạnh phúc\n\n"
            "Số: 15/BC-UBND         Biên Hòa, ngày 5 tháng 6 năm 2007\n",
            "UBND tỉnh Đồng Nai",
            "province",
            "Biên Hòa",
        ),
        (
            "UBND TỈNH QUẢNG NAM    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ TÀI CHÍNH           Độc lập - Tự do - Hạnh phúc\n\n"
            "Số: 120/STC-NS        Quảng Nam, ngày 5 tháng 6 năm 2007\n",
            "Sở Tài chính tỉnh Quảng Nam",
            "province",
            "Quảng Nam",
        ),
        (
            "ủy Ban Nhân Dân \t  Cộng hòa xã hội chủ nghĩa việt nam\nthành phố cần thơ \t  Độc lập - Tự do - Hạnh phúc\n"
            "      \t     XV80\n\n  Số:  256 /2004/QĐ-UB  \t   TP.Cần Thơ, ngày  01 tháng  7 năm 2004\n",
            "UBND thành phố Cần Thơ",
            "province",
            "Cần Thơ",
        ),
        (
            "Bộ Tài chính\nSố: 12/2001/QĐ-BTC\n\n cộng hoà xã hội chủ nghĩa Việt nam\nĐộc lập -Tự do - Hạnh phúc\n\n"
            "Hà Nội, ngày 13 tháng 3 năm 2001\n",
            "Bộ Tài chính",
            None,
            "Hà Nội",
        ),
    ],
)
def test_legacy_two_column_headers(text, issuer, level, place):
    h = extract_text(text, "legacy.txt").document
    assert (h.issuer, h.place) == (issuer, place)
    if level:
        assert h.admin_level == level


def test_a_header_on_one_line_is_the_documents_not_a_citation():
    text = (
        "ỦY BAN NHÂN DÂN HUYỆN CẦN GIUỘC Số: 45/BC-UBND Cần Giuộc, ngày 3 tháng 4 năm 2024 BÁO CÁO Kết quả\n"
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 5/1/2023 của UBND tỉnh Long An, UBND huyện báo cáo như sau.\n"
    )
    ex = extract_text(text, "one.txt")
    assert (ex.document.number, ex.document.symbol, ex.document.date) == ("45", "BC-UBND", "2024-04-03")
    assert [m.number for m in ex.mentions if m.number] == ["12"]
    assert not ex.relations


def test_a_title_broken_after_a_connecting_word_goes_on():
    text = (
        "ỦY BAN NHÂN DÂN HUYỆN CẦN GIUỘC\nSố: 45/BC-UBND\nCần Giuộc, ngày 3 tháng 4 năm 2024\n\nBÁO CÁO\n"
        "Kết quả thực hiện công tác cải cách hành chính năm 2023 của\nỦy ban nhân dân huyện Cần Giuộc\n\n"
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 5/1/2023 của UBND tỉnh Long An.\n"
    )
    h = extract_text(text, "t.txt").document
    assert h.title.endswith("của Ủy ban nhân dân huyện Cần Giuộc")


def test_a_letter_without_a_type_heading_is_a_cong_van():
    text = (
        "BỘ TÀI CHÍNH\nCỤC THUẾ TỈNH BÌNH DƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1234/CT-TTHT\n"
        "Bình Dương, ngày 10 tháng 3 năm 2023\n\nKính gửi: Công ty TNHH ABC\n\n"
        "Trả lời văn bản số 05/CV-ABC ngày 1/3/2023 của Công ty TNHH ABC, Cục Thuế có ý kiến như sau.\n"
    )
    h = extract_text(text, "l.txt").document
    assert (h.type, h.issuer, h.province) == ("Công văn", "Cục Thuế tỉnh Bình Dương", "Bình Dương")


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        ("TỈNH ỦY ĐỒNG NAI\nBAN TUYÊN GIÁO\nCỘNG HÒA XÃ HỘI", "Ban Tuyên giáo Tỉnh ủy Đồng Nai"),
        (
            "HĐND TỈNH BẮC GIANG\nBAN KINH TẾ - NGÂN SÁCH\nCỘNG HÒA XÃ HỘI",
            "Ban Kinh tế - Ngân sách HĐND tỉnh Bắc Giang",
        ),
        (
            "UBND TỈNH NGHỆ AN\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nCỘNG HÒA XÃ HỘI",
            "Sở Lao động - Thương binh và Xã hội tỉnh Nghệ An",
        ),
        ("CỤC HẢI QUAN\nCHI CỤC HẢI QUAN KHU VỰC II\nCỘNG HÒA XÃ HỘI", "Chi cục Hải quan khu vực II"),
        # prose that names the republic is no letterhead
        (
            "Quốc hội Việt Nam\n\nQuốc hội Việt Nam là cơ quan của nước Cộng hòa xã hội chủ nghĩa Việt Nam",
            None,
        ),
    ],
)
def test_letterhead_departments_and_parents(head, issuer):
    assert issuer_from_letterhead(head) == issuer

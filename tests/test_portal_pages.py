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
        ("UBND\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN TRÀ CÚ", None),  # the rest comes after the motto
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

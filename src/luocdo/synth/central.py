"""The central documents of the corpus: the six it is about (tracked) and those reports cite around them.

Real numbers, dates, issuers and subjects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from luocdo.synth.documents import Doc

TTG, CP, BNV = "Thủ tướng Chính phủ", "Chính phủ", "Bộ Nội vụ"


def _central(type_, num, sym, d, issuer, subject, short=None, year=None) -> Doc:
    dd, mm, yy = (int(x) for x in d.split("/"))
    return Doc(
        type=type_,
        symbol=sym,
        date=date(yy, mm, dd),
        issuer=issuer,
        level="central",
        number=num,
        year=year,
        subject=subject,
        short=short,
    )


@dataclass
class Central:
    """A tracked central document and how plans implementing it are described."""

    doc: Doc
    key: str
    topic: str  # "kỷ luật, kỷ cương hành chính"
    plan_subject: str  # a local plan's subject, after "về" (no citation inside)
    topic_key: str


def central_documents() -> list[Central]:
    """The six central documents the corpus is about (real numbers, dates and subjects)."""
    rows = [
        (
            _central(
                "Chỉ thị",
                "26",
                "CT-TTg",
                "05/9/2016",
                TTG,
                "về tăng cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các cấp",
                "Chỉ thị 26",
            ),
            "kỷ luật, kỷ cương hành chính",
            "tăng cường kỷ luật, kỷ cương hành chính",
            "kyluat",
        ),
        (
            _central(
                "Chỉ thị",
                "10",
                "CT-TTg",
                "22/4/2019",
                TTG,
                "về việc tăng cường xử lý, ngăn chặn có hiệu quả tình trạng nhũng nhiễu, gây phiền hà cho "
                "người dân, doanh nghiệp trong giải quyết công việc",
                "Chỉ thị 10",
            ),
            "phòng, chống nhũng nhiễu, gây phiền hà cho người dân, doanh nghiệp",
            "tăng cường xử lý, ngăn chặn tình trạng nhũng nhiễu, gây phiền hà cho người dân, doanh nghiệp",
            "nhungnhieu",
        ),
        (
            _central(
                "Nghị quyết",
                "76",
                "NQ-CP",
                "15/7/2021",
                CP,
                "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
                "Nghị quyết 76",
            ),
            "cải cách hành chính giai đoạn 2021 - 2030",
            "cải cách hành chính nhà nước giai đoạn 2021 - 2030",
            "cchc",
        ),
        (
            _central(
                "Quyết định",
                "1847",
                "QĐ-TTg",
                "27/12/2018",
                TTG,
                "phê duyệt Đề án văn hóa công vụ",
                "Quyết định 1847",
            ),
            "văn hóa công vụ",
            "thực hiện Đề án văn hóa công vụ",
            "vhcv",
        ),
        (
            _central(
                "Nghị định", "30", "NĐ-CP", "05/3/2020", CP, "về công tác văn thư", "Nghị định 30", "2020"
            ),
            "công tác văn thư",
            "nâng cao chất lượng công tác văn thư, lưu trữ",
            "vanthu",
        ),
        (
            _central(
                "Nghị định",
                "108",
                "NĐ-CP",
                "14/9/2020",
                CP,
                "sửa đổi, bổ sung một số điều của Nghị định số 37/2014/NĐ-CP ngày 05/5/2014 của Chính phủ quy "
                "định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện, quận, thị xã, thành phố "
                "thuộc tỉnh",
                "Nghị định 108",
                "2020",
            ),
            "tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân cấp huyện",
            "sắp xếp, kiện toàn các cơ quan chuyên môn thuộc Ủy ban nhân dân cấp huyện",
            "tochuc",
        ),
    ]
    out = []
    for doc, topic, plan_subject, tk in rows:
        key = doc.num_text
        out.append(Central(doc, key, topic, plan_subject, tk))
    return out


def other_central() -> dict[str, Doc]:
    """Central documents cited around the topics (real numbers and dates); none is tracked."""
    d = {
        "nd37_2014": _central(
            "Nghị định",
            "37",
            "NĐ-CP",
            "05/5/2014",
            CP,
            "quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện, quận, thị xã, thành phố "
            "thuộc tỉnh",
            year="2014",
        ),
        "nd108_2014": _central(
            "Nghị định", "108", "NĐ-CP", "20/11/2014", CP, "về chính sách tinh giản biên chế", year="2014"
        ),
        "nd113_2018": _central(
            "Nghị định",
            "113",
            "NĐ-CP",
            "31/8/2018",
            CP,
            "sửa đổi, bổ sung một số điều của Nghị định về chính sách tinh giản biên chế",
            year="2018",
        ),
        "nd143_2020": _central(
            "Nghị định",
            "143",
            "NĐ-CP",
            "10/12/2020",
            CP,
            "sửa đổi, bổ sung một số điều của các Nghị định về chính sách tinh giản biên chế",
            year="2020",
        ),
        "nd61_2018": _central(
            "Nghị định",
            "61",
            "NĐ-CP",
            "23/4/2018",
            CP,
            "về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
            year="2018",
        ),
        "nd107_2021": _central(
            "Nghị định",
            "107",
            "NĐ-CP",
            "06/12/2021",
            CP,
            "sửa đổi, bổ sung một số điều của",
            year="2021",
        ),
        "nd45_2020": _central(
            "Nghị định",
            "45",
            "NĐ-CP",
            "08/4/2020",
            CP,
            "về thực hiện thủ tục hành chính trên môi trường điện tử",
            year="2020",
        ),
        "nd112_2020": _central(
            "Nghị định",
            "112",
            "NĐ-CP",
            "18/9/2020",
            CP,
            "về xử lý kỷ luật cán bộ, công chức, viên chức",
            year="2020",
        ),
        "nd34_2011": _central(
            "Nghị định",
            "34",
            "NĐ-CP",
            "17/5/2011",
            CP,
            "quy định về xử lý kỷ luật đối với công chức",
            year="2011",
        ),
        "nd62_2020": _central(
            "Nghị định",
            "62",
            "NĐ-CP",
            "01/6/2020",
            CP,
            "về vị trí việc làm và biên chế công chức",
            year="2020",
        ),
        "nd106_2020": _central(
            "Nghị định",
            "106",
            "NĐ-CP",
            "10/9/2020",
            CP,
            "về vị trí việc làm và số lượng người làm việc trong đơn vị sự nghiệp công lập",
            year="2020",
        ),
        "nd138_2020": _central(
            "Nghị định",
            "138",
            "NĐ-CP",
            "27/11/2020",
            CP,
            "quy định về tuyển dụng, sử dụng và quản lý công chức",
            year="2020",
        ),
        "qd129_2007": _central(
            "Quyết định",
            "129",
            "QĐ-TTg",
            "02/8/2007",
            TTG,
            "ban hành Quy chế văn hóa công sở tại các cơ quan hành chính nhà nước",
            year="2007",
        ),
        "qd468": _central(
            "Quyết định",
            "468",
            "QĐ-TTg",
            "27/3/2021",
            TTG,
            "phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết "
            "thủ tục hành chính",
        ),
        "tt02_2019": _central(
            "Thông tư",
            "02",
            "TT-BNV",
            "24/01/2019",
            BNV,
            "quy định tiêu chuẩn dữ liệu thông tin đầu vào và yêu cầu bảo quản tài liệu lưu trữ điện tử",
            year="2019",
        ),
        "nq30c": _central(
            "Nghị quyết",
            "30c",
            "NQ-CP",
            "08/11/2011",
            CP,
            "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020",
        ),
        "ct05_tw": _central(
            "Chỉ thị",
            "05",
            "CT/TW",
            "15/5/2016",
            "Bộ Chính trị",
            "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        ),
    }
    d["ct05_tw"].party = True
    d["ct05_tw"].level = "party-central"
    return d

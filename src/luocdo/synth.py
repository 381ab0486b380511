"""A synthetic corpus of Vietnamese provincial and district reports, with its ground truth.

    python -m luocdo.synth OUT_DIR --reports N --seed S

writes N reports (`.md`, UTF-8) and `OUT_DIR/truth.json`. The reports imitate the layout of real ones
(header `Số: 123/BC-UBND`, place-date line, `BÁO CÁO`, title, `Kính gửi:`, numbered sections,
`<sup>n</sup>` footnotes, `Nơi nhận:`, signature) and are written by provinces and districts of the
pre-2025 map (the gazetteer luocdo ships), in 2019-2024.

The world behind them:

- six central documents with their real numbers and dates (CENTRAL);
- provinces that issued a plan (Kế hoạch) implementing a central document;
- districts that implemented it directly (their own plan or letter implements the central document),
  through the provincial plan, only "based on" it (căn cứ / trên cơ sở), or not at all;
- the letters that ask for the reports, the bodies' own inspection plans and decisions, and the other
  central documents reports usually cite (tinh giản biên chế, một cửa, vị trí việc làm...).

Every local document has one number, date and issuer wherever it is cited; numbers of a body grow
through a year, per document series. Everything local is invented; no text comes from real reports.

truth.json holds, per file, the report's own identity, every cited document (number, symbol, date,
issuer, the report's relation to it), the relations stated between cited documents; and, per central
document, the bodies the corpus shows implementing it (directly, or through which provincial plan),
computed from the implements / reports_on links the texts state, plus those the world has but no text
states ("unstated").
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from luocdo.extract.grammar import load_data
from luocdo.gazetteer import districts_of

GENERATOR = "luocdo.synth 1"
FIRST_DAY, LAST_DAY = date(2019, 1, 7), date(2024, 12, 27)
IMPLEMENTING = ("implements", "reports_on")
# the report's relation to a document it mentions several times: the strongest wins
_REL_RANK = {"reports_on": 5, "implements": 4, "responds_to": 3, "based_on": 2, "cites": 1}

# ---- documents -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Doc:
    type: str
    symbol: str
    date: date
    issuer: str
    level: str  # central | province | district | department | party-province
    number: str | None = None  # fixed for central documents, assigned later for local ones
    year: str | None = None  # year inside a normative number (108/2020/NĐ-CP)
    series: str | None = None  # numbering series of local documents: KH, BC, CV, QĐ, TU
    subject: str = ""
    province: str | None = None
    party: bool = False
    short: str | None = None  # "Chỉ thị 26"
    ask: tuple | None = None  # a request letter: what it asks for
    seq: int = 0

    @property
    def num_text(self) -> str:
        if self.party:
            return f"{self.number}-{self.symbol}"
        if self.year:
            return f"{self.number}/{self.year}/{self.symbol}"
        return f"{self.number}/{self.symbol}"

    @property
    def key(self) -> str:
        return f"{self.type}|{self.number}|{self.symbol}|{self.year or self.date.year}|{self.issuer}"

    def record(self) -> dict:
        return {
            "id": self.key,
            "type": self.type,
            "number": self.number,
            "year": self.year,
            "symbol": self.symbol,
            "text": self.num_text,
            "date": self.date.isoformat(),
            "issuer": self.issuer,
            "level": self.level,
        }


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


TTG, CP, BNV = "Thủ tướng Chính phủ", "Chính phủ", "Bộ Nội vụ"


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


# ---- bodies --------------------------------------------------------------------------------------


@dataclass(eq=False)
class Body:
    name: str  # canonical issuer name: "UBND huyện Yên Thế", "UBND thành phố Cần Thơ"
    level: str  # province | district
    province: str
    unit: str  # tỉnh | thành phố | huyện | thị xã | quận
    short: str
    city: bool  # the province is a centrally run city
    signers: tuple[str, str]
    communes: int = 0
    prov_body: Body | None = None
    modes: dict[str, str] = field(default_factory=dict)  # central key -> direct/via/based/none/plan
    plans: dict[str, Doc] = field(default_factory=dict)  # central key -> the body's own document

    @property
    def label(self) -> str:
        """'huyện Yên Thế', 'tỉnh Bình Định'; 'Quận 1' (Ho Chi Minh City numbers its districts)."""
        if self.short.split(" ", 1)[0].lower() == self.unit:
            return self.short
        return f"{self.unit} {self.short}"

    @property
    def upper(self) -> str:
        return self.label.upper()

    @property
    def dept(self) -> str:
        """Sở Nội vụ of the province."""
        return f"Sở Nội vụ {'thành phố' if self.city else 'tỉnh'} {self.province}"

    @property
    def unit_named(self) -> bool:
        """Must the text name the body ('UBND thành phố Quy Nhơn'), or is 'UBND huyện' enough."""
        return self.unit == "thành phố"


_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
_MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Đức", "Thanh", "Quốc", "Ngọc", "Xuân", "Công", "Thị Thu", "Đình"]
_GIVEN = [
    "Hùng",
    "Dũng",
    "Lan",
    "Hà",
    "Tuấn",
    "Sơn",
    "Hải",
    "Bình",
    "Phước",
    "Nam",
    "Thảo",
    "Hương",
    "Khánh",
    "Long",
    "Trung",
    "Hiếu",
    "Tâm",
    "Vinh",
    "Phong",
    "Quang",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def _slug(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return "_".join("".join(c if c.isalnum() else " " for c in s.lower()).split())


# ---- small text helpers --------------------------------------------------------------------------


def _date_text(d: date, style: int) -> str:
    """The date after 'ngày': 05/9/2016, 5/9/2016, 05/09/2016, 5 tháng 9 năm 2016."""
    if style == 0:
        return f"{d.day:02d}/{d.month}/{d.year}"
    if style == 1:
        return f"{d.day}/{d.month}/{d.year}"
    if style == 2:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return (
        f"{d.day:02d} tháng {d.month} năm {d.year}" if d.day < 10 else f"{d.day} tháng {d.month} năm {d.year}"
    )


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pct(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


# ---- the report being written --------------------------------------------------------------------


class Page:
    """One file being written: its text, the documents it cites and the relations it states."""

    def __init__(self, gen: Generator, body: Body, own: Doc, rdate: date) -> None:
        self.g = gen
        self.rng = gen.rng
        self.body = body
        self.own = own
        self.date = rdate
        self.cited: dict[str, dict] = {}
        self.docs: dict[str, Doc] = {}
        self.named: list[dict] = []
        self.rels: list[tuple[str, str, str]] = []
        self.date_style = self.rng.choice((0, 0, 0, 1, 2, 3))
        self.fn: list[str] = []  # footnote bodies
        self.sup_unicode = self.rng.random() < 0.2  # ¹ ² instead of <sup>1</sup>
        self.title = ""
        self.short_ok: set[str] = set()  # docs cited in full: a short form may follow
        self.numbers: dict[tuple[str, str], set[str]] = defaultdict(set)  # (type, number) -> keys

    # -- recording
    def _note(self, doc: Doc, relation: str, short: bool) -> None:
        k = doc.key
        c = self.cited.get(k)
        if c is None:
            c = doc.record()
            c.update(relation=relation, mentions=0, short_mentions=0)
            self.cited[k] = c
            self.docs[k] = doc
            self.numbers[(doc.type, doc.number.lstrip("0"))].add(k)
        elif _REL_RANK[relation] > _REL_RANK[c["relation"]]:
            c["relation"] = relation
        c["short_mentions" if short else "mentions"] += 1

    def rel(self, a: Doc, relation: str, b: Doc) -> None:
        t = (a.key, relation, b.key)
        if t not in self.rels:
            self.rels.append(t)

    def law(self, name: str, year: int | None = None) -> str:
        self.named.append({"type": "Luật", "name": name, "year": year})
        return f"Luật {name}" + (f" năm {year}" if year else "")

    # -- writing citations
    def date_of(self, d: date) -> str:
        style = self.date_style if self.rng.random() < 0.8 else self.rng.randrange(4)
        return _date_text(d, style)

    def issuer_of(self, doc: Doc) -> str:
        """'của ...' for a document of another body (or of the writer, written as 'UBND huyện')."""
        r = self.rng.random()
        b = self.body
        if doc.level == "central" or doc.level == "party-central":
            return doc.issuer
        if doc.level == "department":
            return doc.issuer if r < 0.8 or b.city else "Sở Nội vụ tỉnh"
        if doc.level == "party-province":
            return "Ban Thường vụ " + ("Thành ủy" if b.city else "Tỉnh ủy")
        if doc.issuer == b.name:
            if b.unit_named:
                return ("UBND " if r < 0.6 else "Ủy ban nhân dân ") + b.label
            if r < 0.5:
                return f"UBND {b.unit}"
            return f"Ủy ban nhân dân {b.unit}" if r < 0.8 else f"UBND {b.label}"
        # another body: the province of the writer
        if b.city or doc.level != "province":
            return ("UBND " if r < 0.6 else "Ủy ban nhân dân ") + doc.issuer.split(" ", 1)[1]
        if r < 0.5:
            return doc.issuer
        if r < 0.75:
            return "Ủy ban nhân dân " + doc.issuer.split(" ", 1)[1]
        return "UBND tỉnh" if r < 0.9 else "Ủy ban nhân dân tỉnh"

    def cite(
        self,
        doc: Doc,
        relation: str,
        *,
        so: bool | None = None,
        with_date: bool = True,
        issuer: bool = True,
        subject: bool = False,
        type_word: bool = True,
    ) -> str:
        self._note(doc, relation, False)
        if with_date:
            self.short_ok.add(doc.key)
        rng = self.rng
        if so is None:
            so = rng.random() < 0.88
        tw = doc.type
        if tw == "Công văn" and rng.random() < 0.25:
            tw = "Văn bản"
        s = (tw + (" số " if so else " ")) if type_word else ""
        s += doc.num_text
        if with_date:
            s += (", ngày " if rng.random() < 0.06 else " ngày ") + self.date_of(doc.date)
        if issuer:
            s += " của " + self.issuer_of(doc)
        if subject and doc.subject:
            s += " " + doc.subject
        return s

    def short(self, doc: Doc, relation: str) -> str:
        """'Chỉ thị 26' after a full citation in this report; the full citation again otherwise."""
        n = doc.number.lstrip("0")
        if (
            doc.key in self.short_ok
            and doc.type in ("Chỉ thị", "Nghị quyết", "Nghị định", "Quyết định", "Thông tư")
            and len(self.numbers[(doc.type, n)]) == 1
            and not doc.party
        ):
            self._note(doc, relation, True)
            return f"{doc.type} {'số ' if self.rng.random() < 0.3 else ''}{doc.number}"
        return self.cite(doc, relation, with_date=False, issuer=doc.level == "central")

    def footnote(self, text: str) -> str:
        self.fn.append(text)
        return self.mark(len(self.fn))

    def mark(self, i: int) -> str:
        return str(i).translate(_SUPERSCRIPT) if self.sup_unicode else f"<sup>{i}</sup>"

    # -- the writer
    def me(self, full: bool | None = None) -> str:
        b = self.body
        if full is None:
            full = self.rng.random() < 0.35
        if full or b.unit_named:
            return ("Ủy ban nhân dân " if self.rng.random() < 0.5 else "UBND ") + b.label
        return ("Ủy ban nhân dân " if self.rng.random() < 0.3 else "UBND ") + b.unit

    def area(self) -> str:
        return f"trên địa bàn {self.body.unit}"

    def below(self) -> str:
        """The units under the writer."""
        b = self.body
        if b.level == "province":
            return "quận, huyện" if b.city else "huyện, thị xã, thành phố"
        return {"huyện": "xã, thị trấn", "quận": "phường"}.get(b.unit, "xã, phường")


# ---- sentence banks ------------------------------------------------------------------------------
# Placeholders: {below} units under the writer, {n_below} their number, {a}..{f} small counts,
# {pct} {pct2} percentages, {hs} {hs_ok} file counts, {y} the report's year, {dl} a deadline date.

RESULTS = {
    "kyluat": [
        "Qua {a} đợt kiểm tra đột xuất tại {b} {below} và {c} cơ quan chuyên môn, tỷ lệ cán bộ, công chức "
        "chấp hành đúng giờ giấc làm việc đạt {pct}; 100% cơ quan niêm yết lịch công tác.",
        "Các cơ quan, đơn vị đã rà soát nội quy, quy chế làm việc; {k_below}/{n_below} {below} niêm yết công "
        "khai số điện thoại đường dây nóng của người đứng đầu.",
        "Trong kỳ, đã xem xét, xử lý kỷ luật {d} công chức cấp xã (khiển trách {e}, cảnh cáo {f}) do vi phạm "
        "quy định trong quản lý đất đai và thực thi công vụ.",
        "Tổ kiểm tra công vụ phát hiện {e} trường hợp vi phạm giờ giấc làm việc, đã yêu cầu kiểm điểm, rút "
        "kinh nghiệm trước tập thể cơ quan.",
        "Việc chấp hành kỷ luật, kỷ cương hành chính có chuyển biến; không có trường hợp cán bộ sử dụng "
        "rượu, bia trong giờ làm việc bị phát hiện.",
    ],
    "nhungnhieu": [
        "Bộ phận Tiếp nhận và trả kết quả tiếp nhận {hs} hồ sơ, giải quyết đúng hạn {hs_ok} hồ sơ, đạt {pct}; "
        "số hồ sơ trễ hạn đã có văn bản xin lỗi người dân.",
        "Đã công khai số điện thoại đường dây nóng của Chủ tịch UBND tại {k_below}/{n_below} {below}; tiếp "
        "nhận {d} phản ánh, đã xác minh, trả lời {d}/{d} phản ánh.",
        "Không phát hiện hành vi nhũng nhiễu, gây phiền hà; {e} trường hợp chậm trễ do thiếu thành phần hồ "
        "sơ đã được hướng dẫn bổ sung trong ngày.",
        "Kết quả khảo sát mức độ hài lòng của người dân, doanh nghiệp đạt {pct2}, tăng so với cùng kỳ.",
    ],
    "cchc": [
        "Tỷ lệ thủ tục hành chính cung cấp dưới dạng dịch vụ công trực tuyến toàn trình đạt {pct}; tỷ lệ hồ "
        "sơ nộp trực tuyến đạt {pct2}.",
        "Chỉ số cải cách hành chính năm {y1} của {unit_the} đạt {score} điểm, xếp thứ {rank}/{n_peer} "
        "{peer}.",
        "{k_below}/{n_below} {below} áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001:2015; "
        "{hs} hồ sơ được số hóa kết quả giải quyết.",
        "Công tác tuyên truyền cải cách hành chính được đẩy mạnh với {a} chuyên mục trên Cổng thông tin "
        "điện tử và {b} buổi đối thoại với người dân.",
    ],
    "vhcv": [
        'Tổ chức hội thi "Công chức, viên chức với văn hóa công sở" với {b} đội dự thi; {k_below}/{n_below} '
        "{below} chỉnh trang khuôn viên trụ sở, bố trí khu vực chờ cho người dân.",
        "100% cơ quan chuyên môn duy trì chào cờ đầu tháng; cán bộ, công chức đeo thẻ, mặc trang phục theo "
        "quy định.",
        "Đã lấy ý kiến đánh giá của người dân về thái độ phục vụ tại {c} cơ quan; kết quả hài lòng đạt {pct}.",
    ],
    "vanthu": [
        "Trong kỳ, văn thư cơ quan tiếp nhận {hs} văn bản đến, phát hành {hs_ok} văn bản đi; {pct} văn bản "
        "được ký số và gửi nhận trên môi trường điện tử.",
        "Tổ chức {a} lớp tập huấn nghiệp vụ văn thư cho {c} lượt công chức, viên chức; {k_below}/{n_below} "
        "{below} bố trí công chức kiêm nhiệm văn thư, lưu trữ.",
        "Chỉnh lý {d} mét tài liệu tồn đọng, lập {hs} hồ sơ; nộp lưu vào Lưu trữ lịch sử {e} mét giá tài liệu.",
    ],
    "tochuc": [
        "Sau sắp xếp, số cơ quan chuyên môn thuộc UBND giảm từ {n12} xuống còn {n10}; số lãnh đạo cấp "
        "phòng giảm {d} người.",
        "Đã ban hành quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {n10}/{n10} cơ quan "
        "chuyên môn; bố trí công chức đúng vị trí việc làm được phê duyệt.",
        "Việc sắp xếp bảo đảm ổn định, không làm gián đoạn công việc; {e} công chức được điều động sang "
        "phòng mới.",
    ],
    "tinhgian": [
        "Đã rà soát, lập danh sách đối tượng tinh giản biên chế đợt {a} năm {y} gồm {d} trường hợp ({e} "
        "công chức, {f} viên chức), trình Sở Nội vụ thẩm định.",
        "Không có trường hợp khiếu nại về chính sách tinh giản biên chế trong kỳ báo cáo.",
    ],
    "motcua": [
        "Bộ phận Một cửa tiếp nhận {hs} hồ sơ, trả kết quả đúng hạn {hs_ok} hồ sơ (đạt {pct}); {pct2} hồ sơ "
        "được tiếp nhận qua dịch vụ bưu chính công ích.",
        "{k_below}/{n_below} {below} đã bố trí máy tính tra cứu, camera giám sát tại Bộ phận Một cửa.",
    ],
    "vitri": [
        "Đã hoàn thành xây dựng đề án vị trí việc làm của {c} cơ quan, đơn vị với tổng số {hs_small} vị trí; "
        "trình cấp có thẩm quyền phê duyệt trước ngày {dl}.",
        "Biên chế công chức được giao năm {y} là {n_staff} biên chế, đã sử dụng {n_used} biên chế.",
    ],
    "luutru": [
        "Số hóa {hs} trang tài liệu lưu trữ có giá trị sử dụng thường xuyên; xây dựng cơ sở dữ liệu hồ sơ "
        "lưu trữ của {c} cơ quan.",
        "Kho lưu trữ chuyên dụng được cải tạo, trang bị {a} giá di động và hệ thống chống ẩm.",
    ],
}

LIMITS = [
    "Một số cán bộ cấp xã còn sử dụng thời gian làm việc để giải quyết việc riêng; việc tự kiểm tra ở một "
    "số cơ quan còn hình thức.",
    "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp; hạ tầng công nghệ thông tin ở một số {below} xuống cấp.",
    "Đội ngũ công chức làm công tác văn thư, lưu trữ ở cơ sở chủ yếu kiêm nhiệm, thường xuyên thay đổi.",
    "Việc phối hợp giữa các phòng chuyên môn trong giải quyết hồ sơ đất đai có lúc chưa chặt chẽ, còn {e} "
    "hồ sơ trễ hạn.",
    "Cơ sở vật chất của Bộ phận Một cửa tại {k_small}/{n_below} {below} chưa đáp ứng yêu cầu.",
    "Nguyên nhân chủ yếu là khối lượng công việc lớn, biên chế ít; ý thức trách nhiệm của một bộ phận "
    "công chức chưa cao.",
]

TASKS = [
    "Tăng cường kiểm tra đột xuất vào đầu giờ sáng và cuối giờ chiều; xử lý nghiêm các trường hợp vi phạm.",
    "Đưa kết quả khảo sát sự hài lòng của người dân vào tiêu chí bình xét thi đua năm {y2}.",
    "Hoàn thành số hóa kết quả giải quyết thủ tục hành chính trước ngày {dl}.",
    "Duy trì hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại các cơ quan, đơn vị.",
    "Phối hợp với Sở Kế hoạch và Đầu tư, Phòng Tài chính - Kế hoạch bố trí kinh phí cho công tác cải cách "
    "hành chính.",
    "Tổ chức tập huấn kỹ năng giao tiếp, ứng xử cho công chức làm việc tại Bộ phận Một cửa.",
]


PLAN_TASKS = [
    "Quán triệt, tuyên truyền",
    "Rà soát, hoàn thiện nội quy, quy chế làm việc",
    "Tăng cường thanh tra, kiểm tra công vụ",
    "Nâng cao chất lượng phục vụ người dân, doanh nghiệp",
    "Ứng dụng công nghệ thông tin",
    "Khen thưởng, xử lý vi phạm",
]


# ---- the generator -------------------------------------------------------------------------------


class Generator:
    def __init__(self, n_reports: int, seed: int) -> None:
        self.n = n_reports
        self.seed = seed
        self.rng = random.Random(seed)
        self.centrals = central_documents()
        self.by_key = {c.key: c for c in self.centrals}
        self.other = other_central()
        self.local: list[Doc] = []
        self.shared: dict[tuple, Doc] = {}
        self._seq = 0

    # -- documents
    def new_doc(self, **kw) -> Doc:
        self._seq += 1
        d = Doc(seq=self._seq, **kw)
        self.local.append(d)
        return d

    def plan(self, body: Body, d: date, subject: str) -> Doc:
        return self.new_doc(
            type="Kế hoạch",
            symbol="KH-UBND",
            date=d,
            issuer=body.name,
            level=body.level,
            series="KH",
            subject=subject,
            province=body.province,
        )

    def letter(self, body: Body, d: date, subject: str) -> Doc:
        unit = self.rng.choice(
            ("NV", "VP", "NC", "VX", "TH") if body.level == "district" else ("NC", "VX", "TH")
        )
        return self.new_doc(
            type="Công văn",
            symbol=f"UBND-{unit}",
            date=d,
            issuer=body.name,
            level=body.level,
            series="CV",
            subject=subject,
            province=body.province,
        )

    # -- the world
    def bodies(self) -> tuple[list[Body], list[Body]]:
        rng = self.rng
        data = load_data("provinces.yaml")["provinces"]
        names = list(data)
        rng.shuffle(names)
        target = max(6, self.n // 4)
        per_prov = max(3, target // 20)
        provinces: list[Body] = []
        districts: list[Body] = []
        for p in names:
            if len(districts) >= target:
                break
            city = bool(data[p].get("city"))
            unit = "thành phố" if city else "tỉnh"
            pb = Body(f"UBND {unit} {p}", "province", p, unit, p, city, (_person(rng), _person(rng)))
            provinces.append(pb)
            ds = sorted(districts_of(p))
            rng.shuffle(ds)
            for u, name in ds[:per_prov]:
                label = name if name.split(" ", 1)[0].lower() == u else f"{u} {name}"
                db = Body(f"UBND {label}", "district", p, u, name, city, (_person(rng), _person(rng)))
                db.communes = rng.randint(8, 28)
                db.prov_body = pb
                districts.append(db)
            pb.communes = len(districts_of(p))
        return provinces, districts

    def world(self, provinces: list[Body], districts: list[Body]) -> None:
        rng = self.rng
        for pb in provinces:
            for c in self.centrals:
                if rng.random() < 0.62:
                    lag = rng.randint(20, 150)
                    d = c.doc.date + timedelta(days=lag)
                    if c.key == "26/CT-TTg" and rng.random() < 0.4:
                        d = date(2019, rng.randint(1, 6), rng.randint(1, 28))  # giai đoạn 2019 - 2020
                    pb.modes[c.key] = "plan"
                    pb.plans[c.key] = self.plan(pb, d, f"về {c.plan_subject} trên địa bàn {pb.unit}")
                else:
                    pb.modes[c.key] = "none"
        for db in districts:
            pb = db.prov_body
            for c in self.centrals:
                P = pb.plans.get(c.key)
                r = rng.random()
                if P is not None:
                    mode = "direct" if r < 0.3 else "via" if r < 0.75 else "based" if r < 0.82 else "none"
                else:
                    mode = "direct" if r < 0.45 else "based" if r < 0.53 else "none"
                start = (P.date if mode == "via" else c.doc.date) + timedelta(days=rng.randint(8, 120))
                if mode != "none" and start > date(2024, 9, 30):
                    mode = "none"
                db.modes[c.key] = mode
                if mode == "none":
                    continue
                subj = (
                    f"về {c.plan_subject} {'trên địa bàn ' + db.unit if rng.random() < 0.6 else ''}".strip()
                )
                if mode == "based" or rng.random() < 0.15:
                    db.plans[c.key] = self.letter(db, start, f"về việc {c.plan_subject}")
                else:
                    db.plans[c.key] = self.plan(db, start, subj)

    def number_all(self) -> None:
        """Numbers grow through the year for each body and series (per Party term for Party bodies)."""
        rng = self.rng
        rate = {
            ("province", "KH"): 1.0,
            ("district", "KH"): 0.45,
            ("province", "BC"): 1.1,
            ("district", "BC"): 0.9,
            ("province", "CV"): 16.0,
            ("district", "CV"): 6.5,
            ("province", "QĐ"): 8.0,
            ("district", "QĐ"): 9.0,
            ("department", "CV"): 5.5,
            ("central", "CV"): 18.0,
            ("party-province", "TU"): 0.12,
        }
        groups: dict[tuple, list[Doc]] = defaultdict(list)
        for d in self.local:
            period = (d.date.year - 1) // 5 if d.series == "TU" else d.date.year
            groups[(d.issuer, d.series, period)].append(d)
        for (_, series, _), docs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
            docs.sort(key=lambda x: (x.date, x.seq))
            r = rate.get((docs[0].level, series), 1.0)
            prev = 0
            for d in docs:
                if series == "TU":
                    start = date(2015 + 5 * ((d.date.year - 1 - 2015) // 5) + 1, 1, 1)
                    day = (d.date - start).days
                else:
                    day = d.date.timetuple().tm_yday
                base = int(r * day) + rng.randint(0, int(r * 3) + 1)
                n = max(prev + 1, base, 1)
                prev = n
                d.number = f"{n:02d}" if n < 10 and rng.random() < 0.7 else str(n)

    # -- shared documents (one letter asks many bodies for the same report)
    def request(self, body: Body, rdate: date, skey: str, subject: tuple) -> Doc:
        rng = self.rng
        if body.level == "province":
            issuer, level, sym = BNV, "central", rng.choice(("BNV-CCHC", "BNV-TCBC", "BNV-CCVC"))
            scope = "central"
        elif rng.random() < 0.75:
            issuer, level = body.dept, "department"
            sym = {"kyluat": "SNV-TTr", "vanthu": "SNV-VTLT", "tochuc": "SNV-TCBC"}.get(skey, "SNV-CCHC")
            scope = body.province
        else:
            issuer, level, sym = body.prov_body.name, "province", "UBND-NC"
            scope = body.province
        month_key = (rdate - timedelta(days=25)).replace(day=1)
        key = (scope, issuer, skey, subject[0], subject[1].key if subject[1] else None, month_key)
        doc = self.shared.get(key)
        if doc is None or doc.date >= rdate - timedelta(days=3):
            d = month_key + timedelta(days=rng.randint(0, 20))
            if d >= rdate - timedelta(days=3):
                d = rdate - timedelta(days=rng.randint(4, 15))
            doc = self.new_doc(
                type="Công văn",
                symbol=sym,
                date=d,
                issuer=issuer,
                level=level,
                series="CV",
                ask=subject,
                province=None if level == "central" else body.province,
            )
            self.shared[key] = doc
        return doc

    def party_plan(self, body: Body) -> Doc:
        pb = body.prov_body or body
        key = ("party", pb.province)
        doc = self.shared.get(key)
        if doc is None:
            d = date(2016, self.rng.randint(6, 12), self.rng.randint(1, 28))
            doc = self.new_doc(
                type="Kế hoạch",
                symbol="KH/TU",
                date=d,
                issuer=f"Ban Thường vụ {'Thành ủy' if pb.city else 'Tỉnh ủy'} {pb.province}",
                level="party-province",
                series="TU",
                party=True,
                subject="về thực hiện",
                province=pb.province,
            )
            self.shared[key] = doc
        return doc

    # -- run
    def run(self, out: Path) -> dict:
        rng = self.rng
        provinces, districts = self.bodies()
        self.world(provinces, districts)
        span = (LAST_DAY - FIRST_DAY).days
        specs = []
        plan_files: set[int] = set()
        for i in range(self.n):
            body = rng.choice(provinces) if rng.random() < 0.1 else rng.choice(districts)
            rdate = FIRST_DAY + timedelta(days=rng.randrange(span))
            kind = "BC"
            own = None
            if rng.random() < 0.1:
                cands = [
                    (k, p)
                    for k, p in body.plans.items()
                    if p.type == "Kế hoạch" and p.date >= FIRST_DAY and id(p) not in plan_files
                ]
                if cands:
                    k, own = rng.choice(cands)
                    plan_files.add(id(own))
                    kind, rdate = "KH:" + k, own.date
            if own is None:
                own = self.new_doc(
                    type="Báo cáo",
                    symbol="BC-UBND",
                    date=rdate,
                    issuer=body.name,
                    level=body.level,
                    series="BC",
                    province=body.province,
                )
            specs.append((i, body, rdate, kind, own, self.plan_content(body, rdate, kind)))
        self.number_all()
        out.mkdir(parents=True, exist_ok=True)
        files = {}
        stated: set[tuple[str, str, str]] = set()
        all_docs: dict[str, Doc] = {}
        for i, body, rdate, kind, own, content in specs:
            page = Page(self, body, own, rdate)
            text = self.render(page, kind, content)
            name = f"{rdate.year}_{'kh' if kind != 'BC' else 'bc'}_{_slug(body.label)}_{i:05d}.md"
            (out / name).write_text(text, encoding="utf-8")
            for k, c in page.cited.items():
                if c["relation"] in IMPLEMENTING:
                    stated.add((own.key, c["relation"], k))
            for a, r, b in page.rels:
                if r in IMPLEMENTING:
                    stated.add((a, r, b))
            all_docs.update(page.docs)
            all_docs[own.key] = own
            files[name] = {
                "document": {
                    **own.record(),
                    "province": body.province,
                    "district": body.short if body.level == "district" else None,
                    "place": body.short,
                    "title": page.title,
                    "kind": "plan" if kind != "BC" else "report",
                },
                "cited": list(page.cited.values()),
                "named": page.named,
                "relations": [{"from": a, "relation": r, "to": b} for a, r, b in page.rels],
            }
        return {
            "generator": GENERATOR,
            "seed": self.seed,
            "reports": self.n,
            "central": [{**c.doc.record(), "key": c.key} for c in self.centrals],
            "files": files,
            "implementers": self.implementers(stated, all_docs, provinces + districts),
            "bodies": [
                {"body": b.name, "level": b.level, "province": b.province, "modes": b.modes}
                for b in provinces + districts
            ],
        }

    def implementers(self, stated: set, docs: dict[str, Doc], bodies: list[Body]) -> dict:
        into: dict[str, list[str]] = defaultdict(list)
        for a, _, b in sorted(stated):
            into[b].append(a)
        out = {}
        for c in self.centrals:
            target = c.doc.key
            depth = {target: 0}
            first_hop: dict[str, set[str]] = defaultdict(set)  # doc -> documents at depth 1 on its paths
            q = deque([target])
            while q:
                x = q.popleft()
                if depth[x] >= 6:
                    continue
                for a in into.get(x, ()):
                    if a not in depth:
                        depth[a] = depth[x] + 1
                        q.append(a)
                    if depth[a] == depth[x] + 1:
                        first_hop[a] |= {a} if x == target else first_hop[x]
            found: dict[str, dict] = {}
            for k, dep in depth.items():
                if dep == 0 or k not in docs:
                    continue
                d = docs[k]
                e = found.setdefault(
                    d.issuer,
                    {
                        "body": d.issuer,
                        "level": d.level,
                        "province": d.province,
                        "direct": False,
                        "via": set(),
                    },
                )
                e["direct"] = e["direct"] or dep == 1
                if dep > 1:
                    e["via"] |= first_hop[k]
            rows = []
            for e in sorted(found.values(), key=lambda e: (not e["direct"], e["body"])):
                e["via"] = [] if e["direct"] else sorted(e["via"])
                rows.append(e)
            shown = {e["body"] for e in rows}
            unstated = [
                {"body": b.name, "mode": b.modes[c.key]}
                for b in bodies
                if b.modes.get(c.key) in ("direct", "via", "plan") and b.name not in shown
            ]
            out[c.key] = {"document": target, "bodies": rows, "unstated": unstated}
        return out

    # ---- content decisions (before numbering) and rendering (after) -----------------------------
    def plan_content(self, body: Body, rdate: date, kind: str) -> dict:
        """Which topics a report covers and which documents it needs (created now, numbered later)."""
        rng = self.rng
        cont: dict = {"topics": [], "generic": [], "own_misc": []}
        if kind != "BC":
            return cont
        avail = []
        for c in self.centrals:
            if c.doc.date + timedelta(days=30) >= rdate:
                continue
            mode = body.modes.get(c.key, "none")
            p = body.plans.get(c.key)
            if mode != "none" and p is not None and p.date < rdate - timedelta(days=5):
                avail.append(c)
        rng.shuffle(avail)
        cont["topics"] = avail[: rng.choice((1, 1, 2, 2, 3))]
        gens = [g for g in ("tinhgian", "motcua", "vitri", "luutru") if self._generic_ok(g, rdate)]
        rng.shuffle(gens)
        cont["generic"] = gens[: (2 if not cont["topics"] else rng.choice((0, 1, 1, 2)))]
        first = cont["topics"][0] if cont["topics"] else None
        skey = first.topic_key if first else (cont["generic"][0] if cont["generic"] else "cchc")
        cont["period"] = _period(rdate)
        if rng.random() < 0.75:
            subj = ("cites", first) if first is not None and rng.random() < 0.5 else ("plain", None)
            cont["request"] = self.request(body, rdate, skey, subj)
        # the body's own inspection plan and decision (footnote material)
        if rng.random() < 0.6:
            y = rdate.year if rdate.month > 2 else rdate.year - 1
            d1 = date(y, 1, 1) + timedelta(days=rng.randint(8, 40))
            if d1 < rdate - timedelta(days=5):
                k = self.new_doc(
                    type="Kế hoạch",
                    symbol="KH-UBND",
                    date=d1,
                    issuer=body.name,
                    level=body.level,
                    series="KH",
                    subject=f"về kiểm tra công vụ năm {y}",
                    province=body.province,
                )
                q = self.new_doc(
                    type="Quyết định",
                    symbol="QĐ-UBND",
                    date=d1 + timedelta(days=rng.randint(2, 10)),
                    issuer=body.name,
                    level=body.level,
                    series="QĐ",
                    subject=f"về việc thành lập Tổ kiểm tra công vụ năm {y}",
                    province=body.province,
                )
                cont["own_misc"] = [k, q]
        if rng.random() < 0.15 and body.level == "district":
            cont["party"] = self.party_plan(body)
        return cont

    def _generic_ok(self, g: str, rdate: date) -> bool:
        need = {"tinhgian": "nd108_2014", "motcua": "nd61_2018", "vitri": "nd62_2020", "luutru": "tt02_2019"}[
            g
        ]
        return self.other[need].date + timedelta(days=60) < rdate

    def render(self, page: Page, kind: str, cont: dict) -> str:
        if kind == "BC":
            return self.render_report(page, cont)
        return self.render_plan(page, self.by_key[kind[3:]])

    def _vals(self, page: Page) -> dict:
        rng = self.rng
        b = page.body
        n_below = b.communes if b.level == "district" else max(len(districts_of(b.province)), 5)
        hs = rng.randint(800, 25000)
        n12 = rng.randint(12, 13)
        staff = rng.randint(60, 140)
        y = page.date.year
        return {
            "below": page.below(),
            "n_below": n_below,
            "k_below": rng.randint(max(1, n_below - 4), n_below),
            "k_small": rng.randint(1, max(1, n_below // 3)),
            "a": f"{rng.randint(1, 9):02d}",
            "b": f"{rng.randint(3, 12):02d}",
            "c": f"{rng.randint(4, 20):02d}",
            "d": f"{rng.randint(2, 9):02d}",
            "e": f"{rng.randint(1, 5):02d}",
            "f": f"{rng.randint(1, 3):02d}",
            "pct": _pct(rng.uniform(92, 99.9)),
            "pct2": _pct(rng.uniform(35, 96)),
            "hs": _vn_int(hs),
            "hs_ok": _vn_int(hs - rng.randint(0, hs // 40)),
            "hs_small": rng.randint(80, 400),
            "score": f"{rng.uniform(78, 92):.2f}".replace(".", ","),
            "rank": rng.randint(1, 63 if b.level == "province" else n_below),
            "n_peer": 63 if b.level == "province" else max(n_below, 8),
            "peer": "tỉnh, thành phố" if b.level == "province" else "đơn vị cấp huyện trong tỉnh",
            "unit_the": b.unit,
            "y": y,
            "y1": y - 1,
            "y2": y + 1,
            "dl": f"{rng.randint(10, 30)}/{rng.randint(6, 12)}/{y if page.date.month < 6 else y + 1}",
            "n12": n12,
            "n10": n12 - rng.randint(1, 2),
            "n_staff": staff,
            "n_used": staff - rng.randint(0, 8),
        }

    # -- one paragraph per topic
    def topic_paragraph(self, page: Page, c: Central) -> str:
        rng = self.rng
        b = page.body
        mode = b.modes[c.key]
        mine = b.plans[c.key]
        C = c.doc
        if b.level == "province":
            lead = rng.choice(("Thực hiện", "Triển khai thực hiện", "Để triển khai thực hiện", "Thực hiện"))
            cc = page.cite(C, "implements", subject=rng.random() < 0.7)
            page.rel(mine, "implements", C)
            own = page.cite(mine, "cites", issuer=False)
            tail = rng.choice(
                (
                    f"; chỉ đạo các sở, ban, ngành, UBND các {page.below()} xây dựng kế hoạch triển khai thực hiện",
                    f" {mine.subject}, giao Sở Nội vụ theo dõi, đôn đốc",
                    f" triển khai thực hiện {page.area()}",
                )
            )
            ok = rng.randint(max(1, b.communes - 4), max(1, b.communes))
            return (
                f"{lead} {cc}, {page.me()} đã ban hành {own}{tail}. Đến nay, {ok}/{b.communes} {page.below()} "
                f"đã ban hành kế hoạch triển khai."
            )
        P = b.prov_body.plans.get(c.key)
        if mode == "direct":
            form = rng.randrange(5)
            if form == 0 and C.level == "central":
                d = page.date_of(C.date)
                page._note(C, "cites", False)
                head = (
                    f"Ngày {d}, {C.issuer} ban hành {C.type} số {C.num_text} {C.subject}. "
                    if rng.random() < 0.5
                    else f"Ngày {d}, {C.issuer} đã ký ban hành {C.type} số {C.num_text} {C.subject}. "
                )
                cc = page.cite(C, "implements", with_date=False, issuer=False)
                lead = rng.choice(("Thực hiện", "Triển khai thực hiện"))
                page.short_ok.add(C.key)
            else:
                head = ""
                lead = rng.choice(
                    (
                        "Thực hiện",
                        "Triển khai thực hiện",
                        "Để cụ thể hóa",
                        "Quán triệt và triển khai thực hiện",
                    )
                )
                cc = page.cite(C, "implements", subject=rng.random() < 0.6)
            page.rel(mine, "implements", C)
            own = page.cite(mine, "cites", issuer=False)
            tail = rng.choice(
                (
                    f" triển khai thực hiện {page.area()}",
                    f" {mine.subject}",
                    f" chỉ đạo các cơ quan, đơn vị và UBND các {page.below()} tổ chức thực hiện",
                    "",
                )
            )
            extra = ""
            if P is not None and rng.random() < 0.35:
                pc = page.cite(P, "cites", subject=False)
                page.rel(P, "implements", C)
                cshort = page.short(C, "cites")
                extra = (
                    f" Sau khi {self._prov_subject(page)} ban hành {pc} triển khai thực hiện {cshort}, "
                    f"{page.me(False)} đã chỉ đạo bổ sung nội dung vào kế hoạch của {b.unit}."
                )
            return f"{head}{lead} {cc}, {page.me()} đã ban hành {own}{tail}.{extra}"
        if mode == "via":
            lead = rng.choice(("Thực hiện", "Triển khai thực hiện", "Thực hiện", "Quán triệt"))
            pc = page.cite(P, "implements")
            page.rel(mine, "implements", P)
            if rng.random() < 0.7:
                page.rel(P, "implements", C)
                cc = page.cite(C, "cites", subject=rng.random() < 0.5)
                pc += rng.choice((" triển khai thực hiện ", " về triển khai thực hiện ", " thực hiện ")) + cc
            else:
                pc += " " + P.subject
            own = page.cite(mine, "cites", issuer=False)
            tail = rng.choice((f" triển khai thực hiện {page.area()}", f" {mine.subject}", ""))
            return f"{lead} {pc}, {page.me()} đã ban hành {own}{tail}."
        if mode == "based":
            lead = rng.choice(("Căn cứ", "Trên cơ sở"))
            if P is not None and rng.random() < 0.5:
                src = P
                cc = page.cite(P, "based_on")
            else:
                src = C
                cc = page.cite(C, "based_on", subject=rng.random() < 0.5)
            page.rel(mine, "based_on", src)
            own = page.cite(mine, "cites", issuer=False)
            return f"{lead} {cc}, {page.me()} đã ban hành {own} {mine.subject}."
        return ""

    def _prov_subject(self, page: Page) -> str:
        b = page.body
        if b.city:
            return f"UBND thành phố {b.province}"
        return self.rng.choice((f"UBND tỉnh {b.province}", "UBND tỉnh", "Ủy ban nhân dân tỉnh"))

    def generic_paragraph(self, page: Page, g: str) -> str:
        rng = self.rng
        o = self.other
        d = page.date
        me = page.me()
        if g == "tinhgian":
            docs = [o["nd108_2014"], o["nd113_2018"]] + ([o["nd143_2020"]] if d > date(2021, 2, 1) else [])
            parts = [page.cite(docs[0], "implements", with_date=rng.random() < 0.3, issuer=False)]
            for x in docs[1:-1]:
                parts.append(", " + page.cite(x, "implements", with_date=False, issuer=False))
            last = docs[-1]
            parts.append(
                " và "
                + page.cite(last, "implements", with_date=False, issuer=False, type_word=rng.random() < 0.5)
            )
            return (
                f"Thực hiện {''.join(parts)} của Chính phủ về chính sách tinh giản biên chế, {me} đã chỉ đạo các "
                f"cơ quan, đơn vị rà soát, đánh giá cán bộ, công chức, viên chức theo quy định."
            )
        if g == "motcua":
            if d > date(2022, 3, 1) and rng.random() < 0.6:
                a, b = o["nd107_2021"], o["nd61_2018"]
                ca = page.cite(a, "implements")
                cb = page.cite(b, "cites", issuer=False, subject=True)
                page.rel(a, "amends", b)
                return (
                    f"Thực hiện {ca} sửa đổi, bổ sung một số điều của {cb}, {me} đã chỉ đạo rà soát quy trình "
                    f"nội bộ giải quyết thủ tục hành chính tại Bộ phận Một cửa."
                )
            lead = rng.choice(("Thực hiện", "Triển khai"))
            extra = ""
            if d > date(2020, 6, 1):
                extra = " và " + page.cite(o["nd45_2020"], "implements", issuer=False, subject=True)
            return (
                f"{lead} {page.cite(o['nd61_2018'], 'implements', subject=True)}{extra}, {me} duy trì hoạt động "
                f"của Bộ phận Tiếp nhận và trả kết quả; niêm yết công khai {rng.randint(180, 320)} thủ tục hành chính."
            )
        if g == "vitri":
            if d > date(2020, 12, 1):
                a, b = o["nd62_2020"], o["nd106_2020"]
                s = (
                    page.cite(a, "based_on", with_date=rng.random() < 0.5, issuer=False)
                    + " và "
                    + page.cite(b, "based_on")
                )
                return (
                    f"Căn cứ {s}, {me} chỉ đạo các cơ quan, đơn vị xây dựng đề án vị trí việc làm, bảo đảm đúng "
                    f"số lượng biên chế được giao."
                )
            return (
                f"Căn cứ {page.law('Cán bộ, công chức', 2008)} và {page.law('Viên chức', 2010)}, {me} chỉ đạo "
                f"rà soát vị trí việc làm, cơ cấu ngạch công chức của các cơ quan, đơn vị."
            )
        if g == "luutru":
            t = page.cite(o["tt02_2019"], "implements", subject=rng.random() < 0.5)
            return (
                f"Thực hiện {page.law('Lưu trữ', 2011)} và {t}, {me} đã bố trí kinh phí chỉnh lý tài liệu tồn đọng, "
                f"số hóa tài liệu lưu trữ."
            )
        raise ValueError(g)

    def render_report(self, page: Page, cont: dict) -> str:
        rng = self.rng
        b = page.body
        v = self._vals(page)
        topics: list[Central] = cont["topics"]
        period = cont["period"]
        # title
        t_kind = rng.random()
        first = topics[0] if topics else None
        if first is not None and b.modes[first.key] == "direct" and t_kind < 0.45:
            ct = page.cite(first.doc, "reports_on", with_date=rng.random() < 0.4, subject=rng.random() < 0.6)
            title = f"Kết quả thực hiện {ct} {period}"
        elif first is not None and b.modes[first.key] == "via" and t_kind < 0.35:
            P = b.prov_body.plans[first.key]
            title = f"Kết quả thực hiện {page.cite(P, 'reports_on')} {period}"
        elif first is not None:
            title = rng.choice(
                (
                    f"Tình hình thực hiện công tác {first.topic} {period}",
                    f"Kết quả công tác {first.topic} {period}",
                    f"Kết quả thực hiện nhiệm vụ về {first.topic} {period} {page.area()}",
                )
            )
        else:
            title = rng.choice(
                (
                    f"Kết quả công tác cải cách hành chính {period}",
                    f"Công tác tổ chức bộ máy, biên chế và cải cách hành chính {period}",
                    f"Tình hình thực hiện công tác nội vụ {period}",
                )
            )
        page.title = title
        L: list[str] = self.header(page, "BÁO CÁO", title)
        # recipients
        if b.level == "province":
            rec = ["Bộ Nội vụ"] + (["Văn phòng Chính phủ"] if rng.random() < 0.4 else [])
        else:
            pw = "thành phố" if b.city else "tỉnh"
            rec = [b.dept] + rng.choice(
                ([], [], [f"UBND {pw} {b.province}"], [f"Thanh tra {pw} {b.province}"])
            )
        if len(rec) == 1:
            L += [f"Kính gửi: {rec[0]}.", ""]
        else:
            L += (
                ["Kính gửi:"]
                + [f"- {r}{'.' if i == len(rec) - 1 else ';'}" for i, r in enumerate(rec)]
                + [""]
            )
        # opening
        req: Doc | None = cont.get("request")
        full_me = page.me(True)
        if req is not None:
            kind_, c = req.ask
            if kind_ == "cites" and c.key in [t.key for t in topics]:
                ask = f"về việc báo cáo kết quả thực hiện {page.cite(c.doc, 'cites', issuer=c.doc.level == 'central', with_date=rng.random() < 0.5)} {period}"
            else:
                ask = rng.choice(
                    (
                        f"về việc báo cáo kết quả công tác cải cách hành chính {period}",
                        f"về việc thực hiện chế độ báo cáo định kỳ năm {page.date.year}",
                        f"về việc báo cáo tình hình thực hiện nhiệm vụ {period}",
                    )
                )
            L += [f"Thực hiện {page.cite(req, 'responds_to')} {ask}, {full_me} báo cáo như sau:", ""]
        else:
            L += [f"{full_me} báo cáo {title[0].lower() + title[1:]} như sau:", ""]
        # I. direction
        L += [
            f"#### **I. {rng.choice(('CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI', 'CÔNG TÁC TRIỂN KHAI', 'CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO'))}**",
            "",
        ]
        for c in topics:
            p = self.topic_paragraph(page, c)
            if p:
                L += [p, ""]
        for g in cont["generic"]:
            L += [self.generic_paragraph(page, g), ""]
        if cont.get("party") is not None:
            pd = cont["party"]
            ct = page.cite(self.other["ct05_tw"], "cites", with_date=rng.random() < 0.6)
            page.rel(pd, "implements", self.other["ct05_tw"])
            L += [
                f"Đồng thời, {page.me(False)} phối hợp quán triệt {page.cite(pd, 'implements')} thực hiện {ct} "
                f"trong các chi bộ cơ quan.",
                "",
            ]
        # II. results
        L += ["#### **II. KẾT QUẢ THỰC HIỆN**", ""]
        keys = [c.topic_key for c in topics] + cont["generic"]
        if not keys:
            keys = ["cchc"]
        for j, k in enumerate(keys, 1):
            head = next((c.topic for c in topics if c.topic_key == k), None) or {
                "tinhgian": "tinh giản biên chế",
                "motcua": "thực hiện cơ chế một cửa, một cửa liên thông",
                "vitri": "vị trí việc làm, biên chế",
                "luutru": "lưu trữ, số hóa tài liệu",
                "cchc": "cải cách hành chính",
            }.get(k, k)
            L += [f"##### **{j}. Về {head}**", ""]
            bank = RESULTS[k]
            picks = rng.sample(bank, k=min(len(bank), rng.randint(2, 3)))
            for s in picks:
                L += [s.format_map(v), ""]
            if j == 1 and cont["own_misc"]:
                kh, qd = cont["own_misc"]
                f1 = page.cite(kh, "cites", issuer=rng.random() < 0.5, subject=True)
                f2 = page.cite(qd, "cites", issuer=False, subject=True)
                mark = page.footnote(f"{f1}; {f2}.")
                L[-2] = L[-2][:-1] + mark + "."
        # traps and a short form
        if topics and rng.random() < 0.6:
            c = topics[0]
            if b.modes[c.key] in ("direct", "plan"):
                sf = page.short(c.doc, "implements")
            elif b.modes[c.key] == "via":
                sf = page.cite(b.prov_body.plans[c.key], "implements", with_date=False)
            else:
                sf = f"các văn bản về {c.topic}"
            L += [
                f"Nhìn chung, việc thực hiện {sf} {page.area()} đã đi vào nền nếp; ý thức trách nhiệm của đội "
                f"ngũ cán bộ, công chức được nâng lên.",
                "",
            ]
        # III. limits
        L += ["#### **III. HẠN CHẾ, NGUYÊN NHÂN**", ""]
        for s in rng.sample(LIMITS, k=2):
            L += [s.format_map(v), ""]
        # IV. tasks
        L += [
            f"#### **IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {'NĂM ' + str(page.date.year + 1) if page.date.month >= 10 else 'THỜI GIAN TỚI'}**",
            "",
        ]
        items = []
        for c in topics:
            mode = b.modes[c.key]
            mine = b.plans[c.key]
            if mode == "direct" or b.level == "province":
                x = page.short(c.doc, "implements")
                if mine.type == "Kế hoạch":
                    x += " và " + page.cite(mine, "implements", with_date=False)
                items.append(f"Tiếp tục thực hiện nghiêm {x}.")
            elif mode == "via":
                P = b.prov_body.plans[c.key]
                items.append(
                    f"Tiếp tục quán triệt {page.cite(P, 'implements', with_date=rng.random() < 0.5)} đến cán bộ, "
                    f"công chức {page.area()}."
                )
        for s in rng.sample(TASKS, k=rng.randint(2, 3)):
            items.append(s.format_map(v))
        for j, s in enumerate(items, 1):
            L += [f"{j}. {s}", ""]
        # closing
        if b.level == "province":
            L += [f"{page.me(True)} báo cáo Bộ Nội vụ tổng hợp./.", ""]
        else:
            L += [
                rng.choice(
                    (
                        f"{page.me(True)} báo cáo {b.dept} tổng hợp./.",
                        f"Trên đây là báo cáo {title[0].lower() + title[1:]} của {page.me(True)}./.",
                    )
                ),
                "",
            ]
        L += self.footer(page)
        return "\n".join(L) + "\n"

    def render_plan(self, page: Page, c: Central) -> str:
        rng = self.rng
        b = page.body
        own = page.own
        v = self._vals(page)
        C = c.doc
        mode = b.modes[c.key]
        lines_pre = [f"Căn cứ {page.law('Tổ chức chính quyền địa phương', 2015)};"]
        if mode == "via":
            P = b.prov_body.plans[c.key]
            title = f"Triển khai thực hiện {page.cite(P, 'implements')} {P.subject}"
            page.rel(own, "implements", P)
            page.rel(P, "implements", C)
            pp = page.cite(P, "implements", with_date=rng.random() < 0.7)
            lines_pre.append(f"Thực hiện {pp} triển khai thực hiện {page.cite(C, 'cites', subject=True)};")
            what = page.cite(P, "implements", with_date=False)
        else:
            period = ", giai đoạn 2019 - 2020" if c.key == "26/CT-TTg" and own.date.year == 2019 else ""
            title = f"Triển khai thực hiện {page.cite(C, 'implements', subject=True)} {page.area()}{period}"
            page.rel(own, "implements", C)
            lines_pre.append(f"Căn cứ {page.cite(C, 'implements', subject=rng.random() < 0.5)};")
            if b.level == "province" and rng.random() < 0.5:
                lines_pre.append(f"Căn cứ {page.cite(self.other['qd129_2007'], 'based_on', subject=True)};")
            what = page.short(C, "implements")
        page.title = title
        L = self.header(page, "KẾ HOẠCH", title)
        L += [x for s in lines_pre for x in (s, "")]
        L += [f"{page.me(True)} ban hành Kế hoạch triển khai thực hiện {what} như sau:", ""]
        L += ["#### **I. MỤC ĐÍCH, YÊU CẦU**", ""]
        L += [
            f"1. Quán triệt đầy đủ nội dung {c.topic} đến cán bộ, công chức, viên chức; xác định rõ trách nhiệm "
            f"của người đứng đầu các cơ quan, đơn vị và UBND các {page.below()}.",
            "",
            "2. Việc triển khai phải thường xuyên, thực chất, không hình thức; kết quả thực hiện là một tiêu chí "
            "đánh giá, xếp loại và bình xét thi đua hằng năm.",
            "",
            "#### **II. NỘI DUNG, NHIỆM VỤ**",
            "",
        ]
        bank = RESULTS[c.topic_key]
        heads = rng.sample(PLAN_TASKS, k=3)
        for j, s in enumerate(rng.sample(bank, k=min(3, len(bank))), 1):
            L += [f"##### **{j}. {heads[j - 1]}**", "", "Chỉ tiêu phấn đấu: " + s.format_map(v), ""]
        L += [
            "#### **III. TỔ CHỨC THỰC HIỆN**",
            "",
            f"1. {'Sở Nội vụ' if b.level == 'province' else 'Phòng Nội vụ'} là cơ quan thường trực, theo dõi, "
            f"tổng hợp kết quả thực hiện; định kỳ báo cáo trước ngày 15/12 hằng năm.",
            "",
            f"2. Các cơ quan, đơn vị và UBND các {page.below()} căn cứ Kế hoạch này xây dựng kế hoạch của cơ quan, "
            f"địa phương, gửi về trước ngày {v['dl']}.",
            "",
            "Trong quá trình tổ chức thực hiện, nếu phát sinh khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời "
            "phản ánh để tổng hợp, xem xét, giải quyết./.",
            "",
        ]
        L += self.footer(page)
        return "\n".join(L) + "\n"

    def header(self, page: Page, tw: str, title: str) -> list[str]:
        b = page.body
        own = page.own
        d = page.date
        return [
            "**ỦY BAN NHÂN DÂN**",
            f"**{b.upper}**",
            "",
            "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
            "**Độc lập - Tự do - Hạnh phúc**",
            "",
            f"Số: {own.number}/{own.symbol}",
            "",
            f"{b.short}, ngày {d.day:02d} tháng {f'{d.month:02d}' if d.month < 3 else d.month} năm {d.year}",
            "",
            f"## **{tw}**",
            "",
            f"### **{title}**",
            "",
        ]

    def footer(self, page: Page) -> list[str]:
        rng = self.rng
        b = page.body
        if b.level == "province":
            cc = [
                "- Như trên;",
                f"- TT {'Thành ủy' if b.city else 'Tỉnh ủy'}, TT HĐND {b.unit};",
                f"- CT, các PCT UBND {b.unit};",
                "- Lưu: VT, NC.",
            ]
        else:
            cc = [
                "- Như trên;",
                f"- TT {'Huyện ủy' if b.unit == 'huyện' else 'Thị ủy' if b.unit == 'thị xã' else 'Thành ủy' if b.unit == 'thành phố' else 'Quận ủy'}, TT HĐND {b.unit};",
                f"- CT, các PCT UBND {b.unit};",
                "- Phòng Nội vụ;",
                "- Lưu: VT, NV.",
            ]
        L = ["**Nơi nhận:**", ""] + cc + ["", "**TM. ỦY BAN NHÂN DÂN**"]
        if rng.random() < 0.5:
            L += ["**CHỦ TỊCH**", "", f"**{b.signers[0]}**"]
        else:
            L += ["**KT. CHỦ TỊCH**", "**PHÓ CHỦ TỊCH**", "", f"**{b.signers[1]}**"]
        if page.fn:
            L += ["", "---", ""]
            for i, f in enumerate(page.fn, 1):
                L += [f"{page.mark(i)} {f}", ""]
            L.pop()
        return L


def _period(d: date) -> str:
    if d.month >= 11:
        return f"năm {d.year}"
    if d.month <= 2:
        return f"năm {d.year - 1}"
    if 5 <= d.month <= 7:
        return f"6 tháng đầu năm {d.year}"
    if d.month >= 9:
        return f"9 tháng đầu năm {d.year}"
    if d.month == 8:
        return f"7 tháng đầu năm {d.year}"
    return f"quý I năm {d.year}"


def generate(out: Path | str, reports: int, seed: int = 1) -> dict:
    """Write the corpus and truth.json into out; returns the truth."""
    out = Path(out)
    truth = Generator(reports, seed).run(out)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m luocdo.synth", description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--reports", type=int, default=100, help="how many files (default 100)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    a = ap.parse_args(argv)
    if a.reports < 1:
        ap.error("--reports must be at least 1")
    t0 = time.perf_counter()
    truth = generate(a.out, a.reports, a.seed)
    size = sum(p.stat().st_size for p in a.out.glob("*.md"))
    print(
        f"{len(truth['files'])} files, {size / 1e6:.1f} MB (avg {size / max(1, len(truth['files'])) / 1e3:.1f} KB) "
        f"in {time.perf_counter() - t0:.1f}s -> {a.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

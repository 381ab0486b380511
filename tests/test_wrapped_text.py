"""Hard-wrapped text (what PDF text extraction gives): a line break may fall between any two words of
a citation; the citations stay the same, and no number at a line end becomes one."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest

from helpers import mentions, one
from luocdo.store.evidence import sentence_sql, surface_sql

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")


def wrapped(text: str, width: int) -> str:
    """Every paragraph refilled to ``width`` columns, breaking at spaces only."""
    return "\n".join(
        textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False) if p.strip() else p
        for p in text.split("\n")
    )


def numbered(text: str) -> Counter:
    return Counter((m.number, m.symbol) for m in mentions(text) if m.number)


@pytest.mark.parametrize(
    ("text", "number", "symbol", "short"),
    [
        ("UBND huyện ban hành văn bản số 2403\n/UBND-TCNV, ngày 06/9/2021", "2403", "UBND-TCNV", False),
        ("Triển khai thực hiện Quyết định số\n1847/QĐ-TTg ngày 27/12/2018", "1847", "QĐ-TTg", False),
    ],
)
def test_a_line_break_between_the_words_of_a_citation(text, number, symbol, short):
    m = one(text)
    assert (m.number, m.symbol, m.short_form) == (number, symbol, short)
    assert "\n" in m.surface and not m.surface[0].isdigit()  # the type word before the break is in it


@pytest.mark.parametrize(
    ("last", "first", "number"),
    [
        ("kết quả sau ba năm triển khai việc thực hiện Quyết định số", "1847 trên địa bàn tỉnh đã đi vào", "1847"),
        ("cán bộ, công chức, viên chức của các cơ quan, đơn vị thực hiện nghiêm Chỉ thị", "26 và Kế hoạch của tỉnh", "26"),
    ],
)
def test_a_short_form_wrapped_between_its_type_word_and_number(last, first, number):
    """Only in hard-wrapped text: in a report written a paragraph per line, "quyết định" at a line end
    and "2. Công tác…" on the next are a sentence and a list item."""
    filler = "trong năm, các cơ quan, đơn vị đã chủ động rà soát, đánh giá và báo cáo kết quả"
    page = "\n".join([filler] * 4 + [last, first] + [filler] * 4)
    m = one(page)
    assert (m.number, m.symbol, m.short_form) == (number, None, True)
    assert [x for x in mentions(f"{last}\n2. Công tác tuyên truyền") if x.number] == []


def test_the_sample_reports_hard_wrapped_give_the_same_citations():
    extra, missing, total = Counter(), Counter(), 0
    for p in SAMPLES:
        text = p.read_text(encoding="utf-8")
        want = numbered(text)
        total += 3 * sum(want.values())
        for width in (40, 57, 71):
            got = numbered(wrapped(text, width))
            extra += got - want
            missing += want - got
    assert not extra  # never a citation that the unwrapped text does not have
    assert sum(missing.values()) <= 0.01 * total, missing  # measured: 3 of ~900


def _fields(text: str) -> list[tuple]:
    return sorted(
        (m.number, m.symbol or "", m.type, m.date or "", m.issuer or "", m.relation)
        for m in mentions(text)
        if m.number
    )


def test_wrapped_samples_keep_dates_issuers_and_relations():
    """Before wrapped lines were joined, a quarter of the dates and a tenth of the issuers written on
    the next line were lost."""
    same = total = 0
    for p in SAMPLES:
        text = p.read_text(encoding="utf-8")
        want = _fields(text)
        for width in (40, 57, 71):
            got = _fields(wrapped(text, width))
            total += len(want)
            same += sum((Counter(want) & Counter(got)).values())
    assert same >= 0.97 * total, (same, total)


def test_lines_and_offsets_stay_those_of_the_wrapped_original():
    from luocdo.pipeline import extract_text

    text = wrapped(SAMPLES[0].read_text(encoding="utf-8"), 57)
    ex = extract_text(text)
    assert ex.mentions
    for m in ex.mentions:
        assert text[m.start : m.end] == m.surface
        assert m.line == text.count("\n", 0, m.start) + 1


def test_reports_with_a_paragraph_per_line_are_not_rewrapped():
    from luocdo.load.normalize import unwrap

    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    shared = ROOT.parent / "shared" / "corpus"
    texts += [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))]  # when present
    assert all(unwrap(t) is None for t in texts)
    assert all(unwrap(wrapped(t, 71)) is not None for t in texts)
    listing = "\n".join(f"- Quyết định số {i}/QĐ-UBND ngày 0{i % 9 + 1}/01/2023 của UBND huyện" for i in range(20))
    assert unwrap(listing) is None  # a list of same-width lines: each item starts a line
    # a Word report: a short paragraph per line, no blank lines, every line starting with a capital
    short_paragraphs = "\n".join(
        [
            "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, huyện tổ chức 12 hội nghị học tập",
            "Ngày 20/01/2023, UBND huyện ban hành Quyết định số 30/QĐ-UBND về phòng chống thiên tai",
            "Công tác tuyên truyền được triển khai thường xuyên trên hệ thống truyền thanh của huyện và các xã",
            "Tỷ lệ hồ sơ được giải quyết đúng hạn đạt 98,5%, tăng 1,2% so với cùng kỳ năm trước trên địa bàn",
            "Công tác quản lý đất đai, tài nguyên môi trường được tăng cường, xử lý kịp thời các vi phạm",
            "Công tác giáo dục được quan tâm, cơ sở vật chất trường học tiếp tục được đầu tư nâng cấp",
            "Công tác an sinh xã hội được thực hiện đầy đủ, kịp thời, đúng đối tượng theo quy định hiện hành",
            "Công tác y tế, phòng chống dịch bệnh được duy trì, không để xảy ra dịch bệnh lớn trên địa bàn",
            "Công tác quốc phòng, quân sự địa phương được triển khai thực hiện đạt và vượt kế hoạch đề ra",
        ]
    )
    assert unwrap(short_paragraphs) is None
    qd = [m for m in mentions(short_paragraphs) if m.number == "30"][0]
    assert qd.date is None or qd.date == "2023-01-20"


@pytest.mark.parametrize(
    "text",
    [
        "UBND huyện đã giao chỉ tiêu cho các xã, thị trấn; tỷ lệ xã hoàn thành là 13/\n"
        "UBND các xã đã báo cáo đầy đủ kết quả thực hiện nhiệm vụ được giao trong năm",
        "Kết quả giải quyết hồ sơ đúng hạn của các cơ quan chuyên môn đạt 82/\n"
        "Trong đó các cơ quan có tỷ lệ cao nhất là Văn phòng HĐND và UBND huyện",
    ],
)
def test_joining_wrapped_lines_keeps_the_guards_of_the_grammar(text):
    page = "\n".join([text] * 6)  # long enough to be taken for hard-wrapped text
    assert [m.number for m in mentions(page) if m.number] == []


def test_a_symbol_broken_at_a_wrap_stays_whole_with_its_date():
    line = "Để triển khai thực hiện tốt công tác cải cách hành chính, UBND huyện đã chỉ đạo"
    text = "\n".join(
        [line] * 4
        + ["các cơ quan chuyên môn triển khai Quyết định số 1847/QĐ-", "TTg ngày 27/12/2018 của Thủ tướng Chính phủ về"]
        + [line.lower()] * 4
    )
    m = [m for m in mentions(text) if m.number == "1847"][0]
    assert (m.symbol, m.date, m.issuer) == ("QĐ-TTg", "2018-12-27", "Thủ tướng Chính phủ")


def test_stored_evidence_of_a_wrapped_report_is_the_whole_sentence(tmp_path):
    from luocdo.store import Store

    f = tmp_path / "wrapped.md"
    f.write_text(wrapped(SAMPLES[0].read_text(encoding="utf-8"), 57), encoding="utf-8")
    st = Store(tmp_path / "s.db")
    assert st.ingest(f).status == "added"
    rows = st.db.execute(
        f"SELECT {sentence_sql('m')} AS sentence, {surface_sql('m')} AS surface FROM mentions m"
    ).fetchall()
    assert rows and all("\n" not in r["sentence"] for r in rows)
    assert any(len(r["sentence"]) > 57 for r in rows)  # longer than one wrapped line

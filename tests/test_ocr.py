"""OCR of scans and broken-font PDFs (luocdo.load.ocr): a few pages, rendered at test time.

The full measurement on the shared corpus is bench/bench_ocr.py (docs/ocr.md).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from luocdo.cli import app
from luocdo.load import LoadError, read_document
from luocdo.load import ocr as ocr_mod
from luocdo.load.ocr import fix_confusions, page_damage
from luocdo.pipeline import extract_file, extract_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_reports" / "2019_bc_ubnd_huyen_yen_the.md"
runner = CliRunner()


def tesseract_or_skip() -> None:
    ocr_mod.unavailable.cache_clear()
    why = ocr_mod.unavailable()
    if why:
        pytest.skip(
            f"Tesseract with its Vietnamese model is not installed (apt install tesseract-ocr "
            f"tesseract-ocr-vie): {why}"
        )


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path):
    monkeypatch.setenv("LUOCDO_TESSERACT", str(tmp_path / "no-such-tesseract"))
    monkeypatch.setattr(shutil, "which", lambda *a, **k: None)
    ocr_mod.unavailable.cache_clear()
    yield
    ocr_mod.unavailable.cache_clear()


def numbered(ms) -> Counter:
    return Counter((m.number.lstrip("0"), m.symbol) for m in ms if m.number and m.symbol)


def scan_of(text: str, path: Path, **kw) -> Path:
    pytest.importorskip("PIL")
    from make_scans import render_scan

    return render_scan(text, path, **kw)


# ---------------------------------------------------------------------------------------------------
# without Tesseract


def test_letters_read_for_digits_are_settled_only_where_digits_must_be():
    fixed, changed = fix_confusions("Quyết định số 1l94/QĐ-UBND ngày 3O/6/2O17 và Chỉ thị 2O-CT/TU")
    assert fixed == "Quyết định số 1194/QĐ-UBND ngày 30/6/2017 và Chỉ thị 20-CT/TU"
    assert changed
    # no digit is made out of a word: a group needs a real digit, and only O o D Q l I | change
    for s in (
        "Ông Lê Văn Long",
        "SO/KH-UBND",
        "Ol/KH",
        "lúc 10 giờ",
        "Độc lập - Tự do",
        "Nghị định số 108/2014/NĐ-CP",
    ):
        assert fix_confusions(s) == (s, set())
    assert fix_confusions("ngày 26 tháng 6 nắm 2023")[0] == "ngày 26 tháng 6 năm 2023"


def test_a_damaged_text_layer_is_told_by_measurable_signs():
    good = "Thực hiện Công văn số 813/SNV-TTr ngày 05/6/2022 của Giám đốc Sở Nội vụ tỉnh Trà Vinh " * 4
    assert page_damage(good, 0) is None
    assert page_damage("  \n ", 0) == "no text layer"
    assert page_damage(good, 40) == "damaged text layer"  # glyphs without a Unicode mapping
    garbage = 'K"t qu% th$c hi#n Ngh| quy@t s~ 16-NQ/HU c<a Chính ph= ' * 4
    assert page_damage(garbage, 0) == "damaged text layer"


def test_without_tesseract_a_scan_fails_with_one_line_naming_the_packages_and_the_batch_goes_on(
    no_tesseract, tmp_path
):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")
    scan = tmp_path / "scan.pdf"
    pdf.output(str(scan))
    with pytest.raises(LoadError, match="tesseract-ocr and tesseract-ocr-vie") as e:
        read_document(scan)
    assert "\n" not in str(e.value) and "UB-Mannheim" in str(e.value)
    png = tmp_path / "page.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(LoadError, match="PNG image .*tesseract-ocr-vie"):
        read_document(png)
    good = tmp_path / "r.md"
    good.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    r = runner.invoke(app, ["extract", str(scan), str(good), "--format", "jsonl", "--jobs", "1"])
    assert r.exit_code == 1
    assert any(json.loads(x)["kind"] == "document" for x in r.stdout.splitlines() if x.startswith("{"))
    assert "tesseract-ocr-vie" in r.stderr
    r = runner.invoke(app, ["doctor", "--store", str(tmp_path / "none.db")])
    assert "OCR: not available" in r.stdout and "tesseract-ocr-vie" in r.stdout


def test_ocr_never_keeps_the_old_behaviour(tmp_path, monkeypatch):
    monkeypatch.setenv("LUOCDO_OCR", "never")
    png = tmp_path / "page.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(LoadError, match="PNG image, not a document .*--ocr never"):
        read_document(png)


def _line(words: list[tuple[str, int, int]], base: int, skew: float = 0.0, conf: float = 0.95):
    """A line as Tesseract gives it: (text, left, right) words on a baseline, the page rotated by
    ``skew`` (a word's box moves down by skew * its distance from the middle)."""
    out = []
    for text, left, right in words:
        b = round(base + skew * ((left + right) / 2 - 1240))
        height = 22 if text.isdigit() and len(text) == 1 else 44
        lift = 24 if height == 22 else 0
        out.append(ocr_mod._Word(text, left, b - height - lift, right, b - lift, conf))
    return ocr_mod._Line(out)


def _words(text: str, x: int) -> list[tuple[str, int, int]]:
    out = []
    for w in text.split():
        width = 30 * len(w)
        out.append((w, x, x + width))
        x += width + 16
    return out


def test_line_structure_comes_from_baselines_pitch_and_margins(monkeypatch):
    """Skew taken out; k pitches of space are k-1 blank lines; a wrapped line joins the next; specks
    at the margin and lone junk are dropped; a small raised number is a footnote mark."""
    from PIL import Image

    skew = 0.02  # a scan rotated by about 1.1°
    long1 = "Thực hiện Quyết định số 1194/QĐ-UBND ngày 30/6/2017 của Ủy ban nhân dân tỉnh về việc ban"
    lines = [
        _line(_words(long1, 475), 300, skew),
        _line([("_", 300, 330)] + _words("hành Kế hoạch thực hiện Chỉ thị số 20-CT/TU", 355), 368, skew),
        _line([("b", 900, 930)], 400, skew, conf=0.3),
        _line(
            _words("Kế hoạch số 06/KH-UBND ngày 15/02/2023 của huyện về công tác", 475) + [("1", 2300, 2315)],
            504,
            skew,
        ),
        _line(_words("Chủ tịch Ủy ban nhân dân huyện ban hành 10 văn bản", 475), 708, skew),
    ]
    monkeypatch.setattr(ocr_mod, "_data", lambda img: lines)
    page = ocr_mod.page_from_image(Image.new("L", (2481, 3508), 255))
    text = "".join(t + sep for t, sep in page.lines)
    assert text == (
        long1 + " hành Kế hoạch thực hiện Chỉ thị số 20-CT/TU\n\n"
        "Kế hoạch số 06/KH-UBND ngày 15/02/2023 của huyện về công tác ¹\n\n\n"
        "Chủ tịch Ủy ban nhân dân huyện ban hành 10 văn bản\n"
    )
    assert 66 < page.pitch < 70


def test_an_eth_read_for_the_vietnamese_d_with_stroke_is_put_right():
    text, spans = ocr_mod._line_text(
        _line(_words("Quyết định số 11077/QĐÐ-UBND và Đề án số 92/ÐĐA-UBND", 355), 300)
    )
    assert text == "Quyết định số 11077/QĐ-UBND và Đề án số 92/ĐA-UBND"
    assert [text[a:b] for a, b, _, _ in spans][3] == "11077/QĐ-UBND"


def test_a_page_break_keeps_the_blank_lines_the_space_held():
    def page(first_base: float, last_base: float, first: str = "Tiếp tục", x0: int = 475):
        p = ocr_mod.OcrPage(
            lines=[("x", "\n")], words=[[]], pitch=68.0, h=44.0, last_margin=2290.0, left=355.0
        )
        p.first = _line(_words(first, x0), round(first_base))
        p.first.x0, p.first.x1, p.first.base = x0, x0 + 300, first_base
        p.last = _line(_words("kết thúc.", 355), round(last_base))
        p.last.x0, p.last.x1, p.last.base = 355, 700, last_base
        p.paragraph_blanks = 3
        return p

    pages = [page(283, 3208), page(283, 3140), page(283, 3208), page(283 + 2 * 68, 3208)]
    # a full page, then a paragraph: the document's blank line; one line of space left at the bottom:
    # one blank line; a first line two lines below the top margin (a rule and a blank line above it,
    # which OCR does not read): two blank lines
    assert ocr_mod.page_breaks(pages) == ["\n\n", "\n\n", "\n\n\n"]


# ---------------------------------------------------------------------------------------------------
# with Tesseract: a few pages


@pytest.mark.slow
def test_a_scanned_report_reads_like_its_text(tmp_path):
    tesseract_or_skip()
    text = SAMPLE.read_text("utf-8")
    scan = scan_of(text, tmp_path / "scan.pdf", dpi=300, profile="noisy", seed=3)
    r = runner.invoke(app, ["extract", str(scan), "--format", "jsonl", "--jobs", "2", "--ocr", "auto"])
    assert r.exit_code == 0, r.stderr
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    doc = recs[0]
    want = extract_text(text)
    assert (doc["number"], doc["symbol"], doc["date"]) == (
        want.document.number,
        want.document.symbol,
        want.document.date,
    )
    got = [x for x in recs if x["kind"] == "mention"]
    assert all(", OCR" in m["position"] and any("read by OCR" in n for n in m["notes"]) for m in got)
    g = Counter((m["number"].lstrip("0"), m["symbol"]) for m in got if m["number"] and m["symbol"])
    w = numbered(want.mentions)
    assert sum((g & w).values()) >= 0.9 * sum(w.values()), (g, w)
    assert sum((g - w).values()) <= 1, g - w  # nothing invented


@pytest.mark.slow
def test_images_and_multipage_tiff(tmp_path):
    tesseract_or_skip()
    from make_scans import render_images

    text = SAMPLE.read_text("utf-8")
    imgs = render_images(text, tmp_path, "scan", dpi=200)
    want = extract_text(text)
    tif = extract_file(imgs["tif"])
    assert (tif.document.number, tif.document.symbol) == (want.document.number, want.document.symbol)
    assert sum((numbered(tif.mentions) & numbered(want.mentions)).values()) >= 0.9 * sum(
        numbered(want.mentions).values()
    )
    assert any(m.position.startswith("page 2, OCR") for m in tif.mentions)
    png = extract_file(imgs["png"])
    assert png.document.date == want.document.date
    assert png.mentions and all(m.position.startswith("OCR") for m in png.mentions)
    r = runner.invoke(app, ["doctor", "--store", str(tmp_path / "none.db")])
    assert "OCR: available" in r.stdout


@pytest.mark.slow
def test_a_pdf_whose_font_lost_its_unicode_map_is_read_by_ocr(tmp_path):
    tesseract_or_skip()
    from luocdo.degrade import VIETNAMESE_DIACRITIC_LETTERS
    from make_documents import break_pdf_fonts, make_pdf, unicode_font

    font = unicode_font() or pytest.skip("no Unicode TrueType font for the PDF fixture")
    text = SAMPLE.read_text("utf-8")
    clean = make_pdf(text, tmp_path / "clean.pdf", font)
    broken = tmp_path / "broken.pdf"
    assert break_pdf_fonts(clean, broken, lambda c: c in VIETNAMESE_DIACRITIC_LETTERS) > 0
    doc = read_document(broken)
    assert any("read by OCR (damaged text layer" in n for n in doc.notes), doc.notes
    got = extract_file(broken)
    want = extract_text(text)
    assert sum((numbered(got.mentions) & numbered(want.mentions)).values()) >= 0.9 * sum(
        numbered(want.mentions).values()
    )
    assert "Chỉ thị" in {m.type for m in got.mentions}  # the letters the font lost are read again
    # the clean PDF keeps its text layer (auto never OCRs a sound page)
    assert not read_document(clean).ocr_words


@pytest.mark.slow
@pytest.mark.shared
def test_a_noisy_scan_of_a_shared_report_keeps_its_header(shared, tmp_path):
    tesseract_or_skip()
    src = shared / "corpus" / "000_95c840fd44a17ad4.txt"
    text = src.read_text("utf-8")
    scan = scan_of(
        text, tmp_path / src.with_suffix(".pdf").name, dpi=300, profile="noisy", seed=0, max_pages=1
    )
    got = extract_file(scan)
    want = extract_text(text)
    assert (got.document.number, got.document.symbol, got.document.date) == (
        want.document.number,
        want.document.symbol,
        want.document.date,
    )
    page1 = [m for m in want.mentions if m.line <= 25 and m.number]  # page 1 ends near line 27
    assert sum((numbered(got.mentions) & numbered(page1)).values()) >= 0.9 * len(page1)


def test_the_generator_is_deterministic(tmp_path):
    pytest.importorskip("PIL")
    from make_scans import render_scan

    text = SAMPLE.read_text("utf-8")
    a = render_scan(text, tmp_path / "a.pdf", dpi=100, profile="noisy", seed=7, max_pages=1)
    b = render_scan(text, tmp_path / "b.pdf", dpi=100, profile="noisy", seed=7, max_pages=1)
    import pypdfium2 as pdfium

    ia = pdfium.PdfDocument(str(a))[0].render(scale=1).to_pil().tobytes()
    ib = pdfium.PdfDocument(str(b))[0].render(scale=1).to_pil().tobytes()
    assert ia == ib


# ---------------------------------------------------------------------------------------------------
# the second reading of the words that carry digits (load/ocr_recheck.py)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("số 05/202 1/QĐ-UBND ngày", "số 05/2021/QĐ-UBND ngày"),  # a number cut in two
        ("số 1 194/NQ-UBTVQHI15", "số 1194/NQ-UBTVQH15"),  # cut in two, and a letter in the code
        ("số 01/2021/TTI-BNV ngày", "số 01/2021/TT-BNV ngày"),  # a type code no data file knows
        ("Số:/BCUBND", "Số: /BC-UBND"),  # the report's own symbol
    ],
)
def test_the_reading_that_parses_as_a_citation_wins_and_stays_unsure(first, second):
    from luocdo.load.ocr_recheck import decide, plausibility

    assert plausibility(second) > plausibility(first)
    assert decide(first, second) == recheck_decision(second=True, unsure=True)
    # the other way round the first reading is kept: still unsure, its digits or symbol in doubt
    assert decide(second, first).second is False


@pytest.mark.parametrize(
    ("first", "second", "unsure"),
    [
        ("ngày 18/3/2021", "ngày 18/3/2O21", True),  # the first parses better: kept, but digits differ
        ("=1, Công", "Mĩ Công", True),  # no citation in the second reading: a digit is never dropped
        ("9,072 tỷ", "9.072 tỷ", False),  # same digits, neither parses better
        ("số 260/UBND-TH", "số 260/UBND-TH", False),
    ],
)
def test_the_first_reading_stands_unless_the_second_parses_better(first, second, unsure):
    from luocdo.load.ocr_recheck import decide

    assert decide(first, second) == recheck_decision(second=False, unsure=unsure)


def recheck_decision(**kw):
    from luocdo.load.ocr_recheck import Decision

    return Decision(**kw)


_reading = st.text(alphabet="0123456789/-. QĐUBNDTKHCabsốngày", max_size=30)


@given(_reading, _reading)
def test_two_readings_whose_digits_differ_are_never_settled_silently(first, second):
    from luocdo.load.ocr_recheck import decide, digits

    d = decide(first, second)
    if digits(first) != digits(second) and second.split():
        assert d.unsure  # whichever is kept, the mention will be lowered and noted
    if d.second:
        assert d.unsure
    assert decide(first, first) == recheck_decision(second=False, unsure=False)


def test_an_unsure_number_lowers_the_mention_and_names_the_other_reading():
    text = "Thực hiện Quyết định số 05/2021/QĐ-UBND ngày 18/3/2021 của Ủy ban nhân dân tỉnh"
    ex = extract_text(text)
    (m,) = [m for m in ex.mentions if m.number == "05"]
    a = text.index("05/2021")
    spans = [
        (0, a - 1, 0.96, False),
        (a, a + len("05/2021/QĐ-UBND"), 0.93, "05/202 1/QĐ-UBND"),
        (a + 16, len(text), 0.95, False),
    ]
    ocr_mod.mark_mentions([m], spans)
    assert m.number == "05" and m.symbol == "QĐ-UBND"  # the reading kept is not changed here
    assert m.confidence <= 0.5
    assert any("another OCR reading: '05/202 1/QĐ-UBND'" in n for n in m.notes), m.notes
    assert any("OCR unsure of the digits" in n for n in m.notes)


def test_zones_take_the_words_with_digits_and_their_neighbours_but_not_footnote_marks():
    from luocdo.load.ocr_recheck import zones

    line = "Thực hiện Quyết định số 05/202 1/QĐ-UBND ngày 18 tháng 3 về việc 1 khác"
    ws = [ocr_mod._Word(t, 0, 0, 1, 1, 0.9) for t in line.split()]
    raised = {13}
    z = zones(ws, raised)
    assert z[0] == (4, 12)  # "số" … "tháng": eight words at most
    assert all(b <= a2 for (_, b), (a2, _) in zip(z, z[1:], strict=False))  # never overlapping
    assert not any(a <= 13 < b for a, b in z)


@pytest.mark.slow
def test_the_second_reading_puts_right_a_misread_number_and_keeps_the_first_as_a_note():
    """Real Tesseract on one rendered line: the first reading is spoilt as Tesseract spoils it on noisy
    scans; the second reading of the same boxes gives the printed number back, noted."""
    tesseract_or_skip()
    from make_scans import _Pager

    pg = _Pager(300)
    pg.paragraph("Thực hiện Quyết định số 05/2021/QĐ-UBND ngày 18/3/2021 của tỉnh", "regular", False)
    img = pg.pages[0].convert("L")
    lines = ocr_mod._data(img)
    lines, h = ocr_mod._layout(lines, *img.size)
    (ln,) = lines
    k = next(i for i, w in enumerate(ln.words) if w.text.startswith("05/"))
    assert ln.words[k].text == "05/2021/QĐ-UBND"
    ln.words[k].text = "05/2021/QĐ-UBNĐI"  # a misreading of the code
    ocr_mod.recheck(img, lines, h)
    text, spans = ocr_mod._line_text(ln, h)
    assert "05/2021/QĐ-UBND ngày 18/3/2021" in text
    flags = {text[a:b]: f for a, b, _, f in spans}
    assert "05/2021/QĐ-UBNĐI" in flags["05/2021/QĐ-UBND"]
    m = next(m for m in extract_text(text).mentions if m.number == "05")
    ocr_mod.mark_mentions([m], spans)
    assert m.confidence <= 0.5 and any("another OCR reading" in n for n in m.notes)

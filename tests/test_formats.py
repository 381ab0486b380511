"""Word, PDF, RTF and legacy-encoded files read to the same citations as the plain text.

Fixtures are built in tmp from ../shared/corpus at test time (tests/make_documents.py)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from luocdo.degrade import VIETNAMESE_DIACRITIC_LETTERS, glyph_fate
from luocdo.load import LoadError, load_bytes, read_document, sniff
from luocdo.load.legacy_fonts import detect, fix_text
from luocdo.pipeline import extract_file, extract_text
from make_documents import (
    break_pdf_fonts,
    char_similarity,
    legacy_encode,
    make_docx,
    make_pdf,
    make_rtf,
    unicode_font,
)

CLEAN = (
    "Số: 271/BC-UBND\n\nTrà Cú, ngày 26 tháng 6 năm 2023\n\nBÁO CÁO\n"
    "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ; Kế hoạch số 84/KH-UBND "
    "ngày 20/11/2019 của Ủy ban nhân dân tỉnh Trà Vinh về việc triển khai.\n"
    "Căn cứ Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ và Luật Tổ chức chính quyền địa phương.\n"
)


def signature(mentions) -> Counter:
    return Counter((m.type, m.number, m.year, m.symbol, m.date, m.issuer, m.relation, m.name) for m in mentions)


def header(ex):
    d = ex.document
    return (d.type, d.number, d.symbol, d.date, d.issuer)


def corpus(shared: Path) -> list[Path]:
    return sorted((shared / "corpus").glob("*.txt"))


def font_or_skip() -> str:
    f = unicode_font()
    if f is None:
        pytest.skip("no Unicode TrueType font on this system for the PDF fixtures")
    return f


# ---- Word, PDF, RTF from the real corpus ------------------------------------------------------
@pytest.mark.parametrize("kind", ["docx", "pdf", "rtf"])
def test_formats_give_the_plain_text_citations(shared, tmp_path, kind):
    for src in corpus(shared):
        text = src.read_text("utf-8")
        ref = extract_text(text, str(src))
        p = tmp_path / f"{src.stem}.{kind}"
        if kind == "docx":
            make_docx(text, p)
        elif kind == "pdf":
            make_pdf(text, p, font_or_skip())
        else:
            make_rtf(text, p)
        ex = extract_file(p)
        assert signature(ex.mentions) == signature(ref.mentions), src.name
        assert header(ex) == header(ref), src.name
        doc = read_document(p)
        for m in ex.mentions:  # every mention can be found again: offsets and a position
            assert doc.text[m.start : m.end] == m.surface
            assert m.position and re.match(r"(page \d+, line \d+|paragraph \d+|table \d+, row \d+, cell \d+)", m.position)


def test_docx_reads_header_table_page_header_footnotes(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Số: 12/BC-UBND"
    t.cell(0, 1).text = "Trà Cú, ngày 26 tháng 6 năm 2023"
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ.")
    d.sections[0].header.paragraphs[0].text = "Căn cứ Quyết định số 1194/QĐ-UBND ngày 30/6/2017."
    buf = io.BytesIO()
    d.save(buf)
    # python-docx writes no footnotes: add a footnotes part by hand
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            z.writestr(item, src.read(item))
        z.writestr(
            "word/footnotes.xml",
            '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:id="1"><w:p><w:r><w:t>Theo Kế hoạch số 17/KH-UBND ngày 28/3/2018.</w:t></w:r>'
            '<w:r><w:delText>Nghị định số 99/2099/NĐ-CP</w:delText></w:r></w:p></w:footnote></w:footnotes>',
        )
    p = tmp_path / "r.docx"
    p.write_bytes(out.getvalue())
    ex = extract_file(p)
    found = {(m.number, m.symbol): m.position for m in ex.mentions}
    assert found == {
        ("1194", "QĐ-UBND"): "page header, paragraph 1",
        ("26", "CT-TTg"): "paragraph 4",  # Word counts the table cells' paragraphs too
        ("17", "KH-UBND"): "footnote 1",
    }
    assert (ex.document.number, ex.document.date) == ("12", "2023-06-26")


# ---- legacy encodings -------------------------------------------------------------------------
LEGACY = {"2002-0112qd": "tcvn3", "2005-QD-256": "tcvn3", "2008-23.QD-991-UBND": "vni"}


@pytest.mark.parametrize("stem", sorted(LEGACY))
def test_legacy_doc_matches_its_transcript(shared, stem):
    doc_path = shared / "corpus-legacy" / f"{stem}.doc"
    if not doc_path.is_file():
        pytest.skip("corpus-legacy not in ../shared")
    transcript = (shared / "corpus-legacy" / f"{stem}.transcript.txt").read_text("utf-8")
    doc = read_document(doc_path)
    assert (doc.format, doc.encoding) == ("doc", LEGACY[stem])
    ratio = char_similarity(doc.text, transcript)
    assert ratio >= 0.995, ratio
    # the same citations as the transcript
    assert signature(extract_file(doc_path).mentions) == signature(extract_text(transcript).mentions)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_text_files_are_converted(shared, tmp_path, encoding):
    for src in corpus(shared):
        # superscript footnote marks are formatting in a legacy file, not characters ("¹" is TCVN3 "ạ")
        text = regex_sub_superscripts(src.read_text("utf-8"))
        p = tmp_path / f"{src.stem}.txt"
        p.write_bytes(legacy_encode(text, encoding).encode("cp1252", errors="replace"))
        doc = read_document(p)
        assert doc.encoding == encoding
        # TCVN3 has no capitals with tone marks: compare ignoring case
        ratio = char_similarity(doc.text.casefold(), text.casefold())
        assert ratio > 0.999, (src.name, ratio)
        numbered = lambda ms: Counter((m.number, m.symbol) for m in ms if m.number)  # noqa: E731
        assert numbered(extract_file(p).mentions) == numbered(extract_text(text).mentions)


def regex_sub_superscripts(text: str) -> str:
    return re.sub("[¹²³⁴⁵⁶⁷⁸⁹⁰]+", lambda m: m.group().translate(str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")), text)


def test_legacy_mojibake_saved_as_utf8_and_in_rtf(tmp_path):
    legacy = legacy_encode(CLEAN, "tcvn3")
    assert "Q§" not in legacy and "N§-CP" in legacy
    p = tmp_path / "a.txt"
    p.write_text(legacy, encoding="utf-8")
    assert read_document(p).encoding == "tcvn3"
    assert signature(extract_file(p).mentions) == signature(extract_text(CLEAN.replace("Ủy", "ủy")).mentions)
    r = tmp_path / "a.rtf"
    r.write_text(
        "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 .VnTime;}}\\f0 "
        + "".join(f"\\'{ord(c):02x}" if ord(c) > 127 else ("\\par\n" if c == "\n" else c) for c in legacy)
        + "}",
        encoding="ascii",
    )
    doc = read_document(r)
    assert (doc.format, doc.encoding) == ("rtf", "tcvn3")
    assert "Nghị định số 108/2020/NĐ-CP" in doc.text


def test_unicode_and_foreign_text_are_left_alone():
    assert detect(CLEAN) is None
    assert detect(unicodedata.normalize("NFD", CLEAN)) is None
    french = "Le député a présenté un rapport détaillé à l'Assemblée; été, café, garçon, Noël.\n" * 5
    german = "Größere Änderungen für Übersetzungen: schön, müde, weiß, Straße.\n" * 5
    for t in (french, german, "Báo cáo\n", "© 2023 — m² ± 3 °C\n"):
        assert fix_text(t) == (t, None), t
    # a Unicode paragraph inside a TCVN3 document keeps its letters
    mixed = legacy_encode(CLEAN, "tcvn3") + "Báo cáo này đã được gửi.\n"
    out, enc = fix_text(mixed)
    assert enc == "tcvn3" and out.endswith("Báo cáo này đã được gửi.\n")


# ---- broken PDF fonts -------------------------------------------------------------------------
def numbered_recall(got, want) -> float:
    g = Counter((m.number, m.symbol) for m in got if m.number)
    w = Counter((m.number, m.symbol) for m in want if m.number)
    return sum((g & w).values()) / max(1, sum(w.values()))


def test_broken_font_pdf_reads_as_damaged_text_and_keeps_the_citations(shared, tmp_path, monkeypatch):
    monkeypatch.setenv("LUOCDO_OCR", "never")  # the damage rules alone (test_ocr.py reads it with OCR)
    font = font_or_skip()
    recalls = []
    for src in corpus(shared):
        text = src.read_text("utf-8")
        clean = make_pdf(text, tmp_path / f"{src.stem}.pdf", font)
        for name, lose in (
            ("all", lambda c: c in VIETNAMESE_DIACRITIC_LETTERS),
            ("seed1", lambda c: glyph_fate(c, seed=1) is not None),
        ):
            broken = tmp_path / f"{src.stem}.{name}.pdf"
            assert break_pdf_fonts(clean, broken, lose) > 0
            doc = read_document(broken)
            assert any("without a Unicode mapping" in n for n in doc.notes)
            # lost glyphs are spaces, as DOMAIN.md §5 shows; never stray codes
            assert not re.search(r"[\x00-\x08\x0b-\x1f]", doc.text)
            recalls.append(numbered_recall(extract_file(broken).mentions, extract_text(text).mentions))
    assert min(recalls) >= 0.9, recalls


def test_scanned_and_protected_pdfs_say_so(tmp_path, monkeypatch):
    monkeypatch.setenv("LUOCDO_OCR", "never")
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")  # a page with a drawing and no text: what a scan looks like
    scan = tmp_path / "scan.pdf"
    pdf.output(str(scan))
    with pytest.raises(LoadError, match="no text layer: scanned PDF; OCR is off"):
        read_document(scan)
    from make_documents import encrypt_pdf

    font = font_or_skip()
    plain = make_pdf(CLEAN, tmp_path / "p.pdf", font)
    locked = encrypt_pdf(plain, tmp_path / "locked.pdf")
    with pytest.raises(LoadError, match="password-protected PDF"):
        read_document(locked)


def test_format_is_told_by_content_not_name(tmp_path):
    font = font_or_skip()
    pdf = make_pdf(CLEAN, tmp_path / "r.pdf", font)
    disguised = tmp_path / "r.txt"
    disguised.write_bytes(pdf.read_bytes())
    doc = read_document(disguised)
    assert doc.format == "pdf"
    assert signature(extract_file(disguised).mentions) == signature(extract_text(CLEAN).mentions)
    assert sniff(b"{\\rtf1 x}") == "rtf" and sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") == "doc"
    with pytest.raises(LoadError, match="PNG image"):
        load_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)

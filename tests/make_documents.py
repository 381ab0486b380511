"""Build Word, PDF, RTF and legacy-encoded test files from a clean text, at test time.

Nothing made here is committed: the tests build their fixtures from ../shared/corpus in tmp.
"""

from __future__ import annotations

import re
from pathlib import Path

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
]


def unicode_font() -> str | None:
    """A TrueType font with the Vietnamese letters, from the system (None when there is none)."""
    return next((f for f in FONT_CANDIDATES if Path(f).is_file()), None)


_MD = re.compile(r"^#+\s*|\*\*")


def plain(line: str) -> str:
    """A corpus line without its Markdown marks (headings, bold)."""
    return _MD.sub("", line)


def split_header(text: str) -> tuple[list[str], list[str]]:
    """The lines of the report's header block (up to and with the date line) and the rest."""
    lines = text.split("\n")
    for i, ln in enumerate(lines[:15]):
        if re.search(r"ngày .{0,8}tháng .{0,8}năm", ln):
            return lines[: i + 1], lines[i + 1 :]
    return [], lines


def make_docx(text: str, path: Path) -> Path:
    """A .docx as an office writes it: the number and date in a two-column table at the top, the body
    as paragraphs (Markdown headings as Word headings, ** as bold)."""
    import docx

    d = docx.Document()
    head, body = split_header(text)
    head = [ln for ln in head if ln.strip()]
    if head:
        tbl = d.add_table(rows=2, cols=2)
        left = [ln for ln in head if not re.search(r"ngày", ln)]
        right = [ln for ln in head if re.search(r"ngày", ln)]
        tbl.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
        tbl.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        tbl.cell(1, 0).text = "\n".join(left)
        tbl.cell(1, 1).text = "\n".join(right)
    for ln in body:
        m = re.match(r"^(#+)\s*", ln)
        if m:
            d.add_heading(plain(ln), level=min(len(m.group(1)), 9))
            continue
        p = d.add_paragraph()
        for k, piece in enumerate(ln.split("**")):
            if piece:
                p.add_run(piece).bold = k % 2 == 1
    d.sections[0].header.paragraphs[0].text = "Trang đầu"
    d.save(path)
    return path


def make_pdf(text: str, path: Path, font: str) -> Path:
    """A PDF with a real text layer in a Unicode TrueType font (fpdf2 embeds a subset with ToUnicode)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, 15)
    pdf.add_font("U", "", font)
    pdf.set_font("U", size=10)
    pdf.add_page()
    for ln in text.split("\n"):
        pdf.multi_cell(0, 5, plain(ln) or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


_CMAP_HEAD = (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
    "<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
)
_CMAP_TAIL = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"


def break_pdf_fonts(src: Path, dst: Path, lose) -> int:
    """Copy ``src`` with each font's ToUnicode CMap missing the glyphs for which ``lose(char)`` is
    true: what real broken PDFs do (the glyphs draw, but text extraction cannot name them).
    Returns how many glyph mappings were removed."""
    import pypdf

    w = pypdf.PdfWriter(clone_from=str(src))
    done: set[int] = set()
    removed = 0
    for page in w.pages:
        for _, ref in page["/Resources"]["/Font"].items():
            font = ref.get_object()
            if "/ToUnicode" not in font:
                continue
            stream = font["/ToUnicode"].get_object()
            if id(stream) in done:
                continue
            done.add(id(stream))
            data = stream.get_data().decode("latin-1")
            pairs = re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,})>", data.split("endcodespacerange", 1)[-1])
            kept = [(a, b) for a, b in pairs if not lose(bytes.fromhex(b).decode("utf-16-be"))]
            removed += len(pairs) - len(kept)
            body = "".join(
                f"{len(kept[i : i + 100])} beginbfchar\n"
                + "".join(f"<{a}> <{b}>\n" for a, b in kept[i : i + 100])
                + "endbfchar\n"
                for i in range(0, len(kept), 100)
            )
            stream.set_data((_CMAP_HEAD + body + _CMAP_TAIL).encode("latin-1"))
    w.write(str(dst))
    return removed


def encrypt_pdf(src: Path, dst: Path, password: str = "secret") -> Path:
    import pypdf

    w = pypdf.PdfWriter(clone_from=str(src))
    w.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    w.write(str(dst))
    return dst


def make_rtf(text: str, path: Path) -> Path:
    """An RTF with every non-ASCII letter as a \\uN escape, as Word writes it."""
    out = ["{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs26 "]
    for ch in text:
        if ch == "\n":
            out.append("\\par\n")
        elif ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
    out.append("}")
    path.write_text("".join(out), encoding="ascii")
    return path


def legacy_encode(text: str, encoding: str) -> str:
    """``text`` as it looks typed in a TCVN3 or VNI font (the inverse of luocdo's tables; capitals
    with tone marks do not exist in TCVN3 and come out as the small letter's code)."""
    import unicodedata

    from luocdo.load.legacy_fonts import _table

    inv: dict[str, str] = {}
    for legacy, uni in sorted(_table(encoding).items(), key=lambda kv: len(kv[0])):
        inv.setdefault(uni, legacy)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in inv:
            out.append(inv[ch])
        elif ch.lower() in inv and encoding == "tcvn3":
            out.append(inv[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def char_similarity(a: str, b: str) -> float:
    """difflib's character ratio 2·M/T, computed fast: matching blocks of words first, then characters
    inside the blocks that differ (a character-level SequenceMatcher over 100,000 characters takes
    minutes). Whitespace is collapsed and control characters dropped on both sides (the viparse-corpus
    METRIC.md preprocessing)."""
    import difflib
    import unicodedata

    def norm(s: str) -> str:
        s = unicodedata.normalize("NFC", s)
        s = re.sub(r"[\x00-\x08\x0e-\x1f]", "", s)
        return re.sub(r"\s+", " ", s).strip()

    a, b = norm(a), norm(b)
    if not a and not b:
        return 1.0
    wa, wb = a.split(" "), b.split(" ")
    matched = 0
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            matched += sum(len(w) for w in wa[i1:i2]) + (i2 - i1 - 1)  # the words and the spaces between
            continue
        sa, sb = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        if sa and sb:
            matched += sum(m.size for m in difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_matching_blocks())
    return 2 * matched / (len(a) + len(b))

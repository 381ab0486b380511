"""PDF files: the text layer, page by page, with PDFium (pypdfium2).

PDFium was chosen over pypdf and pdfminer.six (docs/inputs.md): all three keep Vietnamese letters and
line order on the fixtures, PDFium is 5-20 times faster, and it tells which characters have no
Unicode mapping (a font whose ToUnicode CMap lacks the glyph). Those characters come out of other
tools as stray codes ("K\\"t qu%" for "Kết quả"); luocdo turns each into a space, the damage
DOMAIN.md §5 describes ("Ngh  quy t"), which the extractor is built to read.

A page without a text layer (a scan), or with a damaged one, is read by OCR (luocdo.load.ocr, the
hook at the end of ``read_pdf``); without Tesseract, one clear error, no silent empty result.
"""

from __future__ import annotations

import re

from luocdo.load.document import LoadedDocument, from_parts
from luocdo.load.reader import LoadError

SCANNED = "no text layer: scanned PDF"


def read_pdf(data: bytes) -> LoadedDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    def failure(e: Exception) -> LoadError:
        msg = str(e)
        if "password" in msg.lower():
            return LoadError("password-protected PDF (cannot read without the password)")
        return LoadError(f"damaged PDF ({_reason(msg)})")

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise failure(e) from None
    try:
        parts: list[tuple[str | None, str]] = []
        unmapped = 0
        empty_pages = 0
        prev: _Page | None = None
        n = len(pdf)
        pages: list[tuple[int, int, _Page]] = []  # per page: its parts parts[a:b] and its lines
        for i in range(n):
            page = pdf[i]
            try:
                tp = page.get_textpage()
                try:
                    pg = _page_lines(tp, raw)
                    unmapped += pg.unmapped
                finally:
                    tp.close()
            finally:
                page.close()
            if not any(t.strip() for t, _ in pg.lines):
                empty_pages += 1
            if prev is not None and parts and parts[-1][1].endswith("\n") and _wraps_across(prev, pg):
                parts[-1] = (parts[-1][0], parts[-1][1][:-1] + " ")  # a sentence going on over the page
            prev = pg
            a = len(parts)
            for k, (t, sep) in enumerate(pg.lines, 1):
                # a wrapped line joins the next with a space: offsets and line labels stay true
                parts.append((f"page {i + 1}, line {k}", t + sep))
            pages.append((a, len(parts), pg))
        if n:
            from luocdo.load.ocr import ocr_pdf_pages  # pages without a text layer, or a damaged one

            done = ocr_pdf_pages(pdf, parts, [(a, b, pg.unmapped) for a, b, pg in pages])
            if done is not None:
                return done
    except pdfium.PdfiumError as e:
        raise failure(e) from None
    finally:
        pdf.close()
    if n == 0:
        raise LoadError("PDF without pages")
    if empty_pages == n:
        from luocdo.load.ocr import scanned_error

        raise LoadError(scanned_error(SCANNED))
    notes = []
    if empty_pages:
        from luocdo.load.ocr import scanned_error

        notes.append(f"{empty_pages} of {n} pages have no text layer (scanned?); " + scanned_error("")[2:])
    if unmapped:
        notes.append(f"{unmapped} characters without a Unicode mapping in the PDF's fonts (read as spaces)")
    return from_parts(parts, "pdf", notes)


_PDFIUM_REASON = re.compile(r"\(PDFium: ([^()]*)\)")


def _reason(msg: str) -> str:
    """PDFium's reason in one plain phrase: "Failed to load document (PDFium: Data format error)."
    gives "data format error"; "Success" and "Unknown error" say nothing, so the reason is generic."""
    m = _PDFIUM_REASON.search(msg)
    reason = (m.group(1) if m else msg).strip().rstrip(".")
    if not reason or reason.lower() in ("success", "unknown error"):
        return "PDFium cannot read its structure"
    return reason[:1].lower() + reason[1:]


_LIST_START = re.compile(r"\s*(?:[-+•*–—]|[IVXLC]+\.|\d+(?:\.\d+)*\.\s|[a-zđ]\)\s|#)")


class _Page:
    """The visual lines of a page, each with whether it wraps into the next one; how many characters
    had no Unicode mapping (they become spaces); and what a wrap across the page break needs."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []  # text and what follows: a space (wrapped), LF or a blank line
        self.unmapped = 0
        self.last_right: float | None = None  # right edge of the last line
        self.max_right: float | None = None
        self.first_word: float | None = None  # width of the first line's first word (None: a list item)
        self.space = 1.0


def _page_lines(tp, raw) -> _Page:
    page = _Page()
    count = tp.count_chars()
    if not count:
        return page
    text = tp.get_text_range()
    bad = [k for k in range(count) if raw.FPDFText_HasUnicodeMapError(tp, k)]
    if bad or len(text) != count:
        # char by char: an unmapped glyph becomes a space (get_text_range drops some)
        codes = [raw.FPDFText_GetUnicode(tp, k) for k in range(count)]
        for k in bad:
            codes[k] = 0x20
        text = "".join(chr(c) if 0 < c < 0x110000 and not 0xD800 <= c < 0xE000 else " " for c in codes)
    # visual lines: pdfium ends each with a generated CR LF (or LF)
    spans = []
    pos = 0
    for m in _EOL.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    lines = [(_clean(text[a:b]), a, b) for a, b in spans]

    def box(k: int):
        try:
            return tp.get_charbox(k)  # left, bottom, right, top
        except Exception:
            return None

    rights: list[float | None] = []
    bottoms: list[float | None] = []
    for _t, a, b in lines:
        k = b - 1
        while k >= a and text[k].isspace():
            k -= 1
        bx = box(k) if k >= a else None
        rights.append(bx[2] if bx else None)
        bottoms.append(bx[1] if bx else None)
    # a paragraph break shows as more space between lines than the usual line pitch
    pitches = sorted(
        a - b for a, b in zip(bottoms, bottoms[1:], strict=False) if a is not None and b is not None and a > b
    )
    pitch = pitches[len(pitches) // 2] if pitches else None
    known = [r for r in rights if r is not None]
    max_right = max(known) if known else None

    def first_word(j: int) -> tuple[float, float] | None:
        """Width of the first word of line j and a space's width (None: empty, or a list item)."""
        nt, na, nb = lines[j]
        if not nt.strip() or _LIST_START.match(nt):
            return None
        k0 = na
        while k0 < nb and text[k0].isspace():
            k0 += 1
        k1 = k0
        while k1 < nb and not text[k1].isspace():
            k1 += 1
        b0, b1 = box(k0), box(k1 - 1)
        if not (b0 and b1):
            return None
        return b1[2] - b0[0], max((b1[3] - b1[1]) * 0.25, 1.0)

    for j, (t, _a, _b) in enumerate(lines):
        sep = "\n"
        if max_right is not None and j + 1 < len(lines) and t.strip() and rights[j] is not None:
            fw = first_word(j + 1)
            # the line wrapped if the next line's first word would not have fitted after it
            if fw is not None and rights[j] + fw[1] + fw[0] > max_right + 0.5:
                sep = " "
        if sep == "\n" and pitch and j + 1 < len(lines) and bottoms[j] is not None:
            nxt = next((y for y in bottoms[j + 1 :] if y is not None), None)
            if nxt is not None and bottoms[j] - nxt > 1.6 * pitch:
                sep = "\n\n"
        page.lines.append((t, sep))
    page.unmapped = len(bad)
    page.max_right = max_right
    page.last_right = rights[-1] if lines and lines[-1][0].strip() else None
    fw = first_word(0)
    if fw:
        page.first_word, page.space = fw
    return page


def _wraps_across(prev: _Page, page: _Page) -> bool:
    if prev.last_right is None or prev.max_right is None or page.first_word is None:
        return False
    return prev.last_right + page.space + page.first_word > prev.max_right + 0.5


_EOL = re.compile(r"\r\n|\r|\n")


def _clean(line: str) -> str:
    line = line.replace("\x02", "-").replace("\ufffe", "")
    return "".join(c for c in line if c >= " " or c == "\t")

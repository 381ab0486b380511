"""OCR of scanned pages and images: Tesseract with its Vietnamese model (docs/ocr.md).

A page image becomes text the rest of luocdo reads as it reads a PDF's text layer: each visual line
joined to the next with a space when it wrapped (the next line's first word would not have fitted),
a new line when it did not, a blank line for vertical space of a line or more. The two-column header
(issuer and "Số:" on the left, the motto and the place-date line on the right) is read column by
column, so "Số: …" and "…, ngày … tháng … năm …" land on their own lines.

Every word keeps Tesseract's confidence; ``mark_mentions`` gives a mention read by OCR a note with
its words' confidence and lowers the confidence of one whose digits OCR was unsure of. The only
changes made to OCR text are confusions the grammar settles: a letter O, o, l, I or | among the
digits of a document number or a date, "nắm" for "năm" before a year. No digit is ever added.

When to OCR is ``mode()``: LUOCDO_OCR=auto (pages without a text layer, or with a damaged one, and
images), always (every page), never. The CLI sets it from ``--ocr``; LUOCDO_OCR_JOBS pages are read
in parallel (each by its own tesseract process).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from statistics import median

from luocdo.load.reader import LoadError

MISSING = (
    "OCR needs Tesseract with its Vietnamese model: install the packages tesseract-ocr and "
    "tesseract-ocr-vie (Windows: the installer from https://github.com/UB-Mannheim/tesseract/wiki "
    "with Vietnamese ticked) and the Python binding (pip install 'luocdo[ocr]')"
)
MODES = ("auto", "always", "never")
DPI = 300  # docs/ocr.md: 300 dpi reads the corpus best; 200 dpi loses digits in small print
LANG = "vie"
CONFIG = "--oem 1 --psm 3"
UNSURE = 0.60  # a word read with less confidence than this is unsure


def mode() -> str:
    m = os.environ.get("LUOCDO_OCR", "auto").strip().lower()
    return m if m in MODES else "auto"


def jobs() -> int:
    try:
        return max(1, int(os.environ.get("LUOCDO_OCR_JOBS", "1")))
    except ValueError:
        return 1


@functools.lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why OCR cannot run here (None: it can)."""
    try:
        import pytesseract
    except ImportError:
        return MISSING
    # LUOCDO_TESSERACT: the program's path when it is not on PATH (Windows)
    pytesseract.pytesseract.tesseract_cmd = os.environ.get("LUOCDO_TESSERACT") or "tesseract"
    if not os.environ.get("LUOCDO_TESSERACT") and not shutil.which("tesseract"):
        return MISSING
    try:
        langs = pytesseract.get_languages(config="")
    except Exception:
        return MISSING
    if LANG not in langs:
        return MISSING
    return None


def describe() -> str:
    """One line for ``luocdo doctor``."""
    why = unavailable()
    if why:
        return f"OCR: not available. {why}"
    import pytesseract

    return f"OCR: available (Tesseract {pytesseract.get_tesseract_version()}, Vietnamese model)"


def require() -> None:
    why = unavailable()
    if why:
        raise LoadError(why)


# ---------------------------------------------------------------------------------------------------
# one page image -> lines


@dataclass
class _Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float  # 0..1


@dataclass
class _Line:
    words: list[_Word]

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return self.words[-1].right

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> int:
        return median(w.bottom - w.top for w in self.words)


@dataclass
class OcrPage:
    """A page's text: its lines with what follows each (space, LF, blank lines), and per line the
    words' spans within the line's text with their confidence and whether a confusion was settled."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    words: list[list[tuple[int, int, float, bool]]] = field(default_factory=list)
    seconds: float = 0.0
    # for a paragraph going on over the page break: the first and last lines, the right margin by the
    # last line, the letters' height
    first: _Line | None = None
    last: _Line | None = None
    last_margin: int = 0
    h: float = 0.0

    @property
    def confidence(self) -> float | None:
        cs = [c for ws in self.words for _, _, c, _ in ws]
        return sum(cs) / len(cs) if cs else None


def _data(img) -> list[_Line]:
    import pytesseract

    d = pytesseract.image_to_data(img, lang=LANG, config=CONFIG, output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[_Word]] = {}
    for i, t in enumerate(d["text"]):
        t = (t or "").strip()
        if not t:
            continue
        key = (d["block_num"][i], d["par_num"][i], d["line_num"][i])
        left, top = int(d["left"][i]), int(d["top"][i])
        lines.setdefault(key, []).append(
            _Word(t, left, top, left + int(d["width"][i]), top + int(d["height"][i]),
                  max(0.0, float(d["conf"][i])) / 100)
        )
    out = []
    for ws in lines.values():
        out.extend(_split_gaps(ws))
    return out


def _split_gaps(words: list[_Word]) -> list[_Line]:
    """A line Tesseract read across two columns splits where the gap is wider than a few words."""
    h = median(w.bottom - w.top for w in words)
    parts = [[words[0]]]
    for w in words[1:]:
        if w.left - parts[-1][-1].right > 4 * h:
            parts.append([])
        parts[-1].append(w)
    return [_Line(p) for p in parts]


def _columns_first(lines: list[_Line], mid: float) -> list[_Line]:
    """The header zone (lines at the top of the page that stay left or right of the middle) read column
    by column: the left one (issuer, number), then the right one (motto, place and date)."""
    k = 0
    while k < len(lines) and (lines[k].right < mid or lines[k].left > mid):
        k += 1
    zone = lines[:k]
    if not any(ln.left > mid for ln in zone) or not any(ln.right < mid for ln in zone):
        return lines
    left = sorted((ln for ln in zone if ln.right < mid), key=lambda ln: ln.top)
    right = sorted((ln for ln in zone if ln.left > mid), key=lambda ln: ln.top)
    return left + right + lines[k:]


def page_from_image(img) -> OcrPage:
    """OCR one page image (PIL) into lines."""
    t0 = time.perf_counter()
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB")
    lines = _data(img)
    page = OcrPage()
    if not lines:
        page.seconds = time.perf_counter() - t0
        return page
    heights = [ln.height for ln in lines]
    h = median(heights)
    # the text area: from the leftmost to the rightmost line (wide enough lines only)
    lefts = sorted(ln.left for ln in lines)
    rights = sorted(ln.right for ln in lines)
    mid = (lefts[len(lefts) // 10] + rights[-1 - len(rights) // 10]) / 2
    lines = _columns_first(lines, mid)
    pitches = sorted(
        b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if 0.8 * h < b.top - a.top < 2.2 * h
    )
    pitch = pitches[len(pitches) // 2] if pitches else 1.6 * h

    def local_right(j: int) -> int:
        # the right margin near line j (a rotated scan moves it down the page)
        near = [ln.right for ln in lines[max(0, j - 6) : j + 7] if abs(ln.top - lines[j].top) < 14 * pitch]
        return max(near)

    for j, ln in enumerate(lines):
        text, spans = _line_text(ln)
        sep = "\n"
        if j + 1 < len(lines):
            nx = lines[j + 1]
            gap = nx.top - ln.top
            if gap < 0.5 * pitch or nx.left > ln.right:  # another column: a new paragraph
                sep = "\n\n"
            elif gap > 1.5 * pitch:
                sep = "\n" * min(6, max(2, round(gap / pitch)))  # k lines of space: k - 1 blank lines
            elif _wraps(ln, nx, local_right(j), h):
                sep = " "  # the next line's first word would not have fitted: a wrapped line
        page.lines.append((text, sep))
        page.words.append(spans)
    page.first, page.last, page.h = lines[0], lines[-1], h
    page.last_margin = local_right(len(lines) - 1)
    page.seconds = time.perf_counter() - t0
    return page


_LIST_START = re.compile(r"[-+•*–—]|[IVXLC]+\.|\d+(?:\.\d+)*\.$|[a-zđ]\)$")


def _wraps(ln: _Line, nx: _Line, margin: int, h: float) -> bool:
    """Whether line ``ln`` wrapped into ``nx``: the next line's first word would not have fitted after
    it (within half a letter's height: OCR boxes are tight), and the next line is no list item."""
    first = nx.words[0]
    if _LIST_START.match(first.text):
        return False
    return ln.right + (first.right - first.left) > margin - 0.5 * h


def wraps_across(prev: OcrPage, page: OcrPage) -> bool:
    """Whether the last line of ``prev`` goes on at the top of ``page``."""
    if prev.last is None or page.first is None:
        return False
    return _wraps(prev.last, page.first, prev.last_margin, prev.h)


def _line_text(ln: _Line) -> tuple[str, list[tuple[int, int, float, bool]]]:
    out: list[str] = []
    spans = []
    pos = 0
    for w in ln.words:
        if out:
            out.append(" ")
            pos += 1
        out.append(w.text)
        spans.append((pos, pos + len(w.text), w.conf, False))
        pos += len(w.text)
    text = "".join(out)
    fixed, changed = fix_confusions(text)
    if changed:
        spans = [(a, b, c, f or any(a <= k < b for k in changed)) for a, b, c, f in spans]
    return fixed, spans


# ---------------------------------------------------------------------------------------------------
# confusions the grammar settles (same length: spans and offsets stay true)

_CONFUSABLE = "OoDQlI|"
_TO_DIGIT = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1"})
_DIG = r"[0-9OoDQlI|]"
# a document number before its symbol: 1194/QĐ-UBND, 2O-CT/TU, 108/2O14/NĐ-CP (letters after / or -)
_NUMBER = re.compile(
    rf"(?<![\w/.-])({_DIG}{{1,5}})(?=\s?[/-]\s?(?:{_DIG}{{4}}\s?/\s?)?[A-ZĐ][A-Za-zĐđ]{{0,5}}(?:[-/&.][A-Za-zĐđ]|\b))"
)
_YEAR_IN_NUMBER = re.compile(rf"(?<=\d/)({_DIG}{{4}})(?=\s?/\s?[A-ZĐ])")
_DATE = re.compile(rf"(?<![\w/])({_DIG}{{1,2}})/({_DIG}{{1,2}})/({_DIG}{{4}})(?![\w/])")
_NAM = re.compile(r"(?<=\btháng\s\d)(\s)n[ăắằẳẵặâấầẩẫậaá]m(?=\s\d{4}\b)|(?<=\btháng\s\d\d)(\s)n[ăắằẳẵặâấầẩẫậaá]m(?=\s\d{4}\b)")


def fix_confusions(text: str) -> tuple[str, set[int]]:
    """``text`` with letters read for digits put right where a number or date must be digits, and the
    positions changed. A group needs at least one real digit; nothing else is touched."""
    chars = list(text)
    changed: set[int] = set()

    def settle(a: int, b: int) -> None:
        s = text[a:b]
        if not any(c.isdigit() for c in s) or not any(c in _CONFUSABLE for c in s):
            return
        for k in range(a, b):
            if text[k] in _CONFUSABLE:
                chars[k] = text[k].translate(_TO_DIGIT)
                changed.add(k)

    for m in _NUMBER.finditer(text):
        settle(m.start(1), m.end(1))
    for m in _YEAR_IN_NUMBER.finditer(text):
        settle(m.start(1), m.end(1))
    for m in _DATE.finditer(text):
        if sum(c.isdigit() for c in m.group(0)) >= 4:
            for g in (1, 2, 3):
                settle(m.start(g), m.end(g))
    for m in _NAM.finditer(text):
        a = m.end() - 3
        if text[a : a + 3] != "năm":
            chars[a : a + 3] = "năm"
            changed.update(range(a, a + 3))
    return "".join(chars), changed


# ---------------------------------------------------------------------------------------------------
# many pages


def progress_on() -> bool:
    return os.environ.get("LUOCDO_OCR_PROGRESS") == "1" or (
        os.environ.get("LUOCDO_OCR_PROGRESS") != "0" and sys.stderr.isatty()
    )


def ocr_pages(images: Iterable, total: int, name: str = "") -> Iterator[OcrPage]:
    """OCR page images in order, ``jobs()`` at a time; progress per page on stderr for long scans."""
    require()
    workers = jobs()
    show = total >= 3 and progress_on()
    t0 = time.perf_counter()

    def report(k: int) -> None:
        if show:
            print(f"OCR {name + ' ' if name else ''}page {k}/{total} ({time.perf_counter() - t0:.0f} s)",
                  file=sys.stderr, flush=True)

    if workers == 1:
        for k, img in enumerate(images, 1):
            yield page_from_image(img)
            report(k)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        done = 0
        for img in images:  # images are made here (PDFium is not thread-safe), read in the pool
            pending.append(pool.submit(page_from_image, img))
            while len(pending) > workers:
                done += 1
                yield pending.pop(0).result()
                report(done)
        for f in pending:
            done += 1
            yield f.result()
            report(done)


def render_pdf_page(pdf, index: int, dpi: int = DPI):
    """A PDF page as a greyscale PIL image at ``dpi``."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        img = bitmap.to_pil()
        bitmap.close()
        return img
    finally:
        page.close()


# ---------------------------------------------------------------------------------------------------
# what a mention read by OCR carries


def mark_mentions(mentions: list, spans: list[tuple[int, int, float, bool]]) -> None:
    """Give each mention whose text came from OCR a note with its words' confidence; lower the
    confidence of one whose number, symbol or date OCR was unsure of (or where a letter was read for a
    digit). ``spans`` are (start, end, confidence, settled) in the loaded text, sorted."""
    from bisect import bisect_left

    starts = [a for a, _, _, _ in spans]
    for m in mentions:
        k = max(0, bisect_left(starts, m.start) - 1)
        words = []
        while k < len(spans) and spans[k][0] < m.end:
            if spans[k][1] > m.start:
                words.append(spans[k])
            k += 1
        if not words:
            continue
        conf = min(c for _, _, c, _ in words)
        m.notes.append(f"read by OCR (word confidence {conf:.2f})")
        digits = [w for w in words if any(ch.isdigit() for ch in m.surface[max(0, w[0] - m.start) : w[1] - m.start])]
        unsure = [w for w in digits if w[2] < UNSURE or w[3]]
        if unsure:
            m.confidence = round(min(m.confidence, 0.5, *(w[2] for w in unsure)), 2)
            shown = ", ".join(f"'{m.surface[max(0, a - m.start) : b - m.start]}'" for a, b, _, _ in unsure)
            m.notes.append(f"OCR unsure of the digits in {shown}: check against the scan")


def page_builder(label: str, page: OcrPage) -> tuple[list[tuple[str, str]], list[tuple[int, int, float, bool]]]:
    """The located parts of one OCR page for ``from_parts`` (one part per page) and its word spans
    relative to the page's text."""
    text = []
    spans = []
    pos = 0
    for (t, sep), ws in zip(page.lines, page.words, strict=True):
        spans.extend((pos + a, pos + b, c, f) for a, b, c, f in ws)
        text.append(t + sep)
        pos += len(t) + len(sep)
    return [(label, "".join(text))], spans


# ---------------------------------------------------------------------------------------------------
# the PDF loader's hook

_PUNCT = "\"'“”‘’()[]{}.,;:!?…*-–—/"
# a letter-and-symbol mix no Vietnamese word has: "K\"t", "qu%", "Ngh$" (a font without its Unicode map)
_ODD = re.compile(r"[A-Za-zÀ-ỹ][^\w\s\-/.,;:()'’“”\"&%]+[A-Za-zÀ-ỹ]|[A-Za-zÀ-ỹ][%$#@^~`|\\<>=+]|[^\x00-\u024f\u1e00-\u1eff\s\d]")


def page_damage(text: str, unmapped: int) -> str | None:
    """Why a page's text layer cannot be trusted (None: it can): empty; many characters without a
    Unicode mapping; or many words mixing letters with symbols no Vietnamese word has."""
    if not text.strip():
        return "no text layer"
    nonspace = sum(1 for c in text if not c.isspace())
    if unmapped >= 10 and unmapped >= 0.03 * (nonspace + unmapped):
        return "damaged text layer"
    words = [w.strip(_PUNCT) for w in text.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    if len(words) >= 20 and sum(1 for w in words if _ODD.search(w)) >= 0.1 * len(words):
        return "damaged text layer"
    return None


def scanned_error(prefix: str) -> str:
    why = "OCR is off (--ocr never)" if mode() == "never" else unavailable() or "OCR found no text"
    return f"{prefix}; {why}"


def ocr_pdf_pages(pdf, parts: list[tuple[str | None, str]], pages: list[tuple[int, int, int]]):
    """The document with the pages that need it read by OCR (None: none does, or OCR is off or
    unavailable, and the text layer stands). ``pages`` are (first part, end part, unmapped characters)
    of each page within ``parts``."""
    from luocdo.load.document import from_parts

    m = mode()
    if m == "never":
        return None
    texts = ["".join(t for _, t in parts[a:b]) for a, b, _ in pages]
    why = {i: ("requested" if m == "always" else page_damage(texts[i], pages[i][2])) for i in range(len(pages))}
    need = [i for i, w in why.items() if w]
    if not need or unavailable():
        return None
    read = dict(zip(need, ocr_pages((render_pdf_page(pdf, i) for i in need), len(need)), strict=True))
    out: list[tuple[str | None, str]] = []
    spans: list[tuple[int, int, float, bool]] = []
    pos = 0
    for i, (a, b, _) in enumerate(pages):
        if i in read:
            if out and i - 1 in read and wraps_across(read[i - 1], read[i]):
                out[-1] = (out[-1][0], out[-1][1].rstrip("\n") + " ")
                pos = sum(len(t) for _, t in out)
            elif out and not out[-1][1].endswith("\n\n"):  # an OCR page starts a paragraph
                tail = "\n" if out[-1][1].endswith("\n") else "\n\n"
                out[-1] = (out[-1][0], out[-1][1] + tail)
                pos += len(tail)
            pp, sp = page_builder(f"page {i + 1}, OCR", read[i])
            spans.extend((pos + x, pos + y, c, f) for x, y, c, f in sp)
        else:
            pp = parts[a:b]
            if out and pp and not out[-1][1].endswith("\n\n") and i - 1 in read:
                out[-1] = (out[-1][0], out[-1][1].rstrip("\n") + "\n\n")
                pos = sum(len(t) for _, t in out)
        out.extend(pp)
        pos += sum(len(t) for _, t in pp)
    counts: dict[str, int] = {}
    for i in need:
        counts[why[i]] = counts.get(why[i], 0) + 1
    confs = [read[i].confidence for i in need if read[i].confidence is not None]
    reasons = ", ".join(f"{w}: {k}" for w, k in counts.items())
    notes = [f"{len(need)} of {len(pages)} page(s) read by OCR ({reasons}"
             + (f"; mean word confidence {sum(confs) / len(confs):.2f})" if confs else ")")]
    if not any(t.strip() for _, t in out):
        raise LoadError("no text layer: scanned PDF; OCR found no text")
    doc = from_parts(out, "pdf", notes)
    if len(doc.text) == pos:
        doc.ocr_words = spans
    return doc

"""OCR of scanned pages and images: Tesseract with its Vietnamese model (docs/ocr.md).

A page image becomes text the rest of luocdo reads as it reads a PDF's text layer: each visual line
joined to the next with a space when it wrapped (the next line's first word would not have fitted),
a new line when it did not, a blank line for vertical space of a line or more. The two-column header
(issuer and "Số:" on the left, the motto and the place-date line on the right) is read column by
column, so "Số: …" and "…, ngày … tháng … năm …" land on their own lines.

Every word keeps Tesseract's confidence; ``mark_mentions`` gives a mention read by OCR a note with
its words' confidence and lowers the confidence of one whose digits OCR was unsure of. The words that
hold digits or slashes are read a second time (``recheck``, load/ocr_recheck.py) and the reading that
parses better as citations is kept, noted when the two differ. The only other changes made to OCR
text are confusions the grammar settles: a letter O, o, l, I or | among the digits of a document
number or a date, "nắm" for "năm" before a year. No digit is ever added.

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
RECHECK = os.environ.get("LUOCDO_OCR_RECHECK", "1") != "0"  # the second reading (ocr_recheck); 0: off

# a word's span in the text: (start, end, confidence, flag); the flag is True when a letter was settled
# into a digit, the other reading (str) when a second reading's digits differ, else False
Span = tuple[int, int, float, "bool | str"]


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
    other: str = ""  # the second reading of these words, when its digits differ (ocr_recheck)


@dataclass
class _Line:
    words: list[_Word]
    # set by _geometry: the line's left and right ends and its baseline, with the page's skew taken out
    x0: float = 0.0
    x1: float = 0.0
    base: float = 0.0

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
    words: list[list[Span]] = field(default_factory=list)
    seconds: float = 0.0
    # for the page break: the first and last lines (skew taken out), the text's right margin, the line
    # pitch, the letters' height, and whether paragraphs on this page are set apart by blank lines
    first: _Line | None = None
    last: _Line | None = None
    last_margin: float = 0.0
    left: float = 0.0
    h: float = 0.0
    pitch: float = 0.0
    paragraph_blanks: int = 0  # paragraph breaks with a blank line minus those without

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
            _Word(
                t,
                left,
                top,
                left + int(d["width"][i]),
                top + int(d["height"][i]),
                max(0.0, float(d["conf"][i])) / 100,
            )
        )
    return [_Line(ws) for ws in lines.values()]


def _split_gaps(words: list[_Word]) -> list[_Line]:
    """A line Tesseract read across two columns splits where the gap between words is wider than a
    few letters (marks read from specks in the gap are dropped)."""
    h = median(w.bottom - w.top for w in words)
    parts: list[list[_Word]] = [[]]
    marks: list[_Word] = []
    for w in words:
        if not _ALNUM.search(w.text):
            marks.append(w)
            continue
        if parts[-1] and w.left - parts[-1][-1].right > 4 * h:
            parts.append([])
        elif parts[-1]:
            parts[-1].extend(marks)
        marks = []
        parts[-1].append(w)
    parts[-1].extend(marks)
    return [_Line(p) for p in parts if p]


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


# letters and marks that reach below the baseline (descenders, the dot below of the nặng tone): a word
# with one does not tell where the baseline is
_DESCENDS = set("gpqyjQJ,;()[]{}|/ạặậẹệịọộợụựỵẠẶẬẸỆỊỌỘỢỤỰỴ")


def _skew(lines: list[_Line]) -> float:
    """The page's skew: the median slope of word bottoms along the lines (a scan rotated by 1.5° moves a
    line's end by a line's height)."""
    slopes = []
    for ln in lines:
        ws = [w for w in ln.words if not set(w.text) & _DESCENDS]
        if len(ws) >= 4:
            xs = [(w.left + w.right) / 2 for w in ws]
            ys = [w.bottom for w in ws]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            vx = sum((x - mx) ** 2 for x in xs)
            if vx:
                slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / vx)
    s = median(slopes) if slopes else 0.0
    return s if abs(s) <= 0.05 else 0.0  # more than 3°: not a skew this reading handles


def _place(ln: _Line, s: float, cx: float, cy: float) -> _Line:
    """The line's ends and baseline with the skew ``s`` taken out (about the page's centre): the
    baseline is where the bottoms of its words without a descender are (the lower quartile)."""
    ln.words.sort(key=lambda w: w.left)
    ws = [w for w in ln.words if _ALNUM.search(w.text) and not set(w.text) & _DESCENDS] or ln.words
    bottoms = sorted(w.bottom - s * ((w.left + w.right) / 2 - cx) for w in ws)
    ln.base = bottoms[(len(bottoms) - 1) // 4]  # blur and specks only make a box reach lower
    ln.x0 = _x(ln.words[0].left, ln.words[0], s, cy)
    ln.x1 = _x(ln.words[-1].right, ln.words[-1], s, cy)
    return ln


def _x(x: float, w: _Word, s: float, cy: float) -> float:
    return x + s * ((w.top + w.bottom) / 2 - cy)


_ALNUM = re.compile(r"[^\W_]")
_SPECKS = "_ˆ`~¬®"  # marks no Vietnamese text has, which a speck of dirt is read as
_MARKERS = ("-", "+", "•", "*", "–")


def _left_edge(lines: list[_Line], s: float, cy: float, h: float) -> float:
    """Where the text's left edge is: the place where most lines' first letters start (the left
    margin, or the first-line indent when most paragraphs are one line); a mark further left is a
    speck."""
    firsts = [next((w for w in ln.words[:3] if _ALNUM.search(w.text)), None) for ln in lines]
    starts = sorted(_x(w.left, w, s, cy) for w in firsts if w is not None)
    if len(starts) < 3:
        return float("-inf")
    best: list[float] = []
    for i, x in enumerate(starts):
        near = [y for y in starts[i : i + 40] if y - x < 0.4 * h]
        if len(near) > len(best):
            best = near
    return median(best) - 0.4 * h


def _overlap(a: _Line, b: _Line) -> bool:
    """Whether two lines have words in the same place (they are not pieces of one line)."""
    return any(min(u.right, v.right) - max(u.left, v.left) > 4 for u in a.words for v in b.words)


def _layout(lines: list[_Line], width: int, height: int) -> tuple[list[_Line], float]:
    """The page's lines in reading order with their geometry, and the letters' height. Marks outside
    the text (specks left of the text's left edge, lines without a letter or digit) are dropped; pieces
    of one visual line are joined; lines are read top to bottom."""
    s, cx, cy = _skew(lines), width / 2, height / 2
    h = median(w.bottom - w.top for ln in lines for w in ln.words)
    edge = _left_edge(lines, s, cy, h)
    kept = []
    for ln in lines:
        ws = []
        for w in ln.words:
            w.text = w.text.strip(_SPECKS)
            if w.bottom - w.top < 0.35 * h:  # a mark too small to be a letter
                continue
            if w.text and (_ALNUM.search(w.text) or (w.conf >= 0.5 and _x(w.left, w, s, cy) > edge)):
                ws.append(w)
        # a mark at either end of a line is a speck, but for a list item's dash
        while ws and not _ALNUM.search(ws[-1].text):
            ws.pop()
        while ws and not _ALNUM.search(ws[0].text) and not (ws[0].text in _MARKERS and ws[0].conf >= 0.5):
            ws.pop(0)
        for part in _split_gaps(ws) if ws else []:
            pw = part.words
            if (
                sum(len(_ALNUM.findall(w.text)) for w in pw) <= 2
                and max(w.conf for w in pw) < 0.9
                or len(pw) <= 2
                and max(w.conf for w in pw) < 0.5
            ):
                continue  # a letter or two alone, or a word or two read with little confidence: specks
            kept.append(_place(part, s, cx, cy))
    kept.sort(key=lambda ln: ln.base)
    out: list[_Line] = []
    for ln in kept:  # a piece of the line before (Tesseract read a speck or a gap as a new block)
        near = [
            o
            for o in out[-3:]
            if abs(o.base - ln.base) < 0.5 * h
            and ln.x0 - o.x1 < 4 * h
            and o.x0 - ln.x1 < 4 * h
            and not _overlap(o, ln)
        ]
        if near:
            o = near[-1]
            o.words.extend(ln.words)
            _place(o, s, cx, cy)
        else:
            out.append(ln)
    # a word or two, small, beside a line and not on a line of their own: specks read as letters
    out = [
        ln
        for ln in out
        if not (
            len(ln.words) <= 2
            and all(w.bottom - w.top < 0.65 * h for w in ln.words)
            and any(o is not ln and len(o.words) > 2 and abs(o.base - ln.base) < 1.2 * h for o in out)
        )
    ]
    for i in range(1, len(out)):  # lines side by side (two columns): left one first
        j = i
        while j and abs(out[j].base - out[j - 1].base) < 0.7 * h and out[j].x0 < out[j - 1].x0:
            out[j - 1], out[j] = out[j], out[j - 1]
            j -= 1
    return out, h


def _left_margin(lines: list[_Line], h: float) -> float:
    """The text's left margin: the leftmost place where several lines start."""
    starts = sorted(ln.x0 for ln in lines)
    need = max(3, len(starts) // 8)
    for i, x in enumerate(starts):
        if i + need <= len(starts) and starts[i + need - 1] - x < 0.4 * h:
            return x
    return starts[0] if starts else 0.0


def _pitch(lines: list[_Line], h: float) -> float:
    """The distance between the baselines of consecutive lines of a paragraph: the usual one among the
    shortest distances (blank lines make some twice or three times as long)."""
    d = sorted(b.base - a.base for a, b in zip(lines, lines[1:], strict=False) if b.base - a.base > 0.8 * h)
    if not d:
        return 1.5 * h
    p0 = d[len(d) // 10]
    near = [x for x in d if 0.85 * p0 <= x <= 1.25 * p0]
    return median(near)


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
    lines, h = _layout(lines, *img.size)
    if not lines:
        page.seconds = time.perf_counter() - t0
        return page
    # the text area: from the leftmost to the rightmost line (wide enough lines only)
    lefts = sorted(ln.x0 for ln in lines)
    rights = sorted(ln.x1 for ln in lines)
    mid = (lefts[len(lefts) // 10] + rights[-1 - len(rights) // 10]) / 2
    margin = rights[-1 - len(rights) // 20]  # the right margin (a few ends run over it: specks)
    lines = _columns_first(lines, mid)
    if RECHECK and not unavailable():
        recheck(img, lines, h)
    pitch = _pitch(lines, h)
    left = _left_margin(lines, h)
    for j, ln in enumerate(lines):
        text, spans = _line_text(ln, h)
        sep = "\n"
        if j + 1 < len(lines):
            nx = lines[j + 1]
            gap = nx.base - ln.base
            if gap < 0.5 * pitch or nx.x0 > ln.x1:  # another column: a new paragraph
                sep = "\n\n"
            elif gap > 1.5 * pitch:
                sep = "\n" * min(8, round(gap / pitch))  # k lines of space: k - 1 blank lines
                page.paragraph_blanks += 1
            elif _wraps(ln, nx, margin, left, h):
                sep = " "  # the next line's first word would not have fitted: a wrapped line
            else:
                page.paragraph_blanks -= 1
        page.lines.append((text, sep))
        page.words.append(spans)
    page.first, page.last, page.h, page.pitch = lines[0], lines[-1], h, pitch
    page.last_margin, page.left = margin, left
    page.seconds = time.perf_counter() - t0
    return page


_LIST_START = re.compile(r"[-+•*–—]$|[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.$|[a-zđ]\)$")


def _wraps(ln: _Line, nx: _Line, margin: float, left: float, h: float) -> bool:
    """Whether line ``ln`` wrapped into ``nx``: the next line's first word would not have fitted after
    it (within a letter's height: blur and specks move the ends of OCR boxes), and the next line is
    no list item and not indented as a paragraph's first line is (a centred line may be indented)."""
    first = nx.words[0]
    if _LIST_START.match(first.text):
        return False
    indent, short = nx.x0 - left, margin - nx.x1
    if indent > 1.5 * h and abs(indent - short) > (1.5 if short > 3 * h else 0.6) * h:
        return False
    end = first.right  # the first word as printed: OCR may split "319/KH-UBND" into "31" "9/KH-UBND"
    for w in nx.words[1:]:
        if w.left - end > 0.25 * h:
            break
        end = w.right
    return ln.x1 + (end - first.left) > margin - h


def page_breaks(pages: list[OcrPage]) -> list[str]:
    """What goes between the last line of each page and the first line of the next (one string per
    page after the first): a space where a paragraph goes on; else a line break and the blank lines the
    space around the break held. A page's first line sits at the top margin (the highest first line of
    the document's pages) and its last line at the bottom one (the lowest last line); each line of
    space left below the last line and above the first one is a blank line (or a rule, which OCR does
    not read). A paragraph break at the page break gets one blank line at least when the document sets
    its paragraphs apart with blank lines."""
    read = [p for p in pages if p.first is not None and p.pitch]
    top = min((p.first.base for p in read), default=0.0)
    bottom = max((p.last.base for p in read), default=0.0)
    blanks = sum(p.paragraph_blanks for p in pages) > 0
    out = []
    for prev, page in zip(pages, pages[1:], strict=False):
        if prev.last is None or page.first is None:
            out.append("\n\n")
            continue
        if _wraps(prev.last, page.first, prev.last_margin, page.left, prev.h):
            out.append(" ")
            continue
        below = max(0, round((bottom - prev.last.base) / prev.pitch)) if prev.pitch else 0
        above = max(0, round((page.first.base - top) / page.pitch)) if page.pitch else 0
        k = min(8, below + above)
        out.append("\n" * (1 + max(k, 1 if blanks else 0)))
    return out


def recheck(img, lines: list[_Line], h: float) -> None:
    """Read the words that carry digits or slashes a second time, line by line (ocr_recheck), and keep
    the reading that parses better as citations; where the two readings' digits differ, the words kept
    carry the other one (``_Word.other``)."""
    from luocdo.load import ocr_recheck as rc

    todo: list[tuple[_Line, int, int]] = []
    boxes = []
    for ln in lines:
        raised = {k for k in range(len(ln.words)) if _raised(ln.words, k, h)}
        for a, b in rc.zones(ln.words, raised):
            todo.append((ln, a, b))
            boxes.append([(w.left, w.top, w.right, w.bottom) for w in ln.words[a:b]])
    if not boxes:
        return
    try:
        readings = rc.read_again(img, boxes, h, LANG)
    except Exception:  # noqa: BLE001 - the second reading is a check: the first one stands without it
        return
    # replace from the end of each line so that earlier index ranges stay true
    for (ln, a, b), second in sorted(zip(todo, readings, strict=True), key=lambda z: -z[0][1]):
        first = " ".join(w.text for w in ln.words[a:b])
        again = [_Word(t.strip(_SPECKS), *box) for t, *box in second]
        again = [w for w in again if w.text]
        d = rc.decide(fix_confusions(first)[0], fix_confusions(" ".join(w.text for w in again))[0])
        if d.second:
            for w in again:
                w.other = first
            ln.words[a:b] = again
        elif d.unsure:
            other = " ".join(w.text for w in again)
            for w in ln.words[a:b]:
                if _TRIGGER_DIGIT.search(w.text):
                    w.other = other


_TRIGGER_DIGIT = re.compile(r"\d")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _raised(ws: list[_Word], k: int, h: float) -> bool:
    """Whether word k is a footnote mark: digits only, small, and standing above the words beside it."""
    w = ws[k]
    if not w.text.isdigit() or len(w.text) > 3 or not 0.3 * h < w.bottom - w.top < 0.65 * h:
        return False
    near = [x.bottom for x in ws[max(0, k - 1) : k + 2] if x is not w and _ALNUM.search(x.text)]
    return bool(near) and w.bottom < min(near) - 0.25 * h


def _line_text(ln: _Line, h: float = 0.0) -> tuple[str, list[Span]]:
    out: list[str] = []
    spans = []
    pos = 0
    for k, w in enumerate(ln.words):
        if out:
            out.append(" ")
            pos += 1
        if h and _raised(ln.words, k, h):
            w.text = w.text.translate(_SUPERSCRIPT)  # a footnote mark, as a text layer gives it
        if "Ð" in w.text:  # Icelandic eth, no Vietnamese letter: Đ read twice ("QĐÐ-UBND") or once
            w.text = w.text.replace("ĐÐ", "Đ").replace("ÐĐ", "Đ").replace("Ð", "Đ")
        out.append(w.text)
        spans.append((pos, pos + len(w.text), w.conf, w.other or False))
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
_NAM = re.compile(
    r"(?<=\btháng\s\d)(\s)n[ăắằẳẵặâấầẩẫậaá]m(?=\s\d{4}\b)|(?<=\btháng\s\d\d)(\s)n[ăắằẳẵặâấầẩẫậaá]m(?=\s\d{4}\b)"
)


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
            print(
                f"OCR {name + ' ' if name else ''}page {k}/{total} ({time.perf_counter() - t0:.0f} s)",
                file=sys.stderr,
                flush=True,
            )

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


def mark_mentions(mentions: list, spans: list[Span]) -> None:
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
        digits = [
            w for w in words if any(ch.isdigit() for ch in m.surface[max(0, w[0] - m.start) : w[1] - m.start])
        ]
        unsure = [w for w in digits if w[2] < UNSURE or w[3]]
        if unsure:
            m.confidence = round(min(m.confidence, 0.5, *(w[2] for w in unsure)), 2)
            shown = ", ".join(f"'{m.surface[max(0, a - m.start) : b - m.start]}'" for a, b, _, _ in unsure)
            m.notes.append(f"OCR unsure of the digits in {shown}: check against the scan")
            others = list(dict.fromkeys(w[3] for w in unsure if isinstance(w[3], str)))
            if others:
                m.notes.append("another OCR reading: " + ", ".join(f"'{o}'" for o in others))


def page_builder(label: str, page: OcrPage) -> tuple[list[tuple[str, str]], list[Span]]:
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
_ODD = re.compile(
    r"[A-Za-zÀ-ỹ][^\w\s\-/.,;:()'’“”\"&%]+[A-Za-zÀ-ỹ]|[A-Za-zÀ-ỹ][%$#@^~`|\\<>=+]|[^\x00-\u024f\u1e00-\u1eff\s\d]"
)


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
    why = {
        i: ("requested" if m == "always" else page_damage(texts[i], pages[i][2])) for i in range(len(pages))
    }
    need = [i for i, w in why.items() if w]
    if not need or unavailable():
        return None
    read = dict(zip(need, ocr_pages((render_pdf_page(pdf, i) for i in need), len(need)), strict=True))
    breaks = dict(zip(need[1:], page_breaks([read[i] for i in need]), strict=True))
    out: list[tuple[str | None, str]] = []
    spans: list[Span] = []
    pos = 0
    for i, (a, b, _) in enumerate(pages):
        if i in read:
            if out and i - 1 in read:  # a page break between two OCR pages
                out[-1] = (out[-1][0], out[-1][1].rstrip("\n") + breaks[i])
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
    notes = [
        f"{len(need)} of {len(pages)} page(s) read by OCR ({reasons}"
        + (f"; mean word confidence {sum(confs) / len(confs):.2f})" if confs else ")")
    ]
    if not any(t.strip() for _, t in out):
        raise LoadError("no text layer: scanned PDF; OCR found no text")
    doc = from_parts(out, "pdf", notes)
    if len(doc.text) == pos:
        doc.ocr_words = spans
    return doc

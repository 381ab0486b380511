"""A second OCR reading of the words that carry citations (docs/ocr.md, "Second reading").

Tesseract reading a whole page (``--psm 3``) splits a number where a serif digit stands apart
("05/202 1/QĐ-UBND", "1 194/NQ-…") or misreads a letter in a symbol ("TTI-BNV"). Read again on its
own, as one line (``--psm 7`` behaviour: the crops of a page are stacked into one small image read
with ``--psm 6``, one tesseract run per page), the same words are often read right. Where the two
readings differ, the one that parses better as citations wins (``plausibility``: numbers with a
symbol made of known codes, valid dates; fragments such as "05/202" or a code no data file knows
count against) and holds a citation or date, else the first reading; and whenever their digits differ, the words keep the other
reading, so that the mention is lowered in confidence and noted (``ocr.mark_mentions``). No digit is
made up: both readings are Tesseract's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# a word worth a second reading: it holds a digit or a slash (numbers, symbols, dates, "Số: /BC-UBND")
_TRIGGER = re.compile(r"[0-9/]")
_STRIP = ".,;:()[]{}\"'“”‘’"
_CITATION = re.compile(
    r"(?P<num>\d{1,5})?(?:/(?P<year>\d{4}))?[/-](?P<sym>[A-ZĐ][A-Za-zĐđ0-9&.]*(?:[-/][A-ZĐ0-9][A-Za-zĐđ0-9&.]*)*)"
)
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_PLAIN = re.compile(r"\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?%?|\d+%?|[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\)")
_MARKS = {"-", "–", "—", "+", "•", "*", "/", ":", ",", ".", ";", "(", ")"}
MAX_WORDS = 8  # a zone longer than this is cut (a skewed crop must stay within its line)
PAD = 0.12  # the margin kept around each word's box, in letter heights


@functools.lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    from luocdo.extract.grammar import grammar, load_data

    g = grammar()
    codes = set(g.symbol_types_folded) | {k.casefold() for k in g.abbr_to_type}
    codes |= {k.casefold() for k in (load_data("bodies.yaml").get("symbol_codes") or {})}
    return frozenset(codes)


def known_segment(seg: str) -> bool:
    """Whether one segment of a symbol is a code the data files know (type, issuer, body)."""
    from luocdo.extract.issuers import known_code

    seg = seg.strip(".")
    return bool(seg) and (seg.casefold() in _codes() or known_code(seg))


def _tokens(text: str) -> list[str]:
    out = []
    for tok in re.split(r"\s+|(?<=[^\d\s]):", text):
        t = tok.strip(_STRIP)
        if t:
            out.append(t)
    return out


def plausibility(text: str) -> int:
    """How well a reading parses as citations: +1 for each number-and-symbol (or bare symbol, as in
    "Số: /BC-UBND") whose segments are all known codes and each valid date; -1 for each symbol with an
    unknown segment, impossible date, piece holding a digit or slash that is none of these (a number
    cut in two: "05/202", "1 194/…"), or mark that is no character ("|", "="). Words without digits or
    slashes count nothing."""
    good, bad = parse_counts(text)
    return good - bad


def parse_counts(text: str) -> tuple[int, int]:
    """The two sides of ``plausibility``: (citations and dates that parse, pieces that do not)."""
    good = bad = 0
    toks = _tokens(text)
    for k, t in enumerate(toks):
        if not _TRIGGER.search(t):
            continue
        if _PLAIN.fullmatch(t):
            # a number followed at once by another number or a number-and-symbol: a number cut in two
            if k + 1 < len(toks) and t.isdigit() and re.match(r"\d+[/-]", toks[k + 1]):
                bad += 1
            continue
        d = _DATE.fullmatch(t)
        c = None if d else _CITATION.fullmatch(t)
        if d:
            day, month, year = (int(x) for x in d.groups())
            ok = 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100
        elif c:
            ok = all(known_segment(s) for s in re.split(r"[-/]", c.group("sym")))
        else:
            ok = False
        good, bad = good + ok, bad + (not ok)
    # marks that are no letter, digit or punctuation ("|", "=", "†"): specks read as characters
    bad += sum(1 for t in text.split() if not re.search(r"[^\W_]", t) and t not in _MARKS)
    return good, bad


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@dataclass
class Decision:
    second: bool  # take the second reading
    unsure: bool  # the readings' digits differ (or the second was taken): keep the other as a note


def decide(first: str, second: str) -> Decision:
    """Which of two readings of the same words to keep, and whether the words stay unsure: the second
    when it holds as many citations and dates as the first, one at least, and parses better
    (``plausibility``); unsure when it is taken or when the digits of the two differ."""
    a, b = " ".join(first.split()), " ".join(second.split())
    if not b or a == b:
        return Decision(False, False)
    (ga, ba), (gb, bb) = parse_counts(a), parse_counts(b)
    take = gb >= max(1, ga) and gb - bb > ga - ba
    return Decision(take, take or digits(a) != digits(b))


def zones(words: list, raised: set[int]) -> list[tuple[int, int]]:
    """Runs of a line's words worth a second reading ([i, j) index ranges): the words holding a digit or
    a slash, with one word of context on either side; footnote marks (``raised``) are left out."""
    hits = [k for k, w in enumerate(words) if _TRIGGER.search(w.text) and k not in raised]
    out: list[tuple[int, int]] = []
    for k in hits:
        a, b = max(0, k - 1), min(len(words), k + 2)
        while a in raised:
            a += 1
        while b - 1 in raised:
            b -= 1
        if any(i in raised for i in range(a, b)):
            a, b = k, k + 1
        if out and a <= out[-1][1] and b - out[-1][0] <= MAX_WORDS:
            out[-1] = (out[-1][0], b)
        else:
            a = max(a, out[-1][1]) if out else a  # zones never overlap
            if a < b:
                out.append((a, b))
    return out


Box = tuple[int, int, int, int]


def read_again(img, zones: list[list[Box]], h: float, lang: str) -> list[list[tuple]]:
    """Tesseract's words (text, left, top, right, bottom, confidence 0..1) in each zone of ``img`` (the
    boxes of its words), in page coordinates. Only the words' boxes (a little wider) are copied, so
    neither the lines above and below nor specks between words are read again; the zones are stacked
    into one image, each on a line of its own."""
    import pytesseract
    from PIL import Image

    if not zones:
        return []
    m = max(2, round(PAD * h))
    crops = [
        (
            min(x for x, _, _, _ in bs) - m,
            min(y for _, y, _, _ in bs) - m,
            max(r for _, _, r, _ in bs) + m,
            max(b for _, _, _, b in bs) + m,
        )
        for bs in zones
    ]
    gap = max(8, round(1.5 * h))
    pad = max(4, round(h))
    width = max(r - x for x, _, r, _ in crops) + 2 * pad
    height = sum(b - y for _, y, _, b in crops) + gap * (len(crops) + 1)
    sheet = Image.new("L", (width, height), 255)
    bands = []
    y = gap
    grey = img if img.mode == "L" else img.convert("L")
    for box, bs in zip(crops, zones, strict=True):
        for x0, y0, x1, y1 in bs:
            part = (max(0, x0 - m), max(0, y0 - m), min(grey.width, x1 + m), min(grey.height, y1 + m))
            sheet.paste(grey.crop(part), (pad + part[0] - box[0], y + part[1] - box[1]))
        bands.append((y, y + box[3] - box[1]))
        y += box[3] - box[1] + gap
    d = pytesseract.image_to_data(
        sheet, lang=lang, config="--oem 1 --psm 6", output_type=pytesseract.Output.DICT
    )
    out: list[list[tuple]] = [[] for _ in crops]
    for i, t in enumerate(d["text"]):
        t = (t or "").strip()
        if not t:
            continue
        top, hh = int(d["top"][i]), int(d["height"][i])
        cy = top + hh / 2
        k = next((k for k, (a, b) in enumerate(bands) if a - gap / 2 <= cy < b + gap / 2), None)
        if k is None:
            continue
        x0, y0 = crops[k][0] - pad, crops[k][1] - bands[k][0]
        left = int(d["left"][i])
        out[k].append(
            (
                t,
                left + x0,
                top + y0,
                left + int(d["width"][i]) + x0,
                top + hh + y0,
                max(0.0, float(d["conf"][i])) / 100,
            )
        )
    for ws in out:
        ws.sort(key=lambda w: w[1])
    return out

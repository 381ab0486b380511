"""Unicode clean-up with an offset map back to the original text.

The extractor works on a normalized copy (NFC, plain spaces, no soft hyphens or zero-width
characters, LF line ends, Markdown emphasis asterisks blanked). Every offset reported to users must
point into the original, so each change is recorded as a segment and mapped back with bisect.
NFC text without deletable characters (the common case) keeps every offset: no map is needed.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, compress, repeat

import regex

from luocdo.extract.gil import KEEP_GIL
from luocdo.load.portal import PortalPage, find_page

# One-for-one replacements keep every offset: exotic spaces and Markdown emphasis become spaces,
# a CR of CRLF becomes a space before the LF, a lone CR becomes LF.
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v*"
# Changes that alter length need the offset map: deletions and NFD composition.
_DELETE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CHANGING = regex.compile(rf"[{_DELETE}]|\P{{M}}\p{{M}}+")


@dataclass
class NormalizedText:
    original: str
    text: str
    # changed segments: normalized [n0, n1) came from original [o0, o1)
    _n0: list[int] = field(default_factory=list)
    _n1: list[int] = field(default_factory=list)
    _o0: list[int] = field(default_factory=list)
    _o1: list[int] = field(default_factory=list)
    _newlines: list[int] | None = None
    # ``text`` before hard-wrapped lines were joined (same length and offsets); None: nothing joined
    lined: str | None = None
    # a page saved from a legal portal: where the document stands in it and the page's metadata table
    # (everything outside the document is blanked in ``text``)
    page: PortalPage | None = None

    @property
    def lines_text(self) -> str:
        """The normalized text with every line break of the original: for line-based parsing."""
        return self.text if self.lined is None else self.lined

    def to_orig(self, i: int) -> int:
        """Original offset of the normalized character at i (or of the end when i == len)."""
        if not self._n0:
            return i
        k = bisect_right(self._n0, i) - 1
        if k < 0:
            return i
        n1, o0, o1 = self._n1[k], self._o0[k], self._o1[k]
        if i < n1:  # inside a replaced segment
            return o0
        return o1 + (i - n1)

    def to_orig_end(self, j: int) -> int:
        """Original offset just after the normalized character j - 1 (exclusive span end)."""
        if j <= 0 or not self._n0:
            return j
        i = j - 1
        k = bisect_right(self._n0, i) - 1
        if k >= 0 and i < self._n1[k]:
            return self._o1[k]
        return self.to_orig(i) + 1

    def line_of(self, i: int) -> int:
        """1-based line number of normalized offset i (same as in the original: CRLF counts once)."""
        if self._newlines is None:
            self._newlines = list(accumulate(map((1).__add__, map(len, self.lines_text.split("\n")[:-1]))))
        return bisect_right(self._newlines, i) + 1 if i > 0 else 1


def normalize(original: str) -> NormalizedText:
    nt = _normalize(original)
    nt.page = find_page(nt.text)
    if nt.page is not None:
        nt.text = nt.page.mask(nt.text)
    lines = nt.text.split("\n")
    # offset just after each line break (cumulative line lengths, in C): line_of needs them anyway
    nt._newlines = list(accumulate(map((1).__add__, map(len, lines[:-1]))))
    joined = unwrap(nt.text, lines)
    if joined is not None:
        nt.lined, nt.text = nt.text, joined
    return nt


# Hard-wrapped text (pdftotext, OCR, e-mail): every paragraph broken into lines of about the same
# width. A citation, its date and its issuer then often sit on two lines ("Quyết định số 1847/QĐ-TTg"
# / "ngày 27/12/2018 của Thủ tướng Chính phủ"), and the cue before it on the line above. Such line
# breaks become spaces (one for one: offsets do not move; line numbers still count them).
# A line that starts a list item, heading, article, table row or footnote is never joined to the one
# above; nor is a line after one ending in "-" or "/" (a symbol broken there is the grammar's to read,
# and "13/" + "UBND các xã" must stay apart), nor a sentence end followed by a capital.
_LIST_START = regex.compile(
    r"[ \t]|[-–—+•*#>|]|[0-9]{1,2}(?:[.][0-9]{1,2})*[.)/:][ ]|[IVXLC]+[.)][ ]|[A-Za-zđĐ][.)][ ]"
    r"|[(][0-9a-zđ]{1,3}[)]|(?i:điều|chương|mục|phần|khoản)[ ]+[0-9IVXLC]|<sup>|\[\^?[0-9]+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]"
)
# The characters a _LIST_START match can begin with, but for the plain letters of "a) ", "b. ": a
# line that begins otherwise is no list item without running the pattern (a wrapped paragraph's lines
# begin with words). (?i:khoản) also matches the Kelvin sign. tests/test_extract_fast_equivalents.py
# checks the set against the pattern.
_LIST_FIRST = frozenset(" \t-–—+•*#>|0123456789IVXLC(<[¹²³⁴⁵⁶⁷⁸⁹⁰đĐcCmMpPkK\u212a")
_SENTENCE_END = ".:;!?"
_NOT_TEXT = " |#-–—=_"
_WRAP_MIN_LINES = 8
_WRAP_MAX_WIDTH = 160
# in a wrapped paragraph most breaks fall before an ordinary (lower-case) word; between paragraphs of
# a report written a paragraph per line, almost none do
_WRAP_MIN_LOWER_SHARE = 0.5
# most lines of a wrapped text reach the wrap width; a page with many short lines (letterhead, list
# items, table bars) still counts when at least a fifth do and nearly two thirds of its breaks fall
# before a lower-case word
_WRAP_FULL_SHARE = 0.4
_WRAP_MAX_LONG_SHARE = 0.02
_WRAP_MIN_FULL_SHARE = 0.2
_WRAP_MIN_LOWER_SHARE_SHORT = 0.65


def _may_start_list(line: str) -> bool:
    """False where _LIST_START cannot match ``line`` (not empty): its first character starts none of
    the pattern's alternatives, or it is a plain letter not followed by "." or ")"."""
    c = line[0]
    if c in _LIST_FIRST:
        return True
    return c.isascii() and c.isalpha() and line[1:2] in (".", ")")


def unwrap(text: str, lines: list[str] | None = None, *, force: bool = False) -> str | None:
    """``text`` with the soft line breaks of a hard-wrapped text made spaces; None when the text is
    not hard-wrapped (one paragraph per line, as most reports are) or nothing needs joining.
    ``force``: the text is known to be wrapped (the store, for the extraction's original text)."""
    lines = text.split("\n") if lines is None else lines
    if len(lines) <= _WRAP_MIN_LINES:
        return None
    # the counts below run over every line of a page: map/compress keep them out of the interpreter loop
    lens = list(map(len, lines))
    too_long = 1.25 * _WRAP_MAX_WIDTH + 10
    if not force and max(lens) > too_long:
        # most reports: a paragraph per line. A few long lines (a title, a table row) are allowed below;
        # a larger share of them is refused there too (lengths <= lines, and too_long >= its limit)
        long_lines = list(compress(lines, map(too_long.__lt__, lens)))
        n_long = len(long_lines) - sum(map(str.isspace, long_lines))
        if n_long > _WRAP_MAX_LONG_SHARE * len(lines):
            return None
    # table bars and rules of a Markdown page are not lines of text
    lengths = sorted(compress(lens, map(str.strip, lines, repeat(_NOT_TEXT))))
    if len(lengths) < _WRAP_MIN_LINES:
        return None
    width = lengths[int(len(lengths) * 0.9)]  # the wrap width: lines of paragraphs reach it
    longer = len(lengths) - bisect_right(lengths, 1.25 * width + 10)
    if not force and (not 30 <= width <= _WRAP_MAX_WIDTH or longer > _WRAP_MAX_LONG_SHARE * len(lengths)):
        return None  # long lines: paragraphs are not wrapped (a title or table row or two aside)
    full = 0.7 * width
    full_share = (len(lengths) - bisect_left(lengths, full)) / len(lengths)
    if not force and full_share < _WRAP_MIN_FULL_SHARE:
        return None
    # many short lines (a Markdown page: letterhead, lists, signature): the breaks must say it more clearly
    min_lower = _WRAP_MIN_LOWER_SHARE if full_share >= _WRAP_FULL_SHARE else _WRAP_MIN_LOWER_SHARE_SHORT
    breaks: list[int] = []
    lower = 0
    starts = [0, *accumulate(map((1).__add__, lens))]
    for i in compress(range(len(lines) - 1), map(full.__le__, lens)):  # only full lines can wrap
        ln = lines[i]
        pos = starts[i + 1] - 1
        nxt = lines[i + 1]
        end = ln.rstrip()
        if (
            end
            and nxt.strip()
            and "|" not in ln
            and end[-1] not in "-/"
            and not (_may_start_list(nxt) and _LIST_START.match(nxt, None, None, KEEP_GIL))
            and not (end[-1] in _SENTENCE_END and nxt[0].isupper())
        ):
            breaks.append(pos)
            lower += nxt[0].islower()
    if not breaks or (not force and lower < min_lower * len(breaks)):
        return None
    parts, last = [], 0
    for b in breaks:
        parts += (text[last:b], " ")
        last = b + 1
    parts.append(text[last:])
    return "".join(parts)


def _normalize(original: str) -> NormalizedText:
    text = original
    if "\r" in text:
        text = text.replace("\r\n", " \n").replace("\r", "\n")
    for c in _SPACES:  # str.replace on the few characters present is much faster than translate
        if c in text:
            text = text.replace(c, " ")
    if unicodedata.is_normalized("NFC", text) and not any(c in text for c in _DELETE):
        return NormalizedText(original, text)
    parts: list[str] = []
    nt = NormalizedText(original, "")
    pos_o = 0
    pos_n = 0
    for m in _CHANGING.finditer(text):
        s, e = m.span()
        piece = m.group()
        rep = "" if piece[0] in _DELETE else unicodedata.normalize("NFC", piece)
        if rep == piece:
            continue
        if s > pos_o:
            parts.append(text[pos_o:s])
            pos_n += s - pos_o
        nt._n0.append(pos_n)
        nt._n1.append(pos_n + len(rep))
        nt._o0.append(s)
        nt._o1.append(e)
        parts.append(rep)
        pos_n += len(rep)
        pos_o = e
    parts.append(text[pos_o:])
    nt.text = "".join(parts)
    return nt

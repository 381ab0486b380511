"""Unicode clean-up with an offset map back to the original text.

The extractor works on a normalized copy (NFC, plain spaces, no soft hyphens or zero-width
characters, LF line ends, no Markdown emphasis asterisks). Every offset reported to users must
point into the original, so each change is recorded as a segment and mapped back with bisect.
Clean NFC text (the common case) takes a fast path with an identity map.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

import regex

_SPECIAL = regex.compile(
    r"\r\n?"  # Windows / old Mac line ends
    r"|[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]"  # exotic spaces
    r"|[\u00ad\u200b-\u200d\u2060\ufeff]"  # soft hyphen, zero-width characters, BOM
    r"|\*+"  # Markdown emphasis
    r"|\P{M}\p{M}+"  # a base letter with combining marks (NFD input)
)


def _replacement(piece: str) -> str:
    c = piece[0]
    if c == "\r":
        return "\n"
    if c == "*":
        return ""
    if len(piece) == 1:
        return "" if c in "\u00ad\u200b\u200c\u200d\u2060\ufeff" else " "
    return unicodedata.normalize("NFC", piece)


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

    def to_orig(self, i: int) -> int:
        """Original offset of the normalized character at i (or of the end when i == len)."""
        if not self._n0:
            return i
        k = bisect_right(self._n0, i) - 1
        if k < 0:
            return i
        n0, n1, o0, o1 = self._n0[k], self._n1[k], self._o0[k], self._o1[k]
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
            self._newlines = [m.start() for m in regex.finditer("\n", self.text)]
        return bisect_right(self._newlines, i - 1) + 1 if i > 0 else 1


def normalize(original: str) -> NormalizedText:
    if unicodedata.is_normalized("NFC", original) and not _SPECIAL.search(original):
        return NormalizedText(original, original)
    parts: list[str] = []
    nt = NormalizedText(original, "")
    pos_o = 0
    pos_n = 0
    for m in _SPECIAL.finditer(original):
        s, e = m.span()
        piece = m.group()
        rep = _replacement(piece)
        if rep == piece:
            continue
        if s > pos_o:
            parts.append(original[pos_o:s])
            pos_n += s - pos_o
        nt._n0.append(pos_n)
        nt._n1.append(pos_n + len(rep))
        nt._o0.append(s)
        nt._o1.append(e)
        parts.append(rep)
        pos_n += len(rep)
        pos_o = e
    parts.append(original[pos_o:])
    nt.text = "".join(parts)
    return nt

"""The matches of ``grammar.ANCHOR`` in a text, as ``ANCHOR.finditer`` gives them, found from the
separators instead of from every digit.

A scan of ANCHOR tries the whole pattern at every position of the text (about 100 instructions a
character in the regex engine, then a costly attempt at every digit). Every match holds, right after
its number, one of ``[ ]?/``, ``[ ]?-`` or ``[ ]?\\n[ ]?/``: this finds the ``/`` and ``-`` of the text with
``str.find``, reads back from each one to the start of the digits before it, and tries ANCHOR there
only. The candidates are a superset of the positions where a match can start and come in increasing
order, so the first one that matches after the previous match is the match ``finditer`` finds next.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from luocdo.extract.gil import KEEP_GIL
from luocdo.extract.grammar import ANCHOR

_DIGITS = frozenset("0123456789")
_NUMBER_LETTER = frozenset("abcdefghijklmnopqrstuvwxyzđ")  # ANCHOR's [a-zđ] after the number
# What ANCHOR can read right after the separator (a year, a symbol's first capital, the blanks of a
# line break or of "- UBND"): an ASCII character outside this set ends the candidate at once.
# Non-ASCII characters are always tried (\p{Lu} holds many).
ASCII_AFTER_SEPARATOR = frozenset(" \t\n12ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_MAX_DIGITS = 5  # ANCHOR's [0-9]{1,5}


def anchors(text: str, pattern: regex.Pattern = ANCHOR) -> Iterator[regex.Match]:
    """``pattern.finditer(text)`` for ANCHOR (``pattern`` is a parameter for the tests only)."""
    match = pattern.match
    find = text.find
    pos = 0  # where the previous match ended: no match starts before it
    slash = find("/")
    dash = find("-")
    while slash >= 0 or dash >= 0:
        if dash < 0 or 0 <= slash < dash:
            sep = slash
            slash = find("/", sep + 1)
        else:
            sep = dash
            dash = find("-", sep + 1)
        after = text[sep + 1 : sep + 2]
        if not after or (after < "\x80" and after not in ASCII_AFTER_SEPARATOR):
            continue
        j = sep - 1  # back over [ ]? and \n[ ]? and [a-zđ]? to the last digit
        if j >= 0 and text[j] == " ":
            j -= 1
        if j >= 0 and text[j] == "\n":
            j -= 1
            if j >= 0 and text[j] == " ":
                j -= 1
        if j >= 0 and text[j] in _NUMBER_LETTER:
            j -= 1
        k = j
        while k >= 0 and text[k] in _DIGITS:
            k -= 1
        # no digit, or a run longer than 5 (no match starts inside a run: the look-behind refuses a digit)
        if k == j or j - k > _MAX_DIGITS or k + 1 < pos:
            continue
        m = match(text, k + 1, None, KEEP_GIL)
        if m is not None:
            yield m
            pos = m.end()
            if 0 <= slash < pos:
                slash = find("/", pos)
            if 0 <= dash < pos:
                dash = find("-", pos)

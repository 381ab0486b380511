"""Line starts and ends of a position, in time that does not grow with the line's length.

`text.rfind("\\n", 0, pos)` walks back to the start of the line: once per citation, a text written
as one long line (a 16 MB export, a list without line breaks) costs the square of its length.
Here a short bounded look first answers ordinary lines; only a line longer than the look falls
back to a sorted index of the text's line breaks, built once per text and searched with bisect.
The answers are those of rfind/find, exactly.
"""

from __future__ import annotations

from bisect import bisect_left

_LOOK = 256  # lines shorter than this never need the index

# The last text's index, found by identity. A cache keyed by the text's value (lru_cache) compares a
# second, equal text with the cached one in full on every look-up: the same megabyte line extracted
# twice in one process cost a megabyte compare per citation (40 s instead of 2.5 s at 4 MB).
_last: tuple[str, list[int]] = ("", [])


def _breaks(text: str) -> list[int]:
    global _last
    held = _last
    if held[0] is text:
        return held[1]
    out: list[int] = []
    i = text.find("\n")
    while i >= 0:
        out.append(i)
        i = text.find("\n", i + 1)
    _last = (text, out)
    return out


def line_start(text: str, pos: int) -> int:
    """Start of the line holding `pos`: text.rfind("\\n", 0, pos) + 1."""
    lo = pos - _LOOK
    if lo <= 0:
        return text.rfind("\n", 0, pos) + 1
    i = text.rfind("\n", lo, pos)
    if i >= 0:
        return i + 1
    b = _breaks(text)
    k = bisect_left(b, pos)
    return b[k - 1] + 1 if k else 0


def line_end(text: str, pos: int) -> int:
    """Position of the first line break at or after `pos`, or len(text): the end of its line."""
    i = text.find("\n", pos, pos + _LOOK)
    if i >= 0:
        return i
    if pos + _LOOK >= len(text):
        return len(text)
    b = _breaks(text)
    k = bisect_left(b, pos)
    return b[k] if k < len(b) else len(text)

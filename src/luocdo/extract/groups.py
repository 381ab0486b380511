"""Named groups read by number.

regex's Match.group, start and end, given a name, first try it as a group number: the TypeError they
catch is formatted before it is dropped, ~900 instructions a name, five times the look-up itself. On
the synthetic corpus an extraction read ~300 names a report (2.5 % of its instructions). The number the
pattern's groupindex gives a name reads the same group.
"""

from __future__ import annotations

import regex

_numbers: dict[tuple[regex.Pattern, tuple[str, ...]], tuple[int, ...]] = {}


def numbers(pattern: regex.Pattern, names: tuple[str, ...]) -> tuple[int, ...]:
    """The numbers of the groups ``names`` of ``pattern``, kept (groupindex builds a dict on each read)."""
    key = (pattern, names)
    held = _numbers.get(key)
    if held is None:
        index = pattern.groupindex
        held = _numbers[key] = tuple(index[name] for name in names)
    return held


_indexes: dict[regex.Pattern, dict[str, int]] = {}


def index(pattern: regex.Pattern) -> dict[str, int]:
    """pattern.groupindex, kept."""
    held = _indexes.get(pattern)
    if held is None:
        held = _indexes[pattern] = dict(pattern.groupindex)
    return held

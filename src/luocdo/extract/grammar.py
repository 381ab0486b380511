"""Citation grammar: the data files turned into compiled patterns, built once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex
import yaml

from luocdo.extract.gil import KEEP_GIL

# libyaml's loader reads the data files ten times faster than the pure-Python one (a tenth of a
# second at every start); the same safe subset of YAML, the same values
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str):
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


def load_data(name: str) -> dict:
    return parse_yaml(resources.files("luocdo.data").joinpath(name).read_text(encoding="utf-8"))


def squeeze(s: str) -> str:
    """Collapse runs of whitespace to one space."""
    return " ".join(s.split())


_DASHES = regex.compile(r"\s*[-–]\s*")


def dashed(s: str) -> str:
    """'Thi đua – Khen thưởng' -> 'Thi đua - Khen thưởng'."""
    return _DASHES.sub(" - ", squeeze(s)) if ("-" in s or "–" in s) else squeeze(s)


class EndPattern:
    """A pattern that ends in ``$``, searched as ``regex`` searches it (the leftmost match), after a
    match of the reversed pattern anchored at the end has said whether there is one: a forward search
    tries every start in the text, so a line or window without a match, the common case, cost time in
    its length; the reverse match rejects it at once."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.forward = regex.compile(pattern, flags)
        self._reverse = regex.compile(pattern, flags | regex.REVERSE)
        self.pattern = pattern

    def search(self, s: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        end = len(s) if endpos is None else min(endpos, len(s))
        # "$" also matches before a final line break, which the anchored reverse match would not try
        if end > pos and s[end - 1] != "\n" and not self._reverse.match(s, pos, end, KEEP_GIL):
            return None
        return self.forward.search(s, pos, end, KEEP_GIL)


def alternation(words: list[str]) -> str:
    """Regex alternation, longest first, with spaces matching any run of spaces."""
    uniq = sorted(set(words), key=lambda w: (-len(w), w))  # ties in a fixed order: the same pattern in every process
    return "|".join(
        regex.escape(w).replace(r"\ và\ ", r"[ ]+(?:và|&)[ ]+").replace(r"\ ", "[ ]+") for w in uniq
    )


# A symbol segment: starts with a capital, may hold digits, dots, '&' and <sub>n</sub> markup.
# "QLN& TTBĐS": a space typed after '&' stays inside the segment (removed from the symbol).
_SEG = r"\p{Lu}[\p{L}0-9.&]*(?:(?<=&)[ ]\p{Lu}[\p{L}0-9.&]*)?(?:<sub>[0-9]+</sub>)?"
# "12/KH- UBND", "45/2019/NĐ- CP": a space typed after the hyphen, before a code (capitals and digits,
# at most one final small letter: never an ordinary word such as "Phòng"); only when none is typed
# before it: "12/KH-UBND - UBND huyện" is a dash in the sentence
_CODE_AHEAD = r"(?=\p{Lu}[\p{Lu}0-9.&]*\p{Ll}?(?![\p{L}0-9]))"
# Continuation of a symbol broken across lines by a damaged PDF: one capital alone, or capitals and
# digits with at most one final small letter (TTg, QĐi, CTr), on the next line(s) — never an ordinary
# word, not even a short one ("Về", "Sở", "Bộ").
_BREAK = r"(?:[ \t]*\n){1,2}[ \t]*(?=\p{Lu}(?:[\p{Lu}0-9.]+\p{Ll}?)?(?![\p{L}0-9]))"
# "3574/Q -" + line break + "UBND": a vanished Đ leaves a one-letter stub and a space before the
# hyphen; a complete segment followed by " -" at a line end is a dash in the sentence, not a wrap
_BROKEN = rf"(?:(?:-|(?<=[/-]\p{{Lu}})[ ]{{1,3}}-|/){_BREAK})"
_SEP = rf"(?:[ ]{{1,3}}-|-(?:[ ]{_CODE_AHEAD})?|/|{_BROKEN})"
_SYM = rf"{_SEG}(?:{_SEP}{_SEG})*"
# The separator right after the number may wrap too ("Quyết định số 1847/" + line break + "QĐ-TTg"),
# but a number and slash at a line end are often something else ("13/" + "UBND các xã"): the next
# line must then start with a symbol of two segments at least.
_BREAK_BEFORE_SYMBOL = r"(?:[ \t]*\n){1,2}[ \t]*(?=\p{Lu}[\p{Lu}0-9.]*\p{Ll}?[ ]{0,3}[-/][ ]?\p{Lu}[\p{Lu}0-9.]*\p{Ll}?(?![\p{L}0-9]))"
_SLASH = (
    rf"(?:[ ]?/[ ]?|[ ]?/{_BREAK_BEFORE_SYMBOL}|[ ]?\n[ ]?/[ ]?(?=\p{{Lu}}))"  # or "2403" + break + "/UBND"
)
_DASH = rf"(?:[ ]?-[ ]?|[ ]?-{_BREAK_BEFORE_SYMBOL})"
# inside a Party symbol ("724-QĐ/" + line break + "TU") the number and type code already say it
_PARTY_SLASH = rf"(?:[ ]?/[ ]?|/{_BREAK})"

# extract.anchor_scan finds its matches from the '/' and '-' after the number: a change to what may
# stand between the number and the separator, or right after it, must be made there too (its tests fail)
ANCHOR = regex.compile(
    rf"""
    (?<![\p{{L}}0-9/.,-])
    (?P<num>[0-9]{{1,5}}[a-zđ]?)
    (?:
        [ ]?/[ ]?(?P<year>(?:19|20)[0-9]{{2}})(?:{_SLASH}|(?P<ydash>-))(?P<nsym>{_SYM})
      | {_SLASH}(?P<asym>{_SYM})
      | {_DASH}(?P<psym>{_SEG}{_PARTY_SLASH}{_SYM})
    )
    (?P<cut>-[ ]{{2,}}[\p{{Ll}}]{{1,2}}\b)?
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True)
class Grammar:
    type_word_to_type: dict[str, str]  # lowercase word -> canonical type
    abbr_to_type: dict[str, str]
    symbol_types: dict[str, str]  # code (as written in data) -> type
    symbol_types_folded: dict[str, tuple[str, str]]  # casefolded code -> (canonical code, type)
    damaged_repairs: dict[str, str]
    cut_completions: dict[str, str]
    central_issuers: dict[str, str]
    central_issuers_folded: dict[str, tuple[str, str]]
    central_patterns: list[tuple[regex.Pattern, str]]
    local_issuers: dict[str, dict]
    type_tail: regex.Pattern  # "<type word> [số]" at the end of a window
    type_skeletons: list[tuple[str, str]]  # (skeleton of a type word without diacritic letters, type)
    type_word_lengths: dict[str, tuple[int, ...]]  # last word -> word counts (2..4) of type words ending so


def _skeleton(word: str) -> str:
    """What survives of a word when a broken font drops every letter with a diacritic."""
    return "".join(c for c in word.lower() if c.isascii() and c.isalpha())


@cache
def grammar() -> Grammar:
    d = load_data("citation_forms.yaml")
    tw: dict[str, str] = {}
    for canon, words in d["type_words"].items():
        for w in words:
            tw[w.lower()] = canon
    abbr = d["type_word_abbreviations"]
    words_re = alternation(list(tw))
    abbr_re = alternation(list(abbr))
    type_tail = regex.compile(
        rf"(?:(?P<tw>(?i:{words_re}))|(?P<abbr>{abbr_re}))?"
        rf"(?:[ ]+(?P<so>(?i:số|so)))?[ ]*:?[ ]*$"
    )
    central = d["central_issuers"]
    skeletons = [(_skeleton(w), canon) for w, canon in tw.items() if len(_skeleton(w)) >= 4]
    skeletons.sort(key=lambda x: -len(x[0]))
    lengths: dict[str, set[int]] = {}
    for w in tw:
        parts = w.split(" ")
        if 2 <= len(parts) <= 4:
            lengths.setdefault(parts[-1], set()).add(len(parts))
    return Grammar(
        type_word_to_type=tw,
        abbr_to_type=abbr,
        symbol_types=d["symbol_types"],
        symbol_types_folded={k.casefold(): (k, v) for k, v in d["symbol_types"].items()},
        damaged_repairs=d["damaged_symbol_repairs"],
        cut_completions=d["cut_symbol_completions"],
        central_issuers=central,
        central_issuers_folded={k.casefold(): (k, v) for k, v in central.items()},
        central_patterns=[(regex.compile(p, regex.I), v) for p, v in d["central_issuer_patterns"].items()],
        local_issuers=d["local_issuers"],
        type_tail=type_tail,
        type_skeletons=skeletons,
        type_word_lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
    )

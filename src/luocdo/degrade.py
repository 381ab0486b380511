"""Simulate the damage a PDF with a broken font mapping does to Vietnamese text.

Used to measure how the extractor holds up on text like DOMAIN.md §5 describes:
"Ngh  quy t số 16-NQ/HU" (Nghị quyết), "c a Chính ph" (của Chính phủ), a symbol broken across lines
("1381/UBND-" + blank line + "KSTT") or cut ("48/2013/NĐ-   n").

The damage model, in the order it is applied:

1. Symbols (``1381/UBND-KSTT``, ``48/2013/NĐ-CP``, ``20-CT/TU``) are found in the clean text. Each one is
   cut with probability ``cut_symbols`` (its last letter segment turns into spaces), otherwise broken
   across lines with probability ``break_symbols``. A break goes after a hyphen or slash that is followed
   by a letter, the places where Unicode line breaking (UAX #14) lets a line wrap: never inside
   ``48/2013`` since a hyphen or slash before a digit does not break.
2. Letters are lost per glyph, not per occurrence: a broken ToUnicode map loses the same glyph on every
   page. For each distinct letter the document decides once whether its glyph is broken (probability
   ``drop_diacritic_letters`` for the 134 Vietnamese letters carrying a diacritic or đ/Đ, each case
   separately; ``drop_other_letters`` for every other letter) and, once, whether a lost glyph leaves a
   space (the usual case: the text extractor sees the gap) or nothing. The decision hangs only on the
   seed and the glyph, so for one seed a higher probability breaks a superset of the glyphs.
   Markup tags such as ``<sup>`` are not glyphs and are left alone.
3. Digits are kept unless ``drop_digits`` > 0; then each digit occurrence is lost with that
   probability.

Only step 1 adds line breaks, so line counts change only by the breaks; :func:`degrade_with_line_map`
returns, for every line of the damaged text, the line of the clean text it came from.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import regex

__all__ = [
    "VIETNAMESE_DIACRITIC_LETTERS",
    "Degraded",
    "break_points",
    "degrade",
    "degrade_with_line_map",
    "find_symbols",
    "glyph_fate",
    "main",
]

# Share of broken glyphs that leave a space rather than nothing in the extracted text.
SPACE_SHARE = 0.75


def _vietnamese_diacritic_letters() -> frozenset[str]:
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # sắc huyền hỏi ngã nặng
    bases = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y"]
    letters = {"đ", "Đ"}
    for base in bases:
        for tone in tones:
            for b in (base, base.upper()):
                ch = unicodedata.normalize("NFC", b + tone)
                if len(ch) == 1 and ch.lower() not in "aeiouy":
                    letters.add(ch)
    return frozenset(letters)


VIETNAMESE_DIACRITIC_LETTERS: frozenset[str] = _vietnamese_diacritic_letters()

# A number, an optional year, then a symbol starting with a capital: 1381/UBND-KSTT, 48/2013/NĐ-CP,
# 20-CT/TU, 30c/NQ-CP, 100 - KL/TW, 2231/SNV-CCHC&PC, 45/TTCP-C.IV. Dates (15/6/2023) and counts
# (82/89) do not match because the symbol must start with a letter.
_SYMBOL_RE = regex.compile(
    r"(?<![\p{L}\p{N}])\d+\p{Ll}?(?:/\d{4})?\s?[/-]\s?\p{Lu}[\p{L}\p{N}.&]*(?:[/-][\p{L}\p{N}.&]+)*"
)
_TAG_RE = regex.compile(r"<[^<>\n]{1,20}>")
_CLUSTER_RE = regex.compile(r"\p{L}\p{M}+")
_HAS_MARK_RE = regex.compile(r"\p{M}")
_DIGIT_RE = regex.compile(r"\d")


class Degraded(NamedTuple):
    text: str
    line_map: list[int]
    """``line_map[i]`` is the 1-based line of the clean text that line ``i + 1`` of ``text`` came from."""


def _uniform(*key: object) -> float:
    """A deterministic number in [0, 1) for the key, independent of the text and of call order."""
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def glyph_fate(
    glyph: str, *, seed: int = 0, drop_diacritic_letters: float = 0.6, drop_other_letters: float = 0.03
) -> str | None:
    """What a document degraded with ``seed`` shows in place of ``glyph``.

    ``None`` when the glyph is intact, else its replacement: ``" "`` or ``""``. ``glyph`` is one
    letter, precomposed or decomposed (``"ị"`` and ``"i\\u0323"`` are the same glyph).
    """
    key = unicodedata.normalize("NFC", glyph)
    if not key or not key[0].isalpha():
        return None
    p = drop_diacritic_letters if key in VIETNAMESE_DIACRITIC_LETTERS else drop_other_letters
    if _uniform("broken", seed, key) >= p:
        return None
    return " " if _uniform("space", seed, key) < SPACE_SHARE else ""


def find_symbols(text: str) -> list[tuple[int, int]]:
    """Character spans of the number-and-symbol tokens (``1381/UBND-KSTT``) in ``text``."""
    spans = []
    for m in _SYMBOL_RE.finditer(text):
        end = m.end()
        while text[end - 1] in ".&":  # sentence full stop, not part of the symbol
            end -= 1
        spans.append((m.start(), end))
    return spans


def break_points(token: str) -> list[int]:
    """Offsets in ``token`` where a line may wrap: just after a hyphen or slash followed by a letter."""
    return [i + 1 for i, ch in enumerate(token[:-1]) if ch in "-/" and token[i + 1].isalpha()]


def _cut_tail(token: str) -> str | None:
    """``token`` with its last letter segment blanked (``48/2013/NĐ-CP`` -> ``48/2013/NĐ-  ``).

    None when the token has no such segment to lose: the cut keeps the number and at least one segment
    of the symbol, and never takes digits (``NQ-UBTVQH15`` is not cut).
    """
    points = break_points(token)
    if len(points) < 2:
        return None
    tail = token[points[-1] :]
    if any(ch.isdigit() for ch in tail):
        return None
    return token[: points[-1]] + " " * len(tail)


def _damage_symbols(
    text: str, rng: random.Random, break_symbols: float, cut_symbols: float
) -> tuple[str, list[int]]:
    pieces: list[str] = []
    line_map = [1]
    pos = 0

    def keep(chunk: str) -> None:
        pieces.append(chunk)
        for _ in range(chunk.count("\n")):
            line_map.append(line_map[-1] + 1)

    for start, end in find_symbols(text):
        token = text[start:end]
        keep(text[pos:start])
        pos = end
        if cut_symbols and rng.random() < cut_symbols and (cut := _cut_tail(token)) is not None:
            pieces.append(cut)
            continue
        points = break_points(token)
        if break_symbols and points and rng.random() < break_symbols:
            at = rng.choice(points)
            newlines = rng.choice(("\n", "\n\n"))
            keep(token[:at])
            pieces.append(newlines)
            line_map.extend([line_map[-1]] * len(newlines))  # the new lines belong to the symbol's line
            keep(token[at:])
        else:
            keep(token)
    keep(text[pos:])
    return "".join(pieces), line_map


def _damage_letters(text: str, fate: Callable[[str], str | None]) -> str:
    table: dict[str, str] = {}
    for ch in set(text):
        if ch.isalpha() and (repl := fate(ch)) is not None:
            table[ch] = repl
    trans = str.maketrans(table)

    def cluster(m: regex.Match[str]) -> str:
        # A decomposed letter (i + combining dot below) is one glyph: keep it whole or lose it whole.
        repl = fate(m.group())
        return m.group() if repl is None else repl

    def plain(chunk: str) -> str:
        if not _HAS_MARK_RE.search(chunk):
            return chunk.translate(trans)
        out, pos = [], 0
        for m in _CLUSTER_RE.finditer(chunk):
            out.append(chunk[pos : m.start()].translate(trans))
            out.append(cluster(m))
            pos = m.end()
        out.append(chunk[pos:].translate(trans))
        return "".join(out)

    out, pos = [], 0
    for m in _TAG_RE.finditer(text):
        out.append(plain(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(plain(text[pos:]))
    return "".join(out)


def _check_probability(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a probability between 0 and 1, got {value!r}")


def degrade_with_line_map(
    text: str,
    *,
    seed: int = 0,
    drop_diacritic_letters: float = 0.6,
    drop_other_letters: float = 0.03,
    break_symbols: float = 0.15,
    cut_symbols: float = 0.0,
    drop_digits: float = 0.0,
) -> Degraded:
    """Like :func:`degrade`, and also map each damaged line back to its clean line."""
    for name, value in (
        ("drop_diacritic_letters", drop_diacritic_letters),
        ("drop_other_letters", drop_other_letters),
        ("break_symbols", break_symbols),
        ("cut_symbols", cut_symbols),
        ("drop_digits", drop_digits),
    ):
        _check_probability(name, value)
    rng = random.Random(seed)
    out, line_map = _damage_symbols(text, rng, break_symbols, cut_symbols)

    fates: dict[str, str | None] = {}

    def fate(glyph: str) -> str | None:
        if glyph not in fates:
            fates[glyph] = glyph_fate(
                glyph,
                seed=seed,
                drop_diacritic_letters=drop_diacritic_letters,
                drop_other_letters=drop_other_letters,
            )
        return fates[glyph]

    out = _damage_letters(out, fate)
    if drop_digits:

        def digit(m: regex.Match[str]) -> str:
            if rng.random() >= drop_digits:
                return m.group()
            return " " if rng.random() < SPACE_SHARE else ""

        out = _DIGIT_RE.sub(digit, out)
    return Degraded(out, line_map)


def degrade(
    text: str,
    *,
    seed: int = 0,
    drop_diacritic_letters: float = 0.6,
    drop_other_letters: float = 0.03,
    break_symbols: float = 0.15,
    cut_symbols: float = 0.0,
    drop_digits: float = 0.0,
) -> str:
    """Damage clean Vietnamese ``text`` the way a PDF with a broken font mapping does.

    Deterministic for a given ``seed``. Probabilities: ``drop_diacritic_letters`` and
    ``drop_other_letters`` per distinct glyph (a broken glyph vanishes everywhere); ``break_symbols``,
    ``cut_symbols`` per symbol occurrence; ``drop_digits`` per digit occurrence. See the module docstring.
    """
    return degrade_with_line_map(
        text,
        seed=seed,
        drop_diacritic_letters=drop_diacritic_letters,
        drop_other_letters=drop_other_letters,
        break_symbols=break_symbols,
        cut_symbols=cut_symbols,
        drop_digits=drop_digits,
    ).text


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m luocdo.degrade",
        description="Damage clean Vietnamese text the way a PDF with a broken font mapping does.",
    )
    ap.add_argument("input", help="clean text file ('-' for stdin)")
    ap.add_argument("output", help="where to write the damaged text ('-' for stdout)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--drop-diacritic-letters", type=float, default=0.6, metavar="P")
    ap.add_argument("--drop-other-letters", type=float, default=0.03, metavar="P")
    ap.add_argument("--break-symbols", type=float, default=0.15, metavar="P")
    ap.add_argument("--cut-symbols", type=float, default=0.0, metavar="P")
    ap.add_argument("--drop-digits", type=float, default=0.0, metavar="P")
    a = ap.parse_args(argv)
    try:
        text = sys.stdin.read() if a.input == "-" else Path(a.input).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        ap.error(f"cannot read {a.input}: {e}")
    try:
        out = degrade(
            text,
            seed=a.seed,
            drop_diacritic_letters=a.drop_diacritic_letters,
            drop_other_letters=a.drop_other_letters,
            break_symbols=a.break_symbols,
            cut_symbols=a.cut_symbols,
            drop_digits=a.drop_digits,
        )
    except ValueError as e:
        ap.error(str(e))
    if a.output == "-":
        sys.stdout.write(out)
    else:
        Path(a.output).write_text(out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

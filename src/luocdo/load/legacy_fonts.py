"""Vietnamese text typed with pre-Unicode fonts: TCVN3 (ABC, .VnTime) and VNI (VNI-Times).

Such text reaches luocdo as Windows-1252 characters: "Sè: 256/2004/Q§-UB" (TCVN3) or
"Soá: 991/QÑ-UBND" (VNI) for "Số: …/QĐ-…". The tables live in ``data/legacy/*.tsv``.

Detection reads the text, not a font name: each paragraph is scored by how many of its words are
well-formed Vietnamese syllables as it is, read as TCVN3 and read as VNI. The document takes the
encoding that wins overall, and a paragraph is converted only when that reading does not make it
worse: a paragraph already in Unicode (it has letters such as "ơ", "ư", "ạ" that no legacy text
shows) is never touched, so mixed documents keep their Unicode parts.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from importlib import resources

import regex

TCVN3 = "tcvn3"
VNI = "vni"
NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}


def _table(name: str) -> dict[str, str]:
    text = resources.files("luocdo.data").joinpath(f"legacy/{name}.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines()[1:]:
        if not line or line.startswith("#") or line == "legacy\tunicode":
            continue
        legacy, uni = line.split("\t")
        out[legacy] = uni
    return out


@cache
def _tcvn3() -> dict[int, str]:
    return str.maketrans(_table(TCVN3))


@cache
def _vni() -> tuple[regex.Pattern, dict[str, str]]:
    t = _table(VNI)
    pattern = regex.compile("|".join(regex.escape(k) for k in sorted(t, key=lambda s: (-len(s), s))))
    return pattern, t


def convert(text: str, encoding: str) -> str:
    """``text`` read as ``encoding`` (``"tcvn3"`` or ``"vni"``), in NFC Unicode."""
    if encoding == TCVN3:
        out = text.translate(_tcvn3())
    elif encoding == VNI:
        pattern, t = _vni()
        out = pattern.sub(lambda m: t[m.group()], text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return _CAPS_WORD.sub(_caps, out) if out is not text else out


# TCVN3 has no capitals with tone marks: capital fonts (.VnTimeH) draw the small letters' codes as
# capitals. A word whose Latin letters are all capitals ("QUYếT", "THàNH") is written in such a font.
_CAPS_WORD = regex.compile(r"\b(?=\w*[^\x00-\x7f])(?=(?:\w*[A-Z]){2})(?!\w*[a-z])\w+")


def _caps(m: regex.Match) -> str:
    return m.group().upper()


# ---- detection -------------------------------------------------------------------------------
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
# vowel groups of a syllable, longest first
_NUCLEI = regex.split(
    r"\s+",
    """
    iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
    a ă â e ê i o ô ơ u ư y
""".strip(),
)
_SYLLABLE = regex.compile(rf"{_ONSET}(?:{'|'.join(_NUCLEI)})(?:ch|ng|nh|[cmnpt])?")
_WORD = regex.compile(r"[^\s\d.,;:!?()\[\]{}\"'“”‘’/\\\-–—=+*#<>|_…]+")
# letters that only Unicode text has: a paragraph holding one is not legacy-encoded
_UNICODE_ONLY_CHARS = r"\u0100-\u024f\u1e00-\u1eff\u0300-\u036f"
_UNICODE_ONLY = regex.compile(rf"[{_UNICODE_ONLY_CHARS}]")
_HIGH = regex.compile(r"[\u0080-\u00ff]")
# a whole line that has a Latin-1 letter and no Unicode-only one: what a legacy paragraph looks like.
# Read left to right with no look-ahead and no backtracking (up to the first Latin-1 character, then
# to the line end): a third fewer instructions than a look-ahead over the line, then a backtrack
_LEGACY_LINE = regex.compile(
    rf"(?m)^[^\n{_UNICODE_ONLY_CHARS}\u0080-\u00ff]*[\u0080-\u00ff][^\n{_UNICODE_ONLY_CHARS}]*$"
)


@lru_cache(maxsize=65536)
def _word_score(word: str) -> int:
    """+1 for a well-formed Vietnamese syllable with non-ASCII letters, -1 for a malformed one."""
    if word.isascii():
        return 0
    w = unicodedata.normalize("NFD", word.lower())
    if sum(w.count(t) for t in _TONES) > 1:
        return -1
    base = unicodedata.normalize("NFC", "".join(c for c in w if c not in _TONES))
    return 1 if _SYLLABLE.fullmatch(base) else -1


def _score(text: str) -> int:
    return sum(_word_score(w) for w in _WORD.findall(text))


def detect(text: str) -> str | None:
    """The legacy encoding the text is in (``"tcvn3"``/``"vni"``), or None for Unicode or plain text."""
    paras = _LEGACY_LINE.findall(
        text
    )  # one scan: [p for p in lines if _HIGH.search(p) and not _UNICODE_ONLY...]
    if not paras:
        return None
    sample = "\n".join(paras)
    if len(sample) > 400_000:  # a large sample says as much as the whole text
        sample = sample[:400_000]
    if len(sample) <= _SHORT_SAMPLE:  # the same heading report after report ("## **BÁO CÁO**")
        return _detect_short(sample)
    return _detect_sample(sample)


_SHORT_SAMPLE = 1_000


@lru_cache(maxsize=1024)
def _detect_short(sample: str) -> str | None:
    return _detect_sample(sample)


def _detect_sample(sample: str) -> str | None:
    """The encoding the legacy-looking lines of a text (``sample``) are in, or None."""
    base = _score(sample)
    best, best_score = None, base
    for enc in (TCVN3, VNI):
        s = _score(convert(sample, enc))
        if s > best_score:
            best, best_score = enc, s
    # a real legacy text gains many syllables; a stray "©" or "ñ" in a foreign name is not enough
    if best is None or best_score - base < 3:
        return None
    return best


def fix_paragraph(par: str, encoding: str) -> str:
    """One paragraph of a document detected as ``encoding``: converted unless that makes it worse."""
    if not _HIGH.search(par) or _UNICODE_ONLY.search(par):
        return par
    conv = convert(par, encoding)
    return conv if _score(conv) >= _score(par) else par


def fix_text(text: str, encoding: str | None = None) -> tuple[str, str | None]:
    """Convert legacy-encoded paragraphs of ``text`` to Unicode. Returns the text and the encoding
    found (None when nothing was converted). Line breaks are kept, so line numbers do not move."""
    enc = encoding or detect(text)
    if enc is None:
        return text, None
    return "\n".join(fix_paragraph(p, enc) for p in text.split("\n")), enc

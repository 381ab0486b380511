# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
from pathlib import Path

import regex


def setup():
    from luocdo.extract.grammar import ANCHOR
    from luocdo.pipeline import normalize, restore_accents

    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    texts = [restore_accents(normalize(f.read_text(encoding="utf-8", errors="replace"))).text for f in files]
    src = ANCHOR.pattern
    alt = src.replace(
        "(?<![\\p{L}0-9/.,-])\n    (?P<num>[0-9]{1,5}[a-zđ]?)",
        "(?P<num>[0-9](?<![\\p{L}0-9/.,-][0-9])[0-9]{0,4}[a-zđ]?)",
    )
    return texts, ANCHOR, regex.compile(alt, regex.VERBOSE)


def base(s):
    for t in s[0]:
        for m in s[1].finditer(t):
            pass


def alt(s):
    for t in s[0]:
        for m in s[2].finditer(t):
            pass


def empty(s):
    pass

# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
from pathlib import Path

import regex

C1 = regex.compile(r"(?<![\p{L}0-9/.,-])[0-9]{1,5}[a-zđ]?(?:[ ]?[/-]|[ ]?\n[ ]?/)")
C2 = regex.compile(r"[0-9]{1,5}[a-zđ]?(?:[ ]?[/-]|[ ]?\n[ ]?/)")


def setup():
    from luocdo.extract.grammar import ANCHOR
    from luocdo.pipeline import normalize, restore_accents

    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    texts = [restore_accents(normalize(f.read_text(encoding="utf-8", errors="replace"))).text for f in files]
    return texts, ANCHOR


def gen(text, A, C):
    pos = 0
    search = C.search
    match = A.match
    while True:
        c = search(text, pos)
        if c is None:
            return
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


def c1(s):
    for t in s[0]:
        for m in gen(t, s[1], C1):
            pass


def c1only(s):
    for t in s[0]:
        for m in C1.finditer(t):
            pass


def c2only(s):
    for t in s[0]:
        for m in C2.finditer(t):
            pass


def check(s):
    for t in s[0]:
        a = [(m.span(), m.groups()) for m in s[1].finditer(t)]
        b = [(m.span(), m.groups()) for m in gen(t, s[1], C1)]
        assert a == b
    print("same")

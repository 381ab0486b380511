# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
from pathlib import Path

import regex

S1 = regex.compile(r"(?<=(?<![\p{L}0-9/.,-])([0-9]{1,5})[a-zđ]?[ ]?\n?[ ]?)[/-]")
S2 = regex.compile(r"[/-](?<=(?<![\p{L}0-9/.,-])([0-9]{1,5})[a-zđ]?[ ]?\n?[ ]?[/-])")


def setup():
    from luocdo.extract.grammar import ANCHOR
    from luocdo.pipeline import normalize, restore_accents

    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    texts = [restore_accents(normalize(f.read_text(encoding="utf-8", errors="replace"))).text for f in files]
    return texts, ANCHOR


def gen(text, A, S):
    pos = 0
    k = 0
    search = S.search
    match = A.match
    while True:
        c = search(text, k)
        if c is None:
            return
        k = c.end()
        p = c.start(1)
        if p < pos:
            continue
        m = match(text, p)
        if m is not None:
            yield m
            pos = m.end()
            if pos > k:
                k = pos


def empty(s):
    pass


def base(s):
    for t in s[0]:
        for m in s[1].finditer(t):
            pass


def s1(s):
    for t in s[0]:
        for m in gen(t, s[1], S1):
            pass


def s2(s):
    for t in s[0]:
        for m in gen(t, s[1], S2):
            pass


def s1only(s):
    for t in s[0]:
        for m in S1.finditer(t):
            pass


def s2only(s):
    for t in s[0]:
        for m in S2.finditer(t):
            pass


def check(s):
    for S in (S1, S2):
        for t in s[0]:
            a = [(m.span(), m.groups()) for m in s[1].finditer(t)]
            b = [(m.span(), m.groups()) for m in gen(t, s[1], S)]
            assert a == b
    print("same")

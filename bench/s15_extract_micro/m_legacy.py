# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
from pathlib import Path


def setup():

    from luocdo.load import legacy_fonts

    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    return [f.read_text(encoding="utf-8") for f in files], legacy_fonts


def empty(s):
    pass


def detect(s):
    for t in s[0]:
        s[1].detect(t)


def findall(s):
    for t in s[0]:
        s[1]._LEGACY_LINE.findall(t)


import re

import regex

U = r"\u0100-\u024f\u1e00-\u1eff\u0300-\u036f"
P2 = regex.compile(rf"(?m)^[^\n{U}\x80-\xff]*[\x80-\xff][^\n{U}]*$")
P3 = re.compile(rf"(?m)^[^\n{U}\x80-\xff]*[\x80-\xff][^\n{U}]*$")
P4 = re.compile(r"(?m)^(?![^\n]*[\u0100-\u024f\u1e00-\u1eff\u0300-\u036f])[^\n]*[\u0080-\u00ff][^\n]*$")


def p2(s):
    for t in s[0]:
        P2.findall(t)


def p3(s):
    for t in s[0]:
        P3.findall(t)


def p4(s):
    for t in s[0]:
        P4.findall(t)


def p5(s):
    for t in s[0]:
        [l for l in t.split("\n") if not l.isascii() and P3.match(l)]


def check(s):
    for t in s[0]:
        a = s[1]._LEGACY_LINE.findall(t)
        assert a == P2.findall(t) == P3.findall(t) == P4.findall(t)
    print("same")


P6 = regex.compile(rf"\n([^\n{U}\x80-\xff]*[\x80-\xff][^\n{U}]*)(?=\n|\Z)")
P6b = regex.compile(rf"\n(?=[^\n{U}\x80-\xff]*[\x80-\xff])([^\n{U}]*)(?=\n|\Z)")


def lines6(t):
    first = P2.match(t)
    out = P6.findall(t)
    return [first.group(), *out] if first else out


def p6(s):
    for t in s[0]:
        lines6(t)


def check6(s):
    for t in s[0]:
        assert s[1]._LEGACY_LINE.findall(t) == lines6(t)
    print("same6")

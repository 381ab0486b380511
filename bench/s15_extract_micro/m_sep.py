# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
import re
from pathlib import Path

import regex

R1 = re.compile(r"[/\-]")
R2 = regex.compile(r"[/\-]")


def setup():
    from luocdo.pipeline import normalize, restore_accents

    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    return [restore_accents(normalize(f.read_text(encoding="utf-8", errors="replace"))).text for f in files]


def empty(s):
    pass


def re1(s):
    for t in s:
        for m in R1.finditer(t):
            m.start()


def rx(s):
    for t in s:
        for m in R2.finditer(t):
            m.start()


def find2(s):
    for t in s:
        find = t.find
        a = find("/")
        b = find("-")
        while a >= 0 or b >= 0:
            if b < 0 or (0 <= a < b):
                a = find("/", a + 1)
            else:
                b = find("-", b + 1)

# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
from pathlib import Path

SYLL = ("định", "tư", "thị", "quyết", "án", "trình", "ĐỊNH", "TƯ", "THỊ", "QUYẾT", "ÁN", "TRÌNH")
SO = ("số", "Số", "SỐ")
DIG = frozenset("0123456789")


def setup():
    from luocdo.pipeline import normalize, restore_accents

    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    return [restore_accents(normalize(f.read_text(encoding="utf-8"))).text for f in files]


def short_matches(text, P):
    starts = []
    n = len(text)
    for syl in SYLL:
        find = text.find
        i = find(syl)
        k = len(syl)
        while i >= 0:
            q = i + k
            if q < n and text[q] == " ":
                q += 1
                while q < n and text[q] == " ":
                    q += 1
                if q < n:
                    c = text[q]
                    if c in DIG:
                        starts.append(q)
                    elif text.startswith(SO, q) and q + 2 < n and text[q + 2] == " ":
                        q += 3
                        while q < n and text[q] == " ":
                            q += 1
                        if q < n and text[q] in DIG:
                            starts.append(q)
            i = find(syl, i + 1)
    if not starts:
        return []
    starts.sort()
    match = P.match
    return [m for m in map(match, [text] * len(starts), starts) if m is not None]


def empty(s):
    pass


def short(s):
    from luocdo.extract.citations import _SHORT

    for t in s:
        for m in _SHORT.finditer(t):
            pass


def new(s):
    from luocdo.extract.citations import _SHORT

    for t in s:
        for m in short_matches(t, _SHORT):
            pass


def check(s):
    from luocdo.extract.citations import _SHORT

    for t in s:
        assert [(m.span(), m.groups()) for m in _SHORT.finditer(t)] == [
            (m.span(), m.groups()) for m in short_matches(t, _SHORT)
        ]
    print("same", sum(len(short_matches(t, _SHORT)) for t in s) / 200)


SP_DIGITS = tuple(" " + d for d in "0123456789")


def short_matches2(text, P):
    starts = []
    find = text.find
    endswith = text.endswith
    for sd in SP_DIGITS:
        i = find(sd)
        while i >= 0:
            j = i  # text[j] is the space before the digit
            while j > 0 and text[j - 1] == " ":
                j -= 1
            if endswith(SYLL, 0, j):
                starts.append(i + 1)
            elif endswith(SO, 0, j) and j > 2 and text[j - 3] == " ":
                j -= 3
                while j > 0 and text[j - 1] == " ":
                    j -= 1
                if endswith(SYLL, 0, j):
                    starts.append(i + 1)
            i = find(sd, i + 2)
    if not starts:
        return []
    starts.sort()
    match = P.match
    return [m for m in map(match, [text] * len(starts), starts) if m is not None]


def new2(s):
    from luocdo.extract.citations import _SHORT

    for t in s:
        for m in short_matches2(t, _SHORT):
            pass


def check2(s):
    from luocdo.extract.citations import _SHORT

    for t in s:
        assert [(m.span(), m.groups()) for m in _SHORT.finditer(t)] == [
            (m.span(), m.groups()) for m in short_matches2(t, _SHORT)
        ]
    print("same2", sum(t.count(" " + d) for t in s for d in "0123456789") / 200)

# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
from pathlib import Path

_AFTER = frozenset(" \t\n12ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIG = frozenset("0123456789")
_LETTER = frozenset("abcdefghijklmnopqrstuvwxyzđ")


def setup():
    import sys

    from luocdo.extract.grammar import ANCHOR
    from luocdo.pipeline import normalize, restore_accents

    folder = sys.argv[3] if len(sys.argv) > 3 else "/tmp/syn5000"
    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    texts = [restore_accents(normalize(f.read_text(encoding="utf-8", errors="replace"))).text for f in files]
    return texts, ANCHOR


def anchors(text, A):
    match = A.match
    find = text.find
    n = len(text)
    pos = 0  # no match may start before pos
    slash = find("/")
    dash = find("-")
    while slash >= 0 or dash >= 0:
        if dash < 0 or 0 <= slash < dash:
            s = slash
            slash = find("/", s + 1)
        else:
            s = dash
            dash = find("-", s + 1)
        nxt = text[s + 1 : s + 2]
        if not nxt or (nxt < "\x80" and nxt not in _AFTER):
            continue
        j = s - 1
        if j >= 0 and text[j] == " ":
            j -= 1
        if j >= 0 and text[j] == "\n":
            j -= 1
            if j >= 0 and text[j] == " ":
                j -= 1
        if j >= 0 and text[j] in _LETTER:
            j -= 1
        k = j
        while k >= 0 and text[k] in _DIG:
            k -= 1
        if k == j or j - k > 5 or k + 1 < pos:
            continue
        m = match(text, k + 1)
        if m is not None:
            yield m
            pos = m.end()
            while 0 <= slash < pos:
                slash = find("/", pos)
            while 0 <= dash < pos:
                dash = find("-", pos)


def empty(s):
    pass


def base(s):
    for t in s[0]:
        for m in s[1].finditer(t):
            pass


def new(s):
    for t in s[0]:
        for m in anchors(t, s[1]):
            pass


def check(s):
    for t in s[0]:
        a = [(m.span(), m.groups()) for m in s[1].finditer(t)]
        b = [(m.span(), m.groups()) for m in anchors(t, s[1])]
        assert a == b, (a, b)
    print("same")


def matchonly(s):
    for t, ps in s[2]:
        for p in ps:
            s[1].match(t, p)


def okonly(s):
    for t, ps in s[3]:
        for p in ps:
            s[1].match(t, p)


_setup = setup


def setup():
    texts, A = _setup()
    cands = []
    oks = []
    for t in texts:
        ps = []
        for m in anchors(t, A):
            pass
        cands.append((t, ps))
    return texts, A, cands, [(t, [m.start() for m in A.finditer(t)]) for t in texts]

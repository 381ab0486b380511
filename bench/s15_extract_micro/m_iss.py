# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
import pickle

import regex


def setup():
    from luocdo.extract import issuers

    calls = pickle.load(open("/tmp/s15-extract/syn_calls.pkl", "rb"))[:3000]
    p = issuers._issuer_re()[0]
    src = p.pattern
    i = src.index("(?:(?P<title>")
    j = src.index("[ ]+)?", i) + len("[ ]+)?")
    notitle = regex.compile(src[:i] + src[j:], regex.VERBOSE)
    return calls, p, notitle


def empty(s):
    pass


def full(s):
    m = s[1].match
    for t, i in s[0]:
        m(t, i)


def notitle(s):
    m = s[2].match
    for t, i in s[0]:
        m(t, i)


def issuer(s):
    from luocdo.extract.issuers import match_issuer

    for t, i in s[0]:
        match_issuer(t, i)

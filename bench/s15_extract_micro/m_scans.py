# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
from pathlib import Path


def setup():
    from luocdo.pipeline import normalize, restore_accents

    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    return [restore_accents(normalize(f.read_text(encoding="utf-8"))).text for f in files]


def empty(s):
    pass


def short(s):
    from luocdo.extract.citations import _SHORT

    for t in s:
        for m in _SHORT.finditer(t):
            pass


def prov(s):
    from luocdo.extract.header import _PROVINCE_IN_TEXT

    for t in s:
        for m in _PROVINCE_IN_TEXT.finditer(t):
            pass


def wrap(s):
    from luocdo.extract.relations import _WRAP_CANDIDATE

    for t in s:
        for m in _WRAP_CANDIDATE.finditer(t):
            pass


def shortforms(s):
    from luocdo.extract.citations import _short_forms

    for t in s:
        _short_forms(t)


def named(s):
    from luocdo.extract.citations import find_named_laws

    for t in s:
        find_named_laws(t)


def provof(s):
    from luocdo.extract.header import _province_of

    for t in s:
        _province_of(t)


def normalize(s):
    from luocdo.pipeline import normalize, restore_accents

    for t in s:
        restore_accents(normalize(t))


def setup2():
    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    return [f.read_text(encoding="utf-8") for f in files]


def norm_raw(s):
    from luocdo.pipeline import normalize

    for t in RAW:
        normalize(t)


def acc_raw(s):
    from luocdo.pipeline import restore_accents

    for nt in NTS:
        restore_accents(nt)


from luocdo.pipeline import normalize as _n

RAW = setup2()
NTS = [_n(t) for t in RAW]

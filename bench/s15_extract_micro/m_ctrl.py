# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
import re
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_CB = bytes(list(range(0, 9)) + list(range(14, 32)))


def setup():
    files = sorted(Path("/tmp/syn5000").iterdir())[::25][:200]
    ds = [f.read_bytes() for f in files]
    return ds, [d.decode() for d in ds]


def empty(s):
    pass


def base(s):
    for t in s[1]:
        len(_CONTROL.findall(t, 0, 4096)) > 8


def bytesx(s):
    for d in s[0]:
        p = d[:16384]
        len(p) - len(p.translate(None, _CB)) > 8

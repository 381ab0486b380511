"""Each rule of CODES in one process on a store (s11-validate): the CPU it takes and a hash of its
findings (code, document, texts, evidence, keys, order), to compare two trees rule by rule.

    PYTHONHASHSEED=0 python bench/rules_cpu_s11.py SRC STORE V002,V009,V010  (the hash needs the seed)
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    src, store, codes = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    sys.path.insert(0, src)
    from luocdo.store import Store
    from luocdo.validate.parallel import mapped
    from luocdo.validate.rules import RULES, View

    st = Store(store, create=False, upkeep=False)
    mapped(st.db)
    view = View(st, keeping=True)
    total = 0.0
    for code in codes:
        t, n, h = cpu(), 0, 0
        for f in RULES[code][1](view):
            n += 1
            shown = (f.code, f.document, str(f.explanation), str(f.suggestion), repr(f.evidence))
            h = hash((h, *shown, repr(sorted(f.keys.items())), f.order))
        t = cpu() - t
        total += t
        print(f"{code} {t:7.2f} s  findings={n} hash={h & 0xFFFFFFFF:08x}", flush=True)
    print(f"total {total:.2f}  load {Path('/proc/loadavg').read_text().split()[0]}")


if __name__ == "__main__":
    main()

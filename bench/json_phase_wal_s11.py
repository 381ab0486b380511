"""`validate --full --format json` in process, split into the check and the JSON phase (CPU of this
process and the helpers it waited for): `passive` keeps 7ddee8b's passive checkpoint after the check,
`truncate` the one of s11-validate (the -wal emptied).

    PYTHONPATH=src python bench/json_phase_wal_s11.py passive|truncate STORE
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path


def cpu() -> float:
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def main() -> None:
    mode, store = sys.argv[1], sys.argv[2]
    from luocdo.store import Store
    from luocdo.validate import kept
    from luocdo.validate.report import write_findings_json

    if mode == "passive":
        kept.emptied_wal = lambda db: db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    st = Store(Path(store), create=False)
    t0 = cpu()
    kept.recheck_all(st)
    t1 = cpu()
    wal = Path(store + "-wal")
    size = wal.stat().st_size if wal.exists() else 0
    with open(os.devnull, "w") as devnull:
        sys.stdout = devnull
        try:
            write_findings_json(st, None, None, None)
        finally:
            sys.stdout = sys.__stdout__
    t2 = cpu()
    load = Path("/proc/loadavg").read_text().split()[0]
    print(
        f"{mode}: check {t1 - t0:.2f} s, -wal after it {size / 1e6:.0f} MB, JSON phase {t2 - t1:.2f} s, load {load}"
    )


if __name__ == "__main__":
    main()

"""Imported once by the server that forks the extraction workers (luocdo.store.prepare), before it forks
any: the extraction's modules, and the patterns it compiles on first use, are then ready in every worker
instead of being imported and compiled again in each (a quarter of a second of CPU per worker, and the
same again after every restart of the pool).

It extracts a small made-up report (data/warm_up_report.md) whose citations use the common forms;
patterns it does not reach are compiled by the first worker that needs them, as before. The patterns
the last run compiled are taken from the cache of them first (luocdo.pattern_cache), and written back
when some were not there.
"""

from __future__ import annotations

from contextlib import suppress
from importlib.resources import files

from luocdo import pattern_cache

WARM_UP_NAME = "warm_up_report.md"

_cached = pattern_cache.load()  # before the extraction's modules compile their patterns on import

from luocdo.store import prepare  # noqa: E402


def warm_up() -> None:
    data = (files("luocdo") / "data" / WARM_UP_NAME).read_bytes()
    prepare.extract_for_store(data, WARM_UP_NAME, WARM_UP_NAME)


# a failure only costs the warm-up: each worker then compiles what it needs itself
with suppress(Exception):
    warm_up()
pattern_cache.save(_cached)

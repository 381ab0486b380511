"""luocdo.resolve.corpus.body_info, remembered: the store asks it for the same few thousand issuing
bodies once per document written and once per document settled."""

from __future__ import annotations

from functools import lru_cache

from luocdo.resolve import corpus


@lru_cache(maxsize=16384)
def body_info(
    name: str | None, province_hint: str | None = None
) -> tuple[str | None, str | None, str | None]:
    return corpus.body_info(name, province_hint)

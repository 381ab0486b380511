"""The words of the reference catalog's sources (data/reference_terms.yaml): status names, the
headers of vbpl.vn tables, the sources in order of trust. Read by the catalog builder and by the
import of users' catalogs alike."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from luocdo.extract.grammar import parse_yaml


@cache
def terms() -> dict:
    return parse_yaml(resources.files("luocdo.data").joinpath("reference_terms.yaml").read_text("utf-8"))


def clean(v: str | None) -> str:
    if v is None:
        return ""
    return re.sub(r"\s+", " ", str(v)).strip()


def status_code(text: str | None) -> str:
    """A validity status as written ('Còn hiệu lực', 'Hết hiệu lực toàn bộ') -> its code, '' if unknown."""
    low = clean(text).lower()
    if not low:
        return ""
    if low in terms()["statuses"]:
        return low
    for words, code in sorted(terms()["status_words"].items(), key=lambda kv: -len(kv[0])):
        if words in low:
            return code
    return ""

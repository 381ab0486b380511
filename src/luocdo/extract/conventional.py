"""The documents conventional names ("Đề án 06") stand for, keyed as a full citation of them is.

Apart from luocdo.pipeline (which keys every citation with ``citation_key``) so that the store's
settle can read them without importing the whole extraction: its header parser, relations and
pydantic models cost five times what these need.
"""

from __future__ import annotations

from functools import cache

from luocdo.extract.citations import conventional_entries, conventional_target


def citation_key(
    type_: str, number: str | None, symbol: str | None, year: str | None, issuer: str | None, name: str | None
) -> str:
    if number is None and name:
        return f"{type_}|{name[0].upper()}{name[1:].lower()}"
    return f"{type_ or ''}|{number or ''}|{symbol or ''}|{year or ''}|{issuer or ''}"


def conventional_key(target: dict) -> str:
    """The key of a conventional name's approving document (citations.conventional_target), as a full
    citation of it has."""
    year = target["year"] or target["date"][:4]
    return citation_key(target["type"], target["number"], target["symbol"], year, target["issuer"], None)


@cache
def conventional_documents() -> dict[str, dict]:
    """Every conventional name's approving document by its key (for the store: a conventional name
    links to it even when the report never cites it in full)."""
    out = {}
    for entry in conventional_entries().values():
        target = conventional_target(
            str(entry["document"]), str(entry["type"]), str(entry["date"]), entry.get("issuer")
        )
        out[conventional_key(target)] = target
    return out

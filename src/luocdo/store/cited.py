"""What the store's resolution (Store._resolve_mentions) and its mentions rows need of a report's
citations that depends on the report alone: the identity each citation names, its key where it is
not the derived one (mentions.key_own), the conventional documents its short forms name.

Computed where the extraction ran (an extraction worker when ingest runs several: the extraction's
grammar is loaded there already), so that the one writing process only looks documents up and
inserts, and never loads the grammar for the conventional names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from luocdo.resolve.corpus import identity, norm_symbol
from luocdo.store.mention_key import own_key

if TYPE_CHECKING:
    from luocdo.store.mention_row import MentionRow


@dataclass(slots=True)
class CitedParts:
    idents: list[str | None]  # per citation, in order: the identity it names (None: no number, no name)
    own_keys: list[str | None]  # per citation, in order: what mentions.key_own stores
    conventional: dict[str, dict]  # resolved key -> the document a conventional name names (known ones)


def conventional_documents() -> dict[str, dict]:
    """luocdo.extract.conventional's, imported on first use: a question never needs the extraction's
    grammar (nor settle the rest of the extraction, luocdo.pipeline)."""
    from luocdo.extract.conventional import conventional_documents as known

    return known()


def mention_identity(m) -> str | None:
    """The identity of the document a citation names by itself (number, symbol, year, date, issuer,
    name, type); None when it has neither a number nor a name."""
    if m.number is None and not m.name:
        return None
    return identity(
        number=m.number, symbol=m.symbol, year=m.year, date=m.date, issuer=m.issuer, name=m.name, type_=m.type
    )


def row_identity(m: MentionRow) -> str | None:
    """mention_identity of a row, whose number is normalised already (num_norm): luocdo.resolve.corpus's
    identity written out, without normalising the number a second time and without the keyword call (a
    tenth of the rows' work after the extraction; a test checks they agree)."""
    number = m.number
    if not number:
        if number is None and not m.name:
            return None
        return f"name|{(m.type or '').casefold()}|{(m.name or '').casefold()}"
    y = m.year or (m.date[:4] if m.date else None) or "?"
    return f"{m.num_norm}|{norm_symbol(m.symbol)}|{y}|{m.issuer or '?'}"


def conventional_of(resolved_keys: set[str]) -> dict[str, dict]:
    """The conventional documents of these resolved keys (those that name one)."""
    if not resolved_keys:
        return {}
    known = conventional_documents()
    return {k: known[k] for k in resolved_keys if k in known}


def cited_parts(mentions: Sequence[MentionRow]) -> CitedParts:
    return CitedParts(
        [row_identity(m) for m in mentions],
        [own_key(m) for m in mentions],
        conventional_of({m.resolved_key for m in mentions if m.short_form and m.resolved_key}),
    )

"""A citation's key (luocdo.pipeline's: type|number|symbol|year|issuer) derived from its stored parts
(schema 9): mentions.key is a virtual column, ``coalesce(key_own, KEY_SQL)``, and ``key_own`` is kept
only for the citations whose key is not the derived one (an issuer found after the key was made, a
named document: about 11 % of them on the synthetic corpora). The parts it reads are never updated."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from luocdo.store.mention_row import MentionRow

# the same expression is written in schema.sql (mentions.key); a test checks they agree
KEY_SQL = (
    "type || '|' || coalesce(number, '') || '|' || coalesce(symbol, '') || '|'"
    " || coalesce(nullif(year, ''), substr(nullif(date, ''), 1, 4), '') || '|' || coalesce(issuer, '')"
)


def derived_key(
    type_: str, number: str | None, symbol: str | None, year: str | None, date: str | None, issuer: str | None
) -> str:
    y = year or (date[:4] if date else "")
    return f"{type_}|{number or ''}|{symbol or ''}|{y}|{issuer or ''}"


def own_key(m: MentionRow) -> str | None:
    """What mentions.key_own stores: None when the key is the derived one (derived_key, inlined: the
    writer calls it for every citation)."""
    y = m.year or (m.date[:4] if m.date else "")
    return None if m.key == f"{m.type}|{m.number or ''}|{m.symbol or ''}|{y}|{m.issuer or ''}" else m.key

"""A citation's identity (luocdo.resolve.corpus.identity) derived from its stored parts (schema 10):
mentions.ident is a virtual column, ``nullif(coalesce(ident_own, IDENT_SQL), '')``, and ``ident_own`` is
kept only for the citations whose identity is not the derived one: a named document, a conventional name
(the identity of the document that approved it), a symbol SQLite's ``lower`` cannot normalise (a
Vietnamese capital other than Đ, spaces, markup), or '' for a citation with no identity whose parts would
derive one. ``derived_ident`` is the same expression in Python: the writer compares with it."""

from __future__ import annotations

from functools import lru_cache

# the same expression is written in schema.sql (mentions.ident); a test checks they agree
IDENT_SQL = (
    "CASE WHEN number <> '' THEN num_norm || '|'"
    " || replace(replace(trim(lower(replace(coalesce(symbol, ''), 'Đ', 'đ')), '-/.'), '-', '/'), '//', '/')"
    " || '|' || coalesce(nullif(year, ''), nullif(substr(date, 1, 4), ''), '?') || '|' || coalesce(nullif(issuer, ''), '?')"
    " END"
)
NO_IDENT = ""  # ident_own of a citation with no identity whose parts would derive one

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=65536)
def _symbol(symbol: str | None) -> str:
    """SQLite's lower() (ASCII only), trim and replace of IDENT_SQL."""
    s = (symbol or "").replace("Đ", "đ").translate(_ASCII_LOWER).strip("-/.")
    return s.replace("-", "/").replace("//", "/")


def derived_ident(
    number: str | None,
    num_norm: str | None,
    symbol: str | None,
    year: str | None,
    date: str | None,
    issuer: str | None,
) -> str | None:
    if not number or num_norm is None:
        return None
    y = year or (date[:4] if date else "") or "?"
    return f"{num_norm}|{_symbol(symbol)}|{y}|{issuer or '?'}"


def unknown_part_sql(alias: str = "") -> str:
    """SQL: whether a citation's identity holds a '?' (``ident LIKE '%?%'``, NULL where it has none) without
    deriving it: IDENT_SQL with the symbol as written, since its normalisation (replace, lower, trim of
    '-/.') neither adds nor removes a '?' or a NUL, so LIKE finds a '?' before the first NUL of one text
    where it finds one in the other (tests/test_mention_checked.py, test_mention_unknown_part.py). Half the
    CPU of ident's over every citation. ``alias``: the mentions table's name."""
    a = f"{alias}." if alias else ""
    return (
        f"coalesce({a}ident_own, CASE WHEN {a}number <> '' THEN {a}num_norm || '|' || coalesce({a}symbol, '') || '|'"
        f" || coalesce(nullif({a}year, ''), nullif(substr({a}date, 1, 4), ''), '?') || '|' || coalesce(nullif({a}issuer, ''), '?')"
        " END) LIKE '%?%'"
    )


# the WHERE of the index mentions_checked (schema.sql) and store/pending.py's CHECKED, the same text
UNKNOWN_LIKE_SQL = unknown_part_sql()


def own_ident(ident: str | None, derived: str | None) -> str | None:
    """What mentions.ident_own stores for a citation of identity ``ident``."""
    if ident == derived:
        return None
    return NO_IDENT if ident is None else ident

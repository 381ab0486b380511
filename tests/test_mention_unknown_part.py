"""Whether a citation's identity holds a '?' (mention_ident.unknown_part_sql), read without deriving the
identity, is what `ident LIKE '%?%'` says wherever the citation has an identity."""

from __future__ import annotations

import sqlite3

from hypothesis import example, given, settings
from hypothesis import strategies as st

from luocdo.store.mention_ident import IDENT_SQL, unknown_part_sql

_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_PARTS = st.one_of(st.none(), st.just(""), st.just("?"), st.text(_TEXT, max_size=6))


@given(
    number=st.one_of(st.none(), st.just(""), st.from_regex(r"0*[1-9][0-9]{0,3}", fullmatch=True)),
    num_norm=_PARTS,
    symbol=st.one_of(
        _PARTS, st.from_regex(r"[-/.]{0,2}[A-ZĐa-z?]{1,4}[-/.?]{1,3}[A-ZĐ?]{0,5}[-/.]{0,2}", fullmatch=True)
    ),
    year=_PARTS,
    date=_PARTS,
    issuer=_PARTS,
    ident_own=_PARTS,
)
@example(
    number="26", num_norm="26", symbol="CT-TTg", year=None, date="2017-09-05", issuer="TTg", ident_own=None
)
@example(number="26", num_norm="26", symbol="CT-TTg", year=None, date=None, issuer="TTg", ident_own=None)
@example(number="26", num_norm="26", symbol="?/CT", year="2017", date=None, issuer="TTg", ident_own=None)
@example(number="26", num_norm="26", symbol="CT", year="", date="", issuer="", ident_own="26|ct|2017|TTg")
@example(number="26", num_norm="26", symbol="CT", year="2017", date=None, issuer="TTg", ident_own="")
@settings(max_examples=600, deadline=None)
def test_an_identity_holds_a_question_mark_where_its_parts_say_so(
    number, num_norm, symbol, year, date, issuer, ident_own
):
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE m (number, num_norm, symbol, year, date, issuer, ident_own,"
        f" ident AS (nullif(coalesce(ident_own, {IDENT_SQL}), '')))"
    )
    db.execute(
        "INSERT INTO m VALUES (?, ?, ?, ?, ?, ?, ?)",
        (number, num_norm, symbol, year, date, issuer, ident_own),
    )
    ident, unknown, unknown_aliased = db.execute(
        f"SELECT ident, {unknown_part_sql()}, {unknown_part_sql('m')} FROM m"
    ).fetchone()
    assert unknown == unknown_aliased
    if ident is not None:
        assert bool(unknown) == ("?" in ident)

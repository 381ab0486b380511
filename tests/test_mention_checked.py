"""The citations settle checks again (pending.CHECKED, the WHERE of the index mentions_checked) read
whether the identity holds a '?' from the parts as written: the same rows as `ident LIKE '%?%'` over the
derived identity, NULs and all; the index is used; and a store that has the index it replaced
(mentions_partial) is given the new one and loses the old one when opened for writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from luocdo.store import Store
from luocdo.store.db import schema_indexes
from luocdo.store.mention_ident import IDENT_SQL
from luocdo.store.pending import CHECKED, files_to_resolve

OLD_CHECKED = "(short_form = 1 AND resolved_key IS NULL OR short_form = 0 AND ident LIKE '%?%')"
OLD_INDEX = (
    "CREATE INDEX mentions_partial ON mentions(num_norm, symbol, type, year, date, issuer, short_form, doc_id,"
    f" candidates) WHERE {OLD_CHECKED[1:-1]}"
)

_TEXT = st.characters(blacklist_categories=("Cs",))  # NUL included
_PARTS = st.one_of(st.none(), st.just(""), st.just("?"), st.just("\x00?"), st.text(_TEXT, max_size=6))


@given(
    number=st.one_of(
        st.none(), st.just(""), st.just("\x00"), st.from_regex(r"0*[1-9][0-9]{0,3}", fullmatch=True)
    ),
    num_norm=_PARTS,
    symbol=st.one_of(
        _PARTS,
        st.from_regex(r"[-/.]{0,2}[A-ZĐa-z?\x00]{1,4}[-/.?]{1,3}[A-ZĐ?]{0,5}[-/.]{0,2}", fullmatch=True),
    ),
    year=_PARTS,
    date=_PARTS,
    issuer=_PARTS,
    ident_own=_PARTS,
    short_form=st.sampled_from([0, 1]),
    resolved_key=st.one_of(st.none(), st.just("k")),
)
@example("26", "26", "CT-TTg", None, "2017-09-05", "TTg", None, 0, None)
@example("26", "26", "CT-TTg", None, None, "TTg", None, 0, None)
@example("26", "26", "-?/CT", "2017", None, "TTg", None, 0, None)
@example("26", "26", "C\x00?", "2017", None, "TTg", None, 0, None)
@example("26", "26", "-\x00", "2017", None, "TTg", None, 0, None)
@example("26", None, "CT", None, None, None, None, 0, None)
@example("", "26", "CT", None, None, None, None, 0, None)
@example("26", "26", "CT", "", "", "", "26|ct|2017|TTg", 0, None)
@example("26", "26", "CT", None, None, None, "", 0, None)
@example("26", "26", "CT", None, None, None, None, 1, None)
@settings(max_examples=800, deadline=None)
def test_the_checked_citations_are_those_of_the_derived_identity(
    number, num_norm, symbol, year, date, issuer, ident_own, short_form, resolved_key
):
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE mentions (number, num_norm, symbol, year, date, issuer, ident_own, short_form, resolved_key,"
        f" ident AS (nullif(coalesce(ident_own, {IDENT_SQL}), '')))"
    )
    db.execute(
        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (number, num_norm, symbol, year, date, issuer, ident_own, short_form, resolved_key),
    )
    old, new = db.execute(
        f"SELECT coalesce({OLD_CHECKED}, 0), coalesce({CHECKED}, 0) FROM mentions"
    ).fetchone()
    assert old == new


def test_the_index_holds_the_checked_citations_and_settle_reads_them_through_it(tmp_path: Path) -> None:
    table, sql = schema_indexes()["mentions_checked"]
    assert table == "mentions" and sql.rstrip(";").endswith(f"WHERE {CHECKED[1:-1]}")
    st_ = Store(tmp_path / "s.db")
    # INDEXED BY fails ("no query solution") where the index's WHERE is not implied by the query's
    plan = " ".join(
        r[3]
        for r in st_.db.execute(
            "EXPLAIN QUERY PLAN SELECT symbol, doc_id FROM mentions INDEXED BY mentions_checked"
            f" WHERE num_norm = ? AND {CHECKED}",
            ("1",),
        )
    )
    assert "mentions_checked (num_norm=?)" in plan
    assert files_to_resolve(st_.db, ["1"], lambda *a: [], lambda rows, w: rows) == set()
    st_.close()


def test_a_store_with_the_replaced_index_is_given_the_new_one(tmp_path: Path) -> None:
    st_ = Store(tmp_path / "s.db")
    st_.close()
    with sqlite3.connect(tmp_path / "s.db") as c:  # as an older luocdo left it
        c.execute("DROP INDEX mentions_checked")
        c.execute(OLD_INDEX)
    st_ = Store(tmp_path / "s.db")
    names = {r[0] for r in st_.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "mentions_checked" in names and "mentions_partial" not in names
    st_.close()


def test_a_schema_9_store_is_migrated_and_given_the_new_index(tmp_path: Path) -> None:
    # schema 9's citations have no ident_own: the steps of the migration leave mentions_checked to the end
    from schema9 import as_schema_9
    from test_schema10 import _samples_store

    store = _samples_store(tmp_path)
    with Store(store) as s:
        expected = sorted(
            tuple(r) for r in s.db.execute(f"SELECT file_id, mid FROM mentions WHERE {CHECKED}")
        )
    as_schema_9(store)
    with Store(store) as s:
        names = {r[0] for r in s.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "mentions_checked" in names and "mentions_partial" not in names
        assert (
            sorted(tuple(r) for r in s.db.execute(f"SELECT file_id, mid FROM mentions WHERE {CHECKED}"))
            == expected
        )
    assert expected

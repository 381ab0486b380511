"""The writer encodes a citation's type and relation (and an edge's relation) in Python
(coded.TYPE_CODES, RELATION_CODES): the value stored is the one coded.encode_sql's CASE stores, for any word."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.store import coded
from luocdo.store.coded import RELATION_CODES, TYPE_CODES
from luocdo.store.db import edge_rows

_WORD = st.one_of(
    st.sampled_from(coded.TYPES + coded.RELATIONS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
    st.sampled_from(["Sắc lệnh", "Quyết định ", "quyết định", "IMPLEMENTS", "1", ""]),
)


@given(_WORD)
@settings(max_examples=300, deadline=None)
def test_the_codes_are_what_the_case_stores(word: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (a, b)")
    db.execute(
        f"INSERT INTO t VALUES ({coded.encode_sql('?1', coded.TYPES)}, {coded.encode_sql('?1', coded.RELATIONS)})",
        (word,),
    )
    db.execute("INSERT INTO t VALUES (?, ?)", (TYPE_CODES.get(word, word), RELATION_CODES.get(word, word)))
    by_case, by_dict = db.execute("SELECT a, typeof(a), b, typeof(b) FROM t ORDER BY rowid").fetchall()
    assert by_case == by_dict


def test_edges_carry_the_relations_code() -> None:
    cited = [("m1", 3, "implements", 1, 0.9, None, 7), ("m2", 4, "Sắc lệnh", 2, 1.0, 0.5, 8)]
    relations = [(5, "amends", "m1", "m2", 2, 0.8)]
    assert edge_rows(1, 6, cited, relations) == [
        (6, 1, 7, 1, 3, 1, 0.9),
        (6, "Sắc lệnh", 8, 1, 4, 2, 0.5),
        (7, 3, 8, 1, 5, 2, 0.8),
    ]

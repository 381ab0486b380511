"""A partial citation is read as a complete citation of the same report first (Store._resolve_mentions'
``local``), whatever their order in the text, and only where the issuers do not differ."""

from __future__ import annotations

from luocdo.resolve.corpus import norm_number
from luocdo.store import Store
from luocdo.store.mention_row import MentionRow

TRA_VINH, SOC_TRANG = "UBND tỉnh Trà Vinh", "UBND tỉnh Sóc Trăng"


def _m(mid: str, number: str, year: str | None, issuer: str | None) -> MentionRow:
    return MentionRow(
        mid, 1, 0, 1, "x", 1, "Kế hoạch", number, norm_number(number), year, "KH-UBND", None, 1, issuer, 1,
        "implements", 0, 0, None, f"Kế hoạch|{number}|KH-UBND|{year or ''}|{issuer or ''}", None, 1.0, "[]",
        None, None, None,
    )  # fmt: skip


def test_partial_citations_read_the_complete_ones_of_the_same_report(tmp_path):
    st = Store(tmp_path / "s.db")
    mentions = [
        _m("m1", "252", None, TRA_VINH),  # partial, before the complete citation it is
        _m("m2", "7", "2021", TRA_VINH),
        _m("m3", "252", "2020", TRA_VINH),
        _m("m4", "252", None, SOC_TRANG),  # another issuer's: not that document
        _m("m5", "252", None, None),  # no issuer: the one complete citation of that number
        _m("m6", "7", None, TRA_VINH),
    ]
    with st._immediate():
        doc_of, candidates, idents = st._resolve_mentions(mentions, None)
    assert idents["m1"] == "252|kh/ubnd|?|" + TRA_VINH
    assert doc_of["m1"] == doc_of["m3"] == doc_of["m5"]
    assert doc_of["m6"] == doc_of["m2"] != doc_of["m3"]
    assert doc_of["m4"] not in (doc_of["m3"], None)  # a document of its own, '?' year
    assert candidates == {}
    idents_of = dict(st.db.execute("SELECT id, ident FROM documents"))
    assert idents_of[doc_of["m4"]] == "252|kh/ubnd|?|" + SOC_TRANG
    st.close()

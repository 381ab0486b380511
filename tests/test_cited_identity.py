"""cited_parts names each row's identity from its normalised number (luocdo.store.cited.row_identity):
the identity luocdo.resolve.corpus gives, without normalising the number again."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import luocdo.resolve.corpus as corpus
from luocdo.resolve.corpus import norm_number
from luocdo.store import cited
from luocdo.store.mention_row import MentionRow

_maybe = st.one_of(
    st.none(), st.sampled_from(["", " 0227 ", "227", "12a", "Nghị định", "2019-08-11", "KH-UBND"])
)


def _row(number, year, symbol, date, issuer, name, type_) -> MentionRow:
    values = dict.fromkeys(MentionRow._fields)
    values.update(
        number=number,
        num_norm=norm_number(number) if number else None,
        year=year,
        symbol=symbol,
        date=date,
        issuer=issuer,
        name=name,
        type=type_,
        short_form=0,
    )
    return MentionRow(**values)


@settings(max_examples=400, deadline=None)
@given(_maybe, _maybe, _maybe, _maybe, _maybe, _maybe, st.sampled_from(["Kế hoạch", "Luật", ""]))
def test_a_rows_identity_is_the_resolvers(number, year, symbol, date, issuer, name, type_) -> None:
    row = _row(number, year, symbol, date, issuer, name, type_)
    assert cited.row_identity(row) == cited.mention_identity(row)
    assert cited.cited_parts([row]).idents == [cited.mention_identity(row)]


def test_the_rows_number_is_not_normalised_again(monkeypatch) -> None:
    rows = [_row(" 0227 ", "2019", "KH-UBND", None, "UBND tỉnh Nghệ An", None, "Kế hoạch")]
    expected = cited.mention_identity(rows[0])
    monkeypatch.setattr(corpus, "norm_number", lambda n: (_ for _ in ()).throw(AssertionError(n)))
    assert cited.cited_parts(rows).idents == [expected] == ["227|kh/ubnd|2019|UBND tỉnh Nghệ An"]

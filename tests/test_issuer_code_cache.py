"""issuer_from_code is read through a cache (the same codes come back citation after citation): the
answers are those of the lookup itself."""

from __future__ import annotations

from luocdo.extract.issuers import issuer_from_code


def test_the_answers_come_from_the_cache():
    issuer_from_code.cache_clear()
    first = [issuer_from_code(c) for c in ("TTg", "UBND", "BTC", "XYZ", "ttg", "NĐ")]
    again = [issuer_from_code(c) for c in ("TTg", "UBND", "BTC", "XYZ", "ttg", "NĐ")]
    assert again == first
    assert issuer_from_code.cache_info().hits == 6


def test_cached_answers_equal_the_uncached_lookup():
    raw = issuer_from_code.__wrapped__
    for code in ("TTg", "UBND", "HĐND", "BTC", "BCA", "XYZ", "ttg", "", "QH15", "UBTVQH", "SXD", "VPCP"):
        assert issuer_from_code(code) == raw(code)

"""detect keeps the verdict on a short sample of legacy-looking lines (s15-extract): the same verdict as
the reading of the sample, the first time and from the cache."""

from __future__ import annotations

import pytest

from luocdo.load import legacy_fonts as L
from make_documents import legacy_encode

CLEAN = (
    "Số: 271/BC-UBND\nBÁO CÁO\nThực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ "
    "về việc triển khai.\nCăn cứ Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ.\n"
)


@pytest.mark.parametrize("encoding", [None, "tcvn3", "vni"])
def test_a_short_sample_is_read_once_and_answered_alike(encoding: str | None) -> None:
    text = CLEAN if encoding is None else legacy_encode(CLEAN, encoding)
    sample = "\n".join(L._LEGACY_LINE.findall(text))
    assert 0 < len(sample) <= L._SHORT_SAMPLE
    L._detect_short.cache_clear()
    assert L.detect(text) == L._detect_sample(sample) == encoding
    assert L.detect(text) == encoding
    assert L._detect_short.cache_info().hits == 1


def test_a_long_sample_is_not_kept() -> None:
    text = legacy_encode(CLEAN, "tcvn3") * 40
    assert len("\n".join(L._LEGACY_LINE.findall(text))) > L._SHORT_SAMPLE
    L._detect_short.cache_clear()
    assert L.detect(text) == "tcvn3"
    assert L._detect_short.cache_info().currsize == 0

"""parse_header reads into a plain dataclass (_Draft) and builds the pydantic ReportHeader once at the end:
the two must have the same fields, in the same order, with the same defaults."""

from __future__ import annotations

import dataclasses

from luocdo.extract.header import _Draft, parse_header
from luocdo.model import ReportHeader


def test_the_draft_has_the_header_fields():
    draft = dataclasses.fields(_Draft)
    assert [f.name for f in draft] == list(ReportHeader.model_fields)
    for f in draft:
        model_field = ReportHeader.model_fields[f.name]
        if f.default_factory is not dataclasses.MISSING:
            assert f.default_factory() == model_field.get_default(call_default_factory=True)
        elif f.default is dataclasses.MISSING:
            assert model_field.is_required()
        else:
            assert f.default == model_field.default


def test_parse_header_gives_a_validated_header():
    text = (
        "ỦY BAN NHÂN DÂN\nHUYỆN AN LÃO\n\nSố: 45/BC-UBND\n\nAn Lão, ngày 12 tháng 3 năm 2024\n\n"
        "BÁO CÁO\nKết quả thực hiện Kế hoạch số 12/KH-UBND\n\nKính gửi: Ủy ban nhân dân tỉnh Bình Định\n"
    )
    h = parse_header(text, "x.md")
    assert isinstance(h, ReportHeader)
    assert (h.number, h.symbol, h.date, h.type) == ("45", "BC-UBND", "2024-03-12", "Báo cáo")
    assert h == ReportHeader(**h.model_dump())

"""The h_* values the writer binds for a header (header_columns.values) are the same whether it reads a
ReportHeader or the HeaderRow that crossed from a worker, and the recipients are json.dumps' text."""

from __future__ import annotations

import json

from luocdo.model import ReportHeader
from luocdo.store.crossing import file_rows, plain
from luocdo.store.file_rows import FileRows
from luocdo.store.header_columns import FIELDS, HeaderRow, values


def _old(h: ReportHeader, path: str) -> list:
    out = [getattr(h, f) for f in FIELDS]
    if out[0] == path:
        out[0] = None
    at = FIELDS.index("recipients")
    out[at] = json.dumps(out[at], ensure_ascii=False, separators=(",", ":"))
    return out


def test_a_header_row_gives_the_values_of_its_header():
    headers = [
        ReportHeader(source="/r/a.md"),
        ReportHeader(
            source="/r/b.md",
            type="Báo cáo",
            number="12",
            symbol="BC-UBND",
            issuer="UBND tỉnh Trà Vinh",
            date="2021-03",
            recipients=["Sở Tài chính", 'a "quoted"\\ one\n', "\u0000\u2028"],
            line=3,
            title_lines=2,
        ),
    ]
    for h in headers:
        rows = FileRows(h, h.model_dump_json(), h.source, [], [], [], [], None, None, None)
        crossed = file_rows(plain(rows)).header
        assert type(crossed) is HeaderRow
        for path in (h.source, "/elsewhere.md"):
            assert values(crossed, path) == values(h, path) == _old(h, path)

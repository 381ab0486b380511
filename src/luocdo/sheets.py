"""Excel workbooks (openpyxl): one sheet per table, header row bold and frozen, a filter on it, dates
as real dates shown dd/mm/yyyy, and every text cell made inert as in CSV (luocdo.writing.csv_cell:
a cell starting with = + - @ tab or CR gets a leading ' and stays text). Written to a temporary file
renamed into place (luocdo.writing.replacing)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from itertools import chain, islice
from pathlib import Path

from luocdo.writing import csv_cell, replacing, xml_text

_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


class SheetsError(Exception):
    pass


def date_cell(v):
    """An ISO date as a date cell; a year or a partial date as text."""
    if isinstance(v, str) and _ISO.fullmatch(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return v
    return v


def sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _BAD_SHEET.sub("-", xml_text(title or "")).strip("' ")[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def cell_value(v):
    if isinstance(v, str):
        return csv_cell(xml_text(v))
    if isinstance(v, (int, float, dt.date)) or v is None:
        return v
    return csv_cell(str(v))


WIDTH_SAMPLE = 1000  # rows a column's width is measured on (the rest are written as they come)


def write_workbook(path: Path, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> list[int]:
    """Sheets (title, headers, rows) into the workbook at `path`, written as the rows come (openpyxl's
    write-only mode: memory does not grow with the rows); returns how many rows each sheet got."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError as e:  # pragma: no cover (openpyxl is in the xlsx extra)
        raise SheetsError("xlsx needs openpyxl: pip install 'luocdo[xlsx]'") from e
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    counts = []
    for title, heads, rows in sheets:
        ws = wb.create_sheet(sheet_title(title, taken))

        def cell(v, ws=ws):
            v = cell_value(v)
            if isinstance(v, dt.date):
                c = WriteOnlyCell(ws, v)
                c.number_format = "DD/MM/YYYY"
                return c
            if isinstance(v, str) and len(v) > 80:
                c = WriteOnlyCell(ws, v)
                c.alignment = wrap
                return c
            return v

        it = iter(rows)
        first = list(islice(it, WIDTH_SAMPLE))
        widths = [len(str(h)) for h in heads]
        for r in first:
            for i, v in enumerate(r):
                if i < len(widths):
                    widths[i] = max(widths[i], min(len(str(v)) if v is not None else 0, 80))
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = max(8, w + 2)
        if heads:
            ws.freeze_panes = "A2"
            hs = []
            for h in heads:
                c = WriteOnlyCell(ws, cell_value(h))
                c.font = bold
                hs.append(c)
            ws.append(hs)
        n = 0
        for r in chain(first, it):
            ws.append([cell(v) for v in r])
            n += 1
        if heads and n:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{n + 1}"
        counts.append(n)
    with replacing(path, "wb") as f:
        wb.save(f)
    return counts

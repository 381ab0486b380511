"""Excel workbooks (openpyxl): one sheet per table, header row bold and frozen, a filter on it, dates
as real dates shown dd/mm/yyyy, and every text cell made inert as in CSV (luocdo.writing.csv_cell:
a cell starting with = + - @ tab or CR gets a leading ' and stays text). Written to a temporary file
renamed into place (luocdo.writing.replacing)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
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


def write_workbook(path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]]) -> None:
    """Sheets (title, headers, rows) into the workbook at `path`."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError as e:  # pragma: no cover (openpyxl is in the xlsx extra)
        raise SheetsError("xlsx needs openpyxl: pip install 'luocdo[xlsx]'") from e
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for title, heads, rows in sheets:
        ws = wb.create_sheet(sheet_title(title, taken))
        if heads:
            ws.append([cell_value(h) for h in heads])
            for c in ws[1]:
                c.font = Font(bold=True)
            ws.freeze_panes = "A2"
        widths = [len(str(h)) for h in heads]
        for r in rows:
            ws.append([cell_value(v) for v in r])
            for i, v in enumerate(r):
                if i < len(widths):
                    widths[i] = max(widths[i], min(len(str(v)) if v is not None else 0, 80))
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, dt.date):
                    c.number_format = "DD/MM/YYYY"
                elif isinstance(c.value, str) and len(c.value) > 80:
                    c.alignment = Alignment(wrap_text=True, vertical="top")
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = max(8, w + 2)
        if heads and rows:
            ws.auto_filter.ref = ws.dimensions
    with replacing(path, "wb") as f:
        wb.save(f)

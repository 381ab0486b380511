"""Answers as downloads: the same rows the command line writes (luocdo.present.human_rows: evidence in
file / position / sentence columns, translated headers) into a workbook (luocdo.sheets) or a CSV
with a byte order mark (luocdo.writing.csv_cell keeps formulas inert). Written to a temporary file
and streamed from it; the file is removed once sent."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from luocdo.present import header, human_rows
from luocdo.sheets import write_workbook
from luocdo.writing import csv_cell

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "mmd": "text/plain; charset=utf-8",
    "graphml": "application/xml",
    "gexf": "application/xml",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}

Table = tuple[str, Sequence[dict], Sequence[str] | None]  # title, rows, columns (None: the rows' keys)


def _sheet(rows: Sequence[dict], columns: Sequence[str] | None, fmt: str) -> tuple[list[str], list[list]]:
    cols = list(columns or (rows[0].keys() if rows else []))
    cols = [c for c in cols if not c.startswith("_")]
    keys, body = human_rows(rows, cols, fmt)
    return [header(k) for k in keys], body


def temp_path(suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix="luocdo-web-", suffix=suffix)
    os.close(fd)
    return Path(name)


def download(path: Path, filename: str, fmt: str) -> FileResponse:
    """The file streamed as an attachment named `filename` (ASCII fallback + UTF-8 name), then removed."""
    ascii_name = filename.encode("ascii", "ignore").decode() or f"luocdo.{fmt}"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return FileResponse(
        path,
        media_type=MEDIA.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": disposition},
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


def table_download(tables: Sequence[Table], fmt: str, filename: str) -> FileResponse:
    """xlsx: one sheet per table; csv: the first table."""
    path = temp_path("." + fmt)
    if fmt == "xlsx":
        write_workbook(path, [(title, *_sheet(rows, cols, "xlsx")) for title, rows, cols in tables])
    else:
        title, rows, cols = tables[0]
        heads, body = _sheet(rows, cols, "csv")
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write("\ufeff")
            w = csv.writer(f)
            if heads:
                w.writerow(heads)
            for r in body:
                w.writerow([csv_cell(v) for v in r])
    return download(path, f"{filename}.{fmt}", fmt)

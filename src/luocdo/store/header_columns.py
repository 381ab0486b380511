"""A report's header (ReportHeader as JSON) kept as columns (schema 10): files.header is a virtual column
that SQLite's json_object makes again from them, the keys written once in the schema instead of in every
row, the source left out where it is the file's path (always, but for a damaged header). ``header_own``
keeps the JSON text only where that is not the text json_object makes (a damaged header, another field
order, a character SQLite escapes otherwise): every reader of ``files.header`` reads what was written.

The columns are filled in SQL from the JSON text (``split_sql``), so that the writer hands SQLite the
text it already has, and every path that writes a header (the writer, a report's first path changing, the
migration, salvage) splits it the same way."""

from __future__ import annotations

import json
from collections import namedtuple
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from luocdo.model import ReportHeader

# ReportHeader's fields, in the order model_dump_json writes them
FIELDS = (
    "source",
    "type",
    "number",
    "symbol",
    "issuer",
    "province",
    "district",
    "admin_level",
    "date",
    "place",
    "title",
    "recipients",
    "signer",
    "signer_title",
    "line",
    "title_line",
    "title_lines",
)
COLUMNS = tuple(f"h_{f}" for f in FIELDS)
# a header that crossed from an extraction worker (luocdo.store.crossing), read by name like the model
HeaderRow = namedtuple("HeaderRow", FIELDS)
field_values = attrgetter(*FIELDS)  # a header's values in FIELDS' order, one C call
_JSON_VALUED = {"recipients"}  # a JSON list kept as its JSON text


def object_sql(column: dict[str, str], path: str) -> str:
    """SQL: the header json_object makes of the h_* values (``column``: field -> SQL of its value)."""
    parts = []
    for f in FIELDS:
        value = f"coalesce({column[f]}, {path})" if f == "source" else column[f]
        parts.append(f"'{f}', json({value})" if f in _JSON_VALUED else f"'{f}', {value}")
    return f"json_object({', '.join(parts)})"


# the same expression is written in schema.sql (files.header); a test checks they agree
HEADER_OBJECT_SQL = object_sql({f: f"h_{f}" for f in FIELDS}, "path")
HEADER_SQL = f"coalesce(header_own, {HEADER_OBJECT_SQL})"


def field_sql(field: str, alias: str = "") -> str:
    """SQL: json_extract(header, '$.field') of a file (``alias``: its table's name in the query) where its
    header is valid JSON, NULL where it is not, read from the field's column where the header is made
    from its columns (header_own NULL: json_object's text of them, valid, the text written) rather than
    json_object making the whole header again to be parsed (a scalar field only, not recipients, nor
    source: its column is NULL where the source is the file's path). json_extract reads a text only up
    to a NUL in it (json_object writes it as \u0000): the column's text is cut there too."""
    if field not in FIELDS or field in _JSON_VALUED or field == "source":
        raise ValueError(f"not a scalar field of the header kept whole in its column: {field}")
    a = f"{alias}." if alias else ""
    c = f"{a}h_{field}"
    return (
        f"CASE WHEN {a}header_own IS NULL THEN"
        f" CASE WHEN instr({c}, char(0)) > 0 THEN substr({c}, 1, instr({c}, char(0)) - 1) ELSE {c} END"
        f" WHEN json_valid({a}header_own) THEN json_extract({a}header_own, '$.{field}') END"
    )


def valid_sql(alias: str = "") -> str:
    """SQL: json_valid(header) of a file, without json_object making the header (see field_sql)."""
    a = f"{alias}." if alias else ""
    return f"({a}header_own IS NULL OR json_valid({a}header_own))"


def split_sql(text: str, path: str) -> list[str]:
    """SQL for the h_* columns (in COLUMNS' order) of the header JSON ``text`` of a file at ``path`` (SQL
    expressions): NULL for every column of a text that is not JSON."""
    valid = f"CASE WHEN json_valid({text}) THEN {text} END"
    out = []
    for f in FIELDS:
        value = f"json_extract({valid}, '$.{f}')"
        out.append(f"nullif({value}, {path})" if f == "source" else value)
    return out


_RECIPIENTS = FIELDS.index("recipients")
# json.dumps(value, ensure_ascii=False, separators=(",", ":")), without making an encoder for each call
_recipients_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def values(h: ReportHeader | HeaderRow, path: str) -> list:
    """The h_* values (in COLUMNS' order) of the header of a file at ``path``: what the writer binds,
    split in Python (SQLite's json_extract parses the text once per field). A HeaderRow (the header
    as it crossed from a worker) holds them in that order already."""
    out = list(h) if type(h) is HeaderRow else list(field_values(h))
    if out[0] == path:
        out[0] = None
    out[_RECIPIENTS] = _recipients_json(out[_RECIPIENTS])
    return out


def insert_sql(before: list[str]) -> str:
    """INSERT INTO files: the ``before`` columns (the first named path) bound as ?1, ?2, …, then the h_*
    values, then the header's JSON text, kept in header_own where json_object does not make it again."""
    n = len(before)
    column = {f: f"?{n + 1 + i}" for i, f in enumerate(FIELDS)}
    text = f"?{n + len(FIELDS) + 1}"
    own = f"CASE WHEN {object_sql(column, '?1')} IS {text} THEN NULL ELSE {text} END"
    marks = ", ".join(f"?{i + 1}" for i in range(n + len(FIELDS)))
    return (
        f"INSERT INTO files ({', '.join(before)}, {', '.join(COLUMNS)}, header_own) VALUES ({marks}, {own})"
    )


def columns_sql(text: str, path: str) -> str:
    """The h_* columns of split_sql, named."""
    return ", ".join(f"{e} AS {c}" for e, c in zip(split_sql(text, path), COLUMNS, strict=True))


def own_sql(text: str) -> str:
    """SQL for header_own, in a query whose row has the h_* columns and the path: the text where the
    columns do not make it again."""
    return f"CASE WHEN {HEADER_OBJECT_SQL} IS {text} THEN NULL ELSE {text} END"

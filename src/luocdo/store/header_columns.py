"""A report's header (ReportHeader as JSON) kept as columns (schema 10): files.header is a virtual column
that SQLite's json_object makes again from them, the keys written once in the schema instead of in every
row, the source left out where it is the file's path (always, but for a damaged header). ``header_own``
keeps the JSON text only where that is not the text json_object makes (a damaged header, another field
order, a character SQLite escapes otherwise): every reader of ``files.header`` reads what was written.

The columns are filled in SQL from the JSON text (``split_sql``), so that the writer hands SQLite the
text it already has, and every path that writes a header (the writer, a report's first path changing, the
migration, salvage) splits it the same way."""

from __future__ import annotations

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
_JSON_VALUED = {"recipients"}  # a JSON list kept as its JSON text

# the same expression is written in schema.sql (files.header); a test checks they agree
HEADER_OBJECT_SQL = (
    "json_object("
    + ", ".join(
        f"'{f}', "
        + ("coalesce(h_source, path)" if f == "source" else f"json(h_{f})" if f in _JSON_VALUED else f"h_{f}")
        for f in FIELDS
    )
    + ")"
)
HEADER_SQL = f"coalesce(header_own, {HEADER_OBJECT_SQL})"


def split_sql(text: str, path: str) -> list[str]:
    """SQL for the h_* columns (in COLUMNS' order) of the header JSON ``text`` of a file at ``path`` (SQL
    expressions): NULL for every column of a text that is not JSON."""
    valid = f"CASE WHEN json_valid({text}) THEN {text} END"
    out = []
    for f in FIELDS:
        value = f"json_extract({valid}, '$.{f}')"
        out.append(f"nullif({value}, {path})" if f == "source" else value)
    return out


def columns_sql(text: str, path: str) -> str:
    """The h_* columns of split_sql, named."""
    return ", ".join(f"{e} AS {c}" for e, c in zip(split_sql(text, path), COLUMNS, strict=True))


def own_sql(text: str) -> str:
    """SQL for header_own, in a query whose row has the h_* columns and the path: the text where the
    columns do not make it again."""
    return f"CASE WHEN {HEADER_OBJECT_SQL} IS {text} THEN NULL ELSE {text} END"

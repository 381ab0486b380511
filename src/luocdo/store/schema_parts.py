"""schema.sql as text and cut into its statements. The derived tables (findings, reach,
settle_touched) are made from their own statements when an older store lacks them."""

from __future__ import annotations

import sqlite3
from functools import cache
from importlib import resources


@cache
def schema_text() -> str:
    return resources.files("luocdo.store").joinpath("schema.sql").read_text("utf-8")


@cache
def statements() -> tuple[str, ...]:
    """Every statement of schema.sql, without the comment lines before it."""
    out, stmt = [], ""
    for line in schema_text().splitlines(keepends=True):
        if not stmt and line.lstrip().startswith("--"):
            continue
        stmt += line
        if sqlite3.complete_statement(stmt):
            out.append(stmt)
            stmt = ""
    return tuple(out)

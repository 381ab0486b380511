"""Named queries: SQL files in queries/, each defined once and run by name."""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from importlib import resources

import regex

_PARAM = regex.compile(r"(?<!:):([a-z_]+)")


@cache
def query_text(name: str) -> str:
    if not regex.fullmatch(r"[a-z_]+", name):
        raise KeyError(name)
    try:
        return resources.files("luocdo").joinpath("queries", f"{name}.sql").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(name) from None


def available() -> dict[str, str]:
    """name -> first description line."""
    out = {}
    for f in sorted(resources.files("luocdo").joinpath("queries").iterdir(), key=lambda p: p.name):
        if f.name.endswith(".sql"):
            lines = [
                ln[2:].strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.startswith("--")
            ]
            out[f.name[:-4]] = lines[1] if len(lines) > 1 else ""
    return out


def params_of(name: str) -> list[str]:
    sql = "\n".join(ln for ln in query_text(name).splitlines() if not ln.lstrip().startswith("--"))
    return sorted(set(_PARAM.findall(sql)))


class QueryParamError(ValueError):
    """A parameter value a named query cannot take (its message: 'name=value: why')."""


# the parameters the named queries take, by kind (a new query's parameters are added here)
WHOLE_NUMBERS = ("max_depth", "limit")  # 0 or more
ID_LISTS = ("targets", "docs")  # JSON arrays of document ids
TEXT_LISTS = ("relations",)  # JSON arrays of strings


def _shown(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def param_value(key: str, value):
    """`value` as the query binds it: whole numbers as integers (given as text, SQLite would compare
    them greater than any number: max_depth was then no limit at all), lists as JSON arrays. Raises
    QueryParamError for a value of the wrong kind."""
    if key in WHOLE_NUMBERS:
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise QueryParamError(f"{key}={_shown(value)}: not a whole number") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise QueryParamError(f"{key}={_shown(value)}: not a whole number")
        if value < 0:
            raise QueryParamError(f"{key}={value}: must be 0 or more")
        return value
    if key in ID_LISTS or key in TEXT_LISTS:
        items = value
        if isinstance(value, str):
            try:
                items = json.loads(value)
            except ValueError:
                raise QueryParamError(f"{key}={_shown(value)}: not a JSON array") from None
        if not isinstance(items, (list, tuple)):
            raise QueryParamError(f"{key}={_shown(value)}: not a JSON array")
        kind = str if key in TEXT_LISTS else int
        if not all(isinstance(x, kind) and not isinstance(x, bool) for x in items):
            what = "strings" if kind is str else "document ids (whole numbers)"
            raise QueryParamError(f"{key}={_shown(value)}: a JSON array of {what}")
        return json.dumps(list(items))
    return value


def run(db: sqlite3.Connection, name: str, **params) -> list[sqlite3.Row]:
    args = {k: param_value(k, v) for k, v in params.items()}
    return db.execute(query_text(name), args).fetchall()

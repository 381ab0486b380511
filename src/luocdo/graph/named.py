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


def run(db: sqlite3.Connection, name: str, **params) -> list[sqlite3.Row]:
    args = {k: (json.dumps(v) if isinstance(v, (list, tuple)) else v) for k, v in params.items()}
    return db.execute(query_text(name), args).fetchall()

"""Opening a store file safely: what a file is before anything is written to it, read-only
connections (that work from a read-only folder too), and SQLite errors in words.

A file that is not a luocdo store is never modified: it is looked at through a read-only
connection first, and only an empty file or a luocdo store is opened for writing.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

# PRAGMA application_id of the stores luocdo creates ("LUOC"): other programs' files carry their own
APPLICATION_ID = 0x4C554F43

# tables every store of the current schema has (links_dirty is bookkeeping and may be rebuilt)
REQUIRED_TABLES = (
    "meta",
    "files",
    "mentions",
    "relations",
    "documents",
    "bodies",
    "edges",
    "links",
    "catalog",
)


class OpenProblem(Exception):
    """Why a file cannot be used as a store (one line, without the path)."""


@dataclass(frozen=True)
class StoreFile:
    """What a file holds, seen without changing it."""

    empty: bool  # no table at all (a new or 0-byte file): luocdo may create its schema
    schema_version: str | None  # luocdo's meta.schema_version, None when the file is not a luocdo store
    tables: tuple[str, ...]


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(str(path.absolute()))}?{query}"


def folder_writable(path: Path) -> bool:
    return os.access(path.absolute().parent, os.W_OK)


def connect_readonly(path: Path, timeout: float = 120) -> sqlite3.Connection:
    """A connection that can never write the file. In a folder this process cannot write (an archived
    store, a read-only mount) SQLite cannot create the write-ahead log's index (-shm): the file is then
    read as immutable, which is exact as long as no write-ahead log holds commits of its own."""
    try:
        db = sqlite3.connect(_uri(path, mode="ro"), uri=True, timeout=timeout, isolation_level=None)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError as e:
        if folder_writable(path):
            raise
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise OpenProblem(
                f"its write-ahead log {wal.name} holds changes that cannot be read in a read-only folder"
                f" ({e}); copy the store with its {wal.name} to a writable folder"
            ) from None
    db = sqlite3.connect(
        _uri(path, mode="ro", immutable="1"), uri=True, timeout=timeout, isolation_level=None
    )
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return db


def inspect_file(path: Path) -> StoreFile:
    """What the existing file at ``path`` is, read without changing it. Raises OpenProblem for a file
    that is not a luocdo store (another program's database) and sqlite3.DatabaseError for a file SQLite
    cannot read."""
    found, db = inspected(path)
    if db is not None:
        db.close()
    return found


def inspected(path: Path) -> tuple[StoreFile, sqlite3.Connection | None]:
    """`inspect_file`, and the read-only connection it looked through, still open (None for an empty
    file): a reader goes on with it instead of opening the file a second time (with a write-ahead log
    left behind, each first connection of a process reads the whole log again)."""
    if path.stat().st_size == 0:
        return StoreFile(empty=True, schema_version=None, tables=()), None
    db = connect_readonly(path, timeout=5)
    try:
        tables = tuple(
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        )
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = None
        if "meta" in tables:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = row[0] if row else None
    except BaseException:
        db.close()
        raise
    if version is None and (tables or app_id not in (0, APPLICATION_ID)):
        db.close()
        if app_id == APPLICATION_ID:
            raise OpenProblem(
                "a luocdo store whose meta table is damaged or missing; `luocdo doctor --salvage NEW.db`"
                " copies what can be read into a new store"
            )
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise OpenProblem(
            f"not a luocdo store (another program's database: {shown or f'application id {app_id}'});"
            " luocdo leaves it unchanged"
        )
    return StoreFile(empty=not tables, schema_version=version, tables=tables), db


def describe(e: sqlite3.Error) -> str:
    """A SQLite error said as what it means for the store, with what to do about it."""
    text = str(e)
    low = text.lower()
    if any(w in low for w in ("disk image is malformed", "not a database", "corrupt", "disk i/o")):
        return (
            f"the store is damaged ({text}); `luocdo doctor` reports what is wrong and"
            " `luocdo doctor --salvage NEW.db` copies what can be read into a new store"
        )
    if "readonly" in low or "read-only" in low:
        return f"the store cannot be written ({text}): it or its folder is read-only; queries still work"
    if "locked" in low or "busy" in low:
        return f"the store is busy ({text}): another luocdo kept writing it for too long; try again"
    if "no such table" in low or "no such column" in low:
        return f"the store is incomplete ({text}); `luocdo doctor` reports what is wrong"
    if "full" in low:
        return f"cannot write the store ({text})"
    return f"SQLite error ({text})"

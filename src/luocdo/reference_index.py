"""An on-disk index of a reference catalog file, built once per catalog (by its content), so that a
command asking about one document probes it instead of decompressing and indexing the whole catalog.

The shipped catalog is 293,000 records: loading it whole costs about 1.2 s (xz, splitting, the
dictionary), more than the rest of `luocdo show`. The index is an SQLite file in the user's cache
folder ($LUOCDO_CACHE_DIR, else $XDG_CACHE_HOME/luocdo, else ~/.cache/luocdo) named by the catalog's
SHA-256, holding each record's line under its key (number and folded symbol). It is written to a
temporary name and renamed, so a file that exists is whole; when it cannot be written or read, the
catalog is loaded whole as before. Small catalogs (a user's own) load in milliseconds and get none.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

CACHE_ENV = "LUOCDO_CACHE_DIR"
MIN_BYTES = 256 * 2**10  # compressed catalogs below this load fast enough whole
FORMAT = "1"  # bump when the layout below changes: an older index is then not used


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "luocdo"


def worth_indexing(raw: bytes) -> bool:
    return len(raw) >= MIN_BYTES


def index_path(raw: bytes) -> Path:
    return cache_dir() / f"reference-{hashlib.sha256(raw).hexdigest()[:32]}-{FORMAT}.sqlite"


def open_index(path: Path) -> tuple[sqlite3.Connection, dict[str, str]] | None:
    """The index at `path` and its meta (name, version, records), or None when there is none usable."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT:
            db.close()
            return None
        return db, meta
    except sqlite3.Error:
        return None


def write_index(path: Path, meta: dict[str, str], lines: Iterable[str]) -> None:
    """Write the index of a catalog's record lines (in file order); silently nothing when the cache
    folder cannot be written (the catalog is then loaded whole next time too)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("CREATE TABLE lines (n INTEGER PRIMARY KEY, key TEXT NOT NULL, line TEXT NOT NULL)")
            db.executemany(
                "INSERT INTO lines VALUES (?, ?, ?)",
                ((n, line[: line.index("\t", line.index("\t") + 1)], line) for n, line in enumerate(lines)),
            )
            db.execute("CREATE INDEX lines_key ON lines(key)")
            db.executemany("INSERT INTO meta VALUES (?, ?)", [*meta.items(), ("format", FORMAT)])
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error):
        with suppress(OSError):
            os.unlink(tmp)

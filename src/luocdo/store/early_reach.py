"""The reach rows (store/reach.py) of a bulk load into an empty store, computed on the second core while
the end of the load (Store._end_bulk) builds its indexes and links on the first.

reach reads of the links only their keys (src, relation, dst), and the links are one per distinct key of
the edges, which the end of the load does not change. A thread reads the edges through a connection of
its own to a scratch database file (the store attached to it, one read transaction), writes there the
links' keys of the relations reach follows and the rows reach.build makes from them, in tables made
from the store's own definitions (same columns, same indexes). The end of the load then copies the rows
into the store's empty reach table in one statement, which SQLite runs as a transfer (each record copied
as it is, in order: 0.016 s against reach.build's 0.084 s of CPU on the 5k store).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from luocdo.store import reach
from luocdo.store.second_core import SecondCore

# the store's objects the scratch database makes, from their definitions in the store (sqlite_master):
# the links for reach.build to read (links_src: its join) and the reach tables it writes
TABLES = ("links", "links_src", "reach", "reach_doc", "reach_dirty")
# the scratch connection's page cache, which also bounds its sorts' memory (SQLite's sorter spills past
# the main database's cache size): held beside the end of the load's own sorts, the writer's peak. With
# BULK_END_CACHE_KIB (16 MB) the 50k ingest's writer peaked at 212.1 MB against base's 183.5 MB
CACHE_KIB = 2_048
# SQLite virtual-machine steps between two looks at whether the rows are still wanted (cancel)
CHECK_STEPS = 100_000
# the scratch file's name ends so (its start: _prefix and the process's HOST+PID, remove_abandoned)
SUFFIX = ".tmp"
# between the host and the process id in the file's name: not the bulk key's ':' (on Windows a name with a
# colon names a stream of another file), and no host name holds it
OWNER_SEP = "+"


class EarlyReach(SecondCore):
    """reach's rows for the store at ``path`` as its committed edges give them, computed in a thread into
    a scratch file beside the store. Its read transaction takes its snapshot at its first read, after
    the load's last commit; the caller uses the rows only when no other connection has committed since
    the load began (the edges are then those the load wrote)."""

    def __init__(self, path: Path, busy_ms: int, cache_kib: int = CACHE_KIB) -> None:
        owner = f"{socket.gethostname()}{OWNER_SEP}{os.getpid()}"
        fd, name = tempfile.mkstemp(
            prefix=f"{_prefix(Path(path))}{owner}.", suffix=SUFFIX, dir=Path(path).parent
        )
        os.close(fd)
        self.scratch = Path(name)
        self._built = False
        super().__init__("luocdo-early-reach", Path(path), busy_ms, cache_kib)

    def _work(self, path: Path, busy_ms: int, cache_kib: int) -> None:
        db = sqlite3.connect(self.scratch, isolation_level=None)
        try:
            self._watch(db, CHECK_STEPS)
            db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to roll back to
            db.execute("PRAGMA synchronous = OFF")
            db.execute(f"PRAGMA cache_size = -{cache_kib}")
            db.execute(f"PRAGMA busy_timeout = {busy_ms}")
            db.execute("ATTACH DATABASE ? AS store", (str(path),))
            db.execute("BEGIN")  # one snapshot of the store for every read
            build_into(db)
            db.execute("COMMIT")
            self._built = True
        finally:
            db.close()

    def _failed(self) -> None:
        self._built = False  # the end of the load builds reach itself

    def result(self) -> Path | None:
        """The scratch file holding the rows (tables reach and its index), None if the thread failed."""
        return self.scratch if self._wait() and self._built else None

    def close(self) -> None:
        """Stop the thread if it still runs, and remove the scratch file."""
        self.cancel()
        self.scratch.unlink(missing_ok=True)


def _prefix(path: Path) -> str:
    return f".{path.name}.reach-"


def remove_abandoned(path: Path, alive: Callable[[str], bool]) -> list[Path]:
    """Remove the scratch files beside the store at ``path`` whose process is gone (killed during the end
    of a load: EarlyReach.close never ran). A scratch file is named .NAME.reach-HOST+PID.RANDOM.tmp;
    ``alive`` is asked about HOST:PID. Only this host's files are looked at (another machine's process,
    on a shared folder, cannot be asked). Returns the files removed."""
    start = f"{_prefix(path)}{socket.gethostname()}{OWNER_SEP}"
    removed: list[Path] = []
    with os.scandir(path.parent) as entries:
        names = [e.name for e in entries if e.name.startswith(start) and e.name.endswith(SUFFIX)]
    for name in names:
        pid, dot, rest = name[len(start) : -len(SUFFIX)].partition(".")
        if not pid.isdigit() or not dot or "." in rest or alive(f"{socket.gethostname()}:{pid}"):
            continue
        scratch = path.parent / name
        try:
            scratch.unlink()
        except FileNotFoundError:  # another process opening the store removed it first
            continue
        removed.append(scratch)
    return removed


def build_into(db: sqlite3.Connection) -> None:
    """Inside a transaction of a connection whose main database is an empty scratch file and which has
    the store attached as ``store``: the links' keys and reach's rows, made in the scratch file. The
    unqualified names reach.build uses resolve to the scratch file's tables (main before attached)."""
    names = ",".join("?" * len(TABLES))
    sql = dict(db.execute(f"SELECT name, sql FROM store.sqlite_master WHERE name IN ({names})", TABLES))  # noqa: S608
    for name in TABLES:
        db.execute(sql[name])
    rels = sorted({r for rels in reach.KINDS.values() for r in rels})
    marks = ",".join("?" * len(rels))
    db.execute(
        f"INSERT INTO main.links (src, relation, dst, n, best) SELECT DISTINCT src, relation, dst, 0, 0"  # noqa: S608
        f" FROM store.edges WHERE relation IN ({marks})",
        rels,
    )
    reach.build(db)

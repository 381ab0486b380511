"""The whole check (`validate --full`, or the first check of a store) on two cores. V002, V009 and
V010 (the rules that look every cited document or family up in the reference catalog, which this
process then loads alone, once for the three: more than half of the rules' work at 200k, and 283,000
of the 395,000 findings) run in a second process on a read
connection of the store, started once the writer holds its write transaction (WAL: the helper reads
the store as that transaction found it; nothing else can commit meanwhile). The helper keeps its
findings in a scratch SQLite file; the writer copies them in with one INSERT … SELECT.

The findings and their order are those of one process: `findings.rows` orders by severity, code,
document and the finding's own order, and the row id breaks ties only among findings of one rule; each
rule runs whole in one process, its findings kept in the order it yields them. When the helper cannot
run or fails, the writer runs its rules itself."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from luocdo.store import Store
from luocdo.store import findings as kept

# the rules' CPU at 200k (s, one process, eighth session): V003 11.9, V002 8, the others 8 together;
# V009 and V010 16.3 together (each document's reference look-up shared: 27.4 apart). V002 with them
# (eleventh session): the whole reference catalog (293,000 records, about 1.1 s of CPU) is then loaded
# by one process, not both; the two halves are less even (about 14 and 21 s at 200k), the CPU less
HELPER_CODES = ("V002", "V009", "V010")
# below this many files one process is as quick (the helper starts a Python and loads the catalog)
PARALLEL_ABOVE_FILES = 20000
CHUNK = 5000


# a whole check reads most of the store: through memory-mapped I/O rather than a read() per page (the
# system time of `validate --full` at 200k; SQLite caps it at its build's limit, 2 GB). The pages read
# count in the process's resident size, though they are the shared page cache, not its own memory.
MMAP_BYTES = 1 << 31


def mapped(db: sqlite3.Connection) -> None:
    """Read the store through memory-mapped I/O from now on, on this connection."""
    db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


@contextlib.contextmanager
def cleaned_on_sigterm() -> Iterator[None]:
    """A SIGTERM while the helper runs ends this process through its `finally` blocks (the helper
    stopped, its scratch directory removed) instead of at once, leaving them behind. Only in the main
    thread (a web server's request thread cannot set handlers; its server owns the signal)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame) -> None:
        raise SystemExit(128 + signum)

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_it(db: sqlite3.Connection, *, above: int | None = None) -> bool:
    """A second process pays for itself: two cores and a store of more than `above` files."""
    limit = PARALLEL_ABOVE_FILES if above is None else above
    if cores() < 2:
        return False
    return (
        db.execute("SELECT count(*) FROM (SELECT 1 FROM files LIMIT ?)", (limit + 1,)).fetchone()[0] > limit
    )


def make_scratch(path: Path) -> None:
    """The helper's scratch file: schema.sql's tables of the findings and their texts."""
    scratch = sqlite3.connect(path)
    for sql in kept.schema_statements():
        if (
            "CREATE TABLE IF NOT EXISTS findings " in sql
            or "CREATE TABLE IF NOT EXISTS findings_said " in sql
        ):
            scratch.execute(sql)
    scratch.commit()
    scratch.close()


def _start(args: list[str], stdin, log) -> subprocess.Popen | None:
    """The second process, or None when it cannot start (its work is then the caller's)."""
    try:
        return subprocess.Popen(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=log)  # noqa: S603 (our own module, our own interpreter)
    except OSError:
        return None


class Helper:
    """The second process, started on `store_path` for `codes`; `join` copies its findings in."""

    def __init__(self, store_path: Path, codes: tuple[str, ...]) -> None:
        self.codes = codes
        self.attached = False
        self.dir = Path(tempfile.mkdtemp(prefix="luocdo-validate-"))
        self.out = self.dir / "findings.db"
        make_scratch(self.out)
        self.log = (self.dir / "stderr").open("wb")
        self.proc = _start(
            [
                sys.executable,
                "-m",
                "luocdo.validate.second_process",
                "rules",
                str(store_path),
                str(self.out),
                *codes,
            ],
            subprocess.DEVNULL,
            self.log,
        )

    def join(self, db: sqlite3.Connection) -> int | None:
        """Inside the writer's transaction: wait for the helper and copy its findings into the store's.
        None when it failed (its rules are then to be run by the caller)."""
        try:
            if self.proc is None or self.proc.wait() != 0:
                return None
            cols = "code, severity, document, num, num2, file_id, file2, doc, doc2, why, fix, evidence, ord, ord2"
            db.execute("ATTACH DATABASE ? AS helper", (str(self.out),))
            self.attached = True
            # the helper's texts numbered after the writer's
            past = db.execute("SELECT coalesce(max(id), 0) FROM main.findings_said").fetchone()[0]
            db.execute(
                "INSERT INTO main.findings_said SELECT id + ?, said FROM helper.findings_said", (past,)
            )
            chosen = cols.replace("why, fix", "why + :past, fix + :past")
            return db.execute(
                f"INSERT INTO main.findings ({cols}) SELECT {chosen} FROM helper.findings ORDER BY id",  # noqa: S608
                {"past": past},
            ).rowcount
        finally:
            self.log.close()

    def close(self, db: sqlite3.Connection) -> None:
        """After the writer's transaction: the scratch file goes (a helper still running is stopped)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.attached:
            # fails only inside a transaction still open (an error on the way): the connection goes anyway
            with contextlib.suppress(sqlite3.Error):
                db.execute("DETACH DATABASE helper")
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


# `validate --format json` of more kept findings than this is written by two processes
PARALLEL_JSON_ABOVE = 20000


def json_helper(store: Store, codes, severities, about) -> JsonHelper | None:
    """A second process writing the second half of the kept findings' JSON, when it pays."""
    if cores() < 2 or sum(kept.counts(store.db, codes, severities, about).values()) <= PARALLEL_JSON_ABOVE:
        return None
    middle = kept.middle(store.db, codes, severities, about)
    return None if middle is None else JsonHelper(store, codes, severities, about, middle)


def findings_state(db: sqlite3.Connection) -> list[int]:
    """What tells two readers they read the same kept findings: a check rewrites them with new ids."""
    return list(db.execute("SELECT count(*), coalesce(max(id), 0) FROM findings").fetchone())


class JsonHelper:
    """The kept findings written as JSON by two processes: the caller writes those before `middle`
    (`first_half`), the helper those from `middle` on, as the list's continuation, into a scratch
    file that `copy_second_half` then copies after them."""

    def __init__(self, store: Store, codes, severities, about, middle: tuple) -> None:
        from luocdo.i18n import language

        self.store, self.codes, self.severities, self.about, self.middle = (
            store,
            codes,
            severities,
            about,
            middle,
        )
        self.dir = Path(tempfile.mkdtemp(prefix="luocdo-validate-"))
        self.out = self.dir / "second-half.json"
        asked = {
            "lang": language(),
            "codes": codes,
            "severities": severities,
            "about": about,
            "start": middle,
            "state": findings_state(store.db),
        }
        self.log = (self.dir / "stderr").open("wb")
        self.proc = _start(
            [sys.executable, "-m", "luocdo.validate.second_process", "json", str(store.path), str(self.out)],
            subprocess.PIPE,
            self.log,
        )
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(asked).encode())
            self.proc.stdin.close()

    def __enter__(self) -> JsonHelper:
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def copy_second_half(self, out: TextIO) -> bool:
        """After the first half: the second, the helper's; False when it failed (the caller then
        writes it)."""
        if self.proc is None or self.proc.wait() != 0:
            return False
        with self.out.open(encoding="utf-8", newline="") as f:
            shutil.copyfileobj(f, out, 1 << 20)
        return True

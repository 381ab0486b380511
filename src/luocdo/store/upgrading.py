"""A store being upgraded to a newer schema, seen from another process.

A migration holds the store's write lock for minutes on a large store (3 to 20 at 200,000 reports).
Every other command that opens the store meanwhile waits for it; without a word it looked hung, then
failed with SQLite's "database is locked". The migrating process leaves a small file beside the store
(``STORE.upgrading``: its process id, the schema it upgrades to, since when) for as long as the
migration and the VACUUM after it run, so that a waiting command can say what it waits for and keep
waiting while that process lives.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Upgrade:
    pid: int
    schema: str
    since: float  # time.time() when it started


def marker_path(store: Path) -> Path:
    real = store.resolve()  # the same marker whatever link or relative path the store is opened by
    return real.with_name(real.name + ".upgrading")


def _started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, /proc/PID/stat field 22): a process id
    is reused, a start time with it is not. None where /proc is not there."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()[19]


def start(store: Path, schema: str) -> None:
    """Marks ``store`` as being upgraded by this process: called once it holds the write lock, so that
    the marker always names the process that migrates. A folder the marker cannot be written to does not
    stop the migration (the marker only informs other commands)."""
    with suppress(OSError):
        marker_path(store).write_text(
            json.dumps(
                {"pid": os.getpid(), "started": _started(os.getpid()), "schema": schema, "since": time.time()}
            ),
            encoding="utf-8",
        )


def done(store: Path) -> None:
    """Removes this process's marker (another process's is left alone)."""
    marker = marker_path(store)
    try:
        if json.loads(marker.read_text(encoding="utf-8")).get("pid") == os.getpid():
            marker.unlink(missing_ok=True)
    except (OSError, ValueError, AttributeError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def in_progress(store: Path) -> Upgrade | None:
    """The upgrade another living process is running on ``store``, if any. A marker left by a process
    that died (killed during its migration: SQLite rolled the migration back) is ignored and removed."""
    marker = marker_path(store)
    try:
        text = marker.read_text(encoding="utf-8")
        data = json.loads(text)
        upgrade = Upgrade(int(data["pid"]), str(data["schema"]), float(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if upgrade.pid == os.getpid():
        return None
    if not _alive(upgrade.pid) or data.get("started") not in (None, _started(upgrade.pid)):
        # its process ended (killed during the VACUUM after a committed migration, say), or the id is
        # another process's now: nothing to wait for, and nobody else would remove it
        with suppress(OSError):
            if marker.read_text(encoding="utf-8") == text:  # not a new migration's marker meanwhile
                marker.unlink()
        return None
    return upgrade


def waiting_line(store: Path, upgrade: Upgrade) -> str:
    started = time.strftime("%H:%M:%S", time.localtime(upgrade.since))
    return (
        f"{store}: another luocdo (process {upgrade.pid}) has been upgrading this store to schema"
        f" {upgrade.schema} since {started}; waiting for it to finish (a large store takes minutes)"
    )

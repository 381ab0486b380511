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
    return store.with_name(store.name + ".upgrading")


def start(store: Path, schema: str) -> None:
    """Marks ``store`` as being upgraded by this process: called once it holds the write lock, so that
    the marker always names the process that migrates. A folder the marker cannot be written to does not
    stop the migration (the marker only informs other commands)."""
    with suppress(OSError):
        marker_path(store).write_text(
            json.dumps({"pid": os.getpid(), "schema": schema, "since": time.time()}), encoding="utf-8"
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
    that died (killed during its migration: SQLite rolled the migration back) is ignored."""
    try:
        data = json.loads(marker_path(store).read_text(encoding="utf-8"))
        upgrade = Upgrade(int(data["pid"]), str(data["schema"]), float(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if upgrade.pid == os.getpid() or not _alive(upgrade.pid):
        return None
    return upgrade


def waiting_line(store: Path, upgrade: Upgrade) -> str:
    started = time.strftime("%H:%M:%S", time.localtime(upgrade.since))
    return (
        f"{store}: another luocdo (process {upgrade.pid}) has been upgrading this store to schema"
        f" {upgrade.schema} since {started}; waiting for it to finish (a large store takes minutes)"
    )

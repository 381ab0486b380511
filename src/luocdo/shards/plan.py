"""Which files go in which shard (plan.json, written once: a run started again cuts the same shards and
skips those already written), and the manifest of what is written (manifest.json, rebuilt from the
shards themselves after each one)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from luocdo.shards.files import ShardInfo, shard_info, shard_path
from luocdo.writing import replacing

PLAN = "plan.json"
MANIFEST = "manifest.json"


class PlanError(Exception):
    """A folder that cannot take this run's shards (one line)."""


@dataclass
class Shard:
    name: str
    files: list[str]  # absolute paths: every worker reads them (the same paths on every machine)


def cut(files: list[str], size: int) -> list[Shard]:
    return [Shard(f"shard-{i // size:05d}", files[i : i + size]) for i in range(0, len(files), size)]


def _write_json(path: Path, value) -> None:
    # ensure_ascii: a file name that is not valid UTF-8 (surrogate escapes) is kept exactly
    with replacing(path) as out:
        out.write(json.dumps(value, ensure_ascii=True, indent=1) + "\n")


def load_plan(folder: Path) -> list[Shard] | None:
    p = folder / PLAN
    if not p.exists():
        return None
    return [Shard(s["name"], s["files"]) for s in json.loads(p.read_text(encoding="utf-8"))["shards"]]


def make_plan(folder: Path, files: list[str], size: int) -> list[Shard]:
    """The plan of ``folder``: the one written before when it holds the same files (a run started again),
    else a new one. A folder holding shards of other files is refused."""
    old = load_plan(folder)
    if old is not None:
        if [f for s in old for f in s.files] != files:
            raise PlanError(
                f"{folder}: holds shards of another list of files (plan.json); give an empty folder"
            )
        return old
    if any(folder.glob("shard-*.parquet")):
        raise PlanError(f"{folder}: holds shards without a plan.json; give an empty folder")
    shards = cut(files, size)
    _write_json(folder / PLAN, {"version": 1, "shard_size": size, "shards": [asdict(s) for s in shards]})
    return shards


def finished(folder: Path, shards: list[Shard]) -> set[str]:
    return {s.name for s in shards if shard_path(folder, s.name).exists()}


@dataclass
class Manifest:
    shards: list[ShardInfo]
    missing: list[str]  # shards of the plan not written yet

    def total(self, name: str) -> int | float:
        t = sum(getattr(s, name) for s in self.shards)
        return round(t, 3) if isinstance(t, float) else t

    @property
    def failed(self) -> list[list[str]]:
        return [f for s in self.shards for f in s.failed]


def read_manifest(folder: Path, shards: list[Shard], known: dict[str, ShardInfo] | None = None) -> Manifest:
    """What is written of the plan, from the shards' own metadata (``known``: shards already read)."""
    known = known or {}
    done, missing = [], []
    for s in shards:
        p = shard_path(folder, s.name)
        if s.name in known:
            done.append(known[s.name])
        elif p.exists():
            done.append(shard_info(p))
        else:
            missing.append(s.name)
    return Manifest(done, missing)


def write_manifest(folder: Path, shards: list[Shard], known: dict[str, ShardInfo] | None = None) -> Manifest:
    m = read_manifest(folder, shards, known)
    totals = {
        k: m.total(k)
        for k in ("files", "records", "mentions", "text_bytes", "source_bytes", "shard_bytes", "cpu_seconds")
    }
    _write_json(
        folder / MANIFEST,
        {
            "version": 1,
            "complete": not m.missing,
            "shards_planned": len(shards),
            "shards_written": len(m.shards),
            **totals,
            "failed": len(m.failed),
            "shards": [asdict(s) | {"file": shard_path(folder, s.name).name} for s in m.shards],
            "missing": m.missing,
        },
    )
    return m


def absolute(path: Path) -> str:
    """The path every worker opens: absolute, not resolved (the store resolves it, on the worker, as
    ingest does)."""
    return os.fsdecode(os.path.abspath(path))

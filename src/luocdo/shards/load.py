"""Shards read back as the files ``Store.ingest_prepared`` writes: the same batches, savepoints and
resolution as ingesting the files themselves, in the order of the plan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from luocdo.shards.files import read_rows, shard_path
from luocdo.shards.plan import Manifest, PlanError, load_plan, read_manifest
from luocdo.shards.records import extraction_of
from luocdo.store.prepare import IngestResult, Prepared


def open_extracts(folder: Path) -> Manifest:
    """What ``folder`` holds; PlanError when it holds no shards."""
    plan = load_plan(folder) if folder.is_dir() else None
    if plan is None:
        raise PlanError(
            f"{folder}: no shards here (plan.json missing); write them with luocdo extract --shards"
        )
    return read_manifest(folder, plan)


def prepared_from(folder: Path, manifest: Manifest) -> Callable[[Callable[[str], str | None]], Iterator]:
    """The source ``Store.ingest_prepared`` takes: each row of each written shard as a Prepared file (or
    ``unchanged`` when the store holds that file with the same content)."""

    def source(stored_sha: Callable[[str], str | None]) -> Iterator[Prepared | IngestResult]:
        for info in manifest.shards:
            for row in read_rows(shard_path(folder, info.name)):
                old = stored_sha(row.key)
                if old == row.sha:
                    yield IngestResult(row.key, "unchanged")
                    continue
                yield Prepared(row.key, row.sha, row.size, row.text, extraction_of(row), old is not None)

    return source

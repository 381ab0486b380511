"""Extracting the files of a plan into shards: in this process (and its worker processes, as
``luocdo extract --jobs`` does), or on a Dask cluster, one task per shard. Both run the same function
on each file as ``luocdo ingest`` (``store.prepare``: read, hash, load, extract), so a shard holds
what ingest would have written."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from luocdo.load import display_path
from luocdo.shards.files import ShardInfo, remove_leftovers, write_shard
from luocdo.shards.plan import Shard, finished, make_plan, read_manifest, write_manifest
from luocdo.shards.records import Row, row_of
from luocdo.store.prepare import IngestResult, Prepared, prepared, store_key

# what a run reports as each shard is written: its counts, with the files that failed in it
Report = Callable[[ShardInfo], None]
MANIFEST_SECONDS = 5.0
CONNECT_SECONDS = 30


@dataclass
class RunResult:
    skipped: int  # shards written by an earlier run
    not_written: list[str]  # one line per shard that could not be written (a worker died on it)


class ClusterError(Exception):
    """The cluster cannot be used (one line)."""


def _shard_of(folder: Path, shard: Shard, results: Iterable[Prepared | IngestResult]) -> ShardInfo:
    info = ShardInfo(shard.name, files=len(shard.files))
    rows: list[Row] = []
    wall, cpu = time.perf_counter(), time.process_time()
    for path, item in zip(shard.files, results, strict=True):
        shown = display_path(path)
        if isinstance(item, IngestResult):
            info.failed.append([shown, item.error or "not read"])
            continue
        row = row_of(shown, item)
        try:  # Parquet holds valid UTF-8 only
            row.text.encode("utf-8")
            row.records.encode("utf-8")
        except UnicodeEncodeError as e:
            info.failed.append([shown, f"cannot be written to a shard ({e.reason})"])
            continue
        rows.append(row)
    info.seconds = round(time.perf_counter() - wall, 3)
    info.cpu_seconds = round(time.process_time() - cpu, 3)
    return write_shard(folder, info, rows)


def _extracted(files: list[str], jobs: int) -> Iterator[Prepared | IngestResult]:
    return prepared([Path(f) for f in files], lambda key: None, jobs, key_of=store_key, skip_repeats=False)


def build_shard(folder: str, shard: Shard, ocr: str) -> dict:
    """One shard, extracted and written by the calling process (a Dask task: a module-level function of
    plain arguments). Returns the shard's counts as a dict."""
    os.environ["LUOCDO_OCR"] = ocr
    os.environ["LUOCDO_OCR_JOBS"] = "1"
    return asdict(_shard_of(Path(folder), shard, _extracted(shard.files, 1)))


def run_here(folder: Path, todo: list[Shard], jobs: int, report: Report) -> None:
    """The shards to do, extracted by this process with ``jobs`` worker processes (one stream of files,
    cut into shards in order)."""
    results = _extracted([f for s in todo for f in s.files], jobs)
    for shard in todo:
        report(_shard_of(folder, shard, (next(results) for _ in shard.files)))


def run_on_dask(folder: Path, todo: list[Shard], scheduler: str, ocr: str, report: Report) -> list[str]:
    """The shards to do, one Dask task each, on the cluster at ``scheduler`` (tcp://HOST:8786) or on a
    local cluster of N worker processes (local:N). Workers open the files and write the shards
    themselves: both must be at the same paths on every worker. Returns one line per shard that failed
    (a worker died on it: its files are left for the next run)."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler.startswith("local:"):
        n = int(scheduler.split(":", 1)[1])
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
        except OSError as e:  # refused, timed out
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
    errors: list[str] = []
    try:
        futures = {client.submit(build_shard, str(folder), s, ocr, pure=False): s for s in todo}
        for fut in as_completed(futures):
            try:
                report(ShardInfo(**fut.result()))
            except Exception as e:  # noqa: BLE001 (a killed worker, a full disk: this shard only)
                errors.append(f"{futures[fut].name}: not written ({e.__class__.__name__}: {e})")
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return errors


def run(
    folder: Path,
    files: list[str],
    shard_size: int,
    *,
    jobs: int,
    scheduler: str | None,
    ocr: str,
    report: Report,
) -> RunResult:
    """Extract ``files`` into shards of ``shard_size`` files in ``folder``; shards written by an earlier
    run of the same files are skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder)
    plan = make_plan(folder, files, shard_size)
    done = finished(folder, plan)
    todo = [s for s in plan if s.name not in done]

    known = {m.name: m for m in read_manifest(folder, [s for s in plan if s.name in done]).shards}
    last = time.monotonic()

    def written(info: ShardInfo) -> None:
        # the shards are the record; the manifest is their summary, refreshed every few seconds
        nonlocal last
        known[info.name] = info
        if time.monotonic() - last >= MANIFEST_SECONDS:
            write_manifest(folder, plan, known)
            last = time.monotonic()
        report(info)

    errors: list[str] = []
    if todo:
        if scheduler:
            errors = run_on_dask(folder, todo, scheduler, ocr, written)
        else:
            run_here(folder, todo, jobs, written)
    write_manifest(folder, plan, known)
    return RunResult(len(done), errors)

"""Shard files: Parquet (zstd), one row per extracted file, written to a temporary name and renamed, so
a shard that exists is whole. The files that could not be read and the shard's counts travel in the
file's own key-value metadata: a folder of shards describes itself (the manifest is rebuilt from it)."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from luocdo.shards.records import Row

SUFFIX = ".parquet"
META_KEY = b"luocdo.shard"
FORMAT_VERSION = 1
SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("path", pa.string()),
        ("size", pa.int64()),
        ("sha", pa.string()),
        ("text", pa.large_string()),
        ("records", pa.large_string()),
        ("extra", pa.string()),
        ("mentions", pa.int32()),
    ]
)
ROWS_PER_GROUP = 256  # the loader reads a row group at a time: memory bounded by the group, not the shard


@dataclass
class ShardInfo:
    name: str
    files: int = 0  # files of the plan in this shard
    records: int = 0  # files extracted (rows)
    mentions: int = 0
    text_bytes: int = 0  # UTF-8 bytes of the extracted texts
    source_bytes: int = 0  # bytes of the files as read
    shard_bytes: int = 0
    failed: list[list[str]] = field(default_factory=list)  # [path, one-line reason]
    # reading and extracting the shard's files, in the process that did it (a Dask worker; with
    # `--jobs 1` this process; with more jobs this process's share only): throughput per worker
    seconds: float = 0.0
    cpu_seconds: float = 0.0


def shard_path(folder: Path, name: str) -> Path:
    return folder / f"{name}{SUFFIX}"


def write_shard(folder: Path, info: ShardInfo, rows: list[Row]) -> ShardInfo:
    """Write the rows as the shard ``info.name`` (temporary file, then rename)."""
    info.records = len(rows)
    info.mentions = sum(r.mentions for r in rows)
    info.text_bytes = sum(len(r.text.encode("utf-8")) for r in rows)
    info.source_bytes = sum(r.size for r in rows)
    columns = {f.name: [getattr(r, f.name) for r in rows] for f in fields(Row)}
    meta = {k: v for k, v in asdict(info).items() if k != "shard_bytes"}
    meta["version"] = FORMAT_VERSION
    table = pa.table(columns, schema=SCHEMA.with_metadata({META_KEY: json.dumps(meta)}))
    final = shard_path(folder, info.name)
    tmp = folder / f".{info.name}.{secrets.token_hex(4)}.tmp"
    try:
        pq.write_table(table, tmp, compression="zstd", row_group_size=ROWS_PER_GROUP)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    info.shard_bytes = final.stat().st_size
    return info


def shard_info(path: Path) -> ShardInfo:
    """The counts and failures a shard file carries."""
    meta = json.loads(pq.read_schema(path).metadata[META_KEY])
    if meta.pop("version", None) != FORMAT_VERSION:
        raise ValueError(f"{path}: not a shard of this version of luocdo")
    info = ShardInfo(**meta)
    info.shard_bytes = path.stat().st_size
    return info


def read_rows(path: Path) -> Iterator[Row]:
    """The rows of a shard in order, a row group at a time."""
    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=ROWS_PER_GROUP):
        cols = batch.to_pydict()
        for i in range(batch.num_rows):
            yield Row(**{name: cols[name][i] for name in cols})


def remove_leftovers(folder: Path) -> None:
    """Temporary files of a run that was killed while writing a shard."""
    for tmp in folder.glob(".shard-*.tmp"):
        tmp.unlink(missing_ok=True)

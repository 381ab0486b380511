"""The shard format: Parquet (zstd, as ``luocdo extract --shards`` writes) against gzip JSON Lines of the
same rows (the JSONL contract records, the text and the store's fields), per shard of the same files.
Size on disk, CPU seconds to write and to read back every row. Reads its rows from a folder of shards.

    .venv/bin/python bench/bench_shard_format.py --from-shards /tmp/shards20k --json out.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from dataclasses import asdict, fields
from pathlib import Path

from luocdo.shards.files import ShardInfo, read_rows, shard_path, write_shard
from luocdo.shards.plan import load_plan
from luocdo.shards.records import Row


def cpu() -> float:
    return time.process_time()


def write_jsonl_gz(path: Path, rows: list[Row], level: int) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=level) as out:
        for r in rows:
            out.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")


def read_jsonl_gz(path: Path) -> int:
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            Row(**json.loads(line))
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--from-shards", type=Path, required=True)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    shards = [list(read_rows(shard_path(a.from_shards, s.name))) for s in load_plan(a.from_shards)]
    text = sum(len(r.text.encode()) for rows in shards for r in rows)
    records = sum(len(r.records.encode()) for rows in shards for r in rows)
    out: dict = {"files": sum(map(len, shards)), "text_bytes": text, "records_bytes": records}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = cpu()
        for i, rows in enumerate(shards):
            write_shard(folder, ShardInfo(f"p{i}", files=len(rows)), rows)
        out["parquet_zstd"] = {"write_cpu_s": cpu() - t}
        t = cpu()
        n = sum(1 for i in range(len(shards)) for _ in read_rows(folder / f"p{i}.parquet"))
        out["parquet_zstd"]["read_cpu_s"] = cpu() - t
        out["parquet_zstd"]["bytes"] = sum(p.stat().st_size for p in folder.glob("p*.parquet"))
        assert n == out["files"]
        for level in (1, 6):
            name = f"jsonl_gzip{level}"
            t = cpu()
            for i, rows in enumerate(shards):
                write_jsonl_gz(folder / f"j{level}_{i}.jsonl.gz", rows, level)
            out[name] = {"write_cpu_s": cpu() - t}
            t = cpu()
            n = sum(read_jsonl_gz(folder / f"j{level}_{i}.jsonl.gz") for i in range(len(shards)))
            out[name]["read_cpu_s"] = cpu() - t
            out[name]["bytes"] = sum(p.stat().st_size for p in folder.glob(f"j{level}_*.jsonl.gz"))
            assert n == out["files"]
    for k in ("parquet_zstd", "jsonl_gzip1", "jsonl_gzip6"):
        out[k]["bytes_per_text_byte"] = round(out[k]["bytes"] / text, 3)
    assert [f.name for f in fields(Row)]  # the same columns in both formats
    print(json.dumps(out, indent=1))
    if a.json:
        a.json.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()

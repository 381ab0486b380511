"""Extraction written to shards (Parquet files) by one process or a Dask cluster, and loaded from them
into the store by the same code that ingests files (docs/scale.md, "A year of reports on many
machines"). Needs the ``scale`` extra (pyarrow; dask[distributed] for clusters)."""

DEFAULT_SHARD_SIZE = 1000  # files per shard: a task of about a second on one core

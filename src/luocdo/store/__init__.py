"""The store of record: SQLite, one transaction per file."""

from luocdo.store.db import Store, StoreError, default_store_path

__all__ = ["Store", "StoreError", "default_store_path"]

"""What every request shares: the settings, one read-only store connection per thread, the names
files are shown under, and answers cached until the store changes."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luocdo.store import Store, stamps

UPLOADS_SUFFIX = ".uploads"  # <store>.uploads/: the reports sent through the browser, under generated names
NAMES_FILE = "names.json"  # in each upload folder: generated name -> the name the file was sent under


@dataclass
class Settings:
    store: Path
    read_only: bool = False
    token: str | None = None  # required on every request when set
    max_upload_bytes: int = 200 * 2**20  # one request (all its files)
    max_file_bytes: int = 50 * 2**20  # one report, sent or inside a zip
    max_zip_entries: int = 2000
    max_zip_total_bytes: int = 1024 * 2**20  # everything a zip unpacks to
    max_zip_ratio: int = 200  # unpacked / packed size of one entry: above, a zip bomb
    loopback: bool = True  # served on a loopback address only (the Host header is then checked)

    @property
    def uploads(self) -> Path:
        return self.store.with_name(self.store.name + UPLOADS_SUFFIX)


@dataclass
class State:
    settings: Settings
    _local: threading.local = field(default_factory=threading.local)
    _cache: dict[str, tuple[tuple, Any]] = field(default_factory=dict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)
    _running: dict[str, tuple] = field(default_factory=dict)
    # one thread for the slow answers: one more store connection, one more core busy at most
    _background: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="luocdo-background")
    )

    def store(self) -> Store:
        """This thread's read-only connection (sqlite connections stay in their thread)."""
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = Store(self.settings.store, create=False)
        return st

    def generation(self) -> tuple:
        """Changes whenever a transaction that changes the store is committed: its facts' and its kept
        findings' stamps (luocdo.store.stamps; a checkpoint that folds the -wal into the file changes
        neither). A store without them (schema 11, read where it cannot be upgraded) by its files'
        sizes and times. Read through this thread's connection: inside a read transaction of its own
        it is that snapshot's, older at worst (an answer is then computed again, never kept too long)."""
        got = stamps.read(self.store().db)
        if got[0] is not None:
            return got
        out = []
        for p in (self.settings.store, Path(str(self.settings.store) + "-wal")):
            try:
                s = p.stat()
                out += [s.st_mtime_ns, s.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """compute() once per state of the store (validation of 10,000 reports takes seconds)."""
        gen = self.generation()
        with self._cache_lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] == gen:
            return hit[1]
        value = compute()
        with self._cache_lock:
            self._cache[key] = (gen, value)
            if len(self._cache) > 256:  # old documents' chains
                for k in [k for k in self._cache if k != "findings"][:64]:
                    del self._cache[k]
        return value

    def eventually(self, key: str, compute: Callable[[], Any]) -> Any | None:
        """compute()'s value for the current state of the store if ready, else the last value computed
        (None the first time) while compute() runs in a background thread: answers that take seconds on
        a large store (validation) never hold a page."""
        gen = self.generation()
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == gen:
                return hit[1]
            busy = self._running.get(key)
            if busy != gen:
                self._running[key] = gen
                self._background.submit(self._fill, key, gen, compute)
        return hit[1] if hit is not None else None

    def _fill(self, key: str, gen: tuple, compute: Callable[[], Any]) -> None:
        try:
            value = compute()
            with self._cache_lock:
                self._cache[key] = (gen, value)
        finally:
            with self._cache_lock:
                if self._running.get(key) == gen:
                    del self._running[key]

    def ready(self, key: str) -> bool:
        with self._cache_lock:
            hit = self._cache.get(key)
        return hit is not None and hit[0] == self.generation()

    # ---- the names files are shown under -----------------------------------------------------------
    def names(self) -> FileNames:
        return self.cached("file-names", lambda: FileNames.of(self.store(), self.settings.uploads))


@dataclass
class FileNames:
    """A stored path as people know it: a file sent through the browser by the name it was sent under,
    any other relative to the folder the reports share."""

    root: str
    uploaded: dict[str, str]

    @classmethod
    def of(cls, st: Store, uploads: Path) -> FileNames:
        up = str(uploads.resolve()) + os.sep
        uploaded: dict[str, str] = {}
        if uploads.is_dir():
            for names in uploads.glob(f"*/{NAMES_FILE}"):
                try:
                    for gen, orig in json.loads(names.read_text("utf-8")).items():
                        uploaded[str(names.parent.resolve() / gen)] = orig
                except (OSError, ValueError, AttributeError):
                    continue
        dirs = {os.path.dirname(r[0]) for r in st.db.execute("SELECT path FROM file_paths")}
        dirs = {d for d in dirs if not (d + os.sep).startswith(up)}
        try:
            root = os.path.commonpath(sorted(dirs)) if dirs else ""
        except ValueError:  # paths on several drives
            root = ""
        return cls(root, uploaded)

    def show(self, path: str | None) -> str:
        if not path:
            return ""
        if path in self.uploaded:
            return self.uploaded[path]
        if self.root and os.path.isabs(path):
            rel = os.path.relpath(path, self.root)
            if not rel.startswith(".."):
                return rel
        return path

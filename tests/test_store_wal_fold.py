"""A read-only Store that closes last folds the commits left in the -wal into the store file (restored from
68f80ff^, now that the caches go by the content stamps: tests/test_store_stamps.py)."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from luocdo.store import Store
from test_store import copy_samples


def _files_in_copy(path: Path, tmp_path: Path) -> int:
    """How many files a copy of the store file alone (no -wal, as `cp store.db` copies it) holds."""
    copy = tmp_path / f"copy{len(list(tmp_path.glob('copy*.db')))}.db"
    shutil.copy(path, copy)
    with sqlite3.connect(copy) as c:
        if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'files'").fetchone():
            return 0  # the file alone does not even hold the tables yet
        return c.execute("SELECT count(*) FROM files").fetchone()[0]


def _log_left_by_an_ingest(tmp_path: Path, n: int | None = None) -> tuple[Path, list[Path], Store]:
    """A store whose last commits sit in its -wal: the writer closed while a reader (returned, still
    open) read it, so the writer's close was not the last and did not fold the log."""
    reports = copy_samples(tmp_path / "r", n)
    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many(reports[:1]))
    reader = Store(path, create=False)
    reader.counts()
    list(st.ingest_many(reports[1:]))
    st.close()
    return path, reports, reader


def test_a_reader_closing_last_leaves_the_ingest_in_the_store_file(tmp_path):
    path, reports, reader = _log_left_by_an_ingest(tmp_path)
    assert Path(f"{path}-wal").stat().st_size > 0
    assert _files_in_copy(path, tmp_path) < len(reports)  # what a copy of the file alone was before
    reader.close()
    assert _files_in_copy(path, tmp_path) == len(reports)
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_a_reader_of_a_store_it_cannot_write_closes_without_error(tmp_path):
    path, reports, reader = _log_left_by_an_ingest(tmp_path, 3)
    os.chmod(path, 0o444)
    try:
        reader.close()  # the log stays: the file cannot be written
        if os.geteuid() != 0:  # root writes a read-only file anyway
            assert Path(f"{path}-wal").stat().st_size > 0
        again = Store(path, create=False)
        assert again.counts()["files"] == len(reports)
        again.close()
    finally:
        os.chmod(path, 0o644)


def test_a_reader_closing_while_a_writer_holds_the_lock_does_not_wait(tmp_path):
    reports = copy_samples(tmp_path / "r", 3)
    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many(reports[:2]))
    reader = Store(path, create=False)
    reader.counts()
    frames = Path(f"{path}-wal").stat().st_size
    before = path.read_bytes()
    st.db.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write
    reader.close()  # does not fold: a writer is at work
    assert path.read_bytes() == before and Path(f"{path}-wal").stat().st_size == frames
    st.db.execute("ROLLBACK")
    list(st.ingest_many(reports[2:]))
    assert st.counts()["files"] == len(reports)
    st.close()


def test_a_command_that_reads_without_closing_folds_the_log_at_its_exit(tmp_path):
    """Most read-only commands leave closing the store to the process's exit."""
    path, reports, reader = _log_left_by_an_ingest(tmp_path, 4)
    del reader  # this process keeps no reader open (the log would stay for it)
    gc.collect()
    read = "import sys; from luocdo.store import Store; Store(sys.argv[1], create=False).counts()"
    subprocess.run([sys.executable, "-c", read, str(path)], check=True)
    assert _files_in_copy(path, tmp_path) == len(reports)


def test_a_reader_on_a_read_only_file_system_does_not_fold(tmp_path, monkeypatch):
    """A mount without writes (os.access may still say yes: root, or a file system that checks late)."""
    from luocdo.store import wal_fold

    path, reports, reader = _log_left_by_an_ingest(tmp_path, 3)
    frames = Path(f"{path}-wal").stat().st_size
    before = path.read_bytes()
    real = os.statvfs
    monkeypatch.setattr(
        wal_fold.os,
        "statvfs",
        lambda p: os.statvfs_result((*real(p)[:8], real(p).f_flag | os.ST_RDONLY, real(p).f_namemax)),
    )
    reader.close()
    assert path.read_bytes() == before and Path(f"{path}-wal").stat().st_size == frames
    monkeypatch.undo()
    again = Store(path, create=False)
    assert again.counts()["files"] == len(reports)
    again.close()

"""An ingest never holds the list of its files: the folders are walked as the files are read, and
files named twice are still stored once (then `unchanged`), whatever the keys' hashes."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

import luocdo.store.prepare as prep
from luocdo.load.listing import ReportFiles
from luocdo.store import Store
from luocdo.store.prepare import IngestResult, Prepared, prepared
from test_parallel_ingest import corpus, dump


class _Counted:
    """A sized list of paths that counts how many were taken from it."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths, self.taken = paths, 0

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self):
        for p in self.paths:
            self.taken += 1
            yield p


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_files_are_taken_as_they_are_read(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(prep, "READ_AHEAD_FILES", 8)
    files = _Counted(corpus(tmp_path / "r", copies=12))  # 192 files
    gen = prepared(files, lambda key: None, jobs=jobs)
    first = next(gen)
    # one file in one process; in workers, the read-ahead window and one look-up of the store ahead
    bound = 1 if jobs == 1 else prep.READ_AHEAD_FILES * 2 + prep.LOOK_AHEAD_KEYS
    assert files.taken <= min(bound, len(files) - 1)
    assert [p.key for p in [first, *gen]] == [str(f.resolve()) for f in files.paths]


def test_walking_a_folder_holds_far_less_than_a_list_of_its_files(tmp_path):
    for i in range(40):
        (tmp_path / f"d{i:02}").mkdir()
        for j in range(50):
            (tmp_path / f"d{i:02}" / f"r{j:02}.md").write_text("x")
    files = ReportFiles([tmp_path])
    assert len(files) == 2000
    assert sum(1 for _ in files) == 2000  # what a first walk caches (the code's own first use)
    tracemalloc.start()
    try:
        n = sum(1 for _ in files)
        _, walked = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        held = list(files)
        _, listed = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == len(held) == 2000
    assert walked * 20 < listed, (walked, listed)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_keys_whose_hashes_collide_give_what_distinct_ones_give(tmp_path, monkeypatch, jobs):
    """Every key's hash the same: each file after the first is taken for a repeat, read again, found
    not stored and extracted then. The results, and the store, are what distinct hashes give."""
    files = corpus(tmp_path / "r")
    again = tmp_path / "r" / ".." / "r" / files[3].name
    named = [files[0], *files, again]  # a true repeat at both ends

    def ingest(db: Path) -> list[tuple[str, str]]:
        st = Store(db)
        out = [(Path(r.path).name, r.status) for r in st.ingest_many(named, jobs=jobs)]
        st.close()
        return out

    want = ingest(tmp_path / "a.db")
    names = [f.name for f in files]
    assert want == [(names[0], "added"), (names[0], "unchanged")] + [(n, "added") for n in names[1:]] + [
        (names[3], "unchanged")
    ]
    monkeypatch.setattr(prep, "hash", lambda key: 0, raising=False)
    got = ingest(tmp_path / "b.db")
    assert got == want
    assert dump(tmp_path / "b.db") == dump(tmp_path / "a.db")


def test_a_repeat_between_first_copies_keeps_its_place(tmp_path):
    files = corpus(tmp_path / "r", copies=3)
    again = tmp_path / "r" / ".." / "r" / files[0].name
    named = [*files[:5], again, *files[5:], again]
    out = list(prepared(named, lambda key: None, jobs=2))  # nothing stored: each repeat extracted again
    assert [p.key for p in out] == [str(f.resolve()) for f in named]
    assert all(isinstance(p, Prepared) for p in out) and not any(isinstance(p, IngestResult) for p in out)

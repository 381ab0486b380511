"""The folder answers show paths relative to, found with two index probes, is the one every path gives."""

from __future__ import annotations

import os
import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from luocdo.present import _shared_folder

part = st.sampled_from(["a", "a-b", "a.b", "b", "a b", "Đà", "x0", "0"])
path = st.lists(part, min_size=1, max_size=4).map(lambda xs: "/" + "/".join(xs))
relative = st.lists(part, min_size=1, max_size=3).map("/".join)


def _every_path(paths: list[str]) -> str:
    dirs = {os.path.dirname(p) for p in paths}
    try:
        return os.path.commonpath(sorted(dirs)) if dirs else ""
    except ValueError:
        return ""


@given(st.lists(st.one_of(path, path, path, relative), unique=True, max_size=8))
def test_shared_folder_is_the_common_folder_of_every_path(paths):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)")
    db.executemany("INSERT INTO files (path) VALUES (?)", [(p,) for p in paths])
    try:
        got = _shared_folder(db)
    except ValueError:
        got = ""
    assert got == _every_path(paths)

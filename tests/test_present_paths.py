"""rel_path's shortcut (a path written plainly under the store's folder) gives what os.path.relpath gives."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luocdo import present

part = st.text(alphabet="ab.é /", min_size=0, max_size=6)


@pytest.mark.skipif(os.sep != "/", reason="the shortcut is taken on POSIX paths only")
@given(root=st.lists(part, min_size=0, max_size=4), rest=st.lists(part, min_size=0, max_size=4))
def test_a_plain_path_under_the_root_is_the_rest_of_it(root, rest):
    r = "/" + "/".join(root)
    p = r + "/" + "/".join(rest)
    for path in (p, p.replace("//", "/"), r + "x" + "/".join(rest)):
        if present._plain_under(path, r):
            assert path[len(r) + 1 :] == os.path.relpath(path, r), (path, r)


def test_the_shortcut_is_taken_for_a_plain_path_and_not_otherwise():
    assert present._plain_under("/data/q/r1/a.md", "/data/q")
    for p in ("/data/q/./a.md", "/data/q/../a.md", "/data/q//a.md", "/data/qa.md", "/data/q/", "/data/q"):
        assert not present._plain_under(p, "/data/q"), p

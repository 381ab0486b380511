"""The files an ingest reads from a folder: `expand` against its plain definition on any tree of
folders, files and symbolic links (to files, to folders, dangling, looping), and the count
`ReportFiles` gives before it lists them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luocdo.cli.common import TEXT_SUFFIXES, expand
from luocdo.load.listing import ReportFiles


def _plain(paths: list[Path], errors: list[str]) -> list[Path]:
    """Every entry resolved and stat'ed, in Path order: what expand must give, in any way it likes."""
    out: list[Path] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        found: list[Path] = []
        for folder, dirs, files in os.walk(p):
            found.extend(Path(folder) / n for n in dirs + files)
        seen: set[Path] = set()
        for f in sorted(found):
            try:
                real = f.resolve(strict=True)
            except (OSError, RuntimeError) as e:
                errors.append(f"{f}: cannot follow ({e.__class__.__name__})")
                continue
            if (
                f.is_file()
                and f.suffix.lower() in TEXT_SUFFIXES
                and not f.name.startswith(".")
                and not f.stem.upper().startswith("README")
                and real not in seen
            ):
                seen.add(real)
                out.append(f)
    return out


NAMES = st.sampled_from(
    [
        "a.md",
        "b.txt",
        "B.MD",
        "readme.md",
        "README.txt",
        ".h.md",
        "x.",
        ".md",
        "c.docx",
        "d.png",
        "e",
        "a-b",
        "a",
    ]
)
ENTRY = st.tuples(
    st.lists(st.sampled_from(["a", "a-b", "z"]), max_size=2),  # the folder it is in
    NAMES,
    st.sampled_from(["file", "dir", "link-file", "link-dir", "dangling", "loop"]),
    st.integers(0, 20),  # which earlier entry a link points at
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ENTRY, max_size=14), st.booleans())
def test_expand_is_its_plain_definition(entries, two_roots):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "r"
        root.mkdir()
        made: list[Path] = []
        for folder, name, kind, target in entries:
            where = root.joinpath(*folder)
            steps = [root.joinpath(*folder[: i + 1]) for i in range(len(folder))]
            if any(q.is_symlink() or q.exists() and not q.is_dir() for q in steps):
                continue  # a folder of the tree through a link or a file: not a place for an entry
            where.mkdir(parents=True, exist_ok=True)
            path = where / name
            if os.path.lexists(path):
                continue
            if kind == "file":
                path.write_text("x")
            elif kind == "dir":
                path.mkdir()
            elif kind in ("link-file", "link-dir") and made:
                path.symlink_to(made[target % len(made)])
            elif kind == "dangling":
                path.symlink_to(Path(tmp) / "nowhere")
            elif kind == "loop":
                path.symlink_to(path)
            else:
                continue
            made.append(path)
        roots = [root, root / "a"] if two_roots and (root / "a").is_dir() else [root]
        got_errors: list[str] = []
        want_errors: list[str] = []
        assert expand(roots, got_errors) == _plain(roots, want_errors)
        assert [e.replace(tmp, "") for e in got_errors] == [e.replace(tmp, "") for e in want_errors]
        # the count known before the walk that lists them, and the same files listed again
        files = ReportFiles(roots)
        assert len(files) == len(list(files)) == len(list(files))

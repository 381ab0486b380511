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


def _scandir_refusing(monkeypatch, names: set[str], reversed_in: Path | None = None) -> None:
    """os.scandir refusing the folders named ``names`` (as a folder without read permission does; the
    tests run as root, whom chmod does not stop), and listing ``reversed_in`` in reverse name order."""
    import errno

    real = os.scandir

    class Listed:
        def __init__(self, entries):
            self.entries = iter(entries)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def close(self):
            pass

        def __iter__(self):
            return self

        def __next__(self):
            return next(self.entries)

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) in names:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        if reversed_in is not None and os.fspath(path) == os.fspath(reversed_in):
            with real(path) as it:
                return Listed(sorted(it, key=lambda e: e.name, reverse=True))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_link_to_a_file_of_a_folder_that_cannot_be_listed_is_listed(tmp_path, monkeypatch):
    """m.md -> locked/z.md: the walk never meets z.md, so the link is the file's only way in."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "z.md").write_text("x")
    (tmp_path / "m.md").symlink_to(tmp_path / "locked" / "z.md")
    _scandir_refusing(monkeypatch, {"locked"})
    errors: list[str] = []
    files = ReportFiles([tmp_path], errors)
    assert [p.name for p in files] == ["m.md"] and len(files) == 1
    assert len(errors) == 1 and "locked: cannot read this folder" in errors[0]


def test_unreadable_folders_are_reported_in_the_order_os_walk_reports_them(tmp_path, monkeypatch):
    for n in ("a", "b"):
        (tmp_path / n).mkdir()
    _scandir_refusing(monkeypatch, {"a", "b"}, reversed_in=tmp_path)
    walked: list[str] = []
    for _ in os.walk(tmp_path, onerror=lambda e: walked.append(os.path.basename(e.filename))):
        pass
    errors: list[str] = []
    ReportFiles([tmp_path], errors)
    assert walked == ["b", "a"]
    assert [Path(e.split(":")[0]).name for e in errors] == walked


def test_files_removed_or_added_after_the_count_are_said_or_read(tmp_path, monkeypatch):
    """The files are listed as their folder is read: one added since the start is read too; one removed
    (or a folder that can no longer be read) is one line naming its folder and how many are missing."""
    for name in ("a.md", "b.md", "sub/c.md", "sub/d.md", "gone/e.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    errors: list[str] = []
    files = ReportFiles([tmp_path], errors)
    assert len(files) == 5 and errors == []
    (tmp_path / "b.md").unlink()
    (tmp_path / "sub" / "a2.md").write_text("x")
    _scandir_refusing(monkeypatch, {"gone"})
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "a.md",
        "sub/a2.md",
        "sub/c.md",
        "sub/d.md",
    ]
    assert errors == [
        f"{tmp_path}: 1 of its 2 report file(s) were gone when it was read (removed since the start, or the"
        " folder can no longer be read)",
        f"{tmp_path / 'gone'}: 1 of its 1 report file(s) were gone when it was read (removed since the"
        " start, or the folder can no longer be read)",
    ]


def test_names_that_are_not_utf8_may_give_one_key_twice(tmp_path):
    """A name with bytes that are not UTF-8 is kept with them escaped as \\xNN: a name spelling that
    escape reads the same, so such a folder is checked for repeats like several inputs are."""
    (tmp_path / "plain.md").write_text("x")
    assert not ReportFiles([tmp_path]).may_repeat
    (tmp_path / os.fsdecode(b"q\xff.md")).write_text("x")
    assert ReportFiles([tmp_path]).may_repeat
    assert ReportFiles([tmp_path / "plain.md", tmp_path / "plain.md"]).may_repeat

"""The report files inside the files and folders a command is given, listed while they are read.

An ingest of a year of reports names millions of files. A list of them as Path objects held for the
whole run cost about 0.7 KB a file (140 MB at 200,000 reports, the writer's largest use of memory), so
``ReportFiles`` walks each folder twice instead: once at the start, to count the files (the progress
bar, the choice of worker processes and of a bulk load) and to find what the walk reports (folders that
cannot be read, links that cannot be followed, files reached twice through links); then once more as
the files are read, holding the sorted names of the folders it is in, never a list of every file.

The files of a folder are its report files (a text suffix of ``SUFFIXES``, not hidden, not a README)
and those of its sub-folders, in the order of their parts below it. A link to a file counts as a file
(a file reached twice, through links or directly, is listed once, where the walk meets it first);
linked folders are not entered.
"""

from __future__ import annotations

import heapq
import os
import stat
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from luocdo.load import SUFFIXES, display_path

_FILE, _FOLDER, _LINK = 0, 1, 2

Parts = tuple[str, ...]


def report_name(name: str) -> bool:
    """A report file's name: a text suffix, not hidden, not a README (Path's suffix and stem of it)."""
    dot = name.rfind(".")
    if not 0 < dot < len(name) - 1:
        return False  # no suffix (Path("a.").suffix and Path(".md").suffix are empty)
    return (
        name[dot:].lower() in SUFFIXES
        and not name.startswith(".")
        and not name[:dot].upper().startswith("README")
    )


@dataclass
class _Folder:
    """What the first walk of one folder given decided about its links: the few entries the second walk
    cannot decide from an entry alone."""

    root: Path
    real: str  # the folder's real path: a file's under it is this joined with its parts
    links: set[Parts] = field(default_factory=set)  # the links listed (each the first of its file)
    reached_earlier: set[str] = field(default_factory=set)  # files a link listed before the walk met them
    # the files each folder below gives: the second walk says which folders gave fewer
    in_folder: Counter[Parts] = field(default_factory=Counter)
    undecodable: bool = False  # a name that is not valid UTF-8: two names can then have one key


class ReportFiles:
    """The report files of ``inputs`` (files and folders; ``str`` for a path not yet a Path), in order.

    ``len()`` is known at once; ``errors`` gets one line per folder that cannot be read and per link that
    cannot be followed, as the first walk finds them. Iterating walks the folders again and lists what
    each folder holds when the walk reads it: a file added meanwhile is listed too (``len()`` did not
    count it), and a folder that gives fewer files than it did at the start gets one more line in
    ``errors`` once it is walked (its files were removed, or it can no longer be read), since the
    files themselves cannot be named without holding the list."""

    def __init__(self, inputs: Sequence[Path | str], errors: list[str] | None = None) -> None:
        self._inputs = inputs
        self._errors = errors
        self._folders: dict[int, _Folder] = {}
        self._count = 0
        for i, given in enumerate(inputs):
            p = Path(given)
            if not p.is_dir():
                self._count += 1
                continue
            folder = _first_walk(p, errors)
            self._folders[i] = folder
            self._count += sum(folder.in_folder.values())

    @property
    def may_repeat(self) -> bool:
        """Whether two files listed can have one key (luocdo.store.prepare.store_key): the same file
        named by two inputs, or two names that are not valid UTF-8 and read the same once escaped
        (within one folder of valid names, never)."""
        return len(self._inputs) > 1 or any(f.undecodable for f in self._folders.values())

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Path]:
        for i, given in enumerate(self._inputs):
            folder = self._folders.get(i)
            if folder is None:
                yield Path(given)
            else:
                yield from _second_walk(folder, self._errors)


def holds_at_least(inputs: Sequence[Path | str], n: int) -> bool:
    """Whether ``inputs`` give at least ``n`` report files, walking no further than it takes to find
    them: each input that is not a folder counts one, a folder its report files and those of its
    sub-folders. Links are not counted, nor followed: ``len(ReportFiles(inputs))`` is never smaller."""
    count = 0
    folders: list[str] = []
    for given in inputs:
        if os.path.isdir(given):
            folders.append(os.fspath(given))
        else:
            count += 1
    while folders and count < n:
        try:
            with os.scandir(folders.pop()) as it:
                for entry in it:
                    try:
                        if entry.is_symlink():
                            continue
                        if entry.is_dir(follow_symlinks=False):
                            folders.append(entry.path)
                        elif report_name(entry.name) and entry.is_file(follow_symlinks=False):
                            count += 1
                            if count >= n:
                                break
                    except OSError:
                        continue
        except OSError:
            continue
    return count >= n


def expand(paths: Sequence[Path | str], errors: list[str] | None = None) -> list[Path]:
    """The report files of ``paths`` as a list (for a few files; an ingest iterates ``ReportFiles``)."""
    return list(ReportFiles(paths, errors))


def _listing(
    folder: str, unreadable: list[OSError] | None = None, *, ordered: bool = True
) -> Iterator[tuple[str, int]] | None:
    """The entries of ``folder`` a walk looks at: sub-folders, links and report files, in the order of
    their names (``ordered``), else in the folder's own order. None when the folder cannot be read (the
    error added to ``unreadable``)."""
    files: list[str] = []
    folders: list[str] = []
    links: list[str] = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                try:
                    if entry.is_symlink():
                        links.append(entry.name)
                    elif entry.is_dir(follow_symlinks=False):
                        folders.append(entry.name)
                    elif report_name(entry.name) and entry.is_file(follow_symlinks=False):
                        files.append(entry.name)
                except OSError:
                    continue
    except OSError as e:
        if unreadable is not None:
            unreadable.append(e)
        return None
    tagged = [
        zip(names, repeat(kind)) for names, kind in ((files, _FILE), (folders, _FOLDER), (links, _LINK))
    ]
    if not ordered:
        return (entry for entries in tagged for entry in entries)
    files.sort()
    folders.sort()
    links.sort()
    return heapq.merge(*tagged)


def _first_walk(root: Path, errors: list[str] | None) -> _Folder:
    """Count the report files under ``root`` and decide which links are listed. Folders that cannot be
    read are reported in the order the walk meets them, then links that cannot be followed in the
    order of their parts."""
    folder = _Folder(root, os.path.realpath(root))
    unreadable: list[OSError] = []
    unreadable_parts: set[Parts] = set()
    broken: list[tuple[Parts, str]] = []
    targets: dict[str, list[Parts]] = {}  # a file reached through links -> the links, in walk order
    todo: list[tuple[str, Parts]] = [(os.fspath(root), ())]
    while todo:
        path, above = todo.pop()
        entries = _listing(path, unreadable, ordered=False)  # sub-folders in the order os.walk takes them
        if entries is None:
            unreadable_parts.add(above)
            continue
        subfolders = []
        for name, kind in entries:
            parts = (*above, name)
            if not name.isascii() and display_path(name) != name:
                folder.undecodable = True
            if kind == _FILE:
                folder.in_folder[above] += 1
            elif kind == _FOLDER:
                subfolders.append((os.path.join(path, name), parts))
            else:
                f = root.joinpath(*parts)
                try:
                    real = os.fspath(f.resolve(strict=True))
                    wanted = report_name(name) and f.is_file()
                except (OSError, RuntimeError) as e:
                    broken.append((parts, f"{display_path(f)}: cannot follow ({e.__class__.__name__})"))
                    continue
                if wanted:
                    targets.setdefault(real, []).append(parts)
        todo.extend(reversed(subfolders))
    if errors is not None:
        for e in unreadable:
            why = e.strerror or e.__class__.__name__
            errors.append(
                f"{display_path(e.filename)}: cannot read this folder ({why}); its files were skipped"
            )
        errors.extend(why for _, why in sorted(broken))
    for real, links in targets.items():
        walked = _walked_file(folder.real, real, unreadable_parts)
        first = min(links) if walked is None else min(*links, walked)
        if first != walked:  # a link is listed; the file itself, if the walk meets it, is not
            folder.links.add(first)
            folder.in_folder[first[:-1]] += 1
            if walked is not None:
                folder.reached_earlier.add(real)
                folder.in_folder[walked[:-1]] -= 1
    return folder


def _walked_file(root_real: str, real: str, unreadable: set[Parts]) -> Parts | None:
    """The parts of ``real`` below the folder when the walk lists it as a file of its own (not through a
    link), else None. A real path has no link in it, so the walk reaches it unless a folder on the way
    could not be read."""
    prefix = root_real if root_real.endswith(os.sep) else root_real + os.sep
    if not real.startswith(prefix):
        return None
    parts = tuple(real[len(prefix) :].split(os.sep))
    if not report_name(parts[-1]) or any(parts[:i] in unreadable for i in range(len(parts))):
        return None
    try:
        return parts if stat.S_ISREG(os.lstat(real).st_mode) else None
    except OSError:
        return None


def _second_walk(folder: _Folder, errors: list[str] | None) -> Iterator[Path]:
    listed: Counter[Parts] = Counter()
    for parts, kind in _walk_sorted(os.fspath(folder.root), ()):
        if kind == _LINK:
            if parts not in folder.links:
                continue
        elif folder.reached_earlier and os.path.join(folder.real, *parts) in folder.reached_earlier:
            continue
        listed[parts[:-1]] += 1
        yield folder.root.joinpath(*parts)
    if errors is None:
        return
    for above, n in sorted(folder.in_folder.items()):
        if listed[above] < n:
            errors.append(
                f"{display_path(folder.root.joinpath(*above))}: {n - listed[above]} of its {n} report file(s)"
                " were gone when it was read (removed since the start, or the folder can no longer be read)"
            )


def _walk_sorted(path: str, above: Parts) -> Iterator[tuple[Parts, int]]:
    """The files and links under ``path`` in the order of their parts (a folder's entries before the
    next entry of its parent)."""
    entries = _listing(path)
    if entries is None:
        return  # what it gave at the start is missed: _second_walk says so
    for name, kind in entries:
        if kind == _FOLDER:
            yield from _walk_sorted(os.path.join(path, name), (*above, name))
        else:
            yield (*above, name), kind

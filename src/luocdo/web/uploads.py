"""Reports sent through the browser, written under generated names: no name or path from a request
ever reaches the file system. A zip is unpacked entry by entry with limits (entries, size of each and
in total, packing ratio: a zip bomb is refused) and an entry whose name climbs out (`../x`, `/etc/x`,
`C:\\x`) is refused by name, never written."""

from __future__ import annotations

import json
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from luocdo.i18n import _
from luocdo.load import SUFFIXES
from luocdo.web.state import NAMES_FILE, Settings

CHUNK = 1 << 20


class TooLarge(Exception):
    pass


@dataclass
class Staged:
    """The files of one upload, ready to ingest: generated path -> the name it was sent under."""

    folder: Path
    files: dict[Path, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # one line per file refused

    def save_names(self) -> None:
        names = {p.name: shown for p, shown in self.files.items()}
        (self.folder / NAMES_FILE).write_text(json.dumps(names, ensure_ascii=False), "utf-8")


def shown_name(name: str | None) -> str:
    """A sent name as text to show (never used as a path): the last part, printable, at most 120."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable())
    return name[:120] or "?"


def suffix_of(name: str) -> str | None:
    """The report suffix the name ends with (.docx, .pdf …), or None."""
    s = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    return s if s in SUFFIXES else None


def climbs_out(name: str) -> bool:
    """A zip entry name that would leave the folder it is unpacked into."""
    n = name.replace("\\", "/")
    return n.startswith("/") or (len(n) > 1 and n[1] == ":") or ".." in n.split("/") or "\x00" in n


class Stager:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.uploads.mkdir(parents=True, exist_ok=True)
        self.staged = Staged(Path(tempfile.mkdtemp(prefix="job-", dir=settings.uploads)))
        self.n = 0

    def _target(self, suffix: str) -> Path:
        self.n += 1
        return self.staged.folder / f"{self.n:04d}{suffix}"

    def _copy(self, src: BinaryIO, dst: Path, limit: int) -> None:
        written = 0
        with dst.open("wb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise TooLarge
                out.write(chunk)

    def add(self, name: str | None, data: BinaryIO) -> None:
        shown = shown_name(name)
        if shown.lower().endswith(".zip"):
            self._zip(shown, data)
            return
        suffix = suffix_of(shown)
        if suffix is None:
            self.staged.errors.append(
                _("{name}: not a report file (.docx, .doc, .pdf, .rtf, .txt, .md or a .zip of them)").format(
                    name=shown
                )
            )
            return
        target = self._target(suffix)
        try:
            self._copy(data, target, self.settings.max_file_bytes)
        except TooLarge:
            target.unlink(missing_ok=True)
            self.staged.errors.append(
                _("{name}: larger than {mb} MB, not read").format(
                    name=shown, mb=self.settings.max_file_bytes // 2**20
                )
            )
            return
        self.staged.files[target] = shown

    def _zip(self, shown: str, data: BinaryIO) -> None:
        s = self.settings
        try:
            zf = zipfile.ZipFile(data)
        except (zipfile.BadZipFile, OSError, ValueError):
            self.staged.errors.append(_("{name}: not a readable zip file").format(name=shown))
            return
        with zf:
            entries = [i for i in zf.infolist() if not i.is_dir()]
            if len(entries) > s.max_zip_entries:
                self.staged.errors.append(
                    _("{name}: more than {n} files in the zip, not unpacked").format(
                        name=shown, n=s.max_zip_entries
                    )
                )
                return
            declared = sum(i.file_size for i in entries)
            if declared > s.max_zip_total_bytes:
                self.staged.errors.append(
                    _("{name}: unpacks to more than {mb} MB, not unpacked").format(
                        name=shown, mb=s.max_zip_total_bytes // 2**20
                    )
                )
                return
            for info in entries:
                self._entry(zf, info, shown)

    def _entry(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str) -> None:
        s = self.settings
        entry = shown_name(info.filename)
        where = f"{zip_name} › {entry}"
        if climbs_out(info.filename):
            self.staged.errors.append(
                _("{name}: a path leaving the folder ({path}), refused").format(
                    name=zip_name, path=shown_name(info.filename.replace("/", "∕"))
                )
            )
            return
        if entry.startswith(".") or entry.startswith("__MACOSX"):
            return
        suffix = suffix_of(entry)
        if suffix is None:
            if entry.lower().endswith(".zip"):
                self.staged.errors.append(_("{name}: a zip inside the zip, not unpacked").format(name=where))
            else:
                self.staged.errors.append(_("{name}: not a report file, skipped").format(name=where))
            return
        if info.file_size > s.max_file_bytes:
            self.staged.errors.append(
                _("{name}: larger than {mb} MB, not read").format(name=where, mb=s.max_file_bytes // 2**20)
            )
            return
        if info.compress_size and info.file_size / info.compress_size > s.max_zip_ratio:
            self.staged.errors.append(
                _("{name}: packed suspiciously tightly (a zip bomb?), refused").format(name=where)
            )
            return
        target = self._target(suffix)
        try:
            with zf.open(info) as src:  # the declared size is checked again while reading
                self._copy(src, target, min(s.max_file_bytes, info.file_size))
        except TooLarge:
            target.unlink(missing_ok=True)
            self.staged.errors.append(_("{name}: larger than it says, refused").format(name=where))
            return
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as e:
            target.unlink(missing_ok=True)
            self.staged.errors.append(
                _("{name}: cannot be unpacked ({why})").format(name=where, why=e.__class__.__name__)
            )
            return
        self.staged.files[target] = where

    def finish(self) -> Staged:
        if self.staged.files:
            self.staged.save_names()
        else:
            shutil.rmtree(self.staged.folder, ignore_errors=True)
        return self.staged

"""Writing outputs safely: text every XML reader accepts, CSV cells a spreadsheet does not evaluate, and
files replaced in one step (a full disk or a crash never leaves the target 0-byte or truncated)."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

# ---- XML 1.0 -----------------------------------------------------------------------------------------
# Characters XML 1.0 does not allow at all (not even as &#…;): C0 controls other than tab, LF and CR,
# lone surrogates (a file name read with surrogateescape) and the non-characters U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_LIKE = "\x0b\x0c"  # vertical tab (Word's manual line break) and form feed read as a space


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 forbids replaced: vertical tab and form feed by a space, the
    others by U+FFFD (so that a reader sees something was there)."""
    if not XML_ILLEGAL.search(text):
        return text
    return XML_ILLEGAL.sub(lambda m: " " if m.group() in _LINE_LIKE else "\ufffd", text)


def xml_value(value: Any) -> Any:
    """xml_text for strings, anything else unchanged."""
    return xml_text(value) if isinstance(value, str) else value


# ---- CSV ---------------------------------------------------------------------------------------------
# OWASP "CSV Injection": a cell starting with one of these is read as a formula by Excel, LibreOffice and
# Google Sheets; a leading apostrophe makes it text. Vietnamese reports are full of "- " bullet lines.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: strings starting with = + - @ tab or CR get a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


# ---- files replaced in one step ---------------------------------------------------------------------
def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temporary_name(target: Path) -> Path:
    return target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"


@contextlib.contextmanager
def replacing(
    path: str | Path,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    buffering: int = -1,
) -> Iterator[IO]:
    """Open a temporary file beside `path` for writing; when the block ends without an error it is
    synced and renamed over `path`, otherwise it is removed and `path` stays as it was.

    A `path` that exists but is no regular file (a pipe), or one under /dev or /proc (/dev/stdout, even
    when it stands for a regular file), is written directly."""
    path = Path(path)
    if "b" in mode:
        encoding = None
    if (path.exists() and not path.is_file()) or path.absolute().parts[1:2] in (("dev",), ("proc",)):
        with open(path, mode, encoding=encoding, newline=newline, buffering=buffering) as f:
            yield f
        return
    target = Path(os.path.realpath(path))  # a symbolic link keeps pointing at the new file
    tmp = _temporary_name(target)
    # created as open() creates a file (0o666 less the umask); an existing file's mode is kept
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline, buffering=buffering) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def replacing_folder(path: str | Path) -> Iterator[Path]:
    """A temporary folder beside `path` to write files into; when the block ends without an error its
    files are synced and moved into `path` (created if needed), each replacing the file of the same name
    in one step. On an error the temporary folder is removed and `path` stays as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_name(path)
    os.mkdir(tmp)  # 0o777 less the umask, as a new folder
    try:
        yield tmp
        files = sorted(tmp.iterdir())
        for f in files:
            _fsync(f)
        if not path.exists():
            os.rename(tmp, path)
            return
        for f in files:
            os.replace(f, path / f.name)
        tmp.rmdir()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def cannot_write(path: str | Path, e: OSError) -> str:
    """The one line for a failed write: 'PATH: cannot write (No space left on device)'."""
    return f"{path}: cannot write ({e.strerror or e.__class__.__name__})"

"""The limits that keep one hostile or broken file from taking the whole machine (docs/inputs.md).

Each is read from its environment variable when it is needed, so a test or a user can lower it for
one run. A value that is not a number, or is zero, negative or NaN, gives the default; ``inf`` (or a
number too large for a float, such as ``1e400``) means no limit.
"""

from __future__ import annotations

import math
import os
import sys

MB = 2**20

# name: (default, what it bounds)
DEFAULTS: dict[str, float] = {
    "LUOCDO_MAX_FILE_MB": 100,  # bytes of one file, read from disk
    "LUOCDO_MAX_CHARS": 0,  # characters of text one file may expand to (0 here: LUOCDO_MAX_FILE_MB × 2**20)
    "LUOCDO_MAX_UNZIPPED_MB": 100,  # uncompressed bytes of all the parts of one Word (.docx) file read
    "LUOCDO_MAX_ZIP_RATIO": 100,  # uncompressed / compressed size of one .docx part (over 1 MB)
    "LUOCDO_FILE_SECONDS": 120,  # time to read and extract one file
    "LUOCDO_PARSER_MB": 2048,  # address space of the helper process that parses PDF files
}


def env_number(name: str) -> float:
    """The limit set by ``name``, or its default; ``math.inf`` when it is unlimited."""
    default = DEFAULTS[name]
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except (ValueError, OverflowError):
        return default
    if math.isnan(value) or value <= 0:
        return default
    return value


def _count(value: float, unit: int = 1) -> int:
    """A limit as an int (unlimited: the largest index Python has)."""
    if math.isinf(value) or value * unit >= sys.maxsize:
        return sys.maxsize
    return int(value * unit)


def max_bytes() -> int:
    """Largest file read (LUOCDO_MAX_FILE_MB, default 100 MB): a report is far smaller."""
    return _count(env_number("LUOCDO_MAX_FILE_MB"), MB)


def max_chars() -> int:
    """Most characters of text one file may give (LUOCDO_MAX_CHARS; by default as many as the largest
    file allowed has bytes: a .doc, .docx or PDF may not expand beyond what a plain text could hold)."""
    value = env_number("LUOCDO_MAX_CHARS")
    return max_bytes() if value == 0 else _count(value)


def max_unzipped() -> int:
    """Most uncompressed bytes read from the parts of one .docx (LUOCDO_MAX_UNZIPPED_MB)."""
    return _count(env_number("LUOCDO_MAX_UNZIPPED_MB"), MB)


def max_zip_ratio() -> float:
    """Largest compression ratio of a .docx part over 1 MB (LUOCDO_MAX_ZIP_RATIO)."""
    return env_number("LUOCDO_MAX_ZIP_RATIO")


def file_seconds() -> float:
    """Time allowed to read and extract one file (LUOCDO_FILE_SECONDS; math.inf: no deadline)."""
    return env_number("LUOCDO_FILE_SECONDS")


def parser_bytes() -> int:
    """Address space of the PDF helper process (LUOCDO_PARSER_MB)."""
    return _count(env_number("LUOCDO_PARSER_MB"), MB)


def chars_exceeded(limit: int) -> str:
    """The one-line reason a file is refused for expanding to ``n`` characters."""
    return (
        f"expands to more than {limit:,} characters of text (the limit is LUOCDO_MAX_CHARS): "
        "a decompression bomb, not a report"
    )

"""Load any report file into Unicode text with a position map: ``read_document(path)``.

The format is told by the content (magic bytes), not by the name: a PDF named .txt is read as a
PDF. Every failure is a LoadError with one line saying why.
"""

from __future__ import annotations

import stat
from pathlib import Path

from luocdo.load.document import LoadedDocument
from luocdo.load.limits import chars_exceeded, max_bytes, max_chars
from luocdo.load.reader import LoadError, decode_text

__all__ = [
    "SUFFIXES",
    "display_path",
    "LoadError",
    "LoadedDocument",
    "load_bytes",
    "max_bytes",
    "read_bytes",
    "read_document",
    "sniff",
]

# what folder expansion picks up; single files are read whatever their name
SUFFIXES = {".txt", ".md", ".markdown", ".text", ".docx", ".doc", ".pdf", ".rtf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}  # scans, read by OCR (luocdo.load.ocr)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"GIF8": "GIF",
}
_ARCHIVES = {b"\x1f\x8b": "gzip", b"7z\xbc\xaf\x27\x1c": "7z", b"Rar!": "RAR", b"BZh": "bzip2"}


def display_path(path: Path | str) -> str:
    """A path as valid text: a file name that is not valid UTF-8 (copied from a CP1258 share or an old
    zip) keeps its bytes as \\xNN escapes, so it can be printed, written to JSON and stored."""
    s = str(path)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def sniff(data: bytes) -> str:
    """The format of ``data``: pdf, docx, doc, rtf, image or text (a zip or OLE file is looked into)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_OLE):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in _IMAGES.items():
        if data.startswith(magic):
            if kind == "GIF":
                raise LoadError(f"a {kind} image, not a document (scans are read from PNG, JPEG or TIFF)")
            return "image"
    for magic, kind in _ARCHIVES.items():
        if data.startswith(magic):
            raise LoadError(f"a {kind} archive: unpack it first")
    return "text"


_KIND_NAMES = {"pdf": "PDF", "doc": "Word 97-2003", "docx": "Word", "rtf": "RTF", "text": "text", "image": "image"}


def load_bytes(data: bytes, name: str = "") -> LoadedDocument:
    """The document in ``data`` (``name`` only helps the messages)."""
    kind = sniff(data)
    try:
        doc = _load(data, kind, name)
    except LoadError:
        raise
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as e:  # a damaged file a format library trips on: one line, never a traceback
        raise LoadError(
            f"damaged {_KIND_NAMES[kind]} file ({e.__class__.__name__}: {str(e)[:100]})"
        ) from None
    limit = max_chars()
    if len(doc.text) > limit:
        raise LoadError(chars_exceeded(limit))
    return doc


def _load(data: bytes, kind: str, name: str) -> LoadedDocument:
    if kind == "pdf":
        from luocdo.load.isolate import parse_isolated

        doc = parse_isolated("pdf", data)  # in a helper process: PDFium may abort or run away
    elif kind == "doc":
        from luocdo.load.doc import read_doc

        doc = read_doc(data)
    elif kind == "docx":
        from luocdo.load.docx import read_docx

        doc = read_docx(data)
    elif kind == "rtf":
        from luocdo.load.rtf import read_rtf

        doc = read_rtf(data)
    elif kind == "image":
        from luocdo.load.images import read_image

        doc = read_image(data)
    else:
        from luocdo.load.legacy_fonts import fix_text

        text, enc = decode_text(data)
        notes = []
        if enc not in ("tcvn3", "vni"):
            text, legacy = fix_text(text)  # legacy mojibake saved as UTF-8
            enc = legacy or enc
        if enc in ("tcvn3", "vni"):
            from luocdo.load.legacy_fonts import NAMES

            notes.append(f"converted from the legacy {NAMES[enc]} encoding")
        doc = LoadedDocument(text, "text", enc, notes)
    suffix = Path(name).suffix.lower()
    expected = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".rtf": "rtf"}.get(suffix)
    if expected and expected != doc.format and not (expected == "doc" and doc.format in ("rtf", "text")):
        # .doc files are often RTF or text in disguise; other mismatches are worth a word
        doc.notes.append(f"named {suffix} but the content is {doc.format}")
    return doc


def read_document(path: Path) -> LoadedDocument:
    """Read one file of any supported format; LoadError with one line on failure."""
    return load_bytes(read_bytes(path), path.name)


def read_bytes(path: Path) -> bytes:
    """The bytes of one regular file within the size limit; LoadError with one line on failure."""
    try:
        if path.is_dir():
            raise LoadError("is a directory")
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise LoadError("not a regular file (a pipe, socket or device)")
        size = st.st_size
        limit = max_bytes()
        if size > limit:
            raise LoadError(
                f"too large ({size / 2**20:.0f} MB; the limit is {limit / 2**20:.0f} MB, set LUOCDO_MAX_FILE_MB)"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except OSError as e:
        raise LoadError(f"cannot read ({e.strerror or e.__class__.__name__})") from None

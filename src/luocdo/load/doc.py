"""Word 97–2003 binary files (.doc): the text of every story, read from the piece table.

The WordDocument stream starts with the FIB; the table stream (0Table or 1Table) holds the CLX,
whose piece table maps character positions to byte ranges, 8-bit (Windows-1252) or UTF-16. Stories
follow one another in character-position order: main text, footnotes, headers and footers,
comments, endnotes, text boxes. Field codes (between the 0x13 and 0x14 marks) are dropped, their
results kept. Word 6/95 files without fast-save pieces are read from fcMin..fcMac.
"""

from __future__ import annotations

import io
import struct

from luocdo.load.document import LoadedDocument, from_parts
from luocdo.load.limits import chars_exceeded, max_chars
from luocdo.load.reader import LoadError

_STORIES = ("", "footnote", "header/footer", "macro", "comment", "endnote", "text box", "header text box")
# Windows-1252 for 8-bit pieces; the five bytes cp1252 leaves undefined keep their Latin-1 value
_CP1252 = {i: bytes([i]).decode("cp1252", errors="ignore") or chr(i) for i in range(0x80, 0xA0)}
_PARA_END = {"\r": "\n", "\x07": "\n", "\x0b": "\n", "\x0c": "\n", "\x0e": "\n"}
_KEEP_CONTROL = {"\t"}


def _u16(b: bytes, off: int) -> int:
    return struct.unpack_from("<H", b, off)[0]


def _u32(b: bytes, off: int) -> int:
    return struct.unpack_from("<I", b, off)[0]


def _pieces(wd: bytes, table: bytes) -> list[tuple[int, int, int, bool]]:
    """(cp_start, cp_end, byte offset, compressed) for each piece of the piece table."""
    fc_clx, lcb_clx = _u32(wd, 0x01A2), _u32(wd, 0x01A6)
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table):
        raise LoadError("damaged Word file (no piece table)")
    clx = table[fc_clx : fc_clx + lcb_clx]
    i = 0
    while i < len(clx) and clx[i] == 1:  # Prc: property modifiers, skipped
        i += 3 + _u16(clx, i + 1)
    if i >= len(clx) or clx[i] != 2:
        raise LoadError("damaged Word file (piece table not found)")
    lcb = _u32(clx, i + 1)
    plc = clx[i + 5 : i + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise LoadError("damaged Word file (empty piece table)")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out = []
    for k in range(n):
        fc = _u32(plc, 4 * (n + 1) + 8 * k + 2)
        if cps[k + 1] <= cps[k]:
            continue
        compressed = bool(fc & 0x40000000)
        off = (fc & 0x3FFFFFFF) // 2 if compressed else fc
        out.append((cps[k], cps[k + 1], off, compressed))
    return out


def _check_expansion(wd: bytes, pieces: list[tuple[int, int, int, bool]]) -> None:
    """Refuse a piece table that expands beyond its stream before decoding anything: pieces hold
    distinct runs of the WordDocument stream, so together they cannot read more bytes than it has
    (1,074 pieces all pointing at the same bytes turned 566 KB into 571 M characters)."""
    chars = sum(cp1 - cp0 for cp0, cp1, _, _ in pieces)
    need = sum((cp1 - cp0) * (1 if compressed else 2) for cp0, cp1, _, compressed in pieces)
    if need > len(wd):
        raise LoadError(
            f"damaged Word file (its piece table reads {chars:,} characters from a stream of "
            f"{len(wd):,} bytes: a decompression bomb, not a report)"
        )
    limit = max_chars()
    if chars > limit:
        raise LoadError(chars_exceeded(limit))


def _chars(wd: bytes, pieces: list[tuple[int, int, int, bool]]) -> str:
    _check_expansion(wd, pieces)
    parts = []
    for cp0, cp1, off, compressed in pieces:
        n = cp1 - cp0
        if compressed:
            parts.append(wd[off : off + n].decode("latin-1").translate(_CP1252))
        else:
            parts.append(wd[off : off + 2 * n].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def _clean(raw: str) -> str:
    """Word's marks to plain text: paragraph, cell and line ends to LF; fields to their result."""
    out: list[str] = []
    fields: list[bool] = []  # per open field: True while in its code (before the separator)
    for ch in raw:
        o = ord(ch)
        if o == 0x13:
            fields.append(True)
            continue
        if o == 0x14:
            if fields:
                fields[-1] = False
            continue
        if o == 0x15:
            if fields:
                fields.pop()
            continue
        if fields and fields[-1]:
            continue
        if ch in _PARA_END:
            out.append("\n")
        elif o == 0x1E:
            out.append("-")  # non-breaking hyphen
        elif o < 0x20 and ch not in _KEEP_CONTROL:
            continue  # pictures, footnote marks, separators, optional hyphens
        else:
            out.append(ch)
    return "".join(out)


def _fast_path_clean(raw: str) -> str:
    if not any(ord(c) < 0x20 and c not in "\t\r" for c in raw):
        return raw.replace("\r", "\n")
    return _clean(raw)


def read_doc(data: bytes) -> LoadedDocument:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:  # olefile raises plain OSError/struct errors on damage
        raise LoadError(f"damaged Word 97-2003 file ({e.__class__.__name__})") from None
    try:
        return _read(ole)
    except LoadError:
        raise
    except Exception as e:
        raise LoadError(f"damaged Word 97-2003 file ({e.__class__.__name__}: {str(e)[:80]})") from None
    finally:
        ole.close()


def _read(ole) -> LoadedDocument:
    if ole.exists("EncryptedPackage"):
        raise LoadError("password-protected Office file (cannot read without the password)")
    if not ole.exists("WordDocument"):
        kind = (
            "Excel"
            if ole.exists("Workbook") or ole.exists("Book")
            else ("PowerPoint" if ole.exists("PowerPoint Document") else "other Office")
        )
        raise LoadError(f"an {kind} file, not a Word document")
    wd = ole.openstream("WordDocument").read()
    if len(wd) < 0x20 or _u16(wd, 0) != 0xA5EC:
        raise LoadError("damaged Word file (no Word header)")
    nfib, flags = _u16(wd, 2), _u16(wd, 0x0A)
    if flags & 0x0100:
        raise LoadError("password-protected Word file (cannot read without the password)")
    notes: list[str] = []
    if nfib < 0xC1:  # Word 6.0/95: 8-bit text between fcMin and fcMac
        if flags & 0x0004:
            raise LoadError("Word 6/95 file saved with fast save: not supported (save it again in Word)")
        fc_min, fc_mac = _u32(wd, 0x18), _u32(wd, 0x1C)
        raw = wd[fc_min:fc_mac].decode("latin-1").translate(_CP1252)
        stories = [("", raw)]
        notes.append("Word 6/95 file")
    else:
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise LoadError(f"damaged Word file (no {table_name} stream)")
        table = ole.openstream(table_name).read()
        raw = _chars(wd, _pieces(wd, table))
        ccp = struct.unpack_from("<8i", wd, 0x4C)
        stories, pos = [], 0
        for name, n in zip(_STORIES, ccp, strict=True):
            if n > 0:
                stories.append((name, raw[pos : pos + n]))
                pos += n
        if not stories:
            stories = [("", raw)]
    parts: list[tuple[str | None, str]] = []
    for name, story in stories:
        text = _fast_path_clean(story)
        for i, para in enumerate(text.split("\n"), 1):
            label = f"{name}, paragraph {i}" if name else f"paragraph {i}"
            parts.append((label, para + "\n"))
    if not any(t.strip() for _, t in parts):
        raise LoadError("Word file without text")
    return from_parts(parts, "doc", notes)

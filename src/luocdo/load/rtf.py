"""RTF files: text through striprtf, in the code page the file declares (\\ansicpgNNNN).

TCVN3 or VNI text in RTF arrives as \\'xx bytes of a .VnTime/VNI font; read as Windows-1252 they
are the usual mojibake, which the legacy detector converts.
"""

from __future__ import annotations

import codecs
import re

from luocdo.load.document import LoadedDocument, from_parts
from luocdo.load.reader import LoadError

_CPG = re.compile(rb"\\ansicpg(\d{3,5})")
_BRACE = re.compile(rb"\\.|[{}]", re.S)  # an escaped character (\{, \}, \\) is no brace


def unclosed_groups(data: bytes) -> int:
    """How many groups are still open at the end of the file: more than none, the file was cut short
    (striprtf reads it without a word)."""
    depth = 0
    for m in _BRACE.finditer(data):
        c = m.group()
        if c == b"{":
            depth += 1
        elif c == b"}" and depth:
            depth -= 1
    return depth


def read_rtf(data: bytes) -> LoadedDocument:
    from striprtf.striprtf import rtf_to_text

    m = _CPG.search(data[:4096])
    enc = "cp1252"
    if m:
        cand = f"cp{int(m.group(1))}"
        try:
            codecs.lookup(cand)
            enc = cand
        except LookupError:
            pass
    try:
        src = data.decode("latin-1")  # RTF is 7-bit; stray 8-bit bytes are kept as they are
        text = rtf_to_text(src, encoding=enc, errors="replace")
    except (
        ValueError,
        TypeError,
        IndexError,
        KeyError,
        OverflowError,
        RecursionError,
        LookupError,
    ) as e:  # striprtf
        raise LoadError(f"damaged RTF file ({e.__class__.__name__})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError("RTF file without text")
    parts: list[tuple[str | None, str]] = [
        (f"paragraph {i}", p + "\n") for i, p in enumerate(text.split("\n"), 1)
    ]
    doc = from_parts(parts, "rtf")
    unclosed = unclosed_groups(data)
    if unclosed:
        warning = (
            f"the RTF file ends inside {unclosed} unclosed group(s): it is cut short (truncated?); "
            "read as far as it goes"
        )
        doc.notes.append(warning)
        doc.warnings.append(warning)
    return doc

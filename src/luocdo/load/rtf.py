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
    return from_parts(parts, "rtf")

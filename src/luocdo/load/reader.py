"""Read a file into Unicode text, or fail with one clear reason."""

from __future__ import annotations

import codecs
import re


class LoadError(Exception):
    """A user-facing problem with one input file (message names no path; the caller adds it)."""


_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_bytes(data: bytes) -> str:
    return decode_text(data)[0]


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a plain-text file and the encoding it was in (utf-8, utf-16, tcvn3, vni…)."""
    if not data.strip():
        raise LoadError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as e:
                raise LoadError(f"not valid {enc} text ({e.reason} at byte {e.start})") from None
    sample = data[:4096]
    # UTF-16 without BOM: every other byte is NUL for Vietnamese/ASCII text
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        try:
            return data.decode("utf-16-le"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in sample:
        raise LoadError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        # 8-bit text: TCVN3 or VNI typed with legacy fonts reads as Windows-1252 mojibake
        from luocdo.load.legacy_fonts import fix_text

        fixed, enc = fix_text(data.decode("cp1252", errors="replace"))
        if enc is None:
            raise LoadError(
                f"not UTF-8 text (invalid byte 0x{data[e.start]:02x} at offset {e.start}), "
                "and not Vietnamese in TCVN3 or VNI either"
            ) from None
        return _check_controls(fixed), enc
    return _check_controls(text), "utf-8"


def _check_controls(text: str) -> str:
    if len(_CONTROL.findall(text, 0, 4096)) > 8:
        raise LoadError("binary file (control characters), not text")
    return text

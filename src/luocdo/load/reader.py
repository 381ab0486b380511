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
    return _check_utf8_controls(data, text), "utf-8"


_CONTROL_SPAN = 4096  # characters read for control characters
_MAX_CONTROLS = 8
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])  # _CONTROL's characters as UTF-8 bytes


def _check_controls(text: str) -> str:
    if len(_CONTROL.findall(text, 0, _CONTROL_SPAN)) > _MAX_CONTROLS:
        raise LoadError("binary file (control characters), not text")
    return text


def _check_utf8_controls(data: bytes, text: str) -> str:
    """_check_controls(text) for ``text = data.decode("utf-8")``, decided on the bytes when it can be.

    In UTF-8 a control character is its own byte and no byte of a longer character is below 0x80, and
    the first 4,096 characters lie within the first 4 x 4,096 bytes: no more control bytes there than
    the limit means no more control characters in the characters the check reads. Counting bytes
    (``bytes.translate``) costs a fifth of the regex over the characters; the regex decides otherwise."""
    head = data[: 4 * _CONTROL_SPAN]
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) <= _MAX_CONTROLS:
        return text
    return _check_controls(text)

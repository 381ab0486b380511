"""Word 2007+ files (.docx): body paragraphs and tables in order, headers, footnotes, endnotes, footers.

Read straight from the package's XML (no python-docx at run time: it skips footnotes). The report's
number and date often sit in a table at the top of the body or in the page header: headers come
first in the text, as a reader sees them on the first page. Each paragraph is one line; a table
cell's paragraphs are labelled "table 1, row 2, cell 2". Deleted revisions and field codes are
dropped. Runs in a .VnTime or VNI font are converted from their legacy encoding by the detector.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from xml.etree import ElementTree as ET

from luocdo.load.document import LoadedDocument, from_parts
from luocdo.load.limits import max_unzipped, max_zip_ratio
from luocdo.load.reader import LoadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {W + "delText", W + "instrText", W + "fldData"}
_CHUNK = 2**20  # a part is read this much at a time, never in one call trusting its declared size
_RATIO_FROM = 2**20  # parts smaller than this are not checked for their compression ratio


class _Budget:
    """What the parts of one file may still expand to (LUOCDO_MAX_UNZIPPED_MB, LUOCDO_MAX_ZIP_RATIO)."""

    def __init__(self) -> None:
        self.left = max_unzipped()
        self.limit = self.left
        self.ratio = max_zip_ratio()

    def too_large(self) -> LoadError:
        return LoadError(
            f"Word file larger than {self.limit // 2**20} MB uncompressed (the limit is "
            "LUOCDO_MAX_UNZIPPED_MB): a zip bomb, not a report"
        )

    def check_ratio(self, name: str, size: int, compressed: int) -> None:
        if size > _RATIO_FROM and size > self.ratio * max(compressed, 1):
            raise LoadError(
                f"Word file part {name} is compressed {size / max(compressed, 1):.0f} to 1 (the limit is "
                "LUOCDO_MAX_ZIP_RATIO): a zip bomb, not a report"
            )


def _read_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """The part's bytes, checked before inflating (declared size and ratio) and while inflating (the
    declared size may lie: at most what the budget allows is ever held)."""
    if info.file_size > budget.left:
        raise budget.too_large()
    budget.check_ratio(info.filename, info.file_size, info.compress_size)
    chunks: list[bytes] = []
    got = 0
    with z.open(info) as f:
        while chunk := f.read(_CHUNK):
            got += len(chunk)
            if got > budget.left:
                raise budget.too_large()
            budget.check_ratio(info.filename, got, info.compress_size)
            chunks.append(chunk)
    budget.left -= got
    return b"".join(chunks)


_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\0\0\0", "utf-32-le"),
    (b"\0\0\0<", "utf-32-be"),
    (b"<\0", "utf-16-le"),
    (b"\0<", "utf-16-be"),
)


def _declares_entities(data: bytes) -> bool:
    """Whether the part holds a DOCTYPE or an entity declaration, anywhere and in whatever encoding
    the XML parser would read it: UTF-16 and UTF-32 are decoded first; every other encoding expat
    reads is ASCII-compatible, so the declaration's bytes are literal."""
    for bom, enc in _WIDE:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            return "<!DOCTYPE" in text or "<!ENTITY" in text
    return b"<!DOCTYPE" in data or b"<!ENTITY" in data


def _xml(z: zipfile.ZipFile, name: str, budget: _Budget) -> ET.Element | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    data = _read_part(z, info, budget)
    if _declares_entities(data):
        raise LoadError("Word file with XML entity declarations (refused: not written by Word)")
    return ET.fromstring(data)


def _para_text(p: ET.Element) -> str:
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == W + "t":
            out.append(el.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            ch = el.get(W + "char")
            if ch and re.fullmatch(r"[0-9A-Fa-f]{2,4}", ch):
                code = int(ch, 16)
                out.append(chr(code - 0xF000) if code >= 0xF000 else chr(code))
    return "".join(out)


def _walk(el: ET.Element, where: str, parts: list[tuple[str | None, str]], counters: dict[str, int]) -> None:
    """Paragraphs of a block container in order; tables cell by cell."""
    for child in el:
        tag = child.tag
        if tag == W + "p":
            counters["p"] += 1
            text = _para_text(_strip_skipped(child))
            label = (
                f"{where}paragraph {counters['p']}" if not where.startswith("table") else where.rstrip(", ")
            )
            parts.append((label, text + "\n"))
        elif tag == W + "tbl":
            counters["tbl"] += 1
            t = counters["tbl"]
            for r, tr in enumerate(child.findall(W + "tr"), 1):
                for c, tc in enumerate(tr.findall(W + "tc"), 1):
                    _walk(tc, f"table {t}, row {r}, cell {c}, ", parts, counters)
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag"):
            _walk(child, where, parts, counters)


def _strip_skipped(p: ET.Element) -> ET.Element:
    if not any(e.tag in _SKIP for e in p.iter()):
        return p
    p = ET.fromstring(ET.tostring(p))  # a copy: removing children while iterating is unsafe
    for parent in list(p.iter()):
        for child in list(parent):
            if child.tag in _SKIP:
                parent.remove(child)
    return p


def read_docx(data: bytes) -> LoadedDocument:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = z.namelist()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, RuntimeError, EOFError) as e:
        raise LoadError(f"damaged Word file (not a readable zip: {e})") from None
    if "word/document.xml" not in names:
        if "content.xml" in names:
            raise LoadError("an OpenDocument file (.odt), not supported: save it as .docx")
        raise LoadError("zip archive without a Word document")
    try:
        return _read(z, names)
    except LoadError:
        raise
    except (
        ET.ParseError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        KeyError,
        RuntimeError,
    ) as e:
        raise LoadError(f"damaged Word file ({e.__class__.__name__}: {str(e)[:80]})") from None


def _numbered(names: list[str], stem: str) -> list[str]:
    found = [n for n in names if re.fullmatch(rf"word/{stem}\d*\.xml", n)]
    return sorted(found, key=lambda n: int(re.sub(r"\D", "", n) or 0))


def _read(z: zipfile.ZipFile, names: list[str]) -> LoadedDocument:
    budget = _Budget()
    parts: list[tuple[str | None, str]] = []
    seen_headers: set[str] = set()
    for name in _numbered(names, "header"):
        root = _xml(z, name, budget)
        if root is None:
            continue
        hp: list[tuple[str | None, str]] = []
        _walk(root, "page header, ", hp, {"p": 0, "tbl": 0})
        key = "".join(t for _, t in hp)
        if key.strip() and key not in seen_headers:  # the same header on every section once
            seen_headers.add(key)
            parts += [
                (lbl.replace("table", "page header, table", 1) if lbl and lbl.startswith("table") else lbl, t)
                for lbl, t in hp
            ]
    body = _xml(z, "word/document.xml", budget)
    b = body.find(W + "body") if body is not None else None
    if b is None:
        raise LoadError("damaged Word file (no document body)")
    _walk(b, "", parts, {"p": 0, "tbl": 0})
    for stem, label in (("footnotes", "footnote"), ("endnotes", "endnote")):
        root = _xml(z, f"word/{stem}.xml", budget)
        if root is None:
            continue
        for note in root:
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            fp: list[tuple[str | None, str]] = []
            _walk(note, "", fp, {"p": 0, "tbl": 0})
            nid = note.get(W + "id", "?")
            for i, (_, t) in enumerate(fp):
                parts.append((f"{label} {nid}" + (f", paragraph {i + 1}" if len(fp) > 1 else ""), t))
    for name in _numbered(names, "footer"):
        root = _xml(z, name, budget)
        if root is None:
            continue
        fp = []
        _walk(root, "page footer, ", fp, {"p": 0, "tbl": 0})
        if "".join(t for _, t in fp).strip():
            parts += fp
    if not any(t.strip() for _, t in parts):
        raise LoadError("Word file without text")
    return from_parts(parts, "docx")

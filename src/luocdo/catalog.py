"""Reference catalog of documents (central ones bundled; users import their own, vbpl-style)."""

from __future__ import annotations

import csv
import hashlib
import json
from importlib import resources
from pathlib import Path

import regex

from luocdo.extract.grammar import parse_yaml
from luocdo.resolve.corpus import norm_number, norm_symbol

FIELDS = (
    "so_ky_hieu",
    "loai_van_ban",
    "ngay_ban_hanh",
    "co_quan_ban_hanh",
    "trich_yeu",
    "tinh_trang_hieu_luc",
    "replaced_by",
    "amended_by",
    "aliases",
)
_SO = regex.compile(
    r"^\s*(?P<num>[0-9]+[a-zđ]?)\s*(?:[/-]\s*(?P<year>(?:19|20)[0-9]{2}))?\s*[/-]\s*(?P<sym>.+?)\s*$"
)
_DATE = regex.compile(r"^\s*(?P<d>[0-9]{1,2})[/.-](?P<m>[0-9]{1,2})[/.-](?P<y>[0-9]{4})\s*$")


class CatalogError(Exception):
    pass


def split_so_ky_hieu(so: str) -> tuple[str | None, str | None]:
    """'108/2014/NĐ-CP' -> ('108', 'nđ/cp'); '39-NQ/TW' -> ('39', 'nq/tw')."""
    m = _SO.match(so or "")
    if not m:
        return None, None
    return norm_number(m.group("num")), norm_symbol(m.group("sym"))


def iso(d: str | None) -> str | None:
    if not d:
        return None
    d = str(d).strip()
    m = _DATE.match(d)
    if m:
        return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return d[:10]


def _listish(v) -> list[str]:
    if v is None or v == "":
        return []
    if isinstance(v, list):
        return [str(x) for x in v]
    return [x.strip() for x in str(v).replace(";", ",").split(",") if x.strip()]


def normalize_entry(e: dict, origin: str) -> tuple:
    so = str(e.get("so_ky_hieu") or "").strip()
    if not so:
        raise CatalogError("an entry has no so_ky_hieu")
    number, symbol = split_so_ky_hieu(so)
    m = _SO.match(so)
    date = iso(e.get("ngay_ban_hanh"))
    year = (m.group("year") if m else None) or (date[:4] if date else None)
    return (
        so,
        number,
        symbol,
        year,
        e.get("loai_van_ban"),
        date,
        e.get("co_quan_ban_hanh"),
        e.get("trich_yeu"),
        e.get("tinh_trang_hieu_luc"),
        e.get("replaced_by") or None,
        json.dumps(_listish(e.get("amended_by")), ensure_ascii=False),
        json.dumps(_listish(e.get("aliases")), ensure_ascii=False),
        origin,
    )


def _bundled_text() -> str:
    try:
        return resources.files("luocdo.data").joinpath("catalog.yaml").read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def bundled_digest() -> str:
    return hashlib.sha256(_bundled_text().encode()).hexdigest()[:16]


def bundled_entries() -> list[dict]:
    data = parse_yaml(_bundled_text()) or []
    return data.get("documents", []) if isinstance(data, dict) else data


def read_user_catalog(path: Path) -> list[dict]:
    """CSV (luocdo or vbpl.vn column names; comma or semicolon; UTF-8, UTF-8 with BOM or
    Windows-1258), .xlsx, or JSON Lines."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CatalogError(f"{path}: cannot read ({e.strerror or e})") from None
    if path.suffix.lower() == ".xlsx" or raw[:2] == b"PK":
        return _vbpl_rows(path, _xlsx_rows(path))
    text = _decode(path, raw)
    rows: list[dict] = []
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson") or text.lstrip().startswith("{"):
        for i, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise CatalogError(f"{path}:{i}: not JSON ({e.msg})") from None
        return rows
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delim = max((";", ",", "\t"), key=first.count)
    table = list(csv.reader(lines, delimiter=delim))
    return _vbpl_rows(path, table)


def _decode(path: Path, raw: bytes) -> str:
    import unicodedata

    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1258")  # Windows-1258: Excel's "CSV" on a Vietnamese Windows
            except UnicodeDecodeError:
                raise CatalogError(f"{path}: neither UTF-8 nor Windows-1258 text") from None
    if "\x00" in text:
        raise CatalogError(f"{path}: not a text file (binary content)")
    return unicodedata.normalize("NFC", text)  # Windows-1258 writes tone marks as combining characters


def _xlsx_rows(path: Path) -> list[list]:
    try:
        import openpyxl
    except ImportError:
        raise CatalogError(f"{path}: reading .xlsx needs openpyxl (pip install openpyxl)") from None
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        raise CatalogError(f"{path}: not a readable .xlsx workbook ({type(e).__name__})") from None
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def _header_field(h) -> str | None:
    import unicodedata

    from luocdo.reference_terms import terms

    name = unicodedata.normalize("NFC", str(h or "")).strip().strip(":").strip()
    if name in FIELDS:
        return name
    return terms()["vbpl_headers"].get(" ".join(name.casefold().split()))


def _cell(v) -> str:
    import datetime as dt

    if v is None:
        return ""
    if isinstance(v, dt.datetime | dt.date):
        return v.strftime("%Y-%m-%d")
    return str(v).strip()


def _vbpl_rows(path: Path, table: list[list]) -> list[dict]:
    """Rows of a table whose header row (one of the first 10) names the columns, luocdo or vbpl style."""
    from luocdo.reference_terms import status_code

    heads = [[_header_field(c) for c in header] for header in table[:10]]
    h = next((i for i, cols in enumerate(heads) if "so_ky_hieu" in cols), None)
    if h is None:
        raise CatalogError(
            f"{path}: no header row with so_ky_hieu or 'Số ký hiệu' (and loại văn bản, ngày ban hành, "
            "cơ quan ban hành, trích yếu, tình trạng hiệu lực)"
        )
    cols = heads[h]
    rows = []
    for r in table[h + 1 :]:
        e = {c: _cell(v) for c, v in zip(cols, r, strict=False) if c and _cell(v)}
        if not e.get("so_ky_hieu"):
            continue
        if e.get("tinh_trang_hieu_luc"):
            e["tinh_trang_hieu_luc"] = status_code(e["tinh_trang_hieu_luc"]) or e["tinh_trang_hieu_luc"]
        rows.append(e)
    return rows


def load_into(db, entries: list[dict], origin: str) -> int:
    rows = [normalize_entry(e, origin) for e in entries]
    db.execute("DELETE FROM catalog WHERE origin = ?", (origin,))
    db.executemany("INSERT OR REPLACE INTO catalog VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)

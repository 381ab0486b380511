"""Reference catalog of documents (central ones bundled; users import their own, vbpl-style)."""

from __future__ import annotations

import csv
import hashlib
import json
from importlib import resources
from pathlib import Path

import regex
import yaml

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
    data = yaml.safe_load(_bundled_text()) or []
    return data.get("documents", []) if isinstance(data, dict) else data


def read_user_catalog(path: Path) -> list[dict]:
    """CSV (header row with vbpl field names) or JSON Lines."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CatalogError(f"{path}: cannot read ({e})") from None
    rows: list[dict] = []
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson") or text.lstrip().startswith("{"):
        for i, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise CatalogError(f"{path}:{i}: not JSON ({e.msg})") from None
    else:
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or "so_ky_hieu" not in reader.fieldnames:
            raise CatalogError(
                f"{path}: CSV needs a header row with so_ky_hieu (and {', '.join(FIELDS[1:5])})"
            )
        rows = list(reader)
    return rows


def load_into(db, entries: list[dict], origin: str) -> int:
    rows = [normalize_entry(e, origin) for e in entries]
    db.execute("DELETE FROM catalog WHERE origin = ?", (origin,))
    db.executemany("INSERT OR REPLACE INTO catalog VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)

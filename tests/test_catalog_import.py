"""`luocdo catalog import` of vbpl.vn-style exports, `catalog list`, `catalog use/lookup`."""

from __future__ import annotations

import json
import unicodedata

import pytest
from typer.testing import CliRunner

from luocdo.catalog import CatalogError, read_user_catalog
from luocdo.cli import app

runner = CliRunner()
HEADER = "Số ký hiệu;Ngày ban hành;Cơ quan ban hành;Trích yếu;Tình trạng hiệu lực;Loại văn bản"
ROWS = [
    "01/2011/TT-BNV;19/01/2011;Bộ Nội vụ;Hướng dẫn thể thức và kỹ thuật trình bày văn bản hành chính;"
    "Hết hiệu lực toàn bộ;Thông tư",
    "30/2020/NĐ-CP;05/03/2020;Chính phủ;Về công tác văn thư;Còn hiệu lực;Nghị định",
]


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: precomposed letters where the code page has them (ô, ơ, ư, đ),
    tone marks as combining characters."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        # the base letter with one of its marks precomposed (ê, ơ, ư...), else bare; the rest combining
        forms = [(unicodedata.normalize("NFC", d[0] + d[i]), d[1:i] + d[i + 1 :]) for i in range(1, len(d))]
        for head, rest in [*forms, (d[0], d[1:])]:
            try:
                out += head.encode("cp1258") + rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise UnicodeEncodeError("cp1258", ch, 0, 1, "no Windows-1258 form")
    return out


def _check(rows: list[dict]) -> None:
    assert [r["so_ky_hieu"] for r in rows] == ["01/2011/TT-BNV", "30/2020/NĐ-CP"]
    assert (
        rows[0]["tinh_trang_hieu_luc"] == "het_hieu_luc" and rows[1]["tinh_trang_hieu_luc"] == "con_hieu_luc"
    )
    assert rows[0]["co_quan_ban_hanh"] == "Bộ Nội vụ" and rows[1]["loai_van_ban"] == "Nghị định"
    assert rows[0]["trich_yeu"].startswith("Hướng dẫn thể thức")


def test_vbpl_csv_windows_1258_semicolons(tmp_path):
    f = tmp_path / "vbpl.csv"
    f.write_bytes(cp1258("\r\n".join([HEADER, *ROWS]) + "\r\n"))
    _check(read_user_catalog(f))


def test_vbpl_csv_utf8_with_bom(tmp_path):
    f = tmp_path / "vbpl.csv"
    f.write_bytes(b"\xef\xbb\xbf" + "\n".join([HEADER, *ROWS]).encode("utf-8"))
    _check(read_user_catalog(f))


def test_vbpl_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH VĂN BẢN"])  # a title row above the header, as exports have
    ws.append(HEADER.split(";"))
    for r in ROWS:
        ws.append(r.split(";"))
    f = tmp_path / "vbpl.xlsx"
    wb.save(f)
    _check(read_user_catalog(f))


def test_unreadable_files_are_one_line_naming_the_file(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CatalogError, match="bad.xlsx"):
        read_user_catalog(bad)
    nohead = tmp_path / "nohead.csv"
    nohead.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="nohead.csv.*Số ký hiệu"):
        read_user_catalog(nohead)
    r = runner.invoke(
        app, ["catalog", "import", str(tmp_path / "missing.csv"), "--store", str(tmp_path / "s.db")]
    )
    assert r.exit_code == 1 and "missing.csv" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_import_then_list_in_vietnamese_words(tmp_path):
    f = tmp_path / "vbpl.csv"
    f.write_bytes(cp1258("\r\n".join([HEADER, *ROWS]) + "\r\n"))
    db = str(tmp_path / "s.db")
    r = runner.invoke(app, ["catalog", "import", str(f), "--store", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["catalog", "list", "--store", db, "-f", "json"])
    rows = [x for x in json.loads(r.stdout) if x["origin"].endswith("vbpl.csv")]
    assert {x["tinh_trang_hieu_luc"] for x in rows} == {"Hết hiệu lực toàn bộ", "Còn hiệu lực"}


def test_lookup_says_which_catalog_spoke(tmp_path):
    db = str(tmp_path / "s.db")
    r = runner.invoke(app, ["catalog", "lookup", "108/2020/NĐ-CP", "--store", db, "-f", "json"])
    assert r.exit_code == 0, r.output
    (row,) = json.loads(r.stdout)
    assert row["ngay_ban_hanh"] == "2020-09-14" and row["catalog"].startswith("luocdo-reference ")
    r = runner.invoke(app, ["catalog", "lookup", "1550/2020/NĐ-CP", "--store", db])
    assert r.exit_code == 1 and "155/2020/NĐ-CP" in r.stderr


def test_use_a_built_file(tmp_path):
    from luocdo import reference

    db = str(tmp_path / "s.db")
    r = runner.invoke(app, ["catalog", "use", str(tmp_path / "nope.tsv.xz"), "--store", db])
    assert r.exit_code == 1 and "nope.tsv.xz" in r.stderr
    shipped = reference.get().path or (reference.__file__.rsplit("/", 1)[0] + "/data/reference.tsv.xz")
    r = runner.invoke(app, ["catalog", "use", str(shipped), "--store", db])
    assert r.exit_code == 0 and "luocdo-reference" in r.stderr
    r = runner.invoke(app, ["catalog", "use", "--shipped", "--store", db])
    assert r.exit_code == 0

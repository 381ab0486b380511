"""The reference catalog: lookups, known facts, speed, and the build (byte for byte)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from luocdo import reference
from luocdo.refbuild import parse_so, parse_tvpl_slug, symbol_key

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "catalog" / "raw"
SHIPPED = ROOT / "src" / "luocdo" / "data" / "reference.tsv.xz"


def test_known_facts():
    (r,) = reference.lookup("108", "2020", "NĐ-CP")
    assert (r.type, r.date, r.issuer) == ("Nghị định", "2020-09-14", "Chính phủ")
    (r,) = reference.lookup("30", 2020, "ND-CP")  # the symbol as an unaccented source writes it
    assert r.so_ky_hieu == "30/2020/NĐ-CP" and r.date == "2020-03-05" and "công tác văn thư" in r.title
    assert r.source_of("date") and r.catalog.startswith("luocdo-reference ")


def test_lookup_is_by_number_year_and_symbol():
    assert reference.lookup("108", "2014", "NĐ-CP")[0].so_ky_hieu == "108/2014/NĐ-CP"
    assert reference.lookup("0108", "2014", "nđ/cp")  # zeros, case, separators
    assert (
        not reference.lookup("108", "2019", "NĐ-CP")
        or reference.lookup("108", "2019", "NĐ-CP")[0].year == "2019"
    )
    assert not reference.lookup("999999", "2020", "NĐ-CP")
    years = {r.year for r in reference.lookup("26", None, "CT-TTg")}
    assert "2016" in years and len(years) > 3  # administrative numbers restart every year


def test_links_and_status_keep_their_source():
    (r,) = reference.lookup("68", "2000", "NĐ-CP")
    assert [link.so_ky_hieu for link in r.replaced_by] == ["111/2022/NĐ-CP"]
    assert r.status == "het_hieu_luc" and r.status_vi == "Hết hiệu lực toàn bộ"
    (r,) = reference.lookup("37", "2014", "NĐ-CP")
    assert "108/2020/NĐ-CP" in [link.so_ky_hieu for link in r.amended_by]
    assert all(link.source for link in r.amended_by)


def test_near_matches():
    near = reference.near_matches("1080", "2020", "NĐ-CP")
    assert any(r.so_ky_hieu == "108/2020/NĐ-CP" and why == "one digit off" for r, why in near)
    near = reference.near_matches("30", "2021", "NĐ-CP")
    assert any(r.so_ky_hieu == "30/2020/NĐ-CP" and why == "year off by one" for r, why in near)


def test_national_symbols():
    assert (
        reference.is_national("NĐ-CP") and reference.is_national("QĐ-TTg") and reference.is_national("TT-BNV")
    )
    assert reference.is_national("QH14") and reference.is_national("TTLT-BNV-BTC")
    assert not reference.is_national("KH-UBND") and not reference.is_national("UBND-VP")


def test_lookup_latency():
    cat = reference.get()
    t0 = time.perf_counter()
    for _ in range(2000):
        cat.lookup("108", "2020", "NĐ-CP")
        cat.lookup("12345", "2020", "QĐ-TTg")
    per = (time.perf_counter() - t0) / 4000
    assert per < 0.5e-3, f"{per * 1e6:.0f} µs per lookup"


def test_parsing_helpers():
    assert parse_so("108/2020/NĐ-CP") == ("108", "2020", "NĐ-CP")
    assert parse_so("39-NQ/TW") == ("39", None, "NQ/TW")
    assert parse_so("26/CT-TTg") == ("26", None, "CT-TTg")
    assert symbol_key("NĐ-CP") == symbol_key("ND/CP") == "nd/cp"
    assert parse_tvpl_slug("Nghi-dinh-30-2020-ND-CP-cong-tac-van-thu")[:4] == (
        "Nghị định",
        "30",
        "2020",
        "NĐ-CP",
    )
    assert parse_tvpl_slug("Chi-thi-26-CT-TTg-nam-2012-trien-khai")[1:4] == ("26", "2012", "CT-TTg")
    assert parse_tvpl_slug("Luat-Gia-2023-16-2023-QH15")[:4] == ("Luật", "16", "2023", "QH15")
    # ambiguous tokens keep the letters the slug has (HD: Hướng dẫn or Hợp đồng)
    assert parse_tvpl_slug("Huong-dan-12-HD-UBND-2020-x")[3] == "HD-UBND"


def test_not_a_catalog_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.tsv.xz"
    bad.write_bytes(b"not xz")
    with pytest.raises(reference.ReferenceError, match="bad.tsv.xz"):
        reference.ReferenceCatalog(bad)


@pytest.mark.slow
def test_build_rebuilds_the_shipped_file_byte_for_byte():
    if not RAW.is_dir():
        pytest.skip("../shared/catalog/raw (the raw catalog sources) is not beside the project root")
    from luocdo.refbuild import build

    data, stats = build(RAW)
    assert stats["records"] > 250_000
    assert data == SHIPPED.read_bytes(), "rebuild with: python scripts/build_catalog.py"

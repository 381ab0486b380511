"""Every validation rule with a case that must fire and one that must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from luocdo.store import Store
from luocdo.validate import existence_status, run_all

HEAD = "Số: {n}/BC-UBND\n\nTuy Phước, ngày 10 tháng 6 năm {year}\n\nBÁO CÁO\nKết quả công tác\n\n"


def store_of(tmp_path: Path, *bodies: str, year: int = 2021) -> Store:
    tmp_path.mkdir(parents=True, exist_ok=True)
    st = Store(tmp_path / "s.db")
    for i, body in enumerate(bodies, 1):
        f = tmp_path / f"r{i}.md"
        f.write_text(HEAD.format(n=100 + i, year=year) + body, encoding="utf-8")
        assert st.ingest(f).status == "added"
    st.settle()
    return st


def codes(st: Store, code: str) -> list:
    return [f for f in run_all(st, [code])]


CASES = {
    "V001": (
        "Thực hiện Nghị định số 143/2021/NĐ-CP ngày 10/12/2020 của Chính phủ.",
        "Thực hiện Nghị định số 143/2020/NĐ-CP ngày 10/12/2020 của Chính phủ.",
    ),
    "V004": (
        "Thực hiện Kế hoạch số 5/KH-UBND ngày 01/8/2021 của UBND tỉnh.",
        "Thực hiện Kế hoạch số 5/KH-UBND ngày 01/3/2021 của UBND tỉnh.",
    ),
    "V005": (
        "Thực hiện Công văn số 12/UBND-VP ngày 31/02/2021 của UBND huyện.",
        "Thực hiện Công văn số 12/UBND-VP ngày 28/02/2021 của UBND huyện.",
    ),
    "V006": (
        "Thực hiện Kế hoạch số 2420/UBND-VH ngày 07/9/2020.",
        "Thực hiện Công văn số 2420/UBND-VH ngày 07/9/2020.",
    ),
    "V007": (
        "Thực hiện Quyết định số 1234/QĐ-TTg ngày 01/3/2020 của Bộ Nội vụ.",
        "Thực hiện Quyết định số 1234/QĐ-TTg ngày 01/3/2020 của Thủ tướng Chính phủ.",
    ),
    "V008": (
        "Kế hoạch số 37/KH-UBND ngày 05/3/2019 của UBND huyện triển khai thực hiện Kế hoạch số 45/KH-UBND "
        "ngày 18/3/2019 của UBND tỉnh.",
        "Kế hoạch số 37/KH-UBND ngày 25/3/2019 của UBND huyện triển khai thực hiện Kế hoạch số 45/KH-UBND "
        "ngày 18/3/2019 của UBND tỉnh.",
    ),
}


@pytest.mark.parametrize("code", CASES)
def test_rule_fires_on_the_bad_case_only(tmp_path, code):
    bad, good = CASES[code]
    found = codes(store_of(tmp_path / "bad", bad), code)
    assert found, code
    f = found[0]
    assert (
        f.evidence and f.evidence[0]["line"] and f.evidence[0]["sentence"] and f.explanation and f.suggestion
    )
    assert not codes(store_of(tmp_path / "good", good), code)


def test_v004_reads_the_report_s_date_from_its_columns_or_from_the_header_kept_as_text(tmp_path):
    st = store_of(tmp_path, CASES["V004"][0])  # a plan of 01/8/2021 cited by a report of 10/6/2021
    assert codes(st, "V004")
    st.db.execute("UPDATE files SET header_own = header")  # the same header, kept as its own text
    assert codes(st, "V004")
    st.db.execute("UPDATE files SET header_own = json_set(header, '$.date', '2021-09-01')")
    assert not codes(st, "V004")  # the header's text says the report came after the plan
    st.db.execute("UPDATE files SET header_own = NULL, h_date = '2021-09-01'")
    assert not codes(st, "V004")
    st.db.execute("UPDATE files SET header_own = json_set(header, '$.date', '2021-07-01')")
    assert codes(st, "V004")  # the header's text, not its columns


def test_v002_one_document_cited_with_two_dates(tmp_path):
    st = store_of(
        tmp_path / "bad",
        "Thực hiện Kế hoạch số 43/KH-UBND ngày 09/5/2021 của UBND tỉnh Bình Định.",
        "Thực hiện Kế hoạch số 43/KH-UBND ngày 09/5/2021 của UBND tỉnh Bình Định.",
        "Thực hiện Kế hoạch số 43/KH-UBND ngày 18/5/2021 của UBND tỉnh Bình Định.",
    )
    f = codes(st, "V002")
    assert len(f) == 1 and "2021-05-09" in f[0].suggestion and f[0].evidence[0]["file"].endswith("r3.md")
    # two years: two documents (numbers restart every year), not a conflict
    st2 = store_of(
        tmp_path / "good",
        "Thực hiện Kế hoạch số 43/KH-UBND ngày 09/5/2020 của UBND tỉnh Bình Định.",
        "Thực hiện Kế hoạch số 43/KH-UBND ngày 18/5/2021 của UBND tỉnh Bình Định.",
    )
    assert not codes(st2, "V002")


def test_v002_catalog_date_wins(tmp_path):
    st = store_of(
        tmp_path,
        "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ.",
        "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2017 của Thủ tướng Chính phủ.",
    )
    st.import_catalog(
        [
            {
                "so_ky_hieu": "26/CT-TTg",
                "loai_van_ban": "Chỉ thị",
                "ngay_ban_hanh": "05/09/2016",
                "co_quan_ban_hanh": "Thủ tướng Chính phủ",
            }
        ],
        "test",
    )
    f = codes(st, "V002")
    assert f and "2016-09-05" in f[0].suggestion and "catalog" in f[0].suggestion


def test_v003_one_document_two_numbers(tmp_path):
    bad = (
        "UBND huyện ban hành Quyết định số 1283/QĐ-UBND ngày 10/5/2021 về việc ban hành Quy tắc ứng xử của cán bộ"
        " công chức huyện.\n\nUBND huyện ban hành Quyết định số 1328/QĐ-UBND ngày 10/5/2021 về việc ban hành Quy"
        " tắc ứng xử của cán bộ công chức huyện."
    )
    assert codes(store_of(tmp_path / "bad", bad), "V003")
    good = (
        "UBND huyện ban hành Quyết định số 1283/QĐ-UBND ngày 10/5/2021 về việc ban hành Quy tắc ứng xử.\n\n"
        "UBND huyện ban hành Quyết định số 1284/QĐ-UBND ngày 10/5/2021 về việc thành lập Tổ kiểm tra công vụ"
        " năm 2021 trên địa bàn."
    )
    assert not codes(store_of(tmp_path / "good", good), "V003")


def test_v003_symbols_written_differently_are_one_document(tmp_path):
    bad = (
        "UBND huyện ban hành Quyết định số 1283/QĐ-UBND ngày 10/5/2021 về việc ban hành Quy tắc ứng xử của cán bộ"
        " công chức huyện.\n\nUBND huyện ban hành Quyết định số 1328/QĐ-UBND ngày 10/5/2021 về việc ban hành Quy"
        " tắc ứng xử của cán bộ công chức huyện."
    )
    st = store_of(tmp_path, bad)
    # the symbol as another report writes it (case, spaces, a full stop): grouped by its normal form
    changed = st.db.execute("UPDATE mentions SET symbol = 'qđ - UBND.' WHERE number = '1328'").rowcount
    assert changed == 1
    found = codes(st, "V003")
    assert len(found) == 1 and "1283" in found[0].explanation and "1328" in found[0].explanation


def test_v009_superseded(tmp_path):
    cat = [
        {
            "so_ky_hieu": "68/2000/NĐ-CP",
            "loai_van_ban": "Nghị định",
            "ngay_ban_hanh": "2000-11-17",
            "co_quan_ban_hanh": "Chính phủ",
            "tinh_trang_hieu_luc": "het_hieu_luc",
            "replaced_by": "111/2022/NĐ-CP",
        },
        {
            "so_ky_hieu": "111/2022/NĐ-CP",
            "loai_van_ban": "Nghị định",
            "ngay_ban_hanh": "2022-12-30",
            "co_quan_ban_hanh": "Chính phủ",
        },
    ]
    bad = store_of(
        tmp_path / "bad", "Hợp đồng lao động theo Nghị định số 68/2000/NĐ-CP của Chính phủ.", year=2024
    )
    early = store_of(tmp_path / "early", "Hợp đồng lao động theo Nghị định số 68/2000/NĐ-CP của Chính phủ.")
    early.import_catalog(cat, "test")
    assert not [f for f in codes(early, "V009") if f.severity == "warning"]  # cited before it was replaced
    bad.import_catalog(cat, "test")
    assert [f.severity for f in codes(bad, "V009")] == ["warning"]
    good = store_of(
        tmp_path / "good", "Theo Nghị định số 68/2000/NĐ-CP (nay là Nghị định 111/2022/NĐ-CP).", year=2024
    )
    good.import_catalog(cat, "test")
    assert not [f for f in codes(good, "V009") if f.severity == "warning"]


def test_existence_status(tmp_path):
    st = store_of(
        tmp_path,
        "Thực hiện Kế hoạch số 7/KH-UBND ngày 01/3/2021 của UBND tỉnh Bình Định; Kế hoạch số "
        "9/KH-UBND ngày 02/3/2021 của UBND tỉnh Bình Định.",
        "Thực hiện Kế hoạch số 7/KH-UBND ngày 01/3/2021 của UBND tỉnh Bình Định.",
    )
    st.import_catalog(
        [
            {
                "so_ky_hieu": "26/CT-TTg",
                "ngay_ban_hanh": "2016-09-05",
                "loai_van_ban": "Chỉ thị",
                "co_quan_ban_hanh": "Thủ tướng Chính phủ",
            }
        ],
        "test",
    )
    docs = {r["number"]: r["id"] for r in st.db.execute("SELECT id, number FROM documents")}
    assert existence_status(st, docs["7"]) == "consistently-cited"
    assert existence_status(st, docs["9"]) == "unverified"
    assert existence_status(st, docs["101"]) == "issued-in-corpus"
    assert any(f.code == "V010" and "9/KH-UBND" in f.document for f in run_all(st, ["V010"]))


# ---------------------------------------------------------------- the reference catalog (luocdo.reference)


def test_v010_in_reference_catalog_and_not_found(tmp_path):
    st = store_of(
        tmp_path,
        "Căn cứ Nghị định số 80/2020/NĐ-CP ngày 08/7/2020 của Chính phủ; "
        "Nghị định số 1550/2020/NĐ-CP ngày 05/3/2020 của Chính phủ; Kế hoạch số 77/KH-UBND ngày "
        "02/3/2021 của UBND tỉnh Bình Định.",
    )
    docs = {r["number"]: r["id"] for r in st.db.execute("SELECT id, number FROM documents")}
    from luocdo.validate.rules import existence

    ex = existence(
        st, docs["80"]
    )  # not in the bundled catalog.yaml: the reference catalog (pháp điển) knows it
    assert (
        ex.status == "in-reference-catalog" and "pháp điển" in ex.source and "luocdo-reference" in ex.source
    )
    ex = existence(st, docs["1550"])  # NĐ-CP of 2020: the catalog lists nearly all of them, not this one
    assert ex.status == "not-found-in-catalog"
    assert any(r.so_ky_hieu == "155/2020/NĐ-CP" for r, _ in ex.near)
    found = [f for f in run_all(st, ["V010"]) if "1550" in f.document]
    assert found and found[0].severity == "warning" and "155/2020/NĐ-CP" in found[0].suggestion
    # a local plan: the catalog cannot say which UBND, so unverified, never "not found"
    assert existence_status(st, docs["77"]) == "unverified"
    assert not [f for f in run_all(st, ["V010"]) if "80/2020" in f.document]


def test_v010_sparse_series_is_unverified_not_not_found(tmp_path):
    # QĐ-TTg numbers run into the thousands and the catalog has a fraction of them
    st = store_of(tmp_path, "Thực hiện Quyết định số 2498/QĐ-TTg ngày 01/3/2020 của Thủ tướng Chính phủ.")
    (d,) = [r["id"] for r in st.db.execute("SELECT id FROM documents WHERE number = '2498'")]
    assert existence_status(st, d) in ("unverified", "in-reference-catalog")


def test_v002_date_differs_from_the_reference_catalog(tmp_path):
    bad = store_of(tmp_path / "bad", "Căn cứ Nghị định số 80/2020/NĐ-CP ngày 09/7/2020 của Chính phủ.")
    f = codes(bad, "V002")
    assert f and "2020-07-08" in f[0].suggestion and "luocdo-reference" in f[0].explanation
    good = store_of(tmp_path / "good", "Căn cứ Nghị định số 80/2020/NĐ-CP ngày 08/7/2020 của Chính phủ.")
    assert not codes(good, "V002")
    # the year of the number and of the date disagree: V001's case, no date is suggested from another document
    v001 = store_of(tmp_path / "v001", "Căn cứ Nghị định số 143/2021/NĐ-CP ngày 10/12/2020 của Chính phủ.")
    assert not codes(v001, "V002")


def test_v009_never_suggests_a_replacement_issued_after_the_report(tmp_path):
    cat = [
        {
            "so_ky_hieu": "108/2014/NĐ-CP",
            "loai_van_ban": "Nghị định",
            "ngay_ban_hanh": "2014-11-20",
            "co_quan_ban_hanh": "Chính phủ",
            "replaced_by": "29/2023/NĐ-CP",
        }
    ]
    early = store_of(tmp_path / "early", "Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ.")
    early.import_catalog(cat, "test")
    assert not [f for f in codes(early, "V009") if "29/2023" in f.explanation + f.suggestion]
    late = store_of(
        tmp_path / "late", "Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ.", year=2024
    )
    late.import_catalog(cat, "test")
    assert [f for f in codes(late, "V009") if "29/2023" in f.suggestion]


def test_v009_from_the_reference_catalogs_links(tmp_path):
    # pháp điển: 37/2014/NĐ-CP amended by 108/2020/NĐ-CP (no catalog in the store says so)
    st = store_of(tmp_path, "Căn cứ Nghị định số 37/2014/NĐ-CP ngày 05/5/2014 của Chính phủ.", year=2022)
    st.db.execute("DELETE FROM catalog")
    f = codes(st, "V009")
    assert f and "108/2020/NĐ-CP" in f[0].explanation and "luocdo-reference" in f[0].explanation
    early = store_of(
        tmp_path / "early", "Căn cứ Nghị định số 37/2014/NĐ-CP ngày 05/5/2014 của Chính phủ.", year=2019
    )
    early.db.execute("DELETE FROM catalog")
    assert not [f for f in codes(early, "V009") if "108/2020" in f.explanation]

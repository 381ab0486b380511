"""Issue 12, items 1, 2 and 5: a lookup that never substitutes, one document per document, provinces
after July 2025. On stores built here from the sample reports and from small generated reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app
from luocdo.gazetteer import UnknownProvince, in_province, province_scope
from luocdo.graph.ask import AskError, Unresolved, find_documents, implementers, label, lookup, missing
from luocdo.store import Store

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    st = Store(tmp_path_factory.mktemp("lookup") / "s.db")
    for f in sorted((ROOT / "sample_reports").glob("*.md")):
        if f.stem != "README":
            st.ingest(f)
    st.settle()
    return st


def cli(*args: str):
    return runner.invoke(app, list(args))


# ---- 1. lookup ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, ident",
    [
        ("108/2014/NĐ-CP", "108|nđ/cp|2014|Chính phủ"),
        ("108/2014/ND-CP", "108|nđ/cp|2014|Chính phủ"),  # typed without Đ
        ("Nghi dinh 108/2014/ND-CP", "108|nđ/cp|2014|Chính phủ"),
        ("1847/QD-TTg", "1847|qđ/ttg|2018|Thủ tướng Chính phủ"),
        ("Quyet dinh 1847/QD-TTg", "1847|qđ/ttg|2018|Thủ tướng Chính phủ"),
        ("98/KH-UBND của UBND huyện Lục Nam", "98|kh/ubnd|2019|UBND huyện Lục Nam"),
        ("98/KH-UBND cua UBND huyen Luc Nam", "98|kh/ubnd|2019|UBND huyện Lục Nam"),
        ("98/KH-UBND UBND huyen Luc Nam", "98|kh/ubnd|2019|UBND huyện Lục Nam"),
        ("98/KH-UBND huyện Lục Nam", "98|kh/ubnd|2019|UBND huyện Lục Nam"),
        ("98/KH-UBND của UBND tỉnh Sóc Trăng", "98|kh/ubnd|2016|UBND tỉnh Sóc Trăng"),
        ("98/KH-UBND ngày 03/7/2019", "98|kh/ubnd|2019|UBND huyện Lục Nam"),
        ("98/KH-UBND 21/10/2016", "98|kh/ubnd|2016|UBND tỉnh Sóc Trăng"),
        ("98/KH-UBND 2019-07-03", "98|kh/ubnd|2019|UBND huyện Lục Nam"),
        ("26/CT-TTg", "26|ct/ttg|2016|Thủ tướng Chính phủ"),
        ("Chỉ thị 26", "26|ct/ttg|2016|Thủ tướng Chính phủ"),
        ("CT 26/CT-TTg", "26|ct/ttg|2016|Thủ tướng Chính phủ"),
        ("26/CT-TTg về tăng cường kỷ luật", "26|ct/ttg|2016|Thủ tướng Chính phủ"),  # a subject, not an issuer
        ("Chi thi 26/CT-TTg cua Thu tuong Chinh phu", "26|ct/ttg|2016|Thủ tướng Chính phủ"),
        ("Luat To chuc chinh quyen dia phuong", "name|luật|tổ chức chính quyền địa phương"),
    ],
)
def test_exact_answers(store, typed, ident):
    found = lookup(store, typed)
    assert found.status == "exact", found.message()
    assert found.matches[0]["ident"] == ident


def test_ambiguous_is_a_choice_not_an_answer(store):
    found = lookup(store, "98/KH-UBND")
    assert found.status == "ambiguous"
    assert {r["issuer"] for r in found.matches} == {"UBND tỉnh Sóc Trăng", "UBND huyện Lục Nam"}
    msg = found.message()
    assert msg.startswith("2 documents match '98/KH-UBND'") and "add the issuer or the date" in msg
    assert "21/10/2016" in msg and "03/07/2019" in msg
    with pytest.raises(Unresolved):
        from luocdo.graph.ask import resolve_document

        resolve_document(store, "98/KH-UBND")


def test_not_found_names_the_nearest_and_never_substitutes(store):
    found = lookup(store, "108/2020/NĐ-CP")
    assert found.status == "not_found" and not find_documents(store, "108/2020/NĐ-CP")
    assert label(found.nearest[0]) == "Nghị định 108/2014/NĐ-CP"
    assert "not found" in found.message() and "nearest: Nghị định 108/2014/NĐ-CP" in found.message()
    # the issuer and the date typed are constraints, not decorations
    assert lookup(store, "98/KH-UBND của UBND huyện Đức Trọng").status == "not_found"
    assert lookup(store, "98/KH-UBND ngày 21/10/2017").status == "not_found"
    assert lookup(store, "Kế hoạch 26/CT-TTg").status == "not_found"  # the type word too
    with pytest.raises(AskError):
        lookup(store, "UBND huyen Luc Nam")  # a body, not a document


def test_cli_exit_codes_and_messages(store):
    db = str(store.path)
    r = cli("show", "108/2020/NĐ-CP", "--store", db)
    assert r.exit_code == 1 and "nearest: Nghị định 108/2014/NĐ-CP" in r.stderr and not r.stdout
    r = cli("implementers", "98/KH-UBND", "--store", db)
    assert r.exit_code == 1 and "2 documents match" in r.stderr
    r = cli("show", "98/KH-UBND của UBND huyện Lục Nam", "--store", db, "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["issuer"] == "UBND huyện Lục Nam"
    r = cli("chain", "108/2014/ND-CP", "--store", db, "-f", "json")
    assert r.exit_code == 0
    r = cli("query", "cites", "-p", "targets=98/KH-UBND", "--store", db)
    assert r.exit_code == 1 and "2 documents match" in r.stderr
    r = cli("validate", "--doc", "Chi thi 26/CT-TTg", "--store", db, "-f", "json")
    assert r.exit_code == 0 and any(f["code"] == "V002" for f in json.loads(r.stdout))
    r = cli("draw", "98/KH-UBND", "-o", str(Path(db).with_suffix(".svg")), "--store", db)
    assert r.exit_code == 1 and "add the issuer or the date" in r.stderr


def test_rdf_engine_uses_the_same_resolver(store):
    db = str(store.path)
    r = cli("show", "108/2020/NĐ-CP", "--store", db, "--backend", "rdf")
    assert r.exit_code == 1 and "nearest: Nghị định 108/2014/NĐ-CP" in r.stderr
    r = cli("show", "98/KH-UBND UBND huyen Luc Nam", "--store", db, "--backend", "rdf", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["issuer"] == "UBND huyện Lục Nam"


# ---- 2. one document, one node ------------------------------------------------------------------------
def test_a_wrong_date_is_not_a_second_document(store):
    docs = store.db.execute("SELECT * FROM documents WHERE num_norm = '26' AND symbol = 'CT-TTg'").fetchall()
    assert len(docs) == 1 and docs[0]["date"] == "2016-09-05"
    # the citation keeps what it says, and its evidence
    m = store.db.execute(
        "SELECT m.*, f.path FROM mentions m JOIN files f ON f.id = m.file_id WHERE m.date = '2017-09-05'"
        " AND m.num_norm = '26'"
    ).fetchone()
    assert m["doc_id"] == docs[0]["id"] and m["path"].endswith("2019_bc_ubnd_huyen_yen_the.md")
    r = cli("show", "26/CT-TTg", "--store", str(store.path), "-f", "json")
    card = json.loads(r.stdout)
    assert card["cited_as"] == [
        {"field": "date", "cited": "2017-09-05", "settled": "2016-09-05", "mentions": 1}
    ]
    assert any(f["code"] == "V002" for f in card["findings"])
    r = cli("implementers", "26/CT-TTg", "--store", str(store.path))
    assert "⚠ also cited as 05/09/2017" in r.stdout


def test_a_number_year_the_date_contradicts_joins_the_document_of_that_year(store):
    # "Nghị định số 143/2021/NĐ-CP ngày 10/12/2020": the catalog's 143/2020/NĐ-CP of 10/12/2020
    docs = store.db.execute("SELECT * FROM documents WHERE num_norm = '143'").fetchall()
    assert [d["ident"] for d in docs] == ["143|nđ/cp|2020|Chính phủ"]
    r = cli("show", "143/2020/NĐ-CP", "--store", str(store.path), "-f", "json")
    assert json.loads(r.stdout)["cited_as"][0]["cited"] == "2021"


def _report(folder: Path, name: str, number: int, cited_date: str) -> None:
    (folder / name).write_text(
        f"""**ỦY BAN NHÂN DÂN**
**HUYỆN {name.upper()}**

Số: {number}/BC-UBND

{name.title()}, ngày 10 tháng 6 năm 2020

## **BÁO CÁO**

Kính gửi: Sở Nội vụ tỉnh Bình Định.

Thực hiện Kế hoạch số 77/KH-UBND ngày {cited_date} của UBND tỉnh Bình Định về kiểm tra công vụ,
UBND huyện đã ban hành kế hoạch của huyện.
""",
        encoding="utf-8",
    )


def _build(folder: Path, order: list[str], db: Path) -> Store:
    st = Store(db)
    for name in order:
        assert st.ingest(folder / name).status == "added"
        st.settle()  # settle after each file: the answer must not depend on the order
    return st


def test_one_node_whatever_the_ingest_order(tmp_path):
    src = tmp_path / "r"
    src.mkdir()
    for i, name in enumerate(["an nhon", "tuy phuoc", "phu cat", "van canh"]):
        _report(src, f"{name.replace(' ', '_')}.md", 10 + i, "12/3/2019")
    _report(src, "hoai_an.md", 20, "12/3/2018")  # a slip in the year
    names = sorted(p.name for p in src.iterdir())
    answers = []
    for k, order in enumerate([names, names[::-1]]):
        st = _build(src, order, tmp_path / f"s{k}.db")
        docs = st.db.execute("SELECT ident, date FROM documents WHERE num_norm = '77'").fetchall()
        cited = st.db.execute(
            "SELECT f.path, m.date, d.ident FROM mentions m JOIN files f ON f.id = m.file_id"
            " JOIN documents d ON d.id = m.doc_id WHERE m.num_norm = '77' ORDER BY f.path"
        ).fetchall()
        answers.append(([tuple(d) for d in docs], [(Path(p).name, dt, i) for p, dt, i in cited]))
        st.close()
    assert answers[0] == answers[1]
    docs, cited = answers[0]
    assert docs == [("77|kh/ubnd|2019|UBND tỉnh Bình Định", "2019-03-12")]
    assert ("hoai_an.md", "2018-03-12", "77|kh/ubnd|2019|UBND tỉnh Bình Định") in cited


def test_two_real_documents_of_the_same_number_stay_two(tmp_path):
    src = tmp_path / "r"
    src.mkdir()
    _report(src, "an_nhon.md", 10, "12/3/2019")
    _report(src, "tuy_phuoc.md", 11, "12/3/2018")  # as many citations each: two plans
    st = _build(src, sorted(p.name for p in src.iterdir()), tmp_path / "s.db")
    assert st.db.execute("SELECT count(*) FROM documents WHERE num_norm = '77'").fetchone()[0] == 2


# ---- 5. provinces after July 2025 ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, covers",
    [
        ("Gia Lai", {"Gia Lai", "Bình Định"}),
        ("tỉnh Gia Lai", {"Gia Lai", "Bình Định"}),
        ("gia lai", {"Gia Lai", "Bình Định"}),
        ("Bình Định", {"Bình Định"}),
        ("Binh Dinh", {"Bình Định"}),
        ("Tinh Binh Dinh", {"Bình Định"}),
        ("thành phố Cần Thơ", {"Cần Thơ", "Hậu Giang", "Sóc Trăng"}),
        ("TP. Hồ Chí Minh", {"Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"}),
        ("Thanh Hoá", {"Thanh Hóa"}),
    ],
)
def test_province_names_old_and_new(typed, covers):
    assert province_scope(typed) == covers


def test_unknown_province_suggests():
    with pytest.raises(UnknownProvince, match=r"unknown province 'Binh Dnh' \(did you mean Bình Định"):
        province_scope("Binh Dnh")
    assert in_province("Bình Định", "Gia Lai") and not in_province("Bình Định", "Quảng Ngãi")


def test_a_2025_province_covers_the_provinces_merged_into_it(store):
    target = [find_documents(store, "26/CT-TTg")[0]["id"]]
    gia_lai = {i.body for i in implementers(store, target, province="Gia Lai")}
    assert {"UBND huyện Tuy Phước", "UBND tỉnh Bình Định"} <= gia_lai
    assert gia_lai == {i.body for i in implementers(store, target, province="binh dinh")}
    lost = {
        m["body"] for m in missing(store, implementers(store, target), level="district", province="Gia Lai")
    }
    assert "UBND thị xã An Nhơn" in lost  # the gazetteer's districts of the former Bình Định


def test_cli_province(store):
    db = str(store.path)
    r = cli("implementers", "26/CT-TTg", "--province", "Gia Lai", "--store", db, "-f", "json")
    assert r.exit_code == 0 and {x["province"] for x in json.loads(r.stdout)} == {"Bình Định"}
    r = cli("implementers", "26/CT-TTg", "--province", "Xyz", "--store", db)
    assert r.exit_code == 1 and "unknown province 'Xyz'" in r.stderr
    r = cli("implementers", "10/CT-TTg", "--province", "Hà Giang", "--store", db)
    assert r.exit_code == 0 and "0 results" in r.stdout


def test_plain_forms_are_read_as_the_extractor_reads_them(store, monkeypatch):
    """'26/CT-TTg' and '108/2020/NĐ-CP' are read without the extractor (whose patterns take a second to
    compile): the same parts as the extractor finds, for every numbered document of the store, typed
    as number/[year/]symbol, and a few forms typed by hand."""
    from luocdo.graph import lookup as lk

    typed = {
        f"{n}/{y + '/' if y else ''}{s}"
        for n, y, s in store.db.execute(
            "SELECT number, year, symbol FROM documents WHERE number IS NOT NULL AND symbol IS NOT NULL"
        )
    }
    typed |= {
        "26/CT-TTg",
        "108/2020/ND-CP",
        "1847/QD-TTg",
        "01/KH-BCĐ",
        "12/2019/QH14",
        "7/TTr-UBND",
        "5/NQ-HĐND",
    }
    fast = {t: lk.parse_plain(t) for t in typed}
    assert sum(w is not None for w in fast.values()) > 40
    monkeypatch.setattr(lk, "parse_plain", lambda t: None)
    for t, w in fast.items():
        if w is not None:
            assert lk.parse(t) == w, t

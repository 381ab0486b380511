"""The provinces a document's settle reads (settled._province_hints): one for every citation of it and
every report that is it, whether all documents are read or only some; and only the documents whose
body's province depends on them read them (settled._hint_matters)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from luocdo.resolve.corpus import canonical_province
from luocdo.store import Store
from luocdo.store.bodies import body_info
from luocdo.store.settled import _hint_matters, _province_hints

CITED = "Thực hiện Kế hoạch số 121/KH-UBND ngày 07/3/2019 của UBND xã Tân Lập."


def _report(number: int, place: str, times: int) -> str:
    body = "\n\n".join([CITED] * times)
    return f"Số: {number}/BC-UBND\n\n{place}, ngày 3 tháng 4 năm 2022\n\nBÁO CÁO\nKết quả\n\n{body}\n"


def test_every_citation_counts_once_whichever_way_the_store_is_read(tmp_path: Path) -> None:
    # one report cites the document three times, another once: 3 against 1, not 1 against 1
    for name, place, times in (("a", "Tuy Phước", 3), ("b", "Cần Thơ", 1)):
        (tmp_path / f"{name}.md").write_text(_report(len(name) + times, place, times), encoding="utf-8")
    st = Store(tmp_path / "s.db")
    for f in sorted(tmp_path.glob("*.md")):
        st.ingest(f)
    db = st.db
    (doc,) = db.execute("SELECT id FROM documents WHERE num_norm = '121'").fetchone()
    assert db.execute("SELECT count(*) FROM mentions WHERE doc_id = ?", (doc,)).fetchone()[0] == 4
    ids = [r[0] for r in db.execute("SELECT id FROM documents")]
    whole = _province_hints(db, ids)
    assert sorted(whole[doc].values()) == [1, 3]
    assert {d: Counter(c) for d, c in _province_hints(db, [doc]).items()} == {doc: whole[doc]}
    st.close()


BODIES = [
    "UBND xã Tân Lập",
    "UBND huyện Tuy Phước",
    "UBND huyện Xyz",
    "UBND Quận 3",
    "Huyện ủy Tuy Phước",
    "UBND tỉnh Bình Định",
    "UBND thành phố Cần Thơ",
    "UBND thành phố Quy Nhơn",
    "Sở Tài chính",
    "Sở Y tế tỉnh Bình Định",
    "Phòng Giáo dục huyện Tuy Phước",
    "Thủ tướng Chính phủ",
    "Bộ Tài chính",
    "Ban Bí thư",
    "Tỉnh ủy Bình Định",
    "Hội đồng nhân dân phường 5",
    "Công ty ABC",
]


@pytest.mark.parametrize("name", BODIES)
def test_a_province_two_hints_do_not_change_no_hint_changes(name: str) -> None:
    # _settle_provinces reads the reports' provinces only where _hint_matters: elsewhere it settles with
    # no hint, which must give what any hint gives
    hints = [None, "", "Hà Nội", "Bình Định", "Cần Thơ", canonical_province("Đà Nẵng"), "\0c"]
    provinces = {body_info(name, h)[1] for h in hints}
    if not _hint_matters(name):
        assert len(provinces) == 1
    else:
        assert "Hà Nội" in provinces and "Bình Định" in provinces


def test_a_commune_document_takes_the_province_most_of_its_reports_give_when_the_whole_store_is_settled(
    tmp_path: Path,
) -> None:
    # "UBND xã Tân Lập" names no province: its document's is the one most of the reports citing it give,
    # whether settle decides the documents it touched or the whole store ('*')
    for name, place, times in (("a", "Tuy Phước", 1), ("b", "Cần Thơ", 1), ("c", "Cần Thơ", 1)):
        (tmp_path / f"{name}.md").write_text(
            _report(len(name) * 10 + ord(name), place, times), encoding="utf-8"
        )
    st = Store(tmp_path / "s.db")
    for f in sorted(tmp_path.glob("*.md")):
        st.ingest(f)
    st.settle()
    province = "SELECT province FROM documents WHERE num_norm = '121'"
    assert st.db.execute(province).fetchone()[0] == "Cần Thơ"
    with st._immediate():
        st.db.execute("UPDATE documents SET province = NULL WHERE num_norm = '121'")
        st.db.execute("INSERT OR IGNORE INTO settle_pending VALUES ('*')")
    st.settle()
    assert st.db.execute(province).fetchone()[0] == "Cần Thơ"
    st.close()

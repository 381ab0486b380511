"""The provinces a document's settle reads (settled._province_hints): one for every citation of it and
every report that is it, whether the whole store is read (at once or a slice of document ids at a
time) or only some documents."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from luocdo.store import Store
from luocdo.store.settled import _province_hints

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
    whole = _province_hints(db, None)
    assert sorted(whole[doc].values()) == [1, 3]
    ids = [r[0] for r in db.execute("SELECT id FROM documents")]
    assert whole == _province_hints(db, range(min(ids), max(ids) + 1))
    assert whole == _province_hints(db, ids)
    assert {d: Counter(c) for d, c in _province_hints(db, [doc]).items()} == {doc: whole[doc]}
    st.close()

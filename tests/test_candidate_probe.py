"""The documents a partial citation can be are those some file names in full (a citation of the same
identity, or the file's own report): the writer's look-up (store.db._candidate_query) probes the
citations of each document range by range of mentions_doc_dates (dated ones first, so that a central
document's thousands of partial citations are not read). Whatever the dates, years and stored identities
of the citations, it finds the same documents as the plain definition."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luocdo.store import Store

# one number, three documents of no known body (the candidates of a citation without an issuer)
DOCUMENTS = ("5|kh/ubnd|2020|UBND tỉnh A", "5|kh/ubnd|2019|UBND tỉnh A", "5|kh/ubnd|2020|UBND tỉnh B")
CITATION = st.fixed_dictionaries(
    {
        "doc": st.integers(0, len(DOCUMENTS) - 1),
        "date": st.sampled_from([None, "", "2020-01-02", "2019-05-05"]),
        "year": st.sampled_from([None, "", "2020", "2019"]),
        "issuer": st.sampled_from([None, "UBND tỉnh A", "UBND tỉnh B"]),
        "ident_own": st.sampled_from([None, "", "other", *DOCUMENTS]),
    }
)


def _write(store: Store, citations: list[dict], reports: list[int]) -> None:
    db = store.db
    db.execute("PRAGMA foreign_keys = OFF")  # rows of one table at a time, without the files they need
    for i, ident in enumerate(DOCUMENTS, 1):
        db.execute(
            "INSERT INTO documents (id, ident, type, number, num_norm, year, symbol) VALUES (?, ?, 'Kế hoạch',"
            " '5', '5', ?, 'KH-UBND')",
            (i, ident, ident.split("|")[2]),
        )
    for n, c in enumerate(citations):
        db.execute(
            'INSERT INTO mentions (file_id, mid, line, start, "end", sentence_no, type, number, num_norm, year,'
            " symbol, date, date_valid, issuer, issuer_explicit, relation, short_form, in_footnote,"
            " confidence, notes, doc_id, ident_own) VALUES (?, ?, 1, 0, 1, 1, 'Kế hoạch', '5', '5', ?,"
            " 'KH-UBND', ?, 1, ?, 1, 'implements', 0, 0, 1.0, '[]', ?, ?)",
            (n % 7 + 1, f"m{n}", c["year"], c["date"], c["issuer"], c["doc"] + 1, c["ident_own"]),
        )
    for fid, doc in enumerate(reports, 100):
        db.execute(
            "INSERT INTO files (id, path, sha256, size, ingested_at, report_doc) VALUES (?, ?, ?, 1, '', ?)",
            (fid, f"r{fid}.txt", f"sha{fid}", doc + 1),
        )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    citations=st.lists(CITATION, max_size=12),
    reports=st.lists(st.integers(0, len(DOCUMENTS) - 1), max_size=2),
)
def test_named_in_full_whatever_the_citations(citations: list[dict], reports: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        _write(store, citations, reports)
        idents = {doc_id: ident for doc_id, ident in store.db.execute("SELECT id, ident FROM documents")}
        named = {
            doc_id
            for doc_id, ident in store.db.execute("SELECT doc_id, ident FROM mentions")
            if ident is not None and ident == idents[doc_id]
        }
        named |= {doc + 1 for doc in reports}
        found = {r["id"] for r in store._named_in_full("5", None, None)}
        assert found == named

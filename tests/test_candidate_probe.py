"""The documents a partial citation can be are those some file names in full (a citation of the same
identity, or the file's own report): the writer's look-up (store.db._candidate_query) probes the
citations of each document range by range of mentions_doc_dates (dated ones first, so that a central
document's thousands of partial citations are not read). Whatever the dates, years and stored identities
of the citations, it finds the same documents as the plain definition."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from luocdo.store import Store
from luocdo.store.coded import RELATIONS, TYPES, encode

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
            'INSERT INTO mentions (file_id, mid, line, start, "end", sentence_no, type_code, number, num_norm,'
            " year, symbol, date, date_valid, issuer, issuer_explicit, relation_code, short_form, in_footnote,"
            " confidence, doc_id, ident_own) VALUES (?, ?, 1, 0, 1, 1, ?, '5', '5', ?,"
            " 'KH-UBND', ?, 1, ?, 1, ?, 0, 0, 1.0, ?, ?)",
            (
                n % 7 + 1,
                f"m{n}",
                encode("Kế hoạch", TYPES),
                c["year"],
                c["date"],
                c["issuer"],
                encode("implements", RELATIONS),
                c["doc"] + 1,
                c["ident_own"],
            ),
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


# complete citations of two documents of one number (two years, and a slip of one digit), partial ones
# that both can be: the writer weighs the candidates (_preferred) and keeps their weights (Store._weights)
CITATIONS = (
    "Thực hiện Kế hoạch số 252/KH-UBND ngày 07/9/2019 của UBND tỉnh Bình Định.",
    "Thực hiện Kế hoạch số 252/KH-UBND ngày 07/9/2021 của UBND tỉnh Bình Định.",
    "Căn cứ Kế hoạch số 252/KH-UBND ngày 07/9/2011 của UBND tỉnh Bình Định.",
    "Tiếp tục thực hiện Kế hoạch số 252/KH-UBND của UBND tỉnh Bình Định.",
    "Thực hiện Kế hoạch số 252/KH-UBND.",
    "Quán triệt Kế hoạch 252/KH-UBND năm 2019.",
)


def _check_weights(store: Store) -> int:
    """Each weight the writer keeps is what a fresh count of the store finds; how many were checked."""
    for doc_id, (_, n, ident) in store._weights.items():
        fresh = store.db.execute(
            "SELECT count(*) FROM mentions WHERE doc_id = ? AND ident = ?", (doc_id, ident)
        ).fetchone()[0]
        assert n == fresh, (doc_id, ident, n, fresh)
    return len(store._weights)


class _CheckedStore(Store):
    """A store whose writer checks, after every file it writes, that each weight it keeps counts what a
    fresh count of the store finds."""

    checked = 0

    def _write(self, key, sha, size, rows) -> None:
        super()._write(key, sha, size, rows)
        _CheckedStore.checked += _check_weights(self)


_extracted: dict[tuple, object] = {}


def _prepared(folder: Path, n: int, cited: tuple[int, ...]):
    from luocdo.store.prepare import prepared

    if (folder, n, cited) not in _extracted:
        path = folder / f"r{n}.md"
        body = "\n\n".join(CITATIONS[i] for i in cited)
        path.write_text(
            f"Số: {n + 1}/BC-UBND\n\nTuy Phước, ngày 3 tháng 4 năm 2022\n\nBÁO CÁO\nKết quả năm\n\n{body}\n",
            encoding="utf-8",
        )
        (p,) = prepared([path], lambda key: None, 1)
        _extracted[(folder, n, cited)] = p
    return _extracted[(folder, n, cited)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reports")


def _write_batches(folder: Path, batches) -> _CheckedStore:
    with tempfile.TemporaryDirectory() as tmp, _CheckedStore(Path(tmp) / "s.db") as store:
        n = 0
        for batch in batches:
            preps = []
            for cited in batch:
                preps.append(_prepared(folder, n, cited))
                n += 1
            store._write_batch(preps)
        return store


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    batches=st.lists(
        st.lists(
            st.lists(st.integers(0, len(CITATIONS) - 1), min_size=1, max_size=4).map(
                lambda c: tuple(sorted(c))
            ),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_weights_the_writer_keeps_are_what_the_store_counts(folder, batches) -> None:
    _write_batches(folder, batches)


def test_the_writer_weighs_once_and_counts_what_it_writes(folder) -> None:
    """Two documents of 252/KH-UBND cited in full, then partial citations both can be: their weights are
    kept from one file and one batch to the next, and the citations written after add to them."""
    before = _CheckedStore.checked
    store = _write_batches(folder, [[(0,), (1,)], [(3,), (0, 3)], [(0,), (4,)]])
    assert len(store._weights) == 2
    assert sorted(n for _, n, _ in store._weights.values()) == [1, 3]
    assert _CheckedStore.checked > before


_CITED = st.lists(st.integers(0, len(CITATIONS) - 1), min_size=1, max_size=4).map(lambda c: tuple(sorted(c)))
_STEP = st.one_of(
    st.tuples(st.just("write"), st.lists(_CITED, min_size=1, max_size=3)),
    st.tuples(st.just("rewrite"), st.integers(0, 9), _CITED),  # a stored report's file, other citations
    st.tuples(st.just("forget"), st.integers(0, 9)),
    st.tuples(st.just("settle")),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(_STEP, min_size=1, max_size=6))
# two documents weighed (a partial citation fits both), then the file citing one of them in full removed,
# or written again without that citation
@example(steps=[("write", [(0,), (1, 0)]), ("write", [(3,)]), ("forget", 1)])
@example(steps=[("write", [(0,), (1, 0)]), ("write", [(3,)]), ("rewrite", 1, (1,))])
def test_the_weights_stay_true_through_rewrites_removals_and_settle(folder, steps) -> None:
    """What makes the writer forget its weights (a file written again under its path, a file removed,
    settle): after every step each weight still kept is what the store counts."""
    with tempfile.TemporaryDirectory() as tmp, _CheckedStore(Path(tmp) / "s.db") as store:
        stored: list[int] = []  # report numbers (file r{n}.md) in the store
        n = 1000  # files of their own: the other tests' reports keep their contents
        for step in steps:
            if step[0] == "write":
                preps = [_prepared(folder, n + i, cited) for i, cited in enumerate(step[1])]
                stored += range(n, n + len(preps))
                n += len(preps)
                store._write_batch(preps)
            elif step[0] == "rewrite" and stored:
                store._write_batch([_prepared(folder, stored[step[1] % len(stored)], step[2])])
            elif step[0] == "forget" and stored:
                gone = stored.pop(step[1] % len(stored))
                assert store.forget(str(folder / f"r{gone}.md"))
            elif step[0] == "settle":
                store.settle()
            _check_weights(store)

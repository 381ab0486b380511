"""The settle that follows a bulk load into an empty store, with no other connection's commit since,
does not look for the citations a merge of variants holds (Store._empty_version): only a settle merges
variants, and every citation the load wrote is held by the document of its own identity. The long
path's answer (variants.merged_citations) is checked to be empty wherever the shortcut is taken."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import luocdo.store.db as store_db
from luocdo.store import Store
from luocdo.store.canon import ALL_TABLES, canonical_tables
from luocdo.store.variants import merged_citations
from test_settle_touched import CITATIONS, NAMES, _prepare, _reports

# two reports citing 143/2021/NĐ-CP of 10/12/2020 (a slip of 143/2020) and 143/2020/NĐ-CP: a merge of
# variants, then the citation of the slip held by 143/2020's document
SLIPS = [(0, (1, 0, 3, "năm", (12, 13))), (1, (2, 1, 13, "năm", (12, 5, 6))), (2, (3, 2, 3, "quý I", (13,)))]


def _bulk(store: Store, folder: Path, files) -> None:
    batch = [_prepare(folder, name, spec) for name, spec in sorted(dict(files).items())]
    for _ in store.ingest_prepared(lambda stored_sha: batch, expected_files=len(batch)):
        pass


@pytest.fixture
def spied(monkeypatch):
    """The settles' calls of _unmerge_variants, and what merged_citations finds as each settle begins."""
    monkeypatch.setattr(store_db, "BULK_LOAD_MIN_FILES", 2)
    seen: dict[str, list] = {"unmerged": [], "merged_before": []}
    unmerge, settle = Store._unmerge_variants, Store.settle

    def spy_unmerge(self, pending):
        seen["unmerged"].append(self)
        return unmerge(self, pending)

    def spy_settle(self):
        seen["merged_before"].append(len(merged_citations(self.db)))
        return settle(self)

    monkeypatch.setattr(Store, "_unmerge_variants", spy_unmerge)
    monkeypatch.setattr(Store, "settle", spy_settle)
    return seen


# files of a bulk load: distinct names, each a report citing some of CITATIONS
BULK_FILES = st.lists(
    st.tuples(st.integers(0, NAMES - 1), _reports(len(CITATIONS))),
    min_size=2,
    max_size=6,
    unique_by=lambda f: f[0],
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=BULK_FILES)
@example(files=SLIPS)
def test_after_a_bulk_load_into_an_empty_store_no_merge_holds_a_citation(spied, files):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        spied["unmerged"].clear()
        spied["merged_before"].clear()
        with Store(folder / "s.db") as store:
            _bulk(store, folder, files)
            store.settle()
            assert spied["merged_before"] == [0]  # the long path would have found nothing to undo
            assert spied["unmerged"] == []  # and it was not taken
            store.settle()  # a settle merged: the next one looks again
            assert spied["unmerged"] == [store]


def test_a_bulk_load_of_slips_is_settled_as_file_by_file_ingests_settle_it(spied, tmp_path):
    one = tmp_path / "one"
    one.mkdir()
    with Store(one / "s.db") as store:
        for name, spec in SLIPS:
            store._write_batch([_prepare(tmp_path, name, spec)])
            store.settle()
        by_file = canonical_tables(store.db, ALL_TABLES)
        assert merged_citations(store.db)  # the slip's citation is held by the document it means
    assert spied["merged_before"][-1] > 0 and spied["unmerged"]
    spied["unmerged"].clear()
    with Store(tmp_path / "bulk.db") as store:
        _bulk(store, tmp_path, SLIPS)
        store.settle()
        assert spied["unmerged"] == []
        assert canonical_tables(store.db, ALL_TABLES) == by_file


def test_another_connections_commit_after_the_load_voids_the_shortcut(spied, tmp_path):
    with Store(tmp_path / "s.db") as store:
        _bulk(store, tmp_path, SLIPS[:2])
        with Store(tmp_path / "s.db") as other:  # a concurrent ingest, settled: its merges hold citations
            other._write_batch([_prepare(tmp_path, *SLIPS[2])])
            other.settle()
            assert spied["unmerged"] == [other]
        store.settle()
        assert spied["unmerged"] == [other, store]  # the settle after the load looks for them again


def test_only_a_store_without_citations_is_taken_for_fresh(tmp_path):
    with Store(tmp_path / "empty.db") as store:
        assert store._start_bulk()
        assert store._empty_version == store.db.execute("PRAGMA data_version").fetchone()[0]
        store._end_bulk()
    with Store(tmp_path / "s.db") as store:
        # a citation whose file is gone (a store salvaged without foreign keys): no files, not empty
        store.db.execute("PRAGMA foreign_keys = OFF")
        store.db.execute(
            'INSERT INTO mentions (file_id, mid, line, start, "end", sentence_no, type_code, date_valid,'
            " issuer_explicit, relation_code, short_form, in_footnote, confidence) VALUES"
            " (7, 'm1', 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1.0)"
        )
        store.db.commit()
        assert store._start_bulk()
        assert store._empty_version is None
        store._end_bulk()

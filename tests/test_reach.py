"""The reach rows the store keeps (luocdo.store.reach) answer exactly what a walk over the links does,
whatever the graph, the order the links arrive in and the links that go again."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luocdo.graph.ask import walk, walk_links
from luocdo.store import Store, reach
from luocdo.store.reach import CHAIN_RELATIONS, IMPLEMENTING, KINDS, MAX_DEPTH

SAMPLES = Path(__file__).resolve().parents[1] / "sample_reports"
RELATIONS = ("implements", "reports_on", "based_on", "amends", "cites")
N_DOCS = 9


def _kept(db, kind: int) -> dict[int, dict[int, tuple[int, int | None]]]:
    return {t: reach.walked(db, t, kind, MAX_DEPTH) for t in _doc_ids(db)}


def _walked(db, kind: int) -> dict[int, dict[int, tuple[int, int | None]]]:
    return {t: walk_links(db, [t], KINDS[kind], up=False, max_depth=MAX_DEPTH) for t in _doc_ids(db)}


def _doc_ids(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]


def _assert_same(db) -> None:
    assert reach.current(db)
    for kind in KINDS:
        assert _kept(db, kind) == _walked(db, kind)


def _new_store(path: Path) -> Store:
    s = Store(path)
    with s._immediate():
        for i in range(1, N_DOCS + 1):
            s.db.execute("INSERT INTO documents (id, ident, type) VALUES (?, ?, 'Kế hoạch')", (i, f"kh{i}"))
        for f in (1, 2, 3):
            s.db.execute(
                "INSERT INTO files (id, path, sha256, size, ingested_at, header_own) VALUES (?, ?, '', 0, '', '{}')",
                (f, f"f{f}.md"),
            )
    return s


edge = st.tuples(
    st.integers(1, N_DOCS), st.sampled_from(RELATIONS), st.integers(1, N_DOCS), st.integers(1, 3)
)
# a batch (one transaction): edges added, or the edges of one file removed (a forget)
batch = st.one_of(st.lists(edge, min_size=1, max_size=12), st.integers(1, 3))


def _apply(s, b) -> None:
    """One batch in one transaction: its edges added, or (an int) the edges of that file removed."""
    with s._immediate():
        if isinstance(b, int):
            s.db.execute("DELETE FROM edges WHERE file_id = ?", (b,))
        else:
            s.db.executemany(
                "INSERT INTO edges (src, relation_code, dst, file_id, line, sentence_no, confidence)"
                " VALUES (?, ?, ?, ?, 1, 0, 1.0)",
                b,
            )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(batch, min_size=1, max_size=6))
def test_kept_rows_equal_the_walk_after_every_transaction(tmp_path_factory, batches):
    s = _new_store(tmp_path_factory.mktemp("reach") / "s.db")
    try:
        for b in batches:
            _apply(s, b)
            _assert_same(s.db)
    finally:
        s.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(batch, min_size=1, max_size=6))
def test_rows_built_whole_equal_the_walk(tmp_path_factory, batches):
    """The whole rebuild (a bulk load's end, a big change) gives the rows the walk gives, as the
    transaction-by-transaction upkeep does."""
    s = _new_store(tmp_path_factory.mktemp("reach") / "s.db")
    try:
        for b in batches:
            _apply(s, b)
        with s._immediate():
            s.db.execute("DELETE FROM reach")
            reach.build(s.db)
        _assert_same(s.db)
    finally:
        s.close()


def test_walk_reads_the_kept_rows_and_falls_back_when_they_are_stale(tmp_path):
    s = _new_store(tmp_path / "s.db")
    with s._immediate():
        s.db.executemany(
            "INSERT INTO edges (src, relation_code, dst, file_id, line, sentence_no, confidence) VALUES (?, ?, ?, 1, 1, 0, 1)",
            [(2, "implements", 1), (3, "implements", 2), (4, "reports_on", 2), (5, "based_on", 3)],
        )
    assert walk(s.db, [1], IMPLEMENTING, up=False, max_depth=6) == {
        1: (0, None),
        2: (1, 1),
        3: (2, 2),
        4: (2, 2),
    }
    assert walk(s.db, [1], CHAIN_RELATIONS, up=False, max_depth=2) == {
        1: (0, None),
        2: (1, 1),
        3: (2, 2),
        4: (2, 2),
    }
    # links changed by a writer that does not keep reach (an older luocdo): the walk over the links
    s.db.execute("INSERT INTO reach_dirty VALUES (6, 'implements', 4, 1)")
    s.db.execute("INSERT INTO links VALUES (6, 'implements', 4, 1, 1)")
    assert not reach.current(s.db)
    assert walk(s.db, [1], IMPLEMENTING, up=False, max_depth=6)[6] == (3, 4)
    s.close()


def test_an_older_store_gets_its_rows_when_opened_for_writing(tmp_path):
    path = tmp_path / "s.db"
    s = Store(path)
    list(s.ingest_many(sorted(SAMPLES.glob("*.md"))))
    want = {k: _kept(s.db, k) for k in KINDS}
    for name in ("links_reach_insert", "links_reach_delete", "links_reach_update"):
        s.db.execute(f"DROP TRIGGER {name}")
    s.db.execute("DROP TABLE reach")
    s.db.execute("DROP TABLE reach_dirty")
    s.close()
    reader = Store(path, create=False)  # read-only: upkeep through a short write connection
    assert reach.current(reader.db)
    assert {k: _kept(reader.db, k) for k in KINDS} == want
    _assert_same(reader.db)
    reader.close()


def test_samples_ingested_then_forgotten_one_by_one(tmp_path):
    s = Store(tmp_path / "s.db")
    files = sorted(SAMPLES.glob("*.md"))
    list(s.ingest_many(files))
    _assert_same(s.db)
    for f in files[::2]:
        assert s.forget(str(f))
        _assert_same(s.db)
    s.close()


def test_a_bulk_load_builds_the_rows_at_its_end(tmp_path, monkeypatch):
    import luocdo.store.db as dbmod

    monkeypatch.setattr(dbmod, "BULK_LOAD_MIN_FILES", 2)
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    s = Store(tmp_path / "s.db")
    list(s.ingest_many(sorted(src.glob("*.md"))))
    assert s.db.execute("SELECT count(*) FROM reach").fetchone()[0] > 0
    _assert_same(s.db)
    s.close()


def test_a_link_added_at_the_top_of_a_long_chain_reaches_every_document_below(tmp_path):
    s = _new_store(tmp_path / "s.db")
    for src in range(N_DOCS, 1, -1):  # 9 -> 8 -> ... -> 1, from the leaves up, one transaction each
        with s._immediate():
            s.db.execute(
                "INSERT INTO edges (src, relation_code, dst, file_id, line, sentence_no, confidence)"
                " VALUES (?, 'implements', ?, 1, 1, 0, 1)",
                (src, src - 1),
            )
    assert reach.walked(s.db, 1, 0, MAX_DEPTH) == {1: (0, None), **{d: (d - 1, d - 1) for d in range(2, 8)}}
    _assert_same(s.db)
    with s._immediate():
        s.db.execute("DELETE FROM edges WHERE src = 4")
    assert reach.walked(s.db, 1, 0, MAX_DEPTH) == {1: (0, None), 2: (1, 1), 3: (2, 2)}
    assert reach.walked(s.db, 4, 0, MAX_DEPTH) == {4: (0, None), **{d: (d - 4, d - 1) for d in range(5, 10)}}
    _assert_same(s.db)
    s.close()


def test_the_head_of_a_chain_is_the_first_links_of_the_whole_chain(tmp_path):
    from luocdo.graph.ask import chain, chain_head, find_documents

    s = Store(tmp_path / "s.db")
    list(s.ingest_many(sorted(SAMPLES.glob("*.md"))))
    doc = find_documents(s, "26/CT-TTg")[0]["id"]
    for up in (False, True):
        docs, steps = chain(s, [doc], up=up)
        assert up or len(steps) > 3
        for limit in (1, 3, len(steps) + 5):
            n_docs, head, n_links = chain_head(s, [doc], up=up, limit=limit)
            assert (n_docs, n_links) == (len(docs), len(steps))
            assert [(h.src["id"], h.relation, h.dst["id"], h.evidence) for h in head] == [
                (x.src["id"], x.relation, x.dst["id"], x.evidence) for x in steps[:limit]
            ]
    s.close()


def test_the_strongest_evidence_kept_per_link_is_the_first_of_evidence_many(tmp_path):
    from luocdo.graph.ask import evidence_many, strongest_evidence

    s = Store(tmp_path / "s.db")
    list(s.ingest_many(sorted(SAMPLES.glob("*.md"))))
    for rels in (IMPLEMENTING, CHAIN_RELATIONS):
        marks = ",".join("?" * len(rels))
        pairs = {
            tuple(r) for r in s.db.execute(f"SELECT src, dst FROM links WHERE relation IN ({marks})", rels)
        }
        assert len(pairs) > 10
        assert strongest_evidence(s.db, pairs, rels) == evidence_many(s.db, pairs, rels, limit=1)
    s.close()

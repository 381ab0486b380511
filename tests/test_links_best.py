"""A link's best evidence (links.best): the strongest edge by confidence, then path, line and the
smallest id, the same whether the link is computed alone (a small write) or with every other (a bulk
load's end, a big change)."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luocdo.store import Store

N_DOCS = 4
PATHS = ("b.md", "a.md", "c.md")  # file ids 1, 2, 3: the path order is not the id order


def _new_store(path: Path) -> Store:
    s = Store(path)
    with s._immediate():
        for i in range(1, N_DOCS + 1):
            s.db.execute("INSERT INTO documents (id, ident, type) VALUES (?, ?, 'Kế hoạch')", (i, f"kh{i}"))
        for f, p in enumerate(PATHS, 1):
            s.db.execute(
                "INSERT INTO files (id, path, sha256, size, ingested_at, header_own) VALUES (?, ?, '', 0, '', '{}')",
                (f, p),
            )
    return s


def _links(s: Store) -> list[tuple]:
    return [
        tuple(r)
        for r in s.db.execute("SELECT src, relation, dst, n, best FROM links ORDER BY src, relation, dst")
    ]


def _expected(s: Store) -> list[tuple]:
    groups: dict[tuple, list[tuple]] = {}
    for eid, src, rel, dst, path, line, conf in s.db.execute(
        "SELECT e.id, e.src, e.relation, e.dst, f.path, e.line, e.confidence FROM edges e JOIN files f ON f.id = e.file_id"
    ):
        groups.setdefault((src, rel, dst), []).append((-conf, path, line, eid))
    return sorted((*k, len(v), min(v)[3]) for k, v in groups.items())


# (src, relation, dst, file, line, confidence): few values of each, so that most links have several
# edges and many of those tie on confidence, path and line
edge = st.tuples(
    st.integers(1, N_DOCS),
    st.sampled_from(("implements", "based_on")),
    st.integers(1, N_DOCS),
    st.integers(1, len(PATHS)),
    st.integers(1, 2),
    st.sampled_from((0.5, 0.9)),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batches=st.lists(st.lists(edge, min_size=1, max_size=15), min_size=1, max_size=4), seed=st.integers(0, 99)
)
def test_one_link_at_a_time_and_all_at_once_choose_the_same_best_edge(tmp_path_factory, batches, seed):
    s = _new_store(tmp_path_factory.mktemp("links") / "s.db")
    ids = list(range(1, 1 + sum(map(len, batches))))
    random.Random(seed).shuffle(ids)  # ids not in the order the edges are written: ties are not decided by it
    for b in batches:
        with s._immediate():  # the write's own refresh: the links of its edges, one at a time
            s.db.executemany(
                "INSERT INTO edges (id, src, relation_code, dst, file_id, line, sentence_no, confidence)"
                " VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                [(ids.pop(), *e) for e in b],
            )
        assert _links(s) == _expected(s)
    with s._immediate():
        s._rebuild_links()  # every link at once
    assert _links(s) == _expected(s)
    s.close()


def test_the_strongest_edge_is_looked_up_by_the_pair_whichever_index_is_newer(tmp_path) -> None:
    # edges_dst made after edges_pair (a store given its missing index when opened): without statistics
    # SQLite's planner took the newer one, reading every edge of a relation into a central document
    from luocdo.store import Store

    st = Store(tmp_path / "s.db")
    st.db.execute("DROP INDEX edges_dst")
    st.db.execute("CREATE INDEX edges_dst ON edges(dst, relation)")
    plan = [
        r[3] for r in st.db.execute(f"EXPLAIN QUERY PLAN {Store._LINK_ROW} GROUP BY e.src, e.relation, e.dst")
    ]
    assert any("SEARCH b USING INDEX edges_pair (src=? AND dst=?)" in p for p in plan), plan
    st.close()

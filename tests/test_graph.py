"""Questions on the bundled sample reports, checked against their answer key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from luocdo.graph.ask import chain, find_documents, implementers, label, missing
from luocdo.graph.named import available, run
from luocdo.store import Store

ROOT = Path(__file__).resolve().parents[1]
KEY = json.loads((ROOT / "sample_reports" / "answer_key.json").read_text(encoding="utf-8"))
CENTRAL = ["26/CT-TTg", "10/CT-TTg", "76/NQ-CP", "1847/QĐ-TTg"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    st = Store(tmp_path_factory.mktemp("g") / "s.db")
    for f in sorted((ROOT / "sample_reports").glob("*.md")):
        if f.stem != "README":
            st.ingest(f)
    st.settle()
    return st


@pytest.mark.parametrize("doc", CENTRAL)
def test_implementers_match_the_answer_key(store, doc):
    ids = [d["id"] for d in find_documents(store, doc)]
    found = {i.body: i for i in implementers(store, ids)}
    for entry in KEY[doc]["direct"]:
        assert entry["body"] in found, entry["body"]
        assert found[entry["body"]].direct, entry["body"]
    for entry in KEY[doc]["via_province"]:
        assert entry["body"] in found, entry["body"]
        assert not found[entry["body"]].direct, entry["body"]
        chain_docs = [label(s.src) for s in found[entry["body"]].chains[0]]
        assert len(chain_docs) >= 2  # their own document, then the provincial plan
    expected = {e["body"] for e in KEY[doc]["direct"] + KEY[doc]["via_province"]}
    for body, imp in found.items():
        if body not in expected:
            # bodies without a report of their own whose plan another report says implements the document
            assert imp.level in ("province", "party-province", "party-district"), body
        assert all(step.evidence for step in imp.chains[0]), body  # every link has evidence


def test_no_implementation_is_found_for_bodies_the_key_says_did_nothing(store):
    ids = [d["id"] for d in find_documents(store, "26/CT-TTg")]
    found = implementers(store, ids)
    none = {e["body"] if isinstance(e, dict) else e for e in KEY["26/CT-TTg"]["none"]}
    assert not none & {i.body for i in found}
    lost = {m["body"] for m in missing(store, found, level="district")}
    assert {b for b in none if b.startswith(("UBND huyện", "UBND thị xã"))} <= lost


def test_missing_with_a_province_uses_the_gazetteer(store):
    ids = [d["id"] for d in find_documents(store, "26/CT-TTg")]
    out = missing(store, implementers(store, ids), level="district", province="Bình Định")
    names = {m["body"] for m in out}
    assert "UBND huyện Vân Canh" in names  # in the store, no implementation
    assert "UBND thị xã An Nhơn" in names  # known from the gazetteer only
    assert "UBND huyện Tuy Phước" not in names and "UBND huyện Phù Cát" not in names


def test_direct_only(store):
    ids = [d["id"] for d in find_documents(store, "26/CT-TTg")]
    bodies = {i.body for i in implementers(store, ids, direct_only=True)}
    assert "UBND huyện Phù Cát" not in bodies and "UBND huyện Tuy Phước" in bodies


@pytest.mark.parametrize("typed", ["26/CT-TTg", "Chỉ thị 26", "CT 26/CT-TTg", "Chỉ thị số 26/CT-TTg"])
def test_documents_as_people_type_them(store, typed):
    rows = find_documents(store, typed)
    assert rows and label(rows[0]) == "Chỉ thị 26/CT-TTg" and rows[0]["date"] == "2016-09-05"


def test_same_number_different_issuers_are_different_documents(store):
    rows = find_documents(store, "98/KH-UBND")
    assert {r["issuer"] for r in rows} >= {"UBND tỉnh Sóc Trăng", "UBND huyện Lục Nam"}


def test_chain_up_from_a_district_plan_reaches_the_central_directive(store):
    start = [d["id"] for d in find_documents(store, "Kế hoạch 37/KH-UBND")]
    docs, steps = chain(store, start, up=True)
    assert "Chỉ thị 26/CT-TTg" in {label(d) for d in docs}


def test_chain_down_from_the_directive(store):
    docs, steps = chain(store, [d["id"] for d in find_documents(store, "26/CT-TTg")], up=False)
    labels = {label(d) for d in docs}
    assert {"Kế hoạch 45/KH-UBND", "Kế hoạch 98/KH-UBND"} <= labels
    assert all(s.evidence for s in steps)


def test_named_queries_are_defined_once_and_run(store):
    names = available()
    assert {"implementers", "chain_up", "chain_down", "cites", "cited_by", "most_cited"} <= set(names)
    rows = run(store.db, "most_cited", limit=3)
    assert rows and rows[0]["reports"] >= 5


def test_the_level_by_level_walk_gives_what_the_recursive_queries_give(store):
    """ask.walk (one query per level) and queries/implementers.sql, chain_down.sql, chain_up.sql (one
    recursive query, what `luocdo query` runs) must agree on every document: depth and via."""
    from luocdo.graph.ask import CHAIN_RELATIONS, IMPLEMENTING, walk

    db = store.db
    every = [r[0] for r in db.execute("SELECT id FROM documents")]
    compared = 0
    for doc in every:
        for depth in (1, 6):
            sql = {r["doc"]: (r["depth"], r["via"]) for r in run(db, "implementers", targets=[doc], max_depth=depth)}
            got = walk(db, [doc], IMPLEMENTING, up=False, max_depth=depth)
            got.pop(doc)
            assert got == sql, doc
            compared += len(sql)
        for name, up in (("chain_down", False), ("chain_up", True)):
            sql = {r["doc"]: r["depth"] for r in run(db, name, targets=[doc], max_depth=6)}
            assert {d: v[0] for d, v in walk(db, [doc], CHAIN_RELATIONS, up=up, max_depth=6).items()} == sql
    assert compared > 50

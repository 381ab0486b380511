"""Exports written as the store is read hold the same graph as the in-memory ones; SPARQL served from
the Oxigraph copy answers as the embedded engine, and that copy is built once per state of the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from engine_compare import compare
from helpers import ingest
from luocdo.backends import oxigraph
from luocdo.backends import rows as R
from luocdo.backends.export import export, networkx_graph, xml_safe
from luocdo.backends.rdf import build_graph
from luocdo.cli import app
from luocdo.store import Store
from luocdo.synth import generate

ROOT = Path(__file__).resolve().parents[1]
RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
runner = CliRunner()

# a report whose citing sentences hold what every writer must escape
AWKWARD = """# UBND TỈNH LÂM ĐỒNG
Số: 12/BC-UBND
Lâm Đồng, ngày 3 tháng 3 năm 2023

BÁO CÁO "kết quả" <thực hiện> & tổng hợp

Thực hiện Chỉ thị số 26/CT-TTg ngày 5/9/2016 của Thủ tướng Chính phủ về "kỷ luật" \\ kỷ cương <hành chính> & công vụ\x0b, UBND tỉnh đã ban hành Kế hoạch số 45/KH-UBND ngày 10/10/2016.
Căn cứ Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ;\ttab và 'nháy' { } # @ = + - ;.
"""


@pytest.fixture(scope="module", params=["sample", "synthetic"])
def store(request, tmp_path_factory) -> Store:
    d = tmp_path_factory.mktemp("stream")
    if request.param == "sample":
        return ingest(ROOT / "sample_reports", d / "s.db")
    generate(d / "corpus", 40, seed=3)
    (d / "corpus" / "awkward.md").write_text(AWKWARD, encoding="utf-8")
    return ingest(d / "corpus", d / "s.db")


def test_keys_computed_in_sql_are_the_keys_of_the_map(store):
    keys = R.doc_keys(store)
    assert [d["key"] for d in R.documents(store, status=False)] == [
        d["key"] for d in R.documents(store, keys, status=False)
    ]
    assert list(R.links(store)) == list(R.links(store, keys))


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_streamed_rdf_is_the_graph_rdflib_builds(store, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    summary = export(store, fmt, out)
    got = Graph().parse(out, format=RDF_FORMATS[fmt])
    want = build_graph(store)
    assert f"{len(want)} triples" in summary
    assert len(got) == len(want)
    assert isomorphic(got, want)


def _shape(g, drop=()) -> tuple[list, list]:
    nodes = sorted((n, sorted(a.items())) for n, a in g.nodes(data=True))
    edges = sorted(
        (u, v, str(k), sorted((x, y) for x, y in a.items() if x not in drop))
        for u, v, k, a in g.edges(keys=True, data=True)
    )
    return nodes, edges


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_streamed_graphml_and_gexf_read_back_as_networkx_writes_them(store, tmp_path, fmt):
    out, ref = tmp_path / f"g.{fmt}", tmp_path / f"ref.{fmt}"
    export(store, fmt, out)
    g = xml_safe(networkx_graph(store))
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, ref)
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    drop = ("id",) if fmt == "gexf" else ()  # GEXF numbers the edges in the order written
    assert _shape(read(out), drop) == _shape(read(ref), drop)
    assert g.number_of_edges() > 0


def test_the_oxigraph_engine_answers_as_the_embedded_one(store):
    ox = oxigraph.open_current(store)
    n = compare(store, oxigraph.OxigraphBackend(ox))
    assert n["implementers"] > 0 and n["chain"] > 0 and n["cites"] > 0


def test_the_oxigraph_copy_is_built_once_per_state_of_the_store(tmp_path):
    shutil.copytree(ROOT / "sample_reports", tmp_path / "in")
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--store", str(db), "-q"]).exit_code == 0
    folder = tmp_path / "s.db.oxigraph"

    def ask() -> str:
        r = runner.invoke(app, ["implementers", "26/CT-TTg", "--store", str(db), "--backend", "rdf"])
        assert r.exit_code == 0, r.output
        return r.output

    first = ask()
    assert "s.db.oxigraph:" in first  # the notice that it is being built
    built = (folder / oxigraph.STAMP).stat().st_mtime_ns
    second = ask()
    assert "s.db.oxigraph:" not in second
    assert (folder / oxigraph.STAMP).stat().st_mtime_ns == built
    (tmp_path / "in2").mkdir()
    (tmp_path / "in2" / "awkward.md").write_text(AWKWARD, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(tmp_path / "in2"), "--store", str(db), "-q"]).exit_code == 0
    third = ask()
    assert "s.db.oxigraph:" in third
    st = Store(db, create=False)
    assert oxigraph._read_stamp(folder) == oxigraph.stamp(st, oxigraph.DEFAULT_BASE)
    sparql = runner.invoke(
        app, ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(db), "-f", "json"]
    )
    assert sparql.exit_code == 0, sparql.output
    assert f'"n": {len(build_graph(st))}' in sparql.output


def test_export_oxigraph_writes_a_store_sparql_can_open(store, tmp_path):
    out = tmp_path / "ox"
    assert "triples (Oxigraph)" in export(store, "oxigraph", out)
    from pyoxigraph import Store as OxStore

    ox = OxStore.read_only(str(out))
    n = int(next(iter(ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    assert n == len(build_graph(store))


def test_without_pyoxigraph_sparql_runs_on_rdflib_with_one_notice(tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    assert (
        runner.invoke(app, ["ingest", str(ROOT / "sample_reports"), "--store", str(db), "-q"]).exit_code == 0
    )
    with_ox = runner.invoke(app, ["implementers", "26/CT-TTg", "--store", str(db), "--backend", "rdf"])
    monkeypatch.setattr(oxigraph, "available", lambda: False)
    without = runner.invoke(app, ["implementers", "26/CT-TTg", "--store", str(db), "--backend", "rdf"])
    assert without.exit_code == 0
    assert without.output.count("pyoxigraph") == 1
    strip = lambda s: [x for x in s.splitlines() if ".oxigraph:" not in x and "pyoxigraph" not in x]  # noqa: E731
    assert strip(without.output) == strip(with_ox.output)


def test_neo4j_admin_files_hold_the_rows_of_the_push_plan(store, tmp_path):
    import csv

    from luocdo.backends.neo4j import DOC_PROPS, Plan

    export(store, "neo4j-admin", tmp_path / "n")
    plan = Plan.from_store(store)

    def read(name: str) -> list[list[str]]:
        with open(tmp_path / "n" / f"{name}.csv", encoding="utf-8", newline="") as f:
            return list(csv.reader(f))

    def cells(values) -> list[str]:
        return ["" if v is None else str(v) for v in values]

    props = [*DOC_PROPS, "lname"]
    assert read("documents") == [
        cells([d["key"], *[d["props"][p] for p in props], "Document"]) for d in plan.documents
    ]
    assert sorted(read("bodies")) == sorted(
        cells([b["key"], b["name"], b["level"], b["province"], b["district"], "Body"]) for b in plan.bodies
    )
    for rel, rows in plan.links.items():
        assert [r[:2] for r in read(f"rel_{rel}")] == [[r["src"], r["dst"]] for r in rows]


def test_xlsx_rows_are_the_csv_rows(store, tmp_path):
    import csv

    from openpyxl import load_workbook

    export(store, "xlsx", tmp_path / "g.xlsx")
    export(store, "csv", tmp_path / "c")
    wb = load_workbook(tmp_path / "g.xlsx", read_only=True)
    docs = [[("" if v is None else v) for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)]
    with open(tmp_path / "c" / "documents.csv", encoding="utf-8-sig", newline="") as f:
        want = list(csv.reader(f))
    assert len(docs) == len(want)
    assert [r[0] for r in docs] == [r[0] for r in want]  # keys, in the same order
    rels = list(wb.worksheets[2].iter_rows(values_only=True))[1:]
    links = list(R.links(store))
    assert [(r[0], r[1], r[4], r[5], r[6]) for r in rels] == [
        (lk.src, lk.src_label, lk.dst, lk.dst_label, len(lk.evidence)) for lk in links
    ]
    labels = {d["key"]: d["label"] for d in R.documents(store, status=False)}
    assert all(lk.src_label == labels[lk.src] and lk.dst_label == labels[lk.dst] for lk in links)

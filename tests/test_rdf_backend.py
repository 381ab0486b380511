"""The RDF view (ELI), its exports, SHACL and the SPARQL engine, on the sample reports and the shared corpus."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from typer.testing import CliRunner

from engine_compare import compare
from helpers import ingest
from luocdo.backends.export import ARRAY_DELIMITER, export
from luocdo.backends.ids import DEFAULT_BASE, ELI, doc_key, segment
from luocdo.backends.rdf import LUOCDO, RDFBackend, build_graph
from luocdo.cli import app
from luocdo.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHAPES = Graph().parse(ROOT / "graph_schema" / "shapes.ttl")
ONTOLOGY = Graph().parse(ROOT / "graph_schema" / "luocdo.ttl")
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return ingest(ROOT / "sample_reports", tmp_path_factory.mktemp("rdf") / "s.db")


@pytest.fixture(scope="module")
def engine(store) -> RDFBackend:
    return RDFBackend.from_store(store)


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def plain(g: Graph) -> Graph:
    """A copy in rdflib's default store (pySHACL wants a context-aware one)."""
    h = Graph()
    for t in g:
        h.add(t)
    return h


def conforms(g: Graph) -> None:
    ok, _, text = validate(plain(g), shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="none", advanced=True)
    assert ok, text[:3000]


def test_the_schema_files_parse_and_every_luocdo_relation_sits_under_an_eli_property():
    sub = {str(s): str(o) for s, o in ONTOLOGY.subject_objects(RDFS.subPropertyOf)}
    for rel in ("promulgates", "replaces", "guides", "reports_on", "responds_to"):
        assert sub[str(LUOCDO[rel])].startswith(ELI), rel
    assert len(SHAPES) > 50


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt"])
def test_every_rdf_export_satisfies_the_shapes(store, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    export(store, fmt, out)
    g = Graph().parse(out, format={"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}[fmt])
    assert len(g) == len(build_graph(store))
    conforms(g)


def test_the_shapes_catch_a_broken_graph(store):
    g = build_graph(store)
    ev = next(g.subjects(RDF.type, LUOCDO.Evidence))
    g.remove((ev, LUOCDO.line, None))
    doc = next(g.subjects(RDF.type, URIRef(ELI + "LegalResource")))
    g.add((doc, URIRef(ELI + "date_document"), Literal("5 tháng 9")))
    ok, _, text = validate(plain(g), shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="none", advanced=True)
    assert not ok and "line" in text and "date_document" in text


def test_iris_are_built_from_identity_not_from_the_store(store, tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "sample_reports", copy)
    other = ingest(copy, tmp_path / "other.db")
    def docs(s):
        return {str(x) for x in build_graph(s).subjects(RDF.type, URIRef(ELI + "LegalResource"))}

    assert docs(store) == docs(other)
    assert doc_key("26|ct/ttg|2016|Thủ tướng Chính phủ") == "doc/ct-ttg/2016/26/Thủ_tướng_Chính_phủ"
    assert doc_key("name|luật|cán bộ, công chức") == "doc/name/luật/cán_bộ%2C_công_chức"
    assert segment("a_b") != segment("a b") and segment(None) == "_"
    assert DEFAULT_BASE + "doc/ct-ttg/2016/26/Thủ_tướng_Chính_phủ" in docs(store)


def test_base_iri_is_configurable(store, tmp_path):
    out = tmp_path / "g.nt"
    r = runner.invoke(app, ["export", "-f", "nt", "-o", str(out), "--base", "https://data.example.vn/luocdo",
                            "--store", str(store.path)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "<https://data.example.vn/luocdo/doc/ct-ttg/2016/26/" in text and DEFAULT_BASE not in text


def test_sparql_engine_agrees_with_the_embedded_one_on_the_sample_reports(store, engine):
    n = compare(store, engine, limit=60)
    assert n["implementers"] >= 30 and n["find"] >= 8


@pytest.mark.shared
def test_sparql_engine_agrees_with_the_embedded_one_on_the_shared_corpus(shared, tmp_path):
    st = ingest(shared / "corpus", tmp_path / "shared.db")
    conforms(build_graph(st))
    n = compare(st, RDFBackend.from_store(st), limit=60)
    assert n["implementers"] >= 10


def test_graphml_gexf_csv_and_neo4j_admin_exports(store, tmp_path):
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"g.{fmt}"
        export(store, fmt, out)
        g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
        docs = store.counts()["documents"]
        assert sum(1 for _, a in g.nodes(data=True) if a.get("kind") == "document") == docs
    export(store, "csv", tmp_path / "csv")
    with open(tmp_path / "csv" / "relations.csv", encoding="utf-8") as f:
        assert sum(1 for _ in csv.DictReader(f)) == store.counts()["edges"]
    export(store, "neo4j-admin", tmp_path / "admin")
    admin = tmp_path / "admin"
    assert "neo4j-admin database import full" in (admin / "import.sh").read_text()
    header = read_csv(admin / "rel_implements_header.csv")[0]
    assert header[:3] == [":START_ID(Document)", ":END_ID(Document)", ":TYPE"] and "lines:long[]" in header
    rows = read_csv(admin / "rel_implements.csv")
    n_ev = sum(len(r[header.index("lines:long[]")].split(ARRAY_DELIMITER)) for r in rows)
    assert n_ev == store.db.execute("SELECT count(*) FROM edges WHERE relation = 'implements'").fetchone()[0]
    ids = {r[0] for r in read_csv(admin / "documents.csv")}
    assert all(r[0] in ids and r[1] in ids for r in rows)  # every relationship has both ends


def test_cli_sparql_named_file_and_inline(store, tmp_path):
    s = str(store.path)
    r = runner.invoke(app, ["sparql", "implementers", "-p", "target=26/CT-TTg", "--store", s, "-f", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows and all(x["rel"].endswith(("ensures_implementation_of", "reports_on")) for x in rows)
    q = tmp_path / "q.rq"
    q.write_text("PREFIX luocdo: <https://luocdo.example/ontology#>\n"
                 "SELECT (COUNT(?e) AS ?n) WHERE { ?e a luocdo:Evidence }", encoding="utf-8")
    r = runner.invoke(app, ["sparql", str(q), "--store", s, "-f", "json"])
    assert json.loads(r.stdout)[0]["n"] == store.counts()["edges"]
    r = runner.invoke(app, ["sparql", "ASK { ?s ?p ?o }", "--store", s])
    assert r.stdout.strip() == "true"
    r = runner.invoke(app, ["sparql", "SELECT ?x WHERE { ?x", "--store", s])
    assert r.exit_code == 1 and r.stderr.startswith("error: SPARQL") and "Traceback" not in r.output


@pytest.mark.parametrize("args", [
    ["implementers", "26/CT-TTg"], ["implementers", "76/NQ-CP", "--direct"],
    ["implementers", "26/CT-TTg", "--missing", "--level", "district"],
    ["show", "45/KH-UBND", "--all"], ["show", "26/CT-TTg", "--all"],
])
def test_cli_backend_rdf_prints_what_the_embedded_engine_prints(store, args):
    base = [*args, "--store", str(store.path), "-f", "json"]
    e = runner.invoke(app, base)
    r = runner.invoke(app, [*base, "--backend", "rdf"])
    assert e.exit_code == 0 and r.exit_code == 0, r.output
    x, y = json.loads(e.stdout), json.loads(r.stdout)
    if isinstance(x, dict):  # cites / cited_by rows equal on the SQL's sort keys come in no set order
        for k in ("cites", "cited_by"):
            x[k], y[k] = (sorted(v[k], key=lambda r: json.dumps(r, ensure_ascii=False)) for v in (x, y))
    assert x == y


def test_cli_backend_rdf_chain_has_the_same_links(store):
    for way in ("--up", "--down"):
        for doc in ("26/CT-TTg", "Kế hoạch 37/KH-UBND"):
            base = ["chain", doc, way, "--store", str(store.path), "-f", "json"]
            e = json.loads(runner.invoke(app, base).stdout)
            r = json.loads(runner.invoke(app, [*base, "--backend", "rdf"]).stdout)
            assert sorted(json.dumps(x, ensure_ascii=False) for x in e) == sorted(
                json.dumps(x, ensure_ascii=False) for x in r)


def test_cli_export_errors_are_one_line(store, tmp_path):
    r = runner.invoke(app, ["export", "-f", "ttl", "-o", str(tmp_path / "no" / "g.ttl"), "--store", str(store.path)])
    assert r.exit_code == 1 and "no such folder" in r.stderr
    r = runner.invoke(app, ["export", "-f", "ttl", "-o", str(tmp_path), "--store", str(store.path)])
    assert r.exit_code == 1 and "is a folder" in r.stderr
    r = runner.invoke(app, ["implementers", "26/CT-TTg", "--backend", "oracle", "--store", str(store.path)])
    assert r.exit_code == 1 and "--backend oracle" in r.stderr


def test_bulk_status_is_the_validators_existence_status(store):
    from luocdo.backends.rows import statuses
    from luocdo.validate.rules import existence_status

    got = statuses(store)
    assert got == {i: existence_status(store, i) for i in got}
    assert set(got.values()) >= {"issued-in-corpus", "unverified"}

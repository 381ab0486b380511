"""The Neo4j engine against a real Bolt server (ArcadeDB from the `arcadedb-embedded` wheel, started
once for the session on free loopback ports): push, idempotence, atomic batches, hostile text,
errors, and the same answers as the embedded engine."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bolt_server import BoltServer, free_port
from engine_compare import compare
from helpers import ingest
from luocdo.backends.neo4j import Connection, Neo4jBackend, Plan, connect, push
from luocdo.cli import app
from luocdo.store import Store
from luocdo.store.compressed import Compressor

pytestmark = [pytest.mark.slow, pytest.mark.server]
ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
HOSTILE = [
    'Kế hoạch "đặc biệt" \'nháy đơn\' {braces} $param \\ backslash \\\\ \\n \\u0041',
    "x'}) MATCH (n) DETACH DELETE n //",
    '"}]->(x) WITH 1 AS a CALL { MATCH (m) DELETE m } RETURN a; //',
    "tab\there\nnewline\r\nand NUL-free 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ́combining",
]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    pytest.importorskip("arcadedb_embedded", reason="arcadedb-embedded (the test Bolt server) is not installed")
    srv = BoltServer(tmp_path_factory.mktemp("bolt"))
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def conn(server) -> Connection:
    return Connection(server.uri, "root", server.password, server.database)


@pytest.fixture
def driver(conn):
    d = connect(conn)
    wipe(d, conn.database)
    yield d
    d.close()


def wipe(driver, db) -> None:
    with driver.session(database=db) as s:
        s.execute_write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())


def snapshot(driver, db) -> tuple[list, list]:
    with driver.session(database=db) as s:
        nodes = s.run("MATCH (n) RETURN labels(n) AS l, properties(n) AS p").data()
        rels = s.run("MATCH (a)-[e]->(b) RETURN a.key AS a, type(e) AS t, b.key AS b, properties(e) AS p").data()
    dump = lambda xs: sorted(json.dumps(x, ensure_ascii=False, sort_keys=True) for x in xs)  # noqa: E731
    return dump(nodes), dump(rels)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return ingest(ROOT / "sample_reports", tmp_path_factory.mktemp("neo") / "s.db")


def test_push_gives_the_embedded_answers_and_twice_changes_nothing(driver, conn, store):
    plan = Plan.from_store(store)
    done = push(driver, plan, conn.database)
    assert done["documents"] == store.counts()["documents"]
    first = snapshot(driver, conn.database)
    n = compare(store, Neo4jBackend(driver, conn.database), limit=40)
    assert n["implementers"] >= 30 and n["find"] >= 8
    push(driver, Plan.from_store(store), conn.database)
    assert snapshot(driver, conn.database) == first
    with driver.session(database=conn.database) as s:
        names = {r["name"] for r in s.run("SHOW CONSTRAINTS").data()}
    assert {"luocdo_document_key", "luocdo_body_key"} <= names


@pytest.mark.shared
def test_cypher_gives_the_embedded_answers_on_the_shared_corpus(shared, driver, conn, tmp_path):
    st = ingest(shared / "corpus", tmp_path / "shared.db")
    push(driver, Plan.from_store(st), conn.database)
    n = compare(st, Neo4jBackend(driver, conn.database), limit=40)
    assert n["implementers"] >= 10


def test_hostile_text_travels_as_data_and_comes_back_byte_identical(driver, conn, store, tmp_path):
    db = tmp_path / "hostile.db"
    raw = sqlite3.connect(db)
    with sqlite3.connect(store.path) as src:
        src.backup(raw)
    ids = [r[0] for r in raw.execute("SELECT id FROM documents ORDER BY id LIMIT ?", (len(HOSTILE),))]
    for i, t in zip(ids, HOSTILE, strict=True):
        raw.execute("UPDATE documents SET title = ? WHERE id = ?", (t, i))
    edge = raw.execute("SELECT rowid FROM edges ORDER BY rowid LIMIT 1").fetchone()[0]
    raw.execute(  # stored compressed (schema 9): here without a dictionary
        "UPDATE sentences SET z = ? WHERE (file_id, n) = (SELECT file_id, sentence_no FROM edges WHERE rowid = ?)",
        (Compressor()(HOSTILE[1] + HOSTILE[0]), edge),
    )
    raw.commit()
    raw.close()
    st = Store(db, create=False)
    push(driver, Plan.from_store(st), conn.database)
    before = snapshot(driver, conn.database)
    from luocdo.backends.rows import doc_keys

    keys = doc_keys(st)
    with driver.session(database=conn.database) as s:
        for i, t in zip(ids, HOSTILE, strict=True):
            got = s.run("MATCH (d:Document {key: $k}) RETURN d.title AS t", k=keys[i]).single()["t"]
            assert got.encode("utf-8") == t.encode("utf-8")
        sentences = [x for r in s.run("MATCH ()-[e]->() WHERE e.sentences IS NOT NULL RETURN e.sentences AS s")
                     for x in r["s"]]
        total = s.run("MATCH (d:Document) RETURN count(d) AS n").single()["n"]
    assert HOSTILE[1] + HOSTILE[0] in sentences
    assert total == st.counts()["documents"]  # no fragment deleted anything
    push(driver, Plan.from_store(st), conn.database)  # and nothing ran as Cypher: pushing again changes nothing
    assert snapshot(driver, conn.database) == before


def test_a_failure_mid_way_leaves_no_half_written_batch(driver, conn, store):
    plan = Plan.from_store(store)
    docs = [d["key"] for d in plan.documents]

    def boom(step, n):
        if step == "documents" and n == 2:
            raise RuntimeError("injected failure inside the third batch")

    with pytest.raises(RuntimeError, match="injected"):
        push(driver, plan, conn.database, batch=50, _inside=boom)
    with driver.session(database=conn.database) as s:
        there = {r["k"] for r in s.run("MATCH (d:Document) RETURN d.key AS k")}
    assert there == set(docs[:100])  # batches 0 and 1 whole, nothing of batch 2
    push(driver, plan, conn.database, batch=50)  # pushing again finishes the job
    with driver.session(database=conn.database) as s:
        assert s.run("MATCH (d:Document) RETURN count(d) AS n").single()["n"] == len(docs)
    assert store.integrity() == []


def same_card(a: str, b: str) -> bool:
    """Equal outputs, but for the order of cites / cited_by rows the SQL leaves unordered (same document
    type, number, file and line)."""
    x, y = json.loads(a), json.loads(b)
    if isinstance(x, dict):
        for k in ("cites", "cited_by"):
            x[k] = sorted(x[k], key=lambda r: json.dumps(r, ensure_ascii=False))
            y[k] = sorted(y[k], key=lambda r: json.dumps(r, ensure_ascii=False))
    return x == y


def env(conn: Connection) -> dict[str, str]:
    return {"NEO4J_URI": conn.uri, "NEO4J_USER": conn.user, "NEO4J_PASSWORD": conn.password,
            "NEO4J_DATABASE": conn.database}


def test_cli_push_and_backend_neo4j_print_what_the_embedded_engine_prints(driver, conn, store):
    r = runner.invoke(app, ["neo4j", "push", "--store", str(store.path), "-q"], env=env(conn))
    assert r.exit_code == 0, r.output
    assert "documents" in r.stderr and conn.password not in r.output
    for args in (["implementers", "26/CT-TTg"], ["implementers", "76/NQ-CP", "--direct"], ["show", "45/KH-UBND", "--all"],
                 ["show", "26/CT-TTg", "--all"]):
        base = [*args, "--store", str(store.path), "-f", "json"]
        e = runner.invoke(app, base)
        n = runner.invoke(app, [*base, "--backend", "neo4j"], env=env(conn))
        assert n.exit_code == 0, n.output
        assert same_card(e.stdout, n.stdout), args
    for way in ("--up", "--down"):
        base = ["chain", "Kế hoạch 37/KH-UBND", way, "--store", str(store.path), "-f", "json"]
        e = runner.invoke(app, base)
        n = runner.invoke(app, [*base, "--backend", "neo4j"], env=env(conn))
        assert e.stdout == n.stdout
    # the engine does not need the local store for implementers
    r = runner.invoke(app, ["implementers", "26/CT-TTg", "--backend", "neo4j", "--store", "/nonexistent/x.db",
                            "-f", "json"], env=env(conn))
    assert r.exit_code == 0 and json.loads(r.stdout)


@pytest.mark.parametrize("case", ["password", "down", "database", "uri"])
def test_server_problems_are_one_clear_line(conn, store, case):
    e = env(conn)
    secret = "s3cr3t-Pa55{}'\""
    if case == "password":
        e["NEO4J_PASSWORD"] = secret
        want = "refused user 'root'"
    elif case == "down":
        e["NEO4J_URI"] = f"bolt://127.0.0.1:{free_port()}"
        e["NEO4J_PASSWORD"] = secret
        want = "cannot reach the server"
    elif case == "database":
        e["NEO4J_DATABASE"] = "no_such_db"
        want = "no database 'no_such_db'"
    else:
        e["NEO4J_URI"] = f"bolt://root:{secret}@127.0.0.1:{free_port()}"
        want = "cannot reach the server"
    before = store.counts()
    for args in (["neo4j", "push", "-q"], ["implementers", "26/CT-TTg", "--backend", "neo4j"]):
        r = runner.invoke(app, [*args, "--store", str(store.path)], env=e)
        assert r.exit_code == 1, r.output
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and want in lines[0], r.stderr
        assert "Traceback" not in r.output and secret not in r.output
    assert store.counts() == before and store.integrity() == []

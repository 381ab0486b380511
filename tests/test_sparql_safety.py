"""`luocdo sparql` reads the store only: SERVICE and FROM / FROM NAMED are refused with one line before
anything runs, and a failure while the query runs is one line too (issue 15, probe finding 14)."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app

runner = CliRunner()

REPORT = """ỦY BAN NHÂN DÂN
TỈNH TRÀ VINH

Số: 77/KH-UBND

Trà Vinh, ngày 18 tháng 3 năm 2021

KẾ HOẠCH

Triển khai công tác năm 2021

Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ.
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("sparql")
    (d / "kh.md").write_text(REPORT, encoding="utf-8")
    db = str(d / "s.db")
    r = runner.invoke(app, ["ingest", str(d / "kh.md"), "--store", db, "-q"])
    assert r.exit_code == 0, r.output
    # the SPARQL store built ahead, so that its one-time notice is not among the lines checked below
    r = runner.invoke(app, ["export", "--store", db, "-f", "oxigraph", "-o", db + ".oxigraph"])
    assert r.exit_code == 0, r.output
    return db


class Listener:
    """A loopback TCP listener that records whether anybody connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.got: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                c, _ = self.sock.accept()
            except OSError:
                continue
            c.settimeout(1)
            try:
                self.got.append(c.recv(200))
            except OSError:
                self.got.append(b"")
            c.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def _one_line(r, says: str) -> None:
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("error: SPARQL: ") and says in r.stderr, r.stderr


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:{port}/q> { ?s ?p ?o } } }",
        "ASK { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE <file:///etc/hosts> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_before_anything_is_sent(store, listener, query):
    r = runner.invoke(app, ["sparql", query.replace("{port}", str(listener.port)), "--store", store])
    _one_line(r, "SERVICE is not allowed")
    listener.stop.wait(0.5)
    assert listener.got == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM NAMED <file:///etc/hosts> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * FROM <http://127.0.0.1:{port}/g.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    ],
)
def test_from_is_refused(store, listener, query):
    r = runner.invoke(app, ["sparql", query.replace("{port}", str(listener.port)), "--store", store])
    _one_line(r, "FROM and FROM NAMED are not allowed")
    assert listener.got == []


def test_load_is_not_a_query(store):
    _one_line(runner.invoke(app, ["sparql", "LOAD <http://example.org/x>", "--store", store]), "LOAD")


def test_a_failure_while_running_is_one_line(store):
    # an unknown function fails when the query runs, on Oxigraph as on rdflib (a GRAPH pattern, which
    # rdflib's plain graph refused, is an empty answer on Oxigraph: the store has no named graphs)
    r = runner.invoke(app, ["sparql", "SELECT (<http://example.org/f>(1) AS ?x) WHERE {}", "--store", store])
    _one_line(r, "example.org/f")


def test_a_file_that_is_not_a_query_is_not_echoed(store, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("hunter2:$6$hash:19000:0:99999:7:::\n", encoding="utf-8")
    r = runner.invoke(app, ["sparql", str(secret), "--store", store])
    _one_line(r, f"{secret}: not a SPARQL query")
    assert "hunter2" not in r.output


def test_ordinary_queries_still_run(store):
    r = runner.invoke(
        app, ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", store, "-f", "json"]
    )
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["n"] > 10, r.output
    r = runner.invoke(app, ["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3", "--store", store])
    assert r.exit_code == 0 and "@prefix" in r.stdout, r.output
    r = runner.invoke(app, ["sparql", "ASK { ?s ?p ?o }", "--store", store])
    assert r.exit_code == 0 and r.stdout.strip() == "true"
    q = Path(store).parent / "q.rq"
    q.write_text("SELECT ?x WHERE { ?x", encoding="utf-8")
    _one_line(runner.invoke(app, ["sparql", str(q), "--store", store]), "Expected")

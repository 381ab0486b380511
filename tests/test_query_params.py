"""`luocdo query -p`: max_depth is a limit (it was bound as text, which SQLite compares greater than
every number, so it limited nothing and a citation cycle never ended), and a value of the wrong kind is
one error line (issue 15, probe findings 10 and 17)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app
from luocdo.graph.named import QueryParamError, param_value, run
from luocdo.store import Store

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

PLAN = """ỦY BAN NHÂN DÂN
TỈNH TRÀ VINH

Số: {n}/KH-UBND

Trà Vinh, ngày {d} tháng {m} năm 2021

KẾ HOẠCH

Triển khai công tác năm 2021

Thực hiện Kế hoạch số {other}/KH-UBND ngày {od}/{om}/2021 của UBND tỉnh Trà Vinh, UBND tỉnh ban hành kế hoạch này.
"""


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("q") / "s.db")
    r = runner.invoke(app, ["ingest", str(ROOT / "sample_reports"), "--store", db, "-q"])
    assert r.exit_code == 0, r.output
    return db


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> str:
    """Two plans that each implement the other (probe 10's reports)."""
    d = tmp_path_factory.mktemp("cycle")
    (d / "kh_1.md").write_text(PLAN.format(n=1, d=10, m=3, other=2, od="01", om="02"), encoding="utf-8")
    (d / "kh_2.md").write_text(PLAN.format(n=2, d="01", m=2, other=1, od=10, om=3), encoding="utf-8")
    db = str(d / "c.db")
    r = runner.invoke(app, ["ingest", str(d), "--store", db, "-q"])
    assert r.exit_code == 0, r.output
    st = Store(Path(db), create=False)
    assert st.db.execute("SELECT count(*) FROM links").fetchone()[0] == 2
    return db


def _query(*args: str) -> list[dict]:
    r = runner.invoke(app, ["query", *args, "-f", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.mark.parametrize("name", ["chain_down", "implementers"])
@pytest.mark.parametrize("depth", [0, 1])
def test_max_depth_limits_the_rows(samples, name, depth):
    deep = _query(name, "-p", "targets=26/CT-TTg", "-p", "max_depth=6", "--store", samples)
    rows = _query(name, "-p", "targets=26/CT-TTg", "-p", f"max_depth={depth}", "--store", samples)
    assert max(r["depth"] for r in deep) == 2  # the sample reports go two levels down
    assert all(r["depth"] <= depth for r in rows)
    assert rows == [r for r in deep if r["depth"] <= depth]


def test_chain_up_max_depth(samples):
    deep = _query("chain_up", "-p", "targets=45/KH-UBND", "-p", "max_depth=6", "--store", samples)
    one = _query("chain_up", "-p", "targets=45/KH-UBND", "-p", "max_depth=1", "--store", samples)
    assert max(r["depth"] for r in deep) >= 2 and one == [r for r in deep if r["depth"] <= 1]


def test_a_citation_cycle_ends_whatever_max_depth(cycle):
    # in a child process with a timeout: before the fix this query never ended
    for depth in ("3", "1000000000"):
        p = subprocess.run(
            [
                sys.executable,
                "-c",
                "from luocdo.cli import app; app()",
                "query",
                "chain_down",
                "-p",
                "targets=1/KH-UBND",
                "-p",
                f"max_depth={depth}",
                "--store",
                cycle,
                "-f",
                "json",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert p.returncode == 0, p.stderr
        rows = json.loads(p.stdout)
        assert sorted(r["depth"] for r in rows) == [0, 1]


@pytest.mark.parametrize("name", ["chain_down", "chain_up", "implementers"])
def test_the_sql_honours_max_depth_bound_as_text(cycle, name):
    """Another client binding max_depth as text (as the CLI once did) still gets a limit."""
    st = Store(Path(cycle), create=False)
    ids = [r[0] for r in st.db.execute("SELECT id FROM documents ORDER BY id")]
    text = st.db.execute(
        __import__("luocdo.graph.named", fromlist=["query_text"]).query_text(name),
        {"targets": json.dumps(ids[:1]), "max_depth": "5"},
    ).fetchall()
    assert [tuple(r) for r in text] == [tuple(r) for r in run(st.db, name, targets=ids[:1], max_depth=5)]
    assert max(r["depth"] for r in text) <= 1


@pytest.mark.parametrize(
    "query,param,says",
    [
        ("most_cited", "limit=abc", "--param limit=abc: not a whole number"),
        ("most_cited", "limit=-1", "--param limit=-1: must be 0 or more"),
        ("chain_up", "max_depth=x", "--param max_depth=x: not a whole number"),
        ("chain_up", "max_depth=2.5", "--param max_depth=2.5: not a whole number"),
        ("chain_down", "targets=[", "--param targets=[: not a JSON array"),
        ("chain_down", 'targets=["a"]', '--param targets=["a"]: a JSON array of document ids'),
        ("cites", "targets=[1, {}]", "--param targets=[1, {}]: a JSON array of document ids"),
        ("links_into", "docs=[1]", None),  # relations missing: the existing message
        ("most_cited", "max_depth=3", "--param max_depth=3: query most_cited takes limit"),
        ("reports_per_body", "x=1", "--param x=1: query reports_per_body takes no parameters"),
    ],
)
def test_a_bad_param_is_one_line(samples, query, param, says):
    more = ["-p", "targets=[1]"] if query == "chain_up" else []
    r = runner.invoke(app, ["query", query, "-p", param, *more, "--store", samples])
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("error: " + (says or "query links_into needs --param relations")), r.stderr


def test_param_value_kinds():
    assert param_value("max_depth", " 3 ") == 3 and param_value("limit", 0) == 0
    assert param_value("targets", [1, 2]) == "[1, 2]" and param_value("targets", "[3]") == "[3]"
    assert param_value("relations", ["implements"]) == '["implements"]'
    assert param_value("other", "x") == "x"
    for k, v in (("limit", True), ("limit", "1e3"), ("targets", "3"), ("relations", [1]), ("docs", [True])):
        with pytest.raises(QueryParamError):
            param_value(k, v)

"""The graph commands end to end on the sample reports (CliRunner, a store in tmp)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("cli") / "s.db")
    r = runner.invoke(app, ["ingest", str(ROOT / "sample_reports"), "--store", db, "-q"])
    assert r.exit_code == 0, r.output
    assert "16 added" in r.stderr
    return db


def run(*args: str) -> str:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout


def test_ingest_again_is_a_no_op(store):
    r = runner.invoke(app, ["ingest", str(ROOT / "sample_reports"), "--store", store, "-q"])
    assert r.exit_code == 0 and "0 added, 0 updated, 16 unchanged" in r.stderr


def test_store_from_environment(store, monkeypatch):
    monkeypatch.setenv("LUOCDO_STORE", store)
    assert "Chỉ thị 26/CT-TTg" in run("implementers", "26/CT-TTg")


def test_implementers_json_has_chains_and_evidence(store):
    out = json.loads(run("implementers", "Chỉ thị 26", "--store", store, "-f", "json"))
    by = {r["body"]: r for r in out}
    assert by["UBND huyện Phù Cát"]["how"].startswith("via Kế hoạch 45/KH-UBND")
    ev = by["UBND huyện Phù Cát"]["evidence"][0]
    assert ev["file"].endswith(".md") and ev["line"] > 0 and "45/KH-UBND" in ev["sentence"]


def test_implementers_filters_and_missing(store):
    out = json.loads(run("implementers", "26/CT-TTg", "--store", store, "-f", "json", "--level", "province"))
    assert {r["level"] for r in out} == {"province"}
    out = json.loads(run("implementers", "26/CT-TTg", "--store", store, "-f", "json", "--province", "Sóc Trăng"))
    assert {r["body"] for r in out} == {"UBND tỉnh Sóc Trăng", "UBND huyện Mỹ Tú"}
    csv_out = run("implementers", "26/CT-TTg", "--store", store, "-f", "csv", "--missing", "--level", "district")
    header = csv_out.lstrip("\ufeff").splitlines()[0]  # a byte order mark first, for Excel
    assert header.startswith("body,level,province") and "UBND huyện Vân Canh" in csv_out


def test_chain_show_search_stats_query_validate(store):
    assert "Kế hoạch 45/KH-UBND" in run("chain", "26/CT-TTg", "--down", "--store", store, "-f", "csv")
    up = run("chain", "Kế hoạch 37/KH-UBND", "--up", "--store", store, "-f", "csv")
    assert "Chỉ thị 26/CT-TTg" in up
    card = json.loads(run("show", "45/KH-UBND", "--store", store, "-f", "json"))
    assert card["status"] == "issued-in-corpus" and card["cited_by"] and card["mentions"]
    assert any(f["code"] == "V002" for f in card["findings"])  # cited with 18/3 and 18/5
    hits = json.loads(run("search", "đường dây nóng", "--store", store, "-f", "json"))
    assert hits and all("đường dây nóng" in h["evidence"]["sentence"].lower() for h in hits)
    stats = json.loads(run("stats", "--store", store, "-f", "json"))
    assert stats["counts"]["files"] == 16 and stats["most_cited"][0]["reports"] >= 5
    q = json.loads(run("query", "implementers", "-p", "targets=26/CT-TTg", "--store", store, "-f", "json"))
    assert any(r["issuer"] == "UBND huyện Tuy Phước" for r in q)
    assert "chain_up" in run("query", "--list")
    findings = json.loads(run("validate", "--store", store, "-f", "json", "-s", "error", "-s", "warning"))
    got = {f["code"] for f in findings}
    assert {"V001", "V002", "V005", "V006", "V007", "V008"} <= got
    assert "ok" in run("doctor", "--store", store)


def test_key_inconsistencies_are_all_reported(store):
    key = json.loads((ROOT / "sample_reports" / "answer_key.json").read_text(encoding="utf-8"))
    findings = json.loads(run("validate", "--store", store, "-f", "json"))
    where = {(Path(e["file"]).name, e["line"]) for f in findings for e in f["evidence"]}
    for inc in key["inconsistencies"]:
        assert (inc["file"], inc["line"]) in where, inc


def test_user_errors_are_one_line(store, tmp_path):
    r = runner.invoke(app, ["implementers", "999/XX-YYY", "--store", store])
    assert r.exit_code == 1 and "no document matching" in r.stderr and "Traceback" not in r.output
    r = runner.invoke(app, ["show", "26/CT-TTg", "--store", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no luocdo store" in r.stderr
    bad = tmp_path / "c.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    r = runner.invoke(app, ["catalog", "import", str(bad), "--store", store])
    assert r.exit_code == 1 and "so_ky_hieu" in r.stderr


def test_catalog_import_csv(store, tmp_path):
    f = tmp_path / "cat.csv"
    f.write_text("so_ky_hieu,loai_van_ban,ngay_ban_hanh,co_quan_ban_hanh,tinh_trang_hieu_luc\n"
                 "45/KH-UBND,Kế hoạch,18/03/2019,UBND tỉnh Bình Định,con_hieu_luc\n", encoding="utf-8")
    r = runner.invoke(app, ["catalog", "import", str(f), "--store", store])
    assert r.exit_code == 0 and "1 catalog entries" in r.stderr
    assert "45/KH-UBND" in run("catalog", "list", "--store", store, "-f", "csv")

from __future__ import annotations

import json

from typer.testing import CliRunner

from luocdo.cli import app

runner = CliRunner()

GOOD = "Số: 5/BC-UBND\n\nThực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ.\n"


def test_bad_files_get_one_line_each_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Sè: 256/2004/Q§-UB".encode("cp1252"))
    missing = tmp_path / "missing.txt"
    r = runner.invoke(
        app, ["extract", str(empty), str(binary), str(good), str(legacy), str(missing), "--format", "jsonl"]
    )
    assert r.exit_code == 1
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert [x["number"] for x in lines if x["kind"] == "mention"] == ["26"]
    err = r.stderr.splitlines()
    for name, reason in [
        ("empty.txt", "empty"),
        ("blob.txt", "binary"),
        ("legacy.txt", "UTF-8"),
        ("missing.txt", "no such file"),
    ]:
        assert any(name in e and reason in e for e in err), (name, err)
    assert "Traceback" not in r.stderr + r.stdout


def test_jsonl_contract(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(GOOD, encoding="utf-8")
    r = runner.invoke(app, ["extract", str(f), "--format", "jsonl"])
    assert r.exit_code == 0
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert recs[0]["kind"] == "document" and recs[0]["number"] == "5" and recs[0]["symbol"] == "BC-UBND"
    m = recs[1]
    for k in (
        "source",
        "line",
        "surface",
        "type",
        "number",
        "year",
        "symbol",
        "date",
        "issuer",
        "relation",
        "short_form",
        "in_footnote",
        "start",
        "end",
        "confidence",
        "key",
    ):
        assert k in m
    assert m["relation"] == "implements"


def test_folder_input_and_table_output(tmp_path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00")
    r = runner.invoke(app, ["extract", str(tmp_path)])
    assert r.exit_code == 0 and "26/CT-TTg" in r.stdout

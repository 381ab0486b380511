"""`validate` for a store of any size: the table summarises (findings per rule and severity, the first
ones, --all/--limit for more), JSON is written finding by finding and is the JSON of the whole list."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st_
from typer.testing import CliRunner

from luocdo.cli import app
from luocdo.store import Store
from luocdo.synth.cli import main as synth
from luocdo.validate import kept
from luocdo.validate.report import write_json

SAMPLES = Path(__file__).resolve().parent.parent / "sample_reports"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """The sample reports and 40 synthetic ones: findings of several rules and severities."""
    root = tmp_path_factory.mktemp("vtable")
    synth(["--reports", "40", "--seed", "5", str(root / "reports")])
    for p in SAMPLES.glob("*.md"):
        shutil.copy(p, root / "reports" / p.name)
    db = str(root / "s.db")
    r = runner.invoke(app, ["ingest", str(root / "reports"), "--store", db, "-q"])
    assert r.exit_code == 0, r.output
    return db


def _findings(db: str, *args: str) -> list[dict]:
    r = runner.invoke(app, ["validate", "--store", db, "-f", "json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _table(db: str, *args: str, columns: int = 120) -> list[str]:
    env = {**os.environ, "LUOCDO_LANG": "vi", "COLUMNS": str(columns)}
    r = subprocess.run(
        [sys.executable, "-m", "luocdo", "validate", "--store", db, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


@pytest.mark.parametrize("columns", [80, 120])
def test_the_table_counts_every_rule_then_shows_the_first_findings(store, columns):
    found = _findings(store)
    per_rule = Counter((f["code"], f["severity"]) for f in found)
    assert len(found) > 3 and len(per_rule) > 2
    lines = _table(store, "--limit", "2", columns=columns)
    assert all(len(line) <= columns for line in lines)
    text = "\n".join(lines)
    assert f"{len(found)} phát hiện" in text and "quy tắc" in text
    severity = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}
    for (code, sev), n in per_rule.items():  # one line of the summary each: code, severity, count
        assert any(
            line.split("│")[1].strip() == code
            and line.split("│")[3].strip() == severity[sev]
            and line.split("│")[4].strip() == str(n)
            for line in lines
            if line.count("│") == 5
        ), (code, sev, n)
    assert "2 phát hiện đầu tiên" in text
    assert f"… còn {len(found) - 2} dòng nữa (dùng --all hoặc --limit N)" in text
    shown = [f for f in found[:3] if f["document"].split()[-1] in text]
    assert found[0]["document"].split()[-1] in text and len(shown) >= 2


def test_all_shows_every_finding_and_no_more_line(store):
    found = _findings(store, "--severity", "error", "--severity", "warning")
    text = "\n".join(_table(store, "--all", "-s", "error", "-s", "warning"))
    assert "dòng nữa" not in text and "đầu tiên" not in text
    assert f"{len(found)} phát hiện" in text
    assert text.count("→ ") >= len(found)  # each finding's suggestion


def test_counts_are_those_of_the_findings_read(store):
    st = Store(store)
    doc = st.db.execute("SELECT * FROM documents WHERE number = '26'").fetchone()
    for codes, severities, about in [
        (None, None, None),
        (["V010", "V003"], None, None),
        (None, ["warning"], None),
        (None, None, doc),
    ]:
        found = list(kept.findings(st, codes, severities, about))
        assert kept.counts(st, codes, severities, about) == Counter((f.severity, f.code) for f in found)


_TEXT = st_.text(st_.characters(codec="utf-8"), max_size=12)
_VALUE = st_.recursive(
    st_.none() | st_.booleans() | st_.integers() | st_.floats() | _TEXT,
    lambda inner: st_.lists(inner, max_size=3) | st_.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_ROW = st_.fixed_dictionaries(
    {
        "code": _TEXT,
        "n": st_.integers(),
        # bounded: unbounded lists of dicts failed the health check (too slow) on a loaded machine
        "evidence": st_.lists(st_.dictionaries(_TEXT, _TEXT | st_.none(), max_size=4), max_size=4),
    },
    optional={"more": _VALUE},
)


@given(rows=st_.lists(_ROW, max_size=5))
def test_json_written_row_by_row_is_the_json_of_the_list(rows):
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        write_json(iter(rows))
    finally:
        sys.stdout = saved
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"

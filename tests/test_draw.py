"""Pictures of citation chains: DOT, Mermaid, HTML (and SVG/PNG when Graphviz is installed)."""

from __future__ import annotations

import re
import subprocess

import networkx as nx
import pytest

from luocdo.draw import (
    GRAPHVIZ_MISSING,
    GraphvizNotFound,
    find_dot,
    render,
    to_dot,
    to_html,
    to_mermaid,
)
from luocdo.draw.style import format_date, prepare

DOT = find_dot()
needs_dot = pytest.mark.skipif(
    DOT is None, reason="Graphviz 'dot' is not installed (apt-get install graphviz) — rendering not checked"
)

TRICKY = 'Thực hiện Chỉ thị số 26/CT-TTg "về tăng cường kỷ luật" <angle brackets> & kỷ cương'


def chain() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(
        "ct26",
        kind="document",
        label="Chỉ thị 26/CT-TTg",
        type="Chỉ thị",
        number="26",
        symbol="CT-TTg",
        date="2016-09-05",
        issuer="Thủ tướng Chính phủ",
        level="central",
        province=None,
        title='Về tăng cường kỷ luật, "kỷ cương" trong các cơ quan hành chính nhà nước các cấp',
        status="in-catalog",
    )
    g.add_node(
        "kh123",
        kind="document",
        label="Kế hoạch 123/KH-UBND",
        type="Kế hoạch",
        number="123",
        symbol="KH-UBND",
        date="2016-10-12",
        issuer="UBND tỉnh Bình Định",
        level="province",
        province="Bình Định",
        title=None,
        status="issued-in-corpus",
    )
    g.add_node(
        "kh45",
        kind="document",
        label="Kế hoạch 45/KH-UBND",
        type="Kế hoạch",
        number="45",
        symbol="KH-UBND",
        date="2016-11-03",
        issuer="UBND huyện Tuy Phước",
        level="district",
        province="Bình Định",
        title="Thực hiện Kế hoạch số 123/KH-UBND",
        status="issued-in-corpus",
    )
    g.add_node(
        "qd99",
        kind="document",
        label="Quyết định 99/QĐ-UBND",
        type="Quyết định",
        number="99",
        symbol="QĐ-UBND",
        date="2015",
        issuer="UBND tỉnh Bình Định",
        level="province",
        province="Bình Định",
        title=None,
        status="unverified",
    )
    g.add_node("ubnd-tp", kind="body", label="UBND huyện Tuy Phước", level="district", province="Bình Định")

    def ev(file: str, line: int, sentence: str) -> list[dict]:
        return [{"file": file, "line": line, "sentence": sentence, "confidence": 0.9}]

    g.add_edge("kh123", "ct26", key="implements", relation="implements", evidence=ev("kh-123.txt", 4, TRICKY))
    g.add_edge(
        "kh45",
        "kh123",
        key="implements",
        relation="implements",
        evidence=ev("tuy-phuoc/kh-45.txt", 5, "Thực hiện Kế hoạch số 123/KH-UBND ngày 12/10/2016;"),
    )
    g.add_edge(
        "kh45",
        "ct26",
        key="based_on",
        relation="based_on",
        evidence=ev("tuy-phuoc/kh-45.txt", 3, "Căn cứ Chỉ thị số 26/CT-TTg ngày 05/9/2016;"),
    )
    g.add_edge(
        "kh45",
        "qd99",
        key="cites",
        relation="cites",
        evidence=ev("tuy-phuoc/kh-45.txt", 20, "theo Quyết định số 99/QĐ-UBND"),
    )
    g.add_edge("kh45", "ubnd-tp", key="issued_by", relation="issued_by", evidence=[])
    return g


def vids() -> dict[str, str]:
    return {n.key: n.vid for n in prepare(chain()).nodes}


def run_dot(source: str, fmt: str) -> subprocess.CompletedProcess:
    assert DOT is not None
    return subprocess.run([DOT, f"-T{fmt}"], input=source.encode(), capture_output=True, timeout=60)


# --------------------------------------------------------------------------- DOT


def test_format_date() -> None:
    assert format_date("2016-09-05") == "05/09/2016"
    assert format_date("2023-12") == "12/2023"
    assert format_date("2021") == "2021"
    assert format_date(None) is None


def test_dot_labels_have_date_and_issuer() -> None:
    dot = to_dot(chain(), title="Lược đồ Chỉ thị 26")
    assert dot.startswith("digraph")
    assert "Chỉ thị 26/CT-TTg · 05/09/2016" in dot
    assert "Thủ tướng Chính phủ" in dot
    assert "Kế hoạch 45/KH-UBND · 03/11/2016" in dot
    assert "UBND huyện Tuy Phước" in dot
    assert 'fontname="DejaVu Sans"' in dot
    assert 'rankdir="TB"' in dot
    # quotes in a title and in evidence are escaped for DOT / HTML-like labels
    assert "&quot;kỷ cương&quot;" in dot
    assert '\\"về tăng cường kỷ luật\\"' in dot


def test_dot_ranks_ordered_central_to_district() -> None:
    dot = to_dot(chain())
    ids = vids()
    groups = re.findall(r"\{ rank=same; (row\d) ([^}]*); \}", dot)
    rows = {row: members.split() for row, members in groups}
    row_of = {vid: row for row, members in rows.items() for vid in members}
    assert row_of[ids["ct26"]] == "row0"
    assert row_of[ids["kh123"]] == row_of[ids["qd99"]] == "row1"
    assert row_of[ids["kh45"]] == row_of[ids["ubnd-tp"]] == "row2"
    assert "row0 -> row1 -> row2 [style=invis]" in dot
    # the legend lists the relations present, and only those
    assert "thực hiện" in dot and "căn cứ" in dot and "(based_on)" in dot
    assert "(replaces)" not in dot


def test_dot_unverified_is_dashed_and_edges_styled() -> None:
    dot = to_dot(chain())
    ids = vids()
    line = next(ln for ln in dot.splitlines() if ln.strip().startswith(ids["qd99"] + " ["))
    assert "dashed" in line
    based_on = next(ln for ln in dot.splitlines() if 'label="căn cứ"' in ln)
    assert 'style="dashed"' in based_on
    # upward edges are drawn from the cited document, arrow reversed
    assert f'{ids["ct26"]} -> {ids["kh123"]} [dir="back"' in dot


@needs_dot
def test_dot_is_valid_and_layout_puts_central_on_top() -> None:
    dot = to_dot(chain(), title="Lược đồ")
    proc = run_dot(dot, "svg")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Error" not in proc.stderr
    plain = run_dot(dot, "plain").stdout.decode()
    y = {}
    for ln in plain.splitlines():
        parts = ln.split()
        if parts and parts[0] == "node":
            y[parts[1]] = float(parts[3])
    ids = vids()
    # plain output: y grows upwards
    assert y[ids["ct26"]] > y[ids["kh123"]] > y[ids["kh45"]]
    assert y[ids["kh123"]] == pytest.approx(y[ids["qd99"]])


# --------------------------------------------------------------------------- Mermaid


def test_mermaid_starts_with_flowchart_and_escapes_quotes() -> None:
    text = to_mermaid(chain())
    assert text.startswith("flowchart TB")
    assert "#quot;kỷ cương#quot;" in text
    assert "Chỉ thị 26/CT-TTg · 05/09/2016<br/>Thủ tướng Chính phủ" in text
    # every node label is one quoted string with no raw quote inside
    for ln in text.splitlines():
        m = re.match(r'\s*n\d+\(?\["(.*)"\]\)?$', ln)
        if m:
            assert '"' not in m.group(1)
    assert "classDef unverified" in text
    assert '-.-|"căn cứ ↑"|' in text


# --------------------------------------------------------------------------- HTML


def check_html(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", page), "the page must not reference anything online"
    assert "<script src" not in page and "<link" not in page
    assert "&lt;angle brackets&gt;" in page
    assert "<angle brackets>" not in page
    assert "kh-123.txt:4" in page
    assert "Chỉ thị 26/CT-TTg · 05/09/2016" in page
    assert 'id="luocdo-data"' in page
    assert "<svg" in page


def test_html_builtin_layout_offline_with_escaped_evidence() -> None:
    page = to_html(chain(), title='Lược đồ "Chỉ thị 26"', use_graphviz=False)
    check_html(page)
    assert "built-in layout" in page
    assert "&quot;Chỉ thị 26&quot;" in page
    ids = vids()
    # rows top to bottom: central above province above district
    ys = {}
    for vid in (ids["ct26"], ids["kh123"], ids["kh45"]):
        m = re.search(rf'<g id="{vid}" class="node">.*?<rect x="[\d.]+" y="([\d.]+)"', page, re.S)
        assert m, vid
        ys[vid] = float(m.group(1))
    assert ys[ids["ct26"]] < ys[ids["kh123"]] < ys[ids["kh45"]]


def test_html_falls_back_when_dot_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOCDO_DOT", "no-such-graphviz-dot")
    assert find_dot() is None
    page = to_html(chain())
    check_html(page)
    assert "built-in layout" in page


@needs_dot
def test_html_with_graphviz_offline_with_escaped_evidence() -> None:
    page = to_html(chain(), title="Lược đồ")
    check_html(page)
    assert "luocdo (graphviz)" in page
    assert "<!DOCTYPE svg" not in page


# --------------------------------------------------------------------------- render()


def test_render_text_formats(tmp_path) -> None:
    for fmt, name in (("dot", "a.dot"), ("mermaid", "a.mmd"), ("html", "a.html")):
        out = render(chain(), tmp_path / name, fmt, title="Lược đồ")
        assert out.stat().st_size > 0
    assert (tmp_path / "a.mmd").read_text(encoding="utf-8").startswith("flowchart TB")
    with pytest.raises(ValueError):
        render(chain(), tmp_path / "a.gif", "gif")


def test_render_svg_without_dot_fails_with_one_clear_line(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LUOCDO_DOT", "no-such-graphviz-dot")
    for fmt in ("svg", "png"):
        with pytest.raises(GraphvizNotFound) as err:
            render(chain(), tmp_path / f"a.{fmt}", fmt)
        assert str(err.value) == GRAPHVIZ_MISSING
        assert "\n" not in str(err.value)
        assert not (tmp_path / f"a.{fmt}").exists()


@needs_dot
def test_render_svg_and_png(tmp_path) -> None:
    svg = render(chain(), tmp_path / "a.svg", "svg", title="Lược đồ")
    png = render(chain(), tmp_path / "a.png", "png", title="Lược đồ")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Thủ tướng Chính phủ" in text
    assert "&lt;angle brackets&gt;" in text  # evidence in the tooltips, escaped
    data = png.read_bytes()
    assert len(data) > 1000
    assert data[:8] == b"\x89PNG\r\n\x1a\n"

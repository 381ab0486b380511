"""Pictures of citation chains: DOT, Mermaid, HTML (and SVG/PNG when Graphviz is installed)."""

from __future__ import annotations

import json
import re
import struct
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
    groups = re.findall(r"\{ rank=same; (row[\w]+) ([^}]*); \}", dot)
    rows = {row: members.split() for row, members in groups}
    row_of = {vid: row for row, members in rows.items() for vid in members}
    assert row_of[ids["ct26"]] == "row0"
    assert row_of[ids["kh123"]] == row_of[ids["qd99"]] == "row0_1"
    assert row_of[ids["kh45"]] == row_of[ids["ubnd-tp"]] == "row0_2_0"
    assert "row0 -> row0_1 -> row0_2_0 -> rowlast [style=invis]" in dot
    # the province's documents sit in its box
    assert "subgraph cluster_0 {" in dot and "<B>Bình Định</B>" in dot
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
    # nothing is loaded from the network: no external script, style, image or font
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//|@import", page, re.I)
    assert "<script src" not in page and "<link" not in page
    assert "&lt;angle brackets&gt;" in page
    assert "<angle brackets>" not in page
    assert "kh-123.txt:4" in page
    assert "Chỉ thị 26/CT-TTg · 05/09/2016" in page
    assert 'id="luocdo-data"' in page and 'id="luocdo-elements"' in page
    assert "cytoscape" in page and "cytoscapeDagre" in page  # the vendored libraries, inlined
    assert "<svg" in page  # the legend


def page_json(page: str, element_id: str) -> object:
    start = page.index(f'id="{element_id}">') + len(f'id="{element_id}">')
    return json.loads(page[start : page.index("</script>", start)])


def test_html_is_offline_with_escaped_evidence() -> None:
    page = to_html(chain(), title='Lược đồ "Chỉ thị 26"')
    check_html(page)
    assert "&quot;Chỉ thị 26&quot;" in page
    assert "luocdo (cytoscape.js + dagre)" in page


def test_html_works_without_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOCDO_DOT", "no-such-graphviz-dot")
    assert find_dot() is None
    check_html(to_html(chain()))


def test_html_elements_province_boxes_and_relation_labels() -> None:
    els = page_json(to_html(chain()), "luocdo-elements")
    data = {e["data"]["id"]: e["data"] for e in els}
    ids = vids()
    clusters = [d for d in data.values() if d.get("kind") == "cluster"]
    assert [c["label"] for c in clusters] == ["Bình Định"]
    cid = clusters[0]["id"]
    assert "parent" not in data[ids["ct26"]]  # central documents are in no province
    assert data[ids["kh123"]]["parent"] == data[ids["kh45"]]["parent"] == cid
    # every labelled relation: a label node between two line segments, the arrow at the cited end
    labels = [d for d in data.values() if d.get("kind") == "elabel"]
    assert {d["label"] for d in labels} == {"thực hiện", "căn cứ", "dẫn chiếu"}
    for lab in labels:
        a, b = data[lab["edge"] + "-a"], data[lab["edge"] + "-b"]
        assert a["target"] == lab["id"] == b["source"]
    implements = next(d for d in labels if d["label"] == "thực hiện" and d.get("parent") == cid)
    up = data[implements["edge"] + "-a"]
    assert up["sa"] == "triangle" and data[implements["edge"] + "-b"]["ta"] == "none"


def test_html_panel_relative_files_each_sentence_once_no_keys() -> None:
    g = chain()
    for *_, attrs in g.edges(keys=True, data=True):
        for ev in attrs["evidence"]:
            ev["file"] = "/home/user/bao-cao/" + ev["file"]
    # one sentence states two relations: the panel lists it once, with both names
    same = {
        "file": "/home/user/bao-cao/tuy-phuoc/kh-45.txt",
        "line": 3,
        "sentence": "Căn cứ Chỉ thị số 26/CT-TTg ngày 05/9/2016;",
        "confidence": 0.9,
    }
    g.add_edge("kh45", "ct26", key="implements", relation="implements", evidence=[same, dict(same)])
    g.nodes["ct26"]["findings"] = "⚠ also cited as 05/09/2017"
    page = to_html(g)
    assert "/home/user" not in page
    data = page_json(page, "luocdo-data")
    ids = vids()
    node = data[ids["kh45"]]
    wheres = [(ev["where"], ev["sentence"]) for ev in node["evidence"]]
    assert len(wheres) == len(set(wheres))
    assert ("tuy-phuoc/kh-45.txt:3", same["sentence"]) in wheres
    both = next(ev for ev in node["evidence"] if ev["where"] == "tuy-phuoc/kh-45.txt:3")
    assert set(both["relations"]) == {"thực hiện", "căn cứ"}
    assert ["Phát hiện", "⚠ also cited as 05/09/2017"] in data[ids["ct26"]]["details"]  # the store's badge
    for entry in data.values():
        assert all(k not in ("Khoá", "Key") for k, _ in entry["details"])
        assert "kh45" not in json.dumps(entry, ensure_ascii=False)


def test_html_report_text_with_script_tags_stays_text() -> None:
    g = chain()
    bad = "Kế hoạch </script><script>alert(1)</script> <!-- x --> & <b>đậm</b>"
    g.nodes["kh45"]["issuer"] = bad
    g.edges["kh45", "kh123", "implements"]["evidence"][0]["sentence"] = bad
    page = to_html(g, title="</script><script>alert(2)</script>")
    assert page.count("<script") == page.count("</script>") == 4  # data, elements, libraries, page
    assert "<script>alert" not in page and "<!-- x" not in page
    data = page_json(page, "luocdo-data")
    assert any(ev["sentence"] == bad for d in data.values() for ev in d["evidence"])


def many_districts(provinces: int = 2, districts: int = 9) -> nx.MultiDiGraph:
    """A directive, one plan per province, `districts` district plans under each."""
    g = nx.MultiDiGraph()
    g.add_node(
        "ct",
        kind="document",
        label="Chỉ thị 26/CT-TTg",
        date="2016-09-05",
        issuer="Thủ tướng Chính phủ",
        level="central",
    )
    for p in range(provinces):
        prov = f"Tỉnh {p}"
        g.add_node(
            f"p{p}",
            kind="document",
            label=f"Kế hoạch {100 + p}/KH-UBND",
            date="2016-10-01",
            issuer=f"UBND tỉnh {p}",
            level="province",
            province=prov,
        )
        g.add_edge(
            f"p{p}",
            "ct",
            key="implements",
            relation="implements",
            evidence=[
                {
                    "file": f"/r/p{p}.md",
                    "line": 3,
                    "sentence": "Thực hiện Chỉ thị số 26/CT-TTg",
                    "confidence": 0.9,
                }
            ],
        )
        for d in range(districts):
            k = f"d{p}-{d}"
            g.add_node(
                k,
                kind="document",
                label=f"Kế hoạch {d + 1}/KH-UBND",
                date="2016-11-01",
                issuer=f"UBND huyện {p}-{d}",
                level="district",
                province=prov,
            )
            g.add_edge(
                k,
                f"p{p}",
                key="implements",
                relation="implements",
                evidence=[
                    {
                        "file": f"/r/d{p}-{d}.md",
                        "line": 4,
                        "sentence": "Thực hiện Kế hoạch",
                        "confidence": 0.9,
                    }
                ],
            )
    return g


def test_districts_stack_in_rows_inside_their_province() -> None:
    pic = prepare(many_districts(2, 9))
    clusters = pic.clusters()
    assert [name for name, _ in clusters] == ["Tỉnh 0", "Tỉnh 1"]
    rows = pic.stacked_rows(clusters[0][1])
    assert [len(r) for r in rows] == [3, 3, 3]
    els = page_json(to_html(many_districts(2, 9)), "luocdo-elements")
    invisible = [e["data"] for e in els if e["data"].get("kind") == "invis"]
    assert sum(d["minlen"] == 2 for d in invisible) == 2 * 6  # rows 2 and 3 under rows 1 and 2
    dot = to_dot(many_districts(2, 9))
    assert dot.count("subgraph cluster_") == 2
    assert re.search(r"\{ rank=same; row0_2_2 ", dot)  # a third row of districts


def test_big_pictures_show_one_box_per_body() -> None:
    g = many_districts(3, 30)
    for p in range(3):  # each district also reported on its plan: two documents per body
        for d in range(30):
            k = f"r{p}-{d}"
            g.add_node(
                k,
                kind="document",
                label=f"Báo cáo {d + 1}/BC-UBND",
                date="2017-01-01",
                issuer=f"UBND huyện {p}-{d}",
                level="district",
                province=f"Tỉnh {p}",
            )
            g.add_edge(k, f"d{p}-{d}", key="reports_on", relation="reports_on", evidence=[])
            g.add_edge(
                k,
                "ct",
                key="reports_on",
                relation="reports_on",
                evidence=[
                    {"file": f"/r/{k}.md", "line": 2, "sentence": "Báo cáo kết quả", "confidence": 0.8}
                ],
            )
    pic = prepare(g)
    bodies = [n for n in pic.nodes if n.members]
    assert len(bodies) == 90 and all(len(n.members) == 2 for n in bodies)
    assert len(pic.nodes) == 1 + 3 + 90
    assert all(e.u is not e.v for e in pic.edges)  # a body's report on its own plan is inside its box
    page = to_html(g)
    assert "mỗi khung một cơ quan" in page
    labels = [
        e["data"]["label"] for e in page_json(page, "luocdo-elements") if e["data"].get("kind") == "elabel"
    ]
    assert "báo cáo về → Chỉ thị 26/CT-TTg" in labels  # the long line is left out, the label says where
    # Graphviz: the same relations written in the lower box, no line from the directive across the page
    dot = to_dot(g)
    central = next(n.vid for n in prepare(g).nodes if n.tier == 0)
    assert not re.search(rf"\b{central} -> n\d+ \[dir", dot)
    assert "thực hiện → Chỉ thị 26/CT-TTg" in dot and "báo cáo về → Chỉ thị 26/CT-TTg" in dot


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


@needs_dot
def test_png_of_many_districts_is_not_a_strip(tmp_path) -> None:
    png = render(many_districts(3, 15), tmp_path / "a.png", "png", title="Lược đồ").read_bytes()
    width, height = struct.unpack(">II", png[16:24])
    assert width / height < 3.0, (width, height)

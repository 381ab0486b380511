"""A single self-contained HTML page: the chain drawn by Cytoscape.js, laid out by dagre, no network.

The two libraries (MIT, vendored from npm into `luocdo/draw/vendor/`, see its README) are inlined
into the page, so it opens offline and needs no Graphviz. The layout is layered top to bottom:
central documents, then one box per province (a compound node) holding its province documents
and, below them, its district documents cut into short rows (invisible edges put row k+1 under
row k), so 15–200 implementing bodies stack instead of making one endless row. Every relation's
label is a small node of its own between the two ends (as Graphviz does it): dagre keeps lines
out of it and nodes are drawn above lines, so no line crosses a label. The page opens at a zoom
where the smallest text is at least 11 px on screen (fitting the window when that is enough),
with pan and zoom by mouse, keys and buttons.

Every text from a report reaches the page as JSON inside a script element (`<`, `>` and `&`
escaped, so `</script>` in a report stays text) and is drawn on a canvas or set with
`textContent`; the rest of the page is escaped HTML.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from importlib import resources

from luocdo.draw.style import (
    BODY_STYLE,
    FONT_STACK,
    LEVELS,
    RELATIONS,
    UNKNOWN_LEVEL,
    EdgeView,
    NodeView,
    Picture,
    edge_caption,
    node_evidence_once,
    relation_vi,
    shorten,
)

VENDOR = ("cytoscape.min.js", "cytoscape-dagre.min.js")

NODE_FONT = 12.0  # px at zoom 1, every line of a document box
LABEL_FONT = 11.0  # px at zoom 1, relation labels
CLUSTER_FONT = 13.0
READABLE_PX = 11.0  # the page opens at a zoom where the smallest text is at least this high
LINE_H = 1.3  # line height, in font sizes
PAD_X = 14.0
PAD_Y = 9.0
TEXT_MAX = 230.0  # px: longer lines wrap
ISSUER_MAX = 40  # characters of an issuer name in a box
TITLE_MAX = 60
ROW_WIDTH = 1050.0  # px at zoom 1: province boxes side by side up to this width, then a new row
PANEL_EVIDENCE_MAX = 30  # sentences listed for one box in the side panel


def x(text: str) -> str:
    """Escaped for HTML text and attribute values."""
    return escape(text, quote=True)


def text_width(text: str, size: float) -> float:
    """Rough advance width in DejaVu Sans (wide font: overestimating is the safe side)."""
    w = 0.0
    for ch in text:
        if ch == " " or ch in "il.,:;|!'·ịỉìíĩ":
            w += 0.34
        elif ch.isdigit():
            w += 0.64
        elif ch.isupper():
            w += 0.74
        elif ch in "mwMWƯỪỨỬỮỰ":
            w += 0.92
        else:
            w += 0.62
    return w * size


def wrapped(text: str, size: float, limit: float) -> list[str]:
    """`text` broken at spaces into lines no wider than `limit` (a longer word stays whole)."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}" if cur else word
        if cur and text_width(trial, size) > limit:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines or [""]


def box_lines(node: NodeView) -> list[str]:
    """What a box says: the number, then the date, the issuer, and for a central document its
    subject (the rest is in the side panel)."""
    if node.kind == "body":
        return [node.head]
    out = [node.head]
    if node.date_text:
        out.append(node.date_text)
    if node.issuer and node.issuer != node.head:
        out.append(shorten(node.issuer, ISSUER_MAX))
    if node.title and node.tier == 0:
        out.append(shorten(node.title, TITLE_MAX))
    return out


def box(lines: list[str], size: float) -> tuple[str, float, float]:
    """Label text (wrapped lines joined by newlines), width and height of a box around it."""
    rows = [row for line in lines for row in wrapped(line, size, TEXT_MAX)]
    w = max(text_width(r, size) for r in rows) + 2 * PAD_X
    h = len(rows) * size * LINE_H + 2 * PAD_Y
    return "\n".join(rows), round(max(w, 60.0), 1), round(h, 1)


# --------------------------------------------------------------------------- elements


def _node_element(node: NodeView, parent: str | None) -> dict:
    st = node.style
    label, w, h = box(box_lines(node), NODE_FONT)
    data = {
        "id": node.vid,
        "kind": node.kind,
        "label": label,
        "w": w,
        "h": h,
        "fill": st.fill,
        "border": st.border,
        "bw": 1.0 if node.kind == "body" else (1.4 if node.unverified else 1.8),
        "bs": "dashed" if node.unverified else "solid",
        "shape": "round-rectangle" if st.rounded else "rectangle",
        "bold": "bold" if node.tier == 0 and node.kind == "document" else "normal",
    }
    if parent:
        data["parent"] = parent
    return {"data": data}


def _ends(e: EdgeView) -> tuple[NodeView, NodeView]:
    """(upper, lower) end of an edge for the layout: the cited document above the citing one
    unless it sits in a lower row (a province plan citing a district report)."""
    return (e.v, e.u) if e.v.tier <= e.u.tier else (e.u, e.v)


def _edge_elements(e: EdgeView, cluster_of: dict[str, str]) -> list[dict]:
    rs = e.style
    common = {
        "edge": e.eid,
        "color": rs.color,
        "width": rs.penwidth,
        "ls": rs.style if rs.style in ("dashed", "dotted") else "solid",
    }
    if e.u is e.v:
        return [
            {
                "data": {
                    "id": e.eid,
                    "source": e.u.vid,
                    "target": e.v.vid,
                    "sa": "none",
                    "ta": "triangle",
                    "minlen": 1,
                    **common,
                }
            }
        ]
    top, bottom = _ends(e)
    arrow_top = top is e.v  # the arrow always points at the cited document
    gap = max(0, bottom.tier - top.tier)
    if e.relation == "issued_by":
        return [
            {
                "data": {
                    "id": e.eid,
                    "source": top.vid,
                    "target": bottom.vid,
                    "sa": "triangle" if arrow_top else "none",
                    "ta": "none" if arrow_top else "triangle",
                    "minlen": max(1, 2 * gap),
                    **common,
                }
            }
        ]
    text = relation_vi(e.relation)
    label_id = f"{e.eid}-l"
    lw = round(text_width(text, LABEL_FONT) + 10, 1)
    label = {
        "id": label_id,
        "kind": "elabel",
        "label": text,
        "w": lw,
        "h": round(LABEL_FONT * 1.6, 1),
        **common,
    }
    if cluster_of.get(bottom.vid):  # the label sits just above the lower end, in its box
        label["parent"] = cluster_of[bottom.vid]
    return [
        {"data": label},
        {
            "data": {
                "id": f"{e.eid}-a",
                "source": top.vid,
                "target": label_id,
                "minlen": max(1, 2 * gap - 1),
                "sa": "triangle" if arrow_top else "none",
                "ta": "none",
                **common,
            }
        },
        {
            "data": {
                "id": f"{e.eid}-b",
                "source": label_id,
                "target": bottom.vid,
                "minlen": 1,
                "sa": "none",
                "ta": "none" if arrow_top else "triangle",
                **common,
            }
        },
    ]


def _invisible(source: str, target: str, minlen: int) -> dict:
    return {
        "data": {
            "id": f"i-{source}-{target}",
            "kind": "invis",
            "source": source,
            "target": target,
            "minlen": minlen,
            "sa": "none",
            "ta": "none",
            "color": "#ffffff",
            "width": 0,
            "ls": "solid",
        }
    }


def elements(pic: Picture) -> list[dict]:
    """Cytoscape elements: province boxes with their name on top, documents, relation labels,
    edges, and the invisible edges that stack each province's district rows under its name.

    A relation between two boxes of the same province is laid out inside the province; one that
    leaves it (to the central directive, say) has its label just above the lower box and a line
    to the upper one. In a condensed picture (one box per body) those lines would cover the page,
    so they are left out and the label names the document it points to."""
    out: list[dict] = []
    cluster_of: dict[str, str] = {}
    clusters = pic.clusters()
    condensed = any(n.members for n in pic.nodes)
    for i, (province, members) in enumerate(clusters):
        cid = f"c{i}"
        out.append({"data": {"id": cid, "kind": "cluster", "label": province}})
        cw = round(text_width(province, CLUSTER_FONT) + 12, 1)
        h = round(CLUSTER_FONT * 1.5, 1)
        out.append(
            {"data": {"id": f"{cid}-t", "kind": "clabel", "label": province, "w": cw, "h": h, "parent": cid}}
        )
        for n in members:
            cluster_of[n.vid] = cid
    out.extend(_node_element(n, cluster_of.get(n.vid)) for n in pic.nodes)
    for e in pic.edges:
        els = _edge_elements(e, cluster_of)
        top, bottom = _ends(e)
        cid = cluster_of.get(bottom.vid)
        if condensed and cid and cluster_of.get(top.vid) != cid and len(els) == 3:
            els[0]["data"]["label"] = f"{els[0]['data']['label']} → {top.head}"
            els[0]["data"]["w"] = round(text_width(els[0]["data"]["label"], LABEL_FONT) + 10, 1)
            els = [els[0], els[2]]  # no line across the page: the label names the upper end
        out.extend(els)
    for i, (_, members) in enumerate(clusters):
        rows = pic.stacked_rows(members)
        tops = [n for n in members if n.tier < 2] or (rows[0] if rows else members[:1])
        for n in tops:  # the province's name above its first row
            out.append(_invisible(f"c{i}-t", n.vid, 1))
        for upper, lower in zip(rows, rows[1:], strict=False):
            for j, n in enumerate(lower):
                out.append(_invisible(upper[min(j, len(upper) - 1)].vid, n.vid, 2))
    return out


# --------------------------------------------------------------------------- side panel data


def panel_data(pic: Picture) -> dict[str, dict]:
    """What the side panel shows for each document and relation: no internal keys, files by
    their relative name and line, each sentence once."""
    data: dict[str, dict] = {}
    for n in pic.nodes:
        found = node_evidence_once(pic, n)
        evs = [{**ev.as_dict(), "relations": rels} for rels, ev in found[:PANEL_EVIDENCE_MAX]]
        data[n.vid] = {"caption": n.first_line, "details": n.details(), "evidence": evs}
        if len(found) > PANEL_EVIDENCE_MAX:
            data[n.vid]["more"] = f"… và {len(found) - PANEL_EVIDENCE_MAX} câu khác (bảng căn cứ ở dưới)"
    for e in pic.edges:
        data[e.eid] = {
            "caption": edge_caption(e),
            "details": [["Quan hệ", relation_vi(e.relation)]],
            "evidence": [{**ev.as_dict(), "relations": []} for ev in e.evidence],
        }
    return data


def json_for_script(obj: object) -> str:
    """JSON that cannot end a <script> element or open a comment."""
    text = json.dumps(obj, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def evidence_table(pic: Picture) -> str:
    rows = []
    for e in pic.edges:
        evs = e.evidence or [None]
        for ev in evs:
            where = x(ev.where) if ev else ""
            sentence = x(ev.sentence) if ev else "<em>không có câu trích</em>"
            rows.append(
                f"<tr><td>{x(e.u.head)}</td><td>{x(relation_vi(e.relation))}</td><td>{x(e.v.head)}</td>"
                f'<td class="where">{where}</td><td>{sentence}</td></tr>'
            )
    if not rows:
        return ""
    return (
        f"<details><summary>Bảng căn cứ ({len(pic.edges)} quan hệ)</summary>"
        '<table class="ev"><tr><th>Văn bản</th><th>Quan hệ</th><th>Văn bản được dẫn</th>'
        "<th>Tệp:dòng</th><th>Câu trích</th></tr>" + "".join(rows) + "</table></details>"
    )


def legend_svg(pic: Picture) -> str:
    """The key: one line per relation drawn, one swatch per level present (inline SVG)."""
    out: list[str] = []
    y = 0.0
    rels = pic.relations()
    if rels:
        y += 16
        out.append(f'<text x="0" y="{y:g}" class="lg-h">Quan hệ</text>')
    for rel in rels:
        y += 18
        rs = RELATIONS.get(rel)
        color = rs.color if rs else "#757575"
        dash = {"dashed": "6 4", "dotted": "2 3"}.get(rs.style if rs else "dotted", "")
        out.append(
            f'<line x1="2" y1="{y - 4:g}" x2="34" y2="{y - 4:g}" stroke="{color}" stroke-width="2" '
            f'stroke-dasharray="{dash}"/><path d="M34,{y - 8:g} L42,{y - 4:g} L34,{y:g} z" fill="{color}"/>'
        )
        out.append(f'<text x="50" y="{y:g}" class="lg">{x(relation_vi(rel))}</text>')
    swatches = [
        (LEVELS.get(lv or "", UNKNOWN_LEVEL).name, LEVELS.get(lv or "", UNKNOWN_LEVEL), "")
        for lv in pic.levels()
    ]
    if pic.has_bodies():
        swatches.append(("cơ quan", BODY_STYLE, ""))
    if pic.has_unverified():
        swatches.append(("viền nét đứt: chưa xác minh", BODY_STYLE, ' stroke-dasharray="4 3"'))
    if swatches:
        y += 26
        out.append(f'<text x="0" y="{y:g}" class="lg-h">Cấp ban hành</text>')
    for name, st, dash in swatches:
        y += 18
        out.append(
            f'<rect x="2" y="{y - 12:g}" width="40" height="14" rx="3" fill="{st.fill}" stroke="{st.border}"{dash}/>'
        )
        out.append(f'<text x="50" y="{y:g}" class="lg">{x(name)}</text>')
    if pic.clusters():
        y += 26
        out.append(
            f'<rect x="2" y="{y - 12:g}" width="40" height="14" rx="3" fill="#f3f5f8" stroke="#c3c9d2"/>'
            f'<text x="50" y="{y:g}" class="lg">khung: một tỉnh, thành phố</text>'
        )
    height = y + 6
    return (
        f'<svg id="legend" width="300" height="{height:g}" viewBox="0 0 300 {height:g}" role="img" '
        f'aria-label="Chú giải" font-family="{x(FONT_STACK)}">' + "".join(out) + "</svg>"
    )


# --------------------------------------------------------------------------- the page


@cache
def vendored_js() -> str:
    """The vendored libraries, as one script text (checked: nothing in them can end the element)."""
    folder = resources.files("luocdo") / "draw" / "vendor"
    text = "\n".join(folder.joinpath(name).read_text(encoding="utf-8") for name in VENDOR)
    if "</script" in text.lower() or "<!--" in text:
        raise RuntimeError("vendored JavaScript cannot be inlined: it contains </script or <!--")
    # graphlib writes U+0001 raw inside string literals; the same character as an escape keeps the
    # page free of control characters (XML tools and the control-character checks read it)
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-family: __FONT__; color: #1d1d1d; background: #f6f7f9; }
header { display: flex; align-items: baseline; gap: 14px; padding: 8px 16px; background: #fff;
         border-bottom: 1px solid #dcdfe4; height: 48px; }
header h1 { margin: 0; font-size: 17px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
header p { margin: 0; font-size: 13px; color: #555; white-space: nowrap; }
header .tools { margin-left: auto; display: flex; gap: 4px; }
header button { font: inherit; font-size: 13px; padding: 3px 10px; cursor: pointer; }
main { display: flex; height: calc(100vh - 48px); }
#cy { flex: 1 1 auto; position: relative; background: #fff; min-width: 0; }
#info { flex: 0 0 310px; border-left: 1px solid #dcdfe4; background: #fff; padding: 10px 14px;
        font-size: 13px; overflow: auto; }
#info h2 { font-size: 15px; margin: 0 0 6px; }
#info dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 0 0 8px; }
#info dt { color: #666; } #info dd { margin: 0; }
#info ol { padding-left: 18px; margin: 4px 0; }
#info li { margin-bottom: 6px; }
#legend { display: block; margin-top: 12px; }
#legend text.lg { font-size: 12px; } #legend text.lg-h { font-size: 12px; font-weight: bold; }
.where { font-family: 'DejaVu Sans Mono', monospace; font-size: 12px; color: #1a3e8c; }
.conf { color: #888; font-size: 11px; }
.hint { color: #666; margin: 0 0 8px; }
#noscript { padding: 20px; }
details { margin: 12px 16px 20px; background: #fff; border: 1px solid #dcdfe4; border-radius: 6px;
          padding: 8px 12px; font-size: 13px; }
table.ev { border-collapse: collapse; width: 100%; }
table.ev td, table.ev th { border-top: 1px solid #eee; padding: 4px 6px; vertical-align: top;
                           text-align: left; }
"""

SCRIPT = """
(function () {
  var READABLE = __READABLE__, SMALLEST = __SMALLEST__, MAXZOOM = 1.6;
  var data = JSON.parse(document.getElementById('luocdo-data').textContent);
  var els = JSON.parse(document.getElementById('luocdo-elements').textContent);
  var info = document.getElementById('info-text');
  var hint = info.innerHTML;
  var pinned = null;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function show(id) {
    var d = data[id];
    if (!d) return;
    info.textContent = '';
    info.appendChild(el('h2', null, d.caption));
    if (d.details && d.details.length) {
      var dl = el('dl');
      d.details.forEach(function (kv) { dl.appendChild(el('dt', null, kv[0])); dl.appendChild(el('dd', null, kv[1])); });
      info.appendChild(dl);
    }
    info.appendChild(el('strong', null, d.evidence.length ? 'Căn cứ trong văn bản' : 'Không có câu trích'));
    var ol = el('ol');
    d.evidence.forEach(function (ev) {
      var li = el('li');
      if (ev.relations && ev.relations.length) li.appendChild(el('span', 'conf', '[' + ev.relations.join(', ') + '] '));
      li.appendChild(el('span', 'where', ev.where));
      li.appendChild(el('div', null, ev.sentence ? '\\u201c' + ev.sentence + '\\u201d' : ''));
      if (ev.confidence !== null && ev.confidence !== undefined)
        li.appendChild(el('span', 'conf', 'độ tin cậy ' + Number(ev.confidence).toFixed(2)));
      ol.appendChild(li);
    });
    info.appendChild(ol);
    if (d.more) info.appendChild(el('p', 'hint', d.more));
  }
  if (typeof cytoscape !== 'function') return;
  cytoscape.use(cytoscapeDagre);
  var FONT = __FONT_JSON__;
  var cy = cytoscape({
    container: document.getElementById('cy'),
    elements: els,
    minZoom: 0.05, maxZoom: 4, wheelSensitivity: 0.3,
    boxSelectionEnabled: false, autoungrabify: true,
    style: [
      { selector: 'node', style: { 'font-family': FONT, 'text-valign': 'center', 'text-halign': 'center',
        'text-wrap': 'wrap', 'text-max-width': 1000, 'line-height': __LINE_H__ } },
      { selector: 'node[kind="document"], node[kind="body"]', style: {
        shape: 'data(shape)', width: 'data(w)', height: 'data(h)', label: 'data(label)',
        'background-color': 'data(fill)', 'border-color': 'data(border)', 'border-width': 'data(bw)',
        'border-style': 'data(bs)', 'font-size': __NODE_FONT__, 'font-weight': 'data(bold)', color: '#1d1d1d' } },
      { selector: 'node[kind="elabel"]', style: {
        shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', label: 'data(label)',
        'background-color': '#ffffff', 'border-width': 0, color: 'data(color)', 'font-size': __LABEL_FONT__ } },
      { selector: 'node[kind="cluster"]', style: {
        shape: 'round-rectangle', 'background-color': '#f3f5f8', 'border-color': '#c3c9d2',
        'border-width': 1, padding: 10 } },
      { selector: 'node[kind="clabel"]', style: {
        shape: 'rectangle', width: 'data(w)', height: 'data(h)', label: 'data(label)', 'background-opacity': 0,
        'border-width': 0, 'font-size': __CLUSTER_FONT__, 'font-weight': 'bold', color: '#4a5563', events: 'no' } },

      { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(color)', 'line-style': 'data(ls)',
        'source-arrow-shape': 'data(sa)', 'target-arrow-shape': 'data(ta)', 'arrow-scale': 1.1,
        'source-arrow-color': 'data(color)', 'target-arrow-color': 'data(color)', 'curve-style': 'straight' } },
      { selector: 'edge[kind="invis"]', style: { visibility: 'hidden', events: 'no' } },
      { selector: 'node.hl', style: { 'border-width': 3, 'underlay-color': '#ffd54f',
        'underlay-opacity': 0.6, 'underlay-padding': 4 } },
      { selector: 'edge.hl', style: { width: 3.2, 'underlay-color': '#ffd54f', 'underlay-opacity': 0.6,
        'underlay-padding': 3 } }
    ]
  });
  // Two levels, both by dagre: each province's documents laid out inside its box (layered,
  // district rows stacked), the boxes packed in rows below the central documents.
  var GAP = 36, ROW = Math.max(__ROW_WIDTH__, 0);
  function dagre(eles) {
    eles.layout({
      name: 'dagre', rankDir: 'TB', nodeSep: 22, rankSep: 22, edgeSep: 10, ranker: 'network-simplex',
      minLen: function (e) { return e.data('minlen') || 1; },
      edgeWeight: function (e) { return e.data('kind') === 'invis' ? 4 : 1; },
      useDagreEdgeControlPoints: true, automaticDagreEdgeStyle: true,
      dagreEdgeStyle: { 'curve-style': 'round-segments', 'segment-radius': 10,
        'segment-weights': function (e) { return e.scratch('controlPointWeights'); },
        'segment-distances': function (e) { return e.scratch('controlPointDistances'); },
        'edge-distances': 'intersection' },
      fit: false, animate: false
    }).run();
  }
  function inside(c) {
    var kids = c.children();
    return kids.union(kids.connectedEdges().filter(function (e) {
      return e.source().parent().same(c) && e.target().parent().same(c); }));
  }
  var clusters = cy.nodes('[kind="cluster"]');
  var free = cy.nodes().filter(function (n) { return !n.isParent() && !n.isChild(); });
  var freeEdges = free.connectedEdges().filter(function (e) {
    return free.contains(e.source()) && free.contains(e.target()); });
  var y0 = 0;
  if (free.length) {
    dagre(free.union(freeEdges));
    var fb = free.boundingBox();
    free.shift({ x: -fb.x1, y: -fb.y1 });
    y0 = fb.h + 3 * GAP;
  }
  var boxes = clusters.map(function (c) {
    var eles = inside(c);
    dagre(eles);
    var b = eles.nodes().boundingBox();
    return { c: c, nodes: eles.nodes(), b: b, w: b.w + 24, h: b.h + 24 };
  });
  var widest = boxes.reduce(function (m, b) { return Math.max(m, b.w); }, 0);
  // rows about as wide as the whole is tall (a big chain is a block to pan over, not a tower)
  var area = boxes.reduce(function (m, b) { return m + (b.w + GAP) * (b.h + GAP); }, 0);
  var limit = Math.max(ROW, widest, free.length ? free.boundingBox().w : 0, Math.sqrt(area) * 1.2);
  var rows = [], row = [], rw = 0;
  boxes.forEach(function (b) {
    if (row.length && rw + GAP + b.w > limit) { rows.push(row); row = []; rw = 0; }
    rw += (row.length ? GAP : 0) + b.w; row.push(b);
  });
  if (row.length) rows.push(row);
  var y = y0;
  rows.forEach(function (r) {
    var total = r.reduce(function (m, b) { return m + b.w; }, 0) + GAP * (r.length - 1);
    var x = (limit - total) / 2, h = 0;
    r.forEach(function (b) {
      b.nodes.shift({ x: x + 12 - b.b.x1, y: y + 12 - b.b.y1 });
      x += b.w + GAP; h = Math.max(h, b.h);
    });
    y += h + GAP;
  });
  if (free.length) {
    var fb2 = free.boundingBox();
    free.shift({ x: (limit - fb2.w) / 2 - fb2.x1, y: 0 });
  }
  // the whole picture when it is readable so; else readable, from the top, centred on the first row
  function readable() {
    var bb = cy.elements().boundingBox();
    var w = cy.width(), h = cy.height(), pad = 24;
    var fit = Math.min((w - 2 * pad) / bb.w, (h - 2 * pad) / bb.h);
    var z = Math.min(Math.max(fit, READABLE / SMALLEST), MAXZOOM);
    cy.zoom(z);
    var top = cy.nodes('[kind="document"], [kind="body"], [kind="clabel"]').filter(function (n) {
      return n.position('y') <= bb.y1 + 80; });
    var cx = bb.w * z <= w - 2 * pad ? (bb.x1 + bb.x2) / 2 : (top.length ? top.boundingBox().x1 + top.boundingBox().w / 2 : bb.x1);
    var left = cx * z - w / 2;
    left = Math.max(bb.x1 * z - pad, Math.min(left, bb.x2 * z + pad - w));
    if (bb.w * z <= w - 2 * pad) left = cx * z - w / 2;
    var ty = bb.h * z <= h - 2 * pad ? ((bb.y1 + bb.y2) / 2) * z - h / 2 : bb.y1 * z - pad;
    cy.pan({ x: -left, y: -ty });
    record();
  }
  function record() {  // what the page looks like, for tests and for people who ask
    var z = cy.zoom();
    var nodes = cy.nodes().map(function (n) {
      var b = n.renderedBoundingBox({ includeLabels: false });
      return { id: n.id(), kind: n.data('kind'), x: b.x1, y: b.y1, w: b.w, h: b.h,
               font: parseFloat(n.style('font-size')) * z };
    });
    document.getElementById('luocdo-layout').textContent = JSON.stringify({
      zoom: z, width: cy.width(), height: cy.height(), nodes: nodes });
  }
  // #fit opens on the whole picture; #show=n3 (a box or a relation) opens with it in the panel
  if (location.hash === '#fit') { cy.fit(undefined, 24); record(); } else readable();
  var asked = /^#show=([a-z0-9-]+)$/.exec(location.hash);
  if (asked && data[asked[1]]) { pinned = asked[1]; show(pinned); light(pinned); }
  cy.on('zoom pan', function () { clearTimeout(record.t); record.t = setTimeout(record, 200); });
  function key(ele) {
    var id = ele.data('edge') || ele.id();
    return data[id] ? id : null;
  }
  function light(id) {
    cy.elements('.hl').removeClass('hl');
    if (!id) return;
    var it = data[id] && cy.getElementById(id);
    if (it && it.length) it.addClass('hl');
    cy.elements('[edge = "' + id + '"]').addClass('hl');
  }
  cy.on('mouseover', 'node, edge', function (evt) {
    if (pinned) return;
    var id = key(evt.target);
    if (id) { show(id); light(id); }
  });
  cy.on('tap', function (evt) {
    var id = evt.target === cy ? null : key(evt.target);
    if (id && pinned !== id) { pinned = id; show(id); light(id); }
    else { pinned = null; light(null); info.innerHTML = hint; }
  });
  function zoomBy(f) {
    cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }
  document.getElementById('zoom-in').onclick = function () { zoomBy(1.25); };
  document.getElementById('zoom-out').onclick = function () { zoomBy(0.8); };
  document.getElementById('zoom-fit').onclick = function () { cy.fit(undefined, 24); };
  document.getElementById('zoom-read').onclick = readable;
  document.addEventListener('keydown', function (evt) {
    if (evt.target !== document.body) return;
    var step = 80, p = cy.pan();
    if (evt.key === '+' || evt.key === '=') zoomBy(1.25);
    else if (evt.key === '-') zoomBy(0.8);
    else if (evt.key === '0') readable();
    else if (evt.key === 'ArrowLeft') cy.pan({ x: p.x + step, y: p.y });
    else if (evt.key === 'ArrowRight') cy.pan({ x: p.x - step, y: p.y });
    else if (evt.key === 'ArrowUp') cy.pan({ x: p.x, y: p.y + step });
    else if (evt.key === 'ArrowDown') cy.pan({ x: p.x, y: p.y - step });
    else return;
    evt.preventDefault();
  });
  window.addEventListener('resize', function () { cy.resize(); });
  window.luocdo = cy;
})();
"""


def page(pic: Picture) -> str:
    """The HTML page of a picture (one file, no network)."""
    title = pic.title or "Lược đồ văn bản"
    docs = sum(len(n.members) or 1 for n in pic.nodes if n.kind == "document")
    counts = f"{docs} văn bản, {len(pic.edges)} quan hệ"
    if any(n.members for n in pic.nodes):
        counts += " (mỗi khung một cơ quan)"
    if pic.clusters():
        counts += f", {len(pic.clusters())} tỉnh/thành phố"
    hint = (
        '<p class="hint">Rê chuột lên một văn bản hoặc một quan hệ để xem căn cứ (tệp:dòng và câu '
        "trích); bấm để giữ, bấm lần nữa để bỏ. Kéo để di chuyển, cuộn chuột hoặc + / − để phóng to, "
        "thu nhỏ.</p>"
    )
    script = (
        SCRIPT.replace("__READABLE__", f"{READABLE_PX:g}")
        .replace("__SMALLEST__", f"{min(NODE_FONT, LABEL_FONT):g}")
        .replace("__NODE_FONT__", f"{NODE_FONT:g}")
        .replace("__LABEL_FONT__", f"{LABEL_FONT:g}")
        .replace("__CLUSTER_FONT__", f"{CLUSTER_FONT:g}")
        .replace("__LINE_H__", f"{LINE_H:g}")
        .replace("__ROW_WIDTH__", f"{ROW_WIDTH:g}")
        .replace("__FONT_JSON__", json_for_script(FONT_STACK.replace("'", "")))
    )
    tools = (
        '<div class="tools">'
        '<button id="zoom-out" type="button" title="Thu nhỏ (−)">−</button>'
        '<button id="zoom-in" type="button" title="Phóng to (+)">+</button>'
        '<button id="zoom-fit" type="button" title="Cả lược đồ trong khung">Vừa khung</button>'
        '<button id="zoom-read" type="button" title="Cỡ chữ đọc được (0)">Cỡ chữ đọc được</button>'
        "</div>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="luocdo (cytoscape.js + dagre)">\n'
        f"<title>{x(title)}</title>\n"
        f"<style>{CSS.replace('__FONT__', FONT_STACK)}</style>\n</head>\n<body>\n"
        f"<header><h1>{x(title)}</h1><p>{x(counts)}</p>{tools}</header>\n"
        '<main><div id="cy"><noscript><p id="noscript">Lược đồ cần JavaScript; bảng căn cứ ở dưới.'
        "</p></noscript></div>\n"
        f'<aside id="info"><div id="info-text">{hint}</div>{legend_svg(pic)}</aside></main>\n'
        f"{evidence_table(pic)}\n"
        '<pre id="luocdo-layout" hidden></pre>\n'
        f'<script type="application/json" id="luocdo-data">{json_for_script(panel_data(pic))}</script>\n'
        f'<script type="application/json" id="luocdo-elements">{json_for_script(elements(pic))}</script>\n'
        f"<script>{vendored_js()}</script>\n"
        f"<script>{script}</script>\n"
        "</body>\n</html>\n"
    )

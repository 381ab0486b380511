"""A single self-contained HTML page: the picture inlined as SVG, evidence on hover, no network.

With Graphviz the SVG is Graphviz's layout of `to_dot`; without it, `fallback_svg` lays the chain
out here (one row per level, barycentre ordering inside a row), drawn with the same colours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from luocdo.draw.style import (
    BODY_STYLE,
    FONT_STACK,
    LEVELS,
    RELATIONS,
    TIERS,
    UNKNOWN_LEVEL,
    EdgeView,
    NodeView,
    Picture,
    edge_caption,
    edge_tooltip,
    node_evidence,
    node_tooltip,
    relation_vi,
)


def x(text: str) -> str:
    """Escaped for HTML/SVG text and attribute values."""
    return escape(text, quote=True)


# --------------------------------------------------------------------------- fallback layout

FONT_SIZE = {0: 12.0, 1: 11.0, 2: 10.0}  # line index -> px
BODY_FONT = 10.0
LINE_GAP = 4.0
PAD_X = 12.0
PAD_Y = 8.0
NODE_GAP = 36.0
ROW_GAP = 92.0
MARGIN = 24.0
ROW_LABEL_W = 110.0


def text_width(text: str, size: float) -> float:
    """Rough advance width in DejaVu Sans (wide font: overestimating is the safe side)."""
    w = 0.0
    for ch in text:
        if ch == " " or ch in "il.,:;|!'·ịỉìíĩ":
            w += 0.32
        elif ch.isdigit():
            w += 0.64
        elif ch.isupper():
            w += 0.72
        elif ch in "mwMWƯỪỨỬỮỰ":
            w += 0.9
        else:
            w += 0.6
    return w * size


@dataclass
class Box:
    node: NodeView
    lines: list[tuple[str, float]]  # text, font size
    w: float
    h: float
    x: float = 0.0  # centre
    y: float = 0.0  # top

    @property
    def cx(self) -> float:
        return self.x

    @property
    def bottom(self) -> float:
        return self.y + self.h


def make_box(node: NodeView) -> Box:
    if node.kind == "body":
        lines = [(node.head, BODY_FONT)]
    else:
        lines = [(text, FONT_SIZE.get(i, 10.0)) for i, text in enumerate(node.lines())]
    w = max(text_width(t, s) for t, s in lines) + 2 * PAD_X
    h = sum(s for _, s in lines) + LINE_GAP * (len(lines) - 1) + 2 * PAD_Y
    return Box(node, lines, w, h)


def order_rows(pic: Picture, rows: dict[int, list[NodeView]]) -> dict[int, list[NodeView]]:
    """Barycentre sweeps so that linked documents sit above one another."""
    neighbours: dict[str, set[str]] = {n.vid: set() for n in pic.nodes}
    for e in pic.edges:
        if e.u is not e.v:
            neighbours[e.u.vid].add(e.v.vid)
            neighbours[e.v.vid].add(e.u.vid)
    tiers = sorted(rows)
    pos: dict[str, float] = {}

    def reindex() -> None:
        for t in tiers:
            for i, n in enumerate(rows[t]):
                pos[n.vid] = i - (len(rows[t]) - 1) / 2

    reindex()
    for sweep in range(4):
        seq = tiers if sweep % 2 == 0 else list(reversed(tiers))
        for t in seq:
            current = {n.vid: pos[n.vid] for n in rows[t]}

            def bary(n: NodeView, current: dict[str, float] = current) -> float:
                others = [pos[o] for o in neighbours[n.vid] if o not in current]
                return sum(others) / len(others) if others else current[n.vid]

            rows[t] = sorted(rows[t], key=lambda n: (bary(n), n.level or "", current[n.vid]))
            reindex()
    # Party documents beside their state level: to the right of the state row.
    for t in tiers:
        rows[t] = [n for n in rows[t] if not (n.level or "").startswith("party")] + [
            n for n in rows[t] if (n.level or "").startswith("party")
        ]
    return rows


def legend_svg(pic: Picture, top: float, left: float) -> tuple[str, float, float]:
    out: list[str] = []
    y = top + 18
    out.append(f'<text x="{left}" y="{y}" class="lg-h">Quan hệ</text>')
    col2 = left + 230
    for rel in pic.relations():
        y += 18
        rs = RELATIONS.get(rel)
        color = rs.color if rs else "#757575"
        dash = {"dashed": "6 4", "dotted": "2 3"}.get(rs.style if rs else "dotted", "")
        out.append(
            f'<line x1="{left}" y1="{y - 4}" x2="{left + 40}" y2="{y - 4}" stroke="{color}" '
            f'stroke-width="2" stroke-dasharray="{dash}" marker-end="url(#arrow-{_slug(rel)})"/>'
        )
        out.append(f'<text x="{left + 50}" y="{y}" class="lg">{x(relation_vi(rel))} ({x(rel)})</text>')
    y_rel = y
    y = top + 18
    out.append(f'<text x="{col2}" y="{y}" class="lg-h">Cấp ban hành</text>')
    swatches = [(LEVELS.get(lv or "", UNKNOWN_LEVEL), "") for lv in pic.levels()]
    if pic.has_bodies():
        swatches.append((BODY_STYLE, ""))
    for st, _ in swatches:
        y += 18
        out.append(
            f'<rect x="{col2}" y="{y - 12}" width="28" height="14" rx="3" fill="{st.fill}" stroke="{st.border}"/>'
        )
        name = "cơ quan" if st is BODY_STYLE else st.name
        out.append(f'<text x="{col2 + 38}" y="{y}" class="lg">{x(name)}</text>')
    if pic.has_unverified():
        y += 18
        out.append(
            f'<rect x="{col2}" y="{y - 12}" width="28" height="14" rx="3" fill="#ffffff" '
            'stroke="#555555" stroke-dasharray="4 3"/>'
        )
        out.append(f'<text x="{col2 + 38}" y="{y}" class="lg">viền nét đứt: chưa xác minh</text>')
    height = max(y, y_rel) - top + 12
    width = 230 + 220
    frame = (
        f'<rect x="{left - 10}" y="{top}" width="{width}" height="{height}" rx="4" '
        'fill="#fbfbfb" stroke="#bbbbbb"/>'
    )
    return frame + "".join(out), width, height


def _slug(rel: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in rel)


def fallback_svg(pic: Picture) -> str:
    """The chain laid out in Python: rows by level, boxes, curved arrows, legend."""
    rows = {t: pic.in_tier(t) for t in pic.tiers()}
    rows = order_rows(pic, rows)
    boxes = {n.vid: make_box(n) for n in pic.nodes}

    row_widths = {t: sum(boxes[n.vid].w for n in ns) + NODE_GAP * (len(ns) - 1) for t, ns in rows.items()}
    content_w = max(row_widths.values(), default=200.0)
    title_h = 34.0 if pic.title else 0.0
    y = MARGIN + title_h
    row_band: dict[int, tuple[float, float]] = {}
    for t, ns in rows.items():
        row_h = max(boxes[n.vid].h for n in ns)
        row_band[t] = (y, y + row_h)
        left = MARGIN + ROW_LABEL_W + (content_w - row_widths[t]) / 2
        for n in ns:
            b = boxes[n.vid]
            b.x = left + b.w / 2
            b.y = y + (row_h - b.h) / 2
            left += b.w + NODE_GAP
        y += row_h + ROW_GAP

    parts: list[str] = []
    defs = []
    for rel in pic.relations():
        rs = RELATIONS.get(rel)
        color = rs.color if rs else "#757575"
        defs.append(
            f'<marker id="arrow-{_slug(rel)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
            'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
        )
    parts.append("<defs>" + "".join(defs) + "</defs>")

    if pic.title:
        total_w = MARGIN * 2 + ROW_LABEL_W + content_w
        parts.append(f'<text x="{total_w / 2:.1f}" y="{MARGIN + 14}" class="title">{x(pic.title)}</text>')
    for t in rows:
        top, bottom = row_band[t]
        parts.append(
            f'<text x="{MARGIN}" y="{(top + bottom) / 2 + 4:.1f}" class="row">{x(TIERS[t][1].upper())}</text>'
        )

    ports = _ports(pic, boxes)
    placed: list[tuple[float, float, float, float]] = []
    for e in pic.edges:  # edges first so that boxes sit on top of them
        parts.append(_edge_svg(e, boxes, ports, rows, row_band, placed))
    for n in pic.nodes:
        parts.append(_node_svg(pic, boxes[n.vid]))

    legend_top = y - ROW_GAP + 40
    legend, lw, lh = legend_svg(pic, legend_top, MARGIN + 10)
    parts.append(f'<g id="legend" class="legend">{legend}</g>')
    width = max(MARGIN * 2 + ROW_LABEL_W + content_w, lw + MARGIN * 2 + 10)
    height = legend_top + lh + MARGIN
    return (
        f'<svg width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" font-family="{x(FONT_STACK)}">' + "".join(parts) + "</svg>"
    )


def _node_svg(pic: Picture, b: Box) -> str:
    n = b.node
    st = n.style
    rx = 8 if st.rounded else 1
    dash = ' stroke-dasharray="6 4"' if n.unverified else ""
    sw = 0.8 if n.kind == "body" else 1.6
    out = [
        f'<g id="{n.vid}" class="node"><title>{x(node_tooltip(pic, n))}</title>',
        f'<rect x="{b.x - b.w / 2:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="{rx}" '
        f'fill="{st.fill}" stroke="{st.border}" stroke-width="{sw}"{dash}/>',
    ]
    ty = b.y + PAD_Y
    for i, (text, size) in enumerate(b.lines):
        ty += size
        weight = ' font-weight="bold"' if i == 0 and n.kind == "document" else ""
        style = ' font-style="italic" fill="#555555"' if i == 2 else (' fill="#333333"' if i == 1 else "")
        out.append(
            f'<text x="{b.x:.1f}" y="{ty - 2:.1f}" font-size="{size:g}" text-anchor="middle"{weight}{style}>'
            f"{x(text)}</text>"
        )
        ty += LINE_GAP
    out.append("</g>")
    return "".join(out)


def _sides(e: EdgeView, boxes: dict[str, Box]) -> tuple[str, str]:
    """Which side of u and of v the edge attaches to."""
    a, b = boxes[e.u.vid], boxes[e.v.vid]
    if e.u.tier == e.v.tier:
        return "top", "top"
    return ("top", "bottom") if a.y > b.y else ("bottom", "top")


def _ports(pic: Picture, boxes: dict[str, Box]) -> dict[tuple[str, str], float]:
    """x of each edge end, spread along the box side in the order of the far ends."""
    by_side: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for e in pic.edges:
        if e.u is e.v:
            continue
        su, sv = _sides(e, boxes)
        by_side.setdefault((e.u.vid, su), []).append((boxes[e.v.vid].x, f"{e.eid}:u"))
        by_side.setdefault((e.v.vid, sv), []).append((boxes[e.u.vid].x, f"{e.eid}:v"))
    out: dict[tuple[str, str], float] = {}
    for (vid, _side), ends in by_side.items():
        b = boxes[vid]
        ends.sort()
        k = len(ends)
        span = min(b.w * 0.8, 26.0 * (k - 1))
        for i, (_, end) in enumerate(ends):
            eid, which = end.split(":")
            out[(eid, which)] = b.x - span / 2 + (span * i / (k - 1) if k > 1 else 0.0)
    return out


def _free_x(want: float, row: list[NodeView], boxes: dict[str, Box]) -> float:
    """`want`, or the nearest x beside the boxes of a row the edge has to cross."""
    for n in row:
        b = boxes[n.vid]
        left, right = b.x - b.w / 2 - 10, b.x + b.w / 2 + 10
        if left < want < right:
            return left - 4 if want - left < right - want else right + 4
    return want


def _label_spot(lx: float, ly: float, w: float, placed: list[tuple[float, float, float, float]]) -> float:
    """A y near `ly` where a label of width `w` overlaps none placed so far."""
    for dy in (0, -13, 13, -26, 26, -39, 39):
        box = (lx - w / 2, ly + dy - 10, lx + w / 2, ly + dy + 3)
        if not any(box[0] < p[2] and p[0] < box[2] and box[1] < p[3] and p[1] < box[3] for p in placed):
            placed.append(box)
            return ly + dy
    placed.append((lx - w / 2, ly - 10, lx + w / 2, ly + 3))
    return ly


def _edge_svg(
    e: EdgeView,
    boxes: dict[str, Box],
    ports: dict[tuple[str, str], float],
    rows: dict[int, list[NodeView]],
    row_band: dict[int, tuple[float, float]],
    placed: list[tuple[float, float, float, float]],
) -> str:
    a, b = boxes[e.u.vid], boxes[e.v.vid]
    rs = e.style
    if a is b:
        x0, y0 = a.x + a.w / 2, a.y + a.h / 2
        d = f"M{x0:.1f},{y0 - 6:.1f} C{x0 + 40:.1f},{y0 - 30:.1f} {x0 + 40:.1f},{y0 + 30:.1f} {x0:.1f},{y0 + 6:.1f}"
        lx, ly = x0 + 44, y0 + 4
    else:
        su, sv = _sides(e, boxes)
        x0 = ports[(e.eid, "u")]
        x1 = ports[(e.eid, "v")]
        y0 = a.y if su == "top" else a.bottom
        y1 = b.y if sv == "top" else b.bottom
        if su == sv == "top":  # same row: an arc through the gap above it
            lift = 26 + min(abs(x1 - x0) / 12, 30)
            top = min(y0, y1) - lift
            d = f"M{x0:.1f},{y0:.1f} C{x0:.1f},{top:.1f} {x1:.1f},{top:.1f} {x1:.1f},{y1:.1f}"
            lx, ly = (x0 + x1) / 2, top + lift * 0.25
        else:
            # waypoints in the rows crossed on the way, beside their boxes
            tiers = sorted(rows)
            lo, hi = sorted((e.u.tier, e.v.tier))
            crossed = [t for t in tiers if lo < t < hi]
            if a.y > b.y:
                crossed.reverse()
            pts = [(x0, y0)]
            for t in crossed:
                top, bottom = row_band[t]
                mid = (top + bottom) / 2
                frac = (mid - y0) / (y1 - y0)
                want = x0 + (x1 - x0) * frac
                pts.append((_free_x(want, rows[t], boxes), mid))
            pts.append((x1, y1))
            d = f"M{x0:.1f},{y0:.1f}"
            for (px, py), (qx, qy) in zip(pts, pts[1:], strict=False):
                my = (py + qy) / 2
                d += f" C{px:.1f},{my:.1f} {qx:.1f},{my:.1f} {qx:.1f},{qy:.1f}"
            (px, py), (qx, qy) = pts[0], pts[1]
            lx, ly = (px + qx) / 2, (py + qy) / 2 + 4
    dash = {"dashed": ' stroke-dasharray="6 4"', "dotted": ' stroke-dasharray="2 3"'}.get(rs.style, "")
    label = "" if e.relation == "issued_by" else relation_vi(e.relation)
    text = ""
    if label:
        ly = _label_spot(lx, ly, text_width(label, 10), placed)
        text = (
            f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="10" text-anchor="middle" fill="{rs.color}" '
            f'class="elabel">{x(label)}</text>'
        )
    return (
        f'<g id="{e.eid}" class="edge"><title>{x(edge_tooltip(e))}</title>'
        f'<path d="{d}" fill="none" stroke="{rs.color}" stroke-width="{rs.penwidth:g}"{dash} '
        f'marker-end="url(#arrow-{_slug(e.relation)})"/>'
        f'<path d="{d}" fill="none" stroke="transparent" stroke-width="10"/>{text}</g>'
    )


# --------------------------------------------------------------------------- the page

CSS = """
:root { color-scheme: light; }
body { margin: 0; font-family: __FONT__; color: #1d1d1d; background: #f6f7f9; }
header { padding: 12px 20px; background: #ffffff; border-bottom: 1px solid #dcdfe4; }
header h1 { margin: 0; font-size: 18px; }
header p { margin: 4px 0 0; font-size: 13px; color: #555; }
main { display: flex; gap: 16px; padding: 16px 20px; align-items: flex-start; }
#canvas { flex: 1 1 auto; overflow: auto; background: #ffffff; border: 1px solid #dcdfe4;
          border-radius: 6px; padding: 8px; max-height: calc(100vh - 120px); }
#canvas svg { display: block; max-width: none; height: auto; }
#canvas.fit svg { max-width: 100%; }
header button { float: right; font: inherit; font-size: 13px; padding: 4px 10px; cursor: pointer; }
#info { flex: 0 0 360px; position: sticky; top: 16px; background: #ffffff; border: 1px solid #dcdfe4;
        border-radius: 6px; padding: 12px 14px; font-size: 13px; max-height: calc(100vh - 120px);
        overflow: auto; }
#info h2 { font-size: 15px; margin: 0 0 6px; }
#info dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 0 0 8px; }
#info dt { color: #666; } #info dd { margin: 0; }
#info ol { padding-left: 18px; margin: 4px 0; }
#info li { margin-bottom: 6px; }
.where { font-family: 'DejaVu Sans Mono', monospace; font-size: 12px; color: #1a3e8c; }
.conf { color: #888; font-size: 11px; }
.hint { color: #666; }
g.node, g.edge { cursor: pointer; }
g.node:hover > rect, g.node:hover path, g.node:hover polygon { filter: brightness(0.94); }
g.edge:hover path { stroke-width: 3; }
g.hl > rect, g.hl path, g.hl polygon { stroke-width: 3 !important; }
text.title { font-size: 16px; font-weight: bold; text-anchor: middle; }
text.row { font-size: 11px; font-weight: bold; fill: #8a8a8a; }
text.lg { font-size: 11px; } text.lg-h { font-size: 11px; font-weight: bold; }
text.elabel { paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
details { margin: 0 20px 20px; background: #fff; border: 1px solid #dcdfe4; border-radius: 6px;
          padding: 8px 12px; font-size: 13px; }
table.ev { border-collapse: collapse; width: 100%; }
table.ev td, table.ev th { border-top: 1px solid #eee; padding: 4px 6px; vertical-align: top;
                           text-align: left; }
"""

SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('luocdo-data').textContent);
  var info = document.getElementById('info');
  var hint = info.innerHTML;
  var pinned = null, lit = null;
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
      if (ev.relation) li.appendChild(el('span', 'conf', '[' + ev.relation + '] '));
      li.appendChild(el('span', 'where', ev.where));
      li.appendChild(el('div', null, ev.sentence ? '\\u201c' + ev.sentence + '\\u201d' : ''));
      if (ev.confidence !== null && ev.confidence !== undefined)
        li.appendChild(el('span', 'conf', 'độ tin cậy ' + Number(ev.confidence).toFixed(2)));
      ol.appendChild(li);
    });
    info.appendChild(ol);
  }
  function target(evt) {
    var g = evt.target.closest ? evt.target.closest('g.node, g.edge') : null;
    return g && data[g.id] ? g : null;
  }
  function light(g) {
    if (lit) lit.classList.remove('hl');
    lit = g;
    if (g) g.classList.add('hl');
  }
  var canvas = document.getElementById('canvas');
  var zoom = document.getElementById('zoom');
  zoom.addEventListener('click', function () {
    var fit = canvas.classList.toggle('fit');
    zoom.textContent = fit ? 'Kích thước thật' : 'Vừa khung';
  });
  canvas.addEventListener('mouseover', function (evt) {
    if (pinned) return;
    var g = target(evt);
    if (g) { show(g.id); light(g); }
  });
  canvas.addEventListener('click', function (evt) {
    var g = target(evt);
    if (g && pinned !== g) { pinned = g; show(g.id); light(g); }
    else { pinned = null; light(null); info.innerHTML = hint; }
  });
})();
"""


def hover_data(pic: Picture) -> dict[str, dict]:
    data: dict[str, dict] = {}
    for n in pic.nodes:
        evs = [{**ev.as_dict(), "relation": None} for ev in n.evidence]
        evs += [{**ev.as_dict(), "relation": relation_vi(e.relation)} for e, ev in node_evidence(pic, n)]
        data[n.vid] = {"caption": n.first_line, "details": n.details(), "evidence": evs}
    for e in pic.edges:
        data[e.eid] = {
            "caption": edge_caption(e),
            "details": [["Quan hệ", f"{relation_vi(e.relation)} ({e.relation})"]],
            "evidence": [ev.as_dict() for ev in e.evidence],
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


def page(pic: Picture, svg: str, *, engine: str) -> str:
    title = pic.title or "Lược đồ văn bản"
    counts = f"{sum(n.kind == 'document' for n in pic.nodes)} văn bản, {len(pic.edges)} quan hệ"
    hint = (
        '<p class="hint">Rê chuột lên một văn bản hoặc một mũi tên để xem căn cứ '
        "(tệp:dòng và câu trích). Bấm để giữ; bấm lần nữa để bỏ.</p>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="luocdo ({x(engine)})">\n'
        f"<title>{x(title)}</title>\n"
        f"<style>{CSS.replace('__FONT__', FONT_STACK)}</style>\n</head>\n<body>\n"
        '<header><button id="zoom" type="button" title="Vừa khung / kích thước thật">Kích thước thật</button>'
        f"<h1>{x(title)}</h1><p>{x(counts)}</p></header>\n"
        f'<main><div id="canvas" class="fit">\n{svg}\n</div>\n<aside id="info">{hint}</aside></main>\n'
        f"{evidence_table(pic)}\n"
        f'<script type="application/json" id="luocdo-data">{json_for_script(hover_data(pic))}</script>\n'
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )

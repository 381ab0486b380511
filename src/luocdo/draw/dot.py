"""Graphviz DOT for a citation chain: one row per administrative level, central at the top."""

from __future__ import annotations

import math

from luocdo.draw.style import (
    BODY_STYLE,
    FONT,
    LEVELS,
    RELATIONS,
    TIERS,
    UNKNOWN_LEVEL,
    UNKNOWN_TIER,
    EdgeView,
    NodeView,
    Picture,
    edge_tooltip,
    node_tooltip,
    relation_vi,
)

LINE_SAMPLE = {"solid": "━━━━▶", "dashed": "╺╸╺╸▶", "dotted": "┈┈┈┈▶"}


def q(text: str) -> str:
    """A DOT double-quoted string (escString: backslash and quote escaped, newlines as \\n)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def h(text: str) -> str:
    """Text inside an HTML-like label."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def attrs(**kw: object) -> str:
    parts = []
    for k, val in kw.items():
        if val is None:
            continue
        if isinstance(val, HtmlLabel):
            parts.append(f"{k}=<{val}>")
        elif isinstance(val, float):
            parts.append(f"{k}={val:g}")
        elif isinstance(val, int):
            parts.append(f"{k}={val}")
        else:
            parts.append(f"{k}={q(str(val))}")
    return "[" + ", ".join(parts) + "]" if parts else ""


class HtmlLabel(str):
    """Marks a label written as Graphviz HTML (emitted between < >, not quoted)."""


def node_label(node: NodeView) -> HtmlLabel:
    if node.kind == "body":
        return HtmlLabel(f'<FONT POINT-SIZE="9">{h(node.head)}</FONT>')
    # One text run per line: mixed bold/regular runs drift apart in browsers' SVG rendering.
    rows = [f"<B>{h(node.first_line)}</B>"]
    if node.issuer and node.issuer != node.head:
        rows.append(f'<FONT POINT-SIZE="10" COLOR="#333333">{h(node.issuer)}</FONT>')
    if node.title_line:
        rows.append(f'<FONT POINT-SIZE="9" COLOR="#555555"><I>{h(node.title_line)}</I></FONT>')
    for note in node.notes:
        rows.append(f'<FONT POINT-SIZE="9" COLOR="#1f5fbf">{h(note)}</FONT>')
    cells = "".join(f'<TR><TD CELLPADDING="{2 if i else 1}">{row}</TD></TR>' for i, row in enumerate(rows))
    return HtmlLabel(f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0">{cells}</TABLE>')


def node_stmt(pic: Picture, node: NodeView) -> str:
    st = node.style
    if node.kind == "body":
        style = "rounded,filled"
        return f"  {node.vid} " + attrs(
            id=node.vid,
            label=node_label(node),
            shape="box",
            style=style + (",dashed" if node.unverified else ""),
            fillcolor=BODY_STYLE.fill,
            color=BODY_STYLE.border,
            fontcolor="#444444",
            penwidth=0.8,
            margin="0.14,0.04",
            height=0.3,
            tooltip=node_tooltip(pic, node),
        )
    style = ("rounded," if st.rounded else "") + "filled" + (",dashed" if node.unverified else "")
    return f"  {node.vid} " + attrs(
        id=node.vid,
        label=node_label(node),
        shape="box",
        style=style,
        fillcolor=st.fill,
        color=st.border,
        penwidth=1.2 if node.unverified else 1.6,
        tooltip=node_tooltip(pic, node),
    )


def edge_stmt(edge: EdgeView) -> str:
    rs = edge.style
    tip = edge_tooltip(edge)
    common = dict(
        id=edge.eid,
        label=relation_vi(edge.relation),
        color=rs.color,
        fontcolor=rs.color,
        style=rs.style,
        penwidth=rs.penwidth,
        tooltip=tip,
        labeltooltip=tip,
    )
    if edge.relation == "issued_by":  # structural, drawn quietly: the legend names it
        common["label"] = None
        common["arrowsize"] = 0.5
    if edge.upward:
        # Drawn from the cited (upper) document so dot keeps it above; the arrow still points at it.
        return f"  {edge.v.vid} -> {edge.u.vid} " + attrs(dir="back", **common)
    return f"  {edge.u.vid} -> {edge.v.vid} " + attrs(**common)


def legend_label(pic: Picture) -> HtmlLabel:
    rel_rows = []
    for rel in pic.relations():
        rs = RELATIONS.get(rel)
        color = rs.color if rs else "#757575"
        sample = LINE_SAMPLE.get(rs.style if rs else "dotted", LINE_SAMPLE["solid"])
        rel_rows.append(
            (
                f'<TD ALIGN="LEFT"><FONT COLOR="{color}">{sample}</FONT></TD>',
                f'<TD ALIGN="LEFT">{h(relation_vi(rel))} <FONT COLOR="#777777">({h(rel)})</FONT></TD>',
            )
        )
    lvl_rows = []
    for lv in pic.levels():
        st = LEVELS.get(lv or "", UNKNOWN_LEVEL)
        lvl_rows.append(
            (
                f'<TD BGCOLOR="{st.fill}" COLOR="{st.border}" BORDER="1" WIDTH="28" HEIGHT="14"> </TD>',
                f'<TD ALIGN="LEFT">{h(st.name)}</TD>',
            )
        )
    if pic.has_bodies():
        lvl_rows.append(
            (
                f'<TD BGCOLOR="{BODY_STYLE.fill}" COLOR="{BODY_STYLE.border}" BORDER="1" WIDTH="28" HEIGHT="10"> </TD>',
                '<TD ALIGN="LEFT">cơ quan</TD>',
            )
        )
    if pic.has_unverified():
        lvl_rows.append(
            (
                '<TD ALIGN="CENTER"><FONT COLOR="#333333" POINT-SIZE="11">┅┅┅</FONT></TD>',
                '<TD ALIGN="LEFT">viền nét đứt: chưa xác minh</TD>',
            )
        )
    empty = ("<TD></TD>", "<TD></TD>")
    n = max(len(rel_rows), len(lvl_rows))
    rel_rows += [empty] * (n - len(rel_rows))
    lvl_rows += [empty] * (n - len(lvl_rows))
    head = (
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Quan hệ</B></TD><TD WIDTH="16"></TD>'
        '<TD COLSPAN="2" ALIGN="LEFT"><B>Cấp ban hành</B></TD></TR>'
    )
    body = "".join(
        f'<TR>{a}{b}<TD WIDTH="16"></TD>{c}{d}</TR>'
        for (a, b), (c, d) in zip(rel_rows, lvl_rows, strict=True)
    )
    return HtmlLabel(
        '<FONT POINT-SIZE="9"><TABLE BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="2" '
        f'CELLPADDING="3" BGCOLOR="#fbfbfb">{head}{body}</TABLE></FONT>'
    )


def _anchor(name: str, label: str = "") -> str:
    if not label:
        return f"  {name} [shape=point, style=invis, width=0.01, height=0.01];"
    return (
        f"  {name} "
        + attrs(
            label=HtmlLabel(f"<B>{h(label.upper())}</B>"),
            shape="plaintext",
            fontsize=10,
            fontcolor="#8a8a8a",
            tooltip=label,
        )
        + ";"
    )


def _rows_and_clusters(pic: Picture) -> list[str]:
    """Rows top to bottom, each a rank led by an anchor on the left (the level's name): central
    documents on top; then the provinces, each a box (cluster) with its province documents over
    its district documents cut into short rows; provinces side by side in bands of a few columns,
    the next band below. Documents without a province sit in the row of their level."""
    out: list[str] = []
    clusters = pic.clusters()
    in_cluster = {n.vid for _, members in clusters for n in members}
    loose = [n for n in pic.nodes if n.vid not in in_cluster]
    ranks: list[tuple[str, str, list[NodeView]]] = []  # anchor, its label, members
    ranks.append(("row0", TIERS[0][1], [n for n in loose if n.tier == 0]))
    clusters_w = sum(max([sum(n.tier < 2 for n in m), *map(len, pic.stacked_rows(m))]) for _, m in clusters)
    bands = pic.bands(columns=max(4, round(math.sqrt(0.7 * clusters_w))))  # about square when big
    for b, band in enumerate(bands):
        top: list[NodeView] = [n for i in band for n in clusters[i][1] if n.tier < 2]
        rows = {i: pic.stacked_rows(clusters[i][1]) for i in band}
        low = [
            [n for i in band if j < len(rows[i]) for n in rows[i][j]]
            for j in range(max(map(len, rows.values())))
        ]
        if b == 0:
            top += [n for n in loose if n.tier == 1]
            if low:
                low[0] += [n for n in loose if 2 <= n.tier < UNKNOWN_TIER]
        ranks.append((f"row{b}_1", TIERS[1][1] if b == 0 else "", top))
        for j, members in enumerate(low):
            ranks.append((f"row{b}_2_{j}", TIERS[2][1] if b == 0 and j == 0 else "", members))
    if not bands:
        ranks.append(("row1", TIERS[1][1], [n for n in loose if n.tier == 1]))
        ranks.append(("row2", TIERS[2][1], [n for n in loose if 2 <= n.tier < UNKNOWN_TIER]))
    ranks.append(("rowlast", TIERS[UNKNOWN_TIER][1], [n for n in loose if n.tier >= UNKNOWN_TIER]))
    ranks = [r for r in ranks if r[2] or r[0] == "rowlast"]
    out.append("  // rows top to bottom, each led by an anchor (the level's name on the first of its rows)")
    for name, label, members in ranks:
        out.append(_anchor(name, label if members else ""))
    out.append("  " + " -> ".join(name for name, _, _ in ranks) + " [style=invis];")
    for name, _, members in ranks:
        if members:
            out.append("  { rank=same; " + " ".join([name] + [n.vid for n in members]) + "; }")
            out.append(f"  {name} -> {members[0].vid} [style=invis, weight=8];  // each band from the left")
    for n in loose:
        out.append(node_stmt(pic, n) + ";")
    for i, (province, members) in enumerate(clusters):
        out.append("")
        out.append(f"  subgraph cluster_{i} {{")
        out.append(
            "    graph "
            + attrs(
                label=HtmlLabel(f'<FONT POINT-SIZE="12" COLOR="#4a5563"><B>{h(province)}</B></FONT>'),
                style="rounded,filled",
                fillcolor="#f3f5f8",
                color="#c3c9d2",
                labeljust="c",
                margin=10,
            )
            + ";"
        )
        for n in members:
            out.append("  " + node_stmt(pic, n) + ";")
        rows = pic.stacked_rows(members)
        for upper, lower in zip(rows, rows[1:], strict=False):  # keep columns under each other
            for j, n in enumerate(lower):
                out.append(f"    {upper[min(j, len(upper) - 1)].vid} -> {n.vid} [style=invis, weight=4];")
        out.append("  }")
    return out


def picture_to_dot(pic: Picture) -> str:
    leaving = pic.leaving()
    for e in pic.edges:  # a relation leaving its province in a big picture: one line in the lower box
        if e.eid in leaving:
            low, high = (e.u, e.v) if e.v.tier <= e.u.tier else (e.v, e.u)
            note = f"{relation_vi(e.relation)} {'→' if low is e.u else '←'} {high.head}"
            if note not in low.notes:
                low.notes.append(note)
    out = ["digraph luocdo {"]
    graph_attrs = dict(
        rankdir="TB",
        newrank="true",
        fontname=FONT,
        nodesep=0.45,
        ranksep=0.75,
        pad=0.3,
        bgcolor="white",
        splines="true",
        outputorder="edgesfirst",
    )
    if pic.title:
        graph_attrs.update(
            label=HtmlLabel(f'<FONT POINT-SIZE="16"><B>{h(pic.title)}</B></FONT>'),
            labelloc="t",
            labeljust="c",
        )
    out.append("  graph " + attrs(**graph_attrs) + ";")
    out.append("  node " + attrs(fontname=FONT, fontsize=11, margin="0.16,0.07") + ";")
    out.append("  edge " + attrs(fontname=FONT, fontsize=9, arrowsize=0.8) + ";")

    out.extend(_rows_and_clusters(pic))

    if pic.edges:
        out.append("")
        out.append("  // relations (arrow from the citing document to the cited one)")
        for edge in pic.edges:
            if edge.eid not in leaving:
                out.append(edge_stmt(edge) + ";")

    if pic.edges or pic.nodes:
        out.append("")
        out.append("  // legend")
        out.append("  legend " + attrs(shape="plaintext", label=legend_label(pic), tooltip="Chú giải") + ";")
        out.append("  { rank=sink; legend; }")
        out.append("  rowlast -> legend [style=invis];")
    out.append("}")
    return "\n".join(out) + "\n"

"""Graphviz DOT for a citation chain: one row per administrative level, central at the top."""

from __future__ import annotations

from luocdo.draw.style import (
    BODY_STYLE,
    FONT,
    LEVELS,
    RELATIONS,
    TIERS,
    UNKNOWN_LEVEL,
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


def picture_to_dot(pic: Picture) -> str:
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

    tiers = pic.tiers()
    out.append("")
    out.append("  // one row per level, top to bottom; the row's name on the left")
    for t in tiers:
        out.append(
            f"  row{t} "
            + attrs(
                label=HtmlLabel(f"<B>{h(TIERS[t][1].upper())}</B>"),
                shape="plaintext",
                fontsize=10,
                fontcolor="#8a8a8a",
                tooltip=TIERS[t][1],
            )
            + ";"
        )
    if len(tiers) > 1:
        out.append("  " + " -> ".join(f"row{t}" for t in tiers) + " [style=invis];")

    for t in tiers:
        members = pic.in_tier(t)
        out.append("")
        out.append(f"  // {TIERS[t][0]}")
        for node in members:
            out.append(node_stmt(pic, node) + ";")
        out.append("  { rank=same; " + " ".join([f"row{t}"] + [n.vid for n in members]) + "; }")
        docs = [n for n in members if n.kind == "document"]
        left = docs[0] if docs else members[0]
        out.append(f"  row{t} -> {left.vid} [style=invis];")

    if pic.edges:
        out.append("")
        out.append("  // relations (arrow from the citing document to the cited one)")
        for edge in pic.edges:
            out.append(edge_stmt(edge) + ";")

    if pic.edges or pic.nodes:
        out.append("")
        out.append("  // legend")
        out.append("  legend " + attrs(shape="plaintext", label=legend_label(pic), tooltip="Chú giải") + ";")
        out.append("  { rank=sink; legend; }")
        if tiers:
            out.append(f"  row{tiers[-1]} -> legend [style=invis];")
    out.append("}")
    return "\n".join(out) + "\n"

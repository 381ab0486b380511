"""Mermaid flowchart for a citation chain (pastes into Markdown on GitHub/GitLab)."""

from __future__ import annotations

from luocdo.draw.style import BODY_STYLE, LEVELS, TIERS, UNKNOWN_LEVEL, NodeView, Picture, relation_vi


def m(text: str) -> str:
    """Text inside a quoted Mermaid label: quotes and markup written as entity codes."""
    text = text.replace("#", "#35;")
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def node_text(node: NodeView) -> str:
    return "<br/>".join(m(line) for line in node.lines())


def class_name(node: NodeView) -> str:
    if node.kind == "body":
        return "body"
    return "lv_" + (node.level.replace("-", "_") if node.level in LEVELS else "unknown")


LINK = {"solid": "-->", "dashed": "-.->", "dotted": "-.->"}
OPEN_LINK = {"solid": "---", "dashed": "-.-", "dotted": "-.-"}


def picture_to_mermaid(pic: Picture) -> str:
    out = ["flowchart TB"]
    if pic.title:
        out.append(f"  %% {pic.title}")
    out.append("  %% central documents first; ↑ on a link: the lower document cites the upper one")
    for t in pic.tiers():
        out.append(f"  %% {TIERS[t][1]}")
        for node in pic.in_tier(t):
            text = node_text(node)
            shape = f'(["{text}"])' if node.kind == "body" else f'["{text}"]'
            out.append(f"  {node.vid}{shape}")

    link_styles = []
    for i, edge in enumerate(pic.edges):
        rs = edge.style
        label = m(relation_vi(edge.relation))
        if edge.relation == "issued_by":  # structural, drawn quietly
            out.append(f"  {edge.u.vid} -.- {edge.v.vid}")
        elif edge.upward:
            # Mermaid cannot point an arrow backwards: keep the upper document first (so it is drawn
            # above) and mark the link with ↑ instead of an arrowhead.
            out.append(f'  {edge.v.vid} {OPEN_LINK[rs.style]}|"{label} ↑"| {edge.u.vid}')
        else:
            out.append(f'  {edge.u.vid} {LINK[rs.style]}|"{label}"| {edge.v.vid}')
        width = "2px" if rs.penwidth >= 1.6 else "1px"
        link_styles.append(f"  linkStyle {i} stroke:{rs.color},stroke-width:{width},color:{rs.color}")
    out.extend(link_styles)

    used = sorted({class_name(n) for n in pic.nodes})
    for name in used:
        if name == "body":
            st = BODY_STYLE
        elif name == "lv_unknown":
            st = UNKNOWN_LEVEL
        else:
            st = LEVELS[name[3:].replace("_", "-")]
        out.append(f"  classDef {name} fill:{st.fill},stroke:{st.border},color:#111111")
    for name in used:
        members = ",".join(n.vid for n in pic.nodes if class_name(n) == name)
        out.append(f"  class {members} {name}")
    unverified = [n.vid for n in pic.nodes if n.unverified]
    if unverified:
        out.append("  classDef unverified stroke-dasharray:5 4")
        out.append(f"  class {','.join(unverified)} unverified")
    return "\n".join(out) + "\n"

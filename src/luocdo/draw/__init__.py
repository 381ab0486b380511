"""Pictures of citation chains (lược đồ) that people can read.

    render(graph, path, fmt, *, title=None)   # fmt: dot | svg | png | mermaid | html
    to_dot(graph, title=None) -> str
    to_mermaid(graph) -> str
    to_svg(graph, title=None) -> str          # needs Graphviz
    to_html(graph, title=None) -> str         # Cytoscape.js + dagre, inlined: offline, no Graphviz

`graph` is a networkx (Multi)DiGraph that is already the chain to draw (document and body nodes,
relation edges carrying evidence). Rows follow the administrative level, central at the top; arrows
point from the citing document to the cited one.

SVG and PNG need a real Graphviz `dot` on PATH (Debian/Ubuntu: `apt-get install graphviz`; macOS:
`brew install graphviz`), or a dot-compatible executable named by $LUOCDO_DOT. Without it those
formats raise `GraphvizNotFound` (one line saying so); dot, mermaid and html still work (the HTML
is laid out in the browser by the vendored Cytoscape.js and dagre, see draw/vendor/README.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from luocdo.draw.dot import picture_to_dot
from luocdo.draw.graphviz import (
    GRAPHVIZ_MISSING,
    PNG_DPI,
    DrawError,
    GraphvizNotFound,
    find_dot,
    polish_svg,
    run_dot,
)
from luocdo.draw.html import page
from luocdo.draw.mermaid import picture_to_mermaid
from luocdo.draw.style import Picture, edge_tooltip, node_tooltip, prepare
from luocdo.writing import replacing

__all__ = [
    "FORMATS",
    "GRAPHVIZ_MISSING",
    "DrawError",
    "GraphvizNotFound",
    "find_dot",
    "render",
    "to_dot",
    "to_html",
    "to_mermaid",
    "to_png",
    "to_svg",
]

FORMATS = ("dot", "svg", "png", "mermaid", "html")


def to_dot(graph: Any, title: str | None = None) -> str:
    """Graphviz DOT source of the picture."""
    return picture_to_dot(prepare(graph, title))


def to_mermaid(graph: Any, title: str | None = None) -> str:
    """Mermaid `flowchart TB` source of the picture."""
    return picture_to_mermaid(prepare(graph, title))


def _titles(pic: Picture) -> dict[str, str]:
    titles = {n.vid: node_tooltip(pic, n) for n in pic.nodes}
    titles.update({e.eid: edge_tooltip(e) for e in pic.edges})
    return titles


def _graphviz_svg(pic: Picture) -> str:
    svg = run_dot(picture_to_dot(pic), "svg").decode("utf-8")
    return polish_svg(svg, _titles(pic))


def to_svg(graph: Any, title: str | None = None) -> str:
    """SVG laid out by Graphviz (raises GraphvizNotFound without it)."""
    return _graphviz_svg(prepare(graph, title))


def to_png(graph: Any, title: str | None = None, *, dpi: int = PNG_DPI) -> bytes:
    """PNG laid out and drawn by Graphviz (raises GraphvizNotFound without it)."""
    return run_dot(to_dot(graph, title), "png", dpi=dpi)


def to_html(graph: Any, title: str | None = None) -> str:
    """One self-contained HTML page (no network, no Graphviz needed): the chain drawn and laid out
    in the browser by the vendored Cytoscape.js + dagre, evidence shown on hover."""
    return page(prepare(graph, title))


def render(graph: Any, path: str | Path, fmt: str, *, title: str | None = None) -> Path:
    """Write the picture of `graph` to `path` in `fmt` (dot, svg, png, mermaid, html), through a temporary
    file renamed into place once complete (OSError when it cannot be written)."""
    fmt = fmt.lower().strip()
    if fmt == "mmd":
        fmt = "mermaid"
    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(path)
    if fmt == "png":
        data = to_png(graph, title)
        out.parent.mkdir(parents=True, exist_ok=True)
        with replacing(out, "wb") as f:  # complete or not at all (a full disk leaves no truncated file)
            f.write(data)
        return out
    if fmt == "dot":
        text = to_dot(graph, title)
    elif fmt == "mermaid":
        text = to_mermaid(graph, title)
    elif fmt == "svg":
        text = to_svg(graph, title)
    else:
        text = to_html(graph, title)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out) as f:
        f.write(text)
    return out

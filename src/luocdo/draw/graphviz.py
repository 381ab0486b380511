"""Running a real Graphviz `dot` (found on PATH, or named by $LUOCDO_DOT)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import escape

from luocdo.draw.style import FONT, FONT_STACK

GRAPHVIZ_MISSING = (
    "Graphviz 'dot' not found: install graphviz (apt install graphviz / brew install graphviz) "
    "or use --format dot|mermaid|html"
)
ENV_DOT = "LUOCDO_DOT"
TIMEOUT = 120  # seconds for one layout
PNG_DPI = 110


class DrawError(RuntimeError):
    """A picture could not be made."""


class GraphvizNotFound(DrawError):
    """No Graphviz `dot` executable on this machine."""

    def __init__(self, message: str = GRAPHVIZ_MISSING) -> None:
        super().__init__(message)


def find_dot() -> str | None:
    """Path of the `dot` executable: $LUOCDO_DOT when set, else `dot` on PATH, else None."""
    override = os.environ.get(ENV_DOT)
    if override:
        found = shutil.which(override)
        return found if found else None
    return shutil.which("dot")


def run_dot(source: str, fmt: str, *, dpi: int | None = None) -> bytes:
    """Lay out `source` with Graphviz and return the output in `fmt` (svg, png, ...)."""
    exe = find_dot()
    if exe is None:
        raise GraphvizNotFound()
    cmd = [exe, f"-T{fmt}"]
    if dpi:
        cmd.append(f"-Gdpi={dpi}")
    try:
        proc = subprocess.run(cmd, input=source.encode("utf-8"), capture_output=True, timeout=TIMEOUT)
    except FileNotFoundError as e:  # vanished between which() and run()
        raise GraphvizNotFound() from e
    except subprocess.TimeoutExpired as e:
        raise DrawError(f"Graphviz 'dot' took longer than {TIMEOUT}s; draw a smaller chain") from e
    if proc.returncode != 0 or not proc.stdout:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DrawError("Graphviz 'dot' failed: " + (msg[0] if msg else f"exit code {proc.returncode}"))
    return proc.stdout


_GROUP_TITLE = re.compile(r'(<g id="((?:n|e)\d+)" class="(?:node|edge)">\s*<title>)[^<]*(</title>)')


def polish_svg(svg: str, titles: dict[str, str]) -> str:
    """Graphviz SVG made friendlier: readable <title> tooltips and a font fallback list."""
    svg = _GROUP_TITLE.sub(
        lambda m: m.group(1) + escape(titles.get(m.group(2), ""), quote=False) + m.group(3), svg
    )
    return svg.replace(f'font-family="{FONT}"', f'font-family="{FONT_STACK}"')


def inline_svg(svg: str) -> str:
    """An SVG document cut down to the <svg> element, for pasting into HTML (no DTD, no namespaces)."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(r'\s+xmlns(?::xlink)?="[^"]*"', "", svg, count=2)
    return svg

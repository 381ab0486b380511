"""The HTML pictures in a real browser: headless Chromium renders the page, and the layout the page
records (#luocdo-layout: the zoom it opened at, every box on screen) is checked.

Slow (one browser start per page); skipped with a reason when no Chromium is installed
(Debian: `apt-get install chromium`; `.ci/run` installs it)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chromium import CHROMIUM_ARGS
from luocdo.cli import app
from luocdo.draw import to_html
from test_draw import many_districts

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next(
    (
        p
        for p in (os.environ.get("LUOCDO_CHROMIUM"), "chromium", "chromium-browser", "google-chrome")
        if p and shutil.which(p)
    ),
    None,
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium to look at the pictures (apt-get install chromium)"
    ),
]
READABLE_PX = 11.0


def layout(page_html: str, tmp_path: Path, size: str = "1400,900") -> dict:
    """The page opened in headless Chromium at `size`; the layout it recorded."""
    page = tmp_path / "page.html"
    page.write_text(page_html, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                str(shutil.which(CHROMIUM)),
                *CHROMIUM_ARGS,
                f"--user-data-dir={profile}",
                f"--window-size={size}",
                "--virtual-time-budget=5000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=240,
        )
    dom = proc.stdout.decode("utf-8", "replace")
    m = re.search(r'<pre id="luocdo-layout" hidden="">(.*?)</pre>', dom, re.S)
    assert m and m.group(1).strip(), f"the page recorded no layout: {proc.stderr.decode()[-800:]}"
    return json.loads(html.unescape(m.group(1)))


def boxes(rec: dict) -> list[dict]:
    return [n for n in rec["nodes"] if n["kind"] in ("document", "body")]


def overlapping(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def check_readable(rec: dict) -> None:
    shown = boxes(rec)
    assert shown
    for n in rec["nodes"]:
        if n["kind"] in ("document", "body", "elabel"):
            assert n["font"] >= READABLE_PX - 0.01, n
    # no two boxes (documents, relation labels) on top of each other
    placed = [n for n in rec["nodes"] if n["kind"] in ("document", "body", "elabel")]
    clashes = [(a["id"], b["id"]) for i, a in enumerate(placed) for b in placed[i + 1 :] if overlapping(a, b)]
    assert not clashes, clashes[:5]
    # the first row is on screen: the page opens on the picture, not beside it
    top = min(shown, key=lambda n: n["y"])
    assert top["x"] >= 0 and top["x"] + top["w"] <= rec["width"] and 0 <= top["y"] < rec["height"], top


def test_many_districts_stack_and_open_readable(tmp_path: Path) -> None:
    rec = layout(to_html(many_districts(3, 15), title="Lược đồ"), tmp_path)
    check_readable(rec)
    districts = [n for n in boxes(rec) if n["id"] not in ("n0", "n1", "n2", "n3")]
    rows = {round(n["y"]) for n in districts}
    assert len(rows) >= 3, rows  # 15 districts of a province in rows, not one strip
    widths = max(n["x"] + n["w"] for n in boxes(rec)) - min(n["x"] for n in boxes(rec))
    heights = max(n["y"] + n["h"] for n in boxes(rec)) - min(n["y"] for n in boxes(rec))
    assert widths < 2.5 * heights, (widths, heights)


def test_sample_chain_of_26_opens_readable(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "demo.db")
    r = runner.invoke(app, ["ingest", str(ROOT / "sample_reports"), "--store", db, "-q"])
    assert r.exit_code == 0, r.output
    out = tmp_path / "chain.html"
    r = runner.invoke(app, ["draw", "26/CT-TTg", "--down", "-f", "html", "-o", str(out), "--store", db])
    assert r.exit_code == 0, r.output
    rec = layout(out.read_text(encoding="utf-8"), tmp_path)
    check_readable(rec)
    assert rec["zoom"] >= READABLE_PX / 11.0 - 0.01
    on_screen = [
        n
        for n in boxes(rec)
        if n["x"] >= 0
        and n["x"] + n["w"] <= rec["width"]
        and n["y"] >= 0
        and n["y"] + n["h"] <= rec["height"]
    ]
    assert len(on_screen) >= 6, len(on_screen)  # the directive and the first provinces' plans at once

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from luocdo.model import Mention
from luocdo.pipeline import extract_text
from luocdo.store import Store


def mentions(text: str) -> list[Mention]:
    return extract_text(text, source="t.txt").mentions


def one(text: str) -> Mention:
    ms = [m for m in mentions(text) if m.number]
    assert len(ms) == 1, [m.surface for m in ms]
    return ms[0]


def ingest(folder: Path, db: Path) -> Store:
    """A settled store of every report (.md, .txt) under folder but its READMEs."""
    st = Store(db)
    for f in sorted(folder.rglob("*.md")) + sorted(folder.rglob("*.txt")):
        if not f.stem.upper().startswith("README"):
            st.ingest(f)
    st.settle()
    return st


def synth_reports(folder: Path, reports: int, seed: int) -> Path:
    """``reports`` synthetic reports written into ``folder`` by ``python -m luocdo.synth`` (a process of
    its own, as a user runs it)."""
    subprocess.run(
        [sys.executable, "-m", "luocdo.synth", str(folder), "--reports", str(reports), "--seed", str(seed)],
        check=True,
        capture_output=True,
    )
    return folder

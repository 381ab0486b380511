from __future__ import annotations

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

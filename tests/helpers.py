from __future__ import annotations

from luocdo.model import Mention
from luocdo.pipeline import extract_text


def mentions(text: str) -> list[Mention]:
    return extract_text(text, source="t.txt").mentions


def one(text: str) -> Mention:
    ms = [m for m in mentions(text) if m.number]
    assert len(ms) == 1, [m.surface for m in ms]
    return ms[0]

"""One citation as the mentions table stores it: the row the extraction side makes (store/file_rows.py)
and the writer, the key and the identity read (a module of its own: they all import it, it imports
none of them)."""

from __future__ import annotations

from typing import NamedTuple


class MentionRow(NamedTuple):
    """A citation as the mentions table stores it (before its document is resolved). The attribute
    names are those of luocdo.model.Mention that the resolver reads."""

    id: str
    line: int
    start: int
    end: int
    surface: str
    sentence_no: int
    type: str
    number: str | None
    num_norm: str | None
    year: str | None
    symbol: str | None
    date: str | None
    date_valid: int
    issuer: str | None
    issuer_explicit: int
    relation: str
    short_form: int
    in_footnote: int
    name: str | None
    key: str
    resolved_key: str | None
    confidence: float
    notes: str  # JSON list
    position: str | None
    relation_confidence: float | None
    surface_at: int | None  # where its sentence holds surface verbatim (schema 10), else None

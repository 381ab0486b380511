"""What the store writes for one report, prepared where the extraction ran: the rows of its mentions and
relations as plain tuples, its evidence sentences numbered (each once), its header as JSON.

An extraction worker builds them, so that what crosses to the one writing process is small and cheap to
unpickle (tuples and strings rather than pydantic models and the whole text), and the writer only
resolves documents and inserts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from luocdo.resolve.corpus import norm_number
from luocdo.store.cited import CitedParts, cited_parts
from luocdo.store.evidence import evidence_of, surface_at
from luocdo.store.mention_row import MentionRow

if TYPE_CHECKING:
    from luocdo.model import Extraction, ReportHeader
    from luocdo.store.header_columns import HeaderRow


class RelationRow(NamedTuple):
    line: int
    relation: str
    from_id: str
    to_id: str
    confidence: float
    sentence_no: int


@dataclass(slots=True)
class FileRows:
    header: ReportHeader | HeaderRow  # a HeaderRow when it crossed from a worker (luocdo.store.crossing)
    header_json: str
    source: str
    mentions: list[MentionRow]
    relations: list[RelationRow]
    sentences: list[str]  # sentence number n is sentences[n - 1]
    warnings: list[str]
    # what the writer's resolution needs that depends on the report alone (luocdo.store.cited), computed
    # where the extraction ran: None when not computed (the writer then computes it)
    cited: CitedParts | None = None
    # the sentences compressed by an extraction worker (luocdo.store.sentence_blobs), with the signature
    # of the dictionary it used; the writer keeps them when that is the dictionary it writes with
    blobs: list[bytes] | None = None
    blobs_dict: tuple[int, int] | None = None


def file_rows(text: str, ex: Extraction) -> FileRows:
    ev = evidence_of(text, ex)
    sentence_of, sentences = ev.mentions, ev.sentences
    new = tuple.__new__
    mentions = []
    add = mentions.append
    for m in ex.mentions:
        n = sentence_of[m.id]
        number, surface, notes = m.number, m.surface, m.notes
        add(
            new(
                MentionRow,
                (
                    m.id,
                    m.line,
                    m.start,
                    m.end,
                    surface,
                    n,
                    m.type,
                    number,
                    norm_number(number) if number else None,
                    m.year,
                    m.symbol,
                    m.date,
                    int(m.date_valid),
                    m.issuer,
                    int(m.issuer_explicit),
                    m.relation,
                    int(m.short_form),
                    int(m.in_footnote),
                    m.name,
                    m.key,
                    m.resolved_key,
                    m.confidence,
                    json.dumps(notes, ensure_ascii=False) if notes else "[]",
                    m.position,
                    m.relation_confidence,
                    surface_at(surface, sentences[n - 1]),
                ),
            )
        )
    relations = [
        RelationRow(r.line, r.relation, r.from_id, r.to_id, r.confidence, n)
        for r, n in zip(ex.relations, ev.relations, strict=True)
    ]
    h = ex.document
    return FileRows(
        h,
        h.model_dump_json(),
        ex.source,
        mentions,
        relations,
        sentences,
        list(ex.warnings),
        cited_parts(mentions),
    )

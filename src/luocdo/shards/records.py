"""One extracted file as a shard row, and back: the JSONL contract records of ``luocdo extract
--format jsonl`` (what shared/eval/score.py reads) plus the few fields the contract leaves out and the
store needs (the text, hash and size of the file, the header's title lines, wrapped, warnings), so
that the store ingests a shard without reading the file again."""

from __future__ import annotations

import json
from dataclasses import dataclass

from luocdo.model import Extraction, Mention, Relation, ReportHeader
from luocdo.output import jsonl_records
from luocdo.store.prepare import Prepared


@dataclass(slots=True)
class Row:
    key: str  # the file's identity in the store (its resolved path)
    path: str  # the path as given to `luocdo extract`
    size: int
    sha: str
    text: str
    records: str  # JSON Lines: the contract's document, mention and relation records
    extra: str  # JSON: what the contract leaves out
    mentions: int


def row_of(path: str, prep: Prepared) -> Row:
    ex = prep.extraction
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in jsonl_records(ex))
    extra = {
        "title_line": ex.document.title_line,
        "title_lines": ex.document.title_lines,
        "wrapped": ex.wrapped,
        "warnings": ex.warnings,
    }
    return Row(prep.key, path, prep.size, prep.sha, prep.text, lines, json.dumps(extra), len(ex.mentions))


def extraction_of(row: Row) -> Extraction:
    """The Extraction the row was made from (equal to it: tests/test_shards.py checks)."""
    extra = json.loads(row.extra)
    header: ReportHeader | None = None
    mentions: list[Mention] = []
    relations: list[Relation] = []
    for line in row.records.split("\n"):  # not splitlines(): JSON leaves U+0085, U+2028… raw in a record
        if not line:
            continue
        rec = json.loads(line)
        kind = rec.pop("kind")
        if kind == "document":
            header = ReportHeader(**rec, title_line=extra["title_line"], title_lines=extra["title_lines"])
        elif kind == "mention":
            mentions.append(Mention(**rec))
        else:
            relations.append(
                Relation(
                    source=rec["source"],
                    line=rec["line"],
                    relation=rec["relation"],
                    from_id=rec["from"]["id"],
                    to_id=rec["to"]["id"],
                    evidence=rec["evidence"],
                    confidence=rec["confidence"],
                )
            )
    if header is None:
        raise ValueError(f"{row.path}: no document record in the shard row")
    return Extraction(
        source=row.key,
        document=header,
        mentions=mentions,
        relations=relations,
        wrapped=extra["wrapped"],
        warnings=list(extra["warnings"]),
    )

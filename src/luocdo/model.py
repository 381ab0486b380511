"""The records luocdo produces: the report's own identity, mentions of cited documents, relations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

RelationType = Literal[
    "implements",
    "promulgates",
    "amends",
    "replaces",
    "guides",
    "based_on",
    "reports_on",
    "responds_to",
    "cites",
]
AdminLevel = Literal[
    "central",
    "province",
    "district",
    "commune",
    "party-central",
    "party-province",
    "party-district",
]


class ReportHeader(BaseModel):
    """The report's own identity (the `document` record of the JSONL contract)."""

    source: str
    type: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    province: str | None = None
    district: str | None = None
    admin_level: AdminLevel | None = None
    date: str | None = None  # ISO, partial ("2021", "2023-12") when the header leaves blanks
    place: str | None = None
    title: str | None = None
    recipients: list[str] = Field(default_factory=list)
    signer: str | None = None
    signer_title: str | None = None
    line: int | None = None
    title_line: int | None = None
    title_lines: int = 0


# Mentions, relations and the extraction holding them are plain dataclasses: a report has hundreds of
# mentions, all built by luocdo itself, and validating each one through pydantic made a sixth of the
# extraction time. The report's header (ReportHeader) stays a pydantic model: the store reads it back
# from JSON.


@dataclass(slots=True)
class Mention:
    """One occurrence of a referenced document. Offsets point into the original text."""

    id: str
    source: str
    line: int
    start: int
    end: int
    surface: str
    type: str
    number: str | None = None
    year: str | None = None  # the year written inside the number (129/2007/QĐ-TTg)
    symbol: str | None = None
    date: str | None = None
    date_valid: bool = True
    issuer: str | None = None
    issuer_explicit: bool = False
    relation: RelationType = "cites"  # how the report relates to this document
    relation_confidence: float = 1.0  # how firmly the text states it ("gắn với việc thực hiện X": less)
    short_form: bool = False
    in_footnote: bool = False
    name: str | None = None  # for documents cited by name (laws)
    key: str = ""
    resolved_key: str | None = None  # for short forms: the full citation they refer to
    confidence: float = 1.0
    notes: list[str] = field(default_factory=list)
    position: str | None = (
        None  # where a reader finds it in a Word/PDF file: "page 3, line 12", "paragraph 41"
    )

    def as_dict(self) -> dict:
        return asdict(self)

    def ref(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "number": self.number,
            "year": self.year,
            "symbol": self.symbol,
            "date": self.date,
            "issuer": self.issuer,
            "key": self.key,
        }


@dataclass(slots=True)
class Relation:
    """A relation the text states between two cited documents."""

    source: str
    line: int
    relation: RelationType
    from_id: str
    to_id: str
    evidence: str
    confidence: float = 1.0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Extraction:
    source: str
    document: ReportHeader
    mentions: list[Mention]
    relations: list[Relation]
    wrapped: bool = False  # the text was hard-wrapped: its soft line breaks were read as spaces
    warnings: list[str] = field(default_factory=list)  # the file was read but is damaged (truncated RTF)

"""A document of the synthetic world: its identity, how its number is written, its ground-truth record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(eq=False)
class Doc:
    type: str
    symbol: str
    date: date
    issuer: str
    level: str  # central | province | district | department | party-province
    number: str | None = None  # fixed for central documents, assigned later for local ones
    year: str | None = None  # year inside a normative number (108/2020/NĐ-CP)
    series: str | None = None  # numbering series of local documents: KH, BC, CV, QĐ, TU
    subject: str = ""
    province: str | None = None
    party: bool = False
    short: str | None = None  # "Chỉ thị 26"
    ask: tuple | None = None  # a request letter: what it asks for
    seq: int = 0

    @property
    def num_text(self) -> str:
        if self.party:
            return f"{self.number}-{self.symbol}"
        if self.year:
            return f"{self.number}/{self.year}/{self.symbol}"
        return f"{self.number}/{self.symbol}"

    @property
    def key(self) -> str:
        return f"{self.type}|{self.number}|{self.symbol}|{self.year or self.date.year}|{self.issuer}"

    def record(self) -> dict:
        return {
            "id": self.key,
            "type": self.type,
            "number": self.number,
            "year": self.year,
            "symbol": self.symbol,
            "text": self.num_text,
            "date": self.date.isoformat(),
            "issuer": self.issuer,
            "level": self.level,
        }

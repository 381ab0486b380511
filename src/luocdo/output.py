"""Extraction results as JSON Lines (the contract read by shared/eval/score.py), JSON, or a table."""

from __future__ import annotations

import json
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from luocdo.model import Extraction


def so_ky_hieu(number: str | None, year: str | None, symbol: str | None) -> str:
    """The number and symbol as written: 26/CT-TTg, 108/2020/NĐ-CP, 20-CT/TU (Party)."""
    if symbol and "/" in symbol and "-" not in symbol.split("/")[0] and not year:
        return f"{number or ''}-{symbol}"
    return f"{number or ''}/{year + '/' if year else ''}{symbol or ''}"


def jsonl_records(ex: Extraction) -> Iterable[dict]:
    doc = ex.document.model_dump(exclude={"title_line", "title_lines"})
    yield {"kind": "document", **doc}
    by_id = {m.id: m for m in ex.mentions}
    for m in ex.mentions:
        yield {"kind": "mention", **m.as_dict()}
    for r in ex.relations:
        yield {
            "kind": "relation",
            "source": r.source,
            "line": r.line,
            "relation": r.relation,
            "from": by_id[r.from_id].ref(),
            "to": by_id[r.to_id].ref(),
            "evidence": r.evidence,
            "confidence": r.confidence,
        }


def write_jsonl(ex: Extraction, out) -> None:
    for rec in jsonl_records(ex):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def as_json(exs: list[Extraction]) -> str:
    return json.dumps(
        [
            {
                "document": e.document.model_dump(exclude={"title_line", "title_lines"}),
                "mentions": [m.as_dict() for m in e.mentions],
                "relations": [r.as_dict() for r in e.relations],
            }
            for e in exs
        ],
        ensure_ascii=False,
        indent=2,
    )


def print_table(ex: Extraction, console: Console) -> None:
    d = ex.document
    console.print(
        f"[bold]{ex.source}[/bold]: {d.type or '?'} {d.number or '—'}/{d.symbol or '?'} · "
        f"{d.issuer or '?'} · {d.date or '?'}"
    )
    if d.title:
        console.print(f"  [italic]{d.title}[/italic]")
    t = Table(show_lines=False, header_style="bold")
    for col in ("line", "type", "số / ký hiệu", "date", "issuer", "relation", "conf"):
        t.add_column(col, no_wrap=col in ("line", "date", "conf"))
    for m in ex.mentions:
        ident = so_ky_hieu(m.number, m.year, m.symbol) if m.symbol else (m.number or m.name or "")
        if m.short_form:
            ident += " (short)"
        t.add_row(
            str(m.line),
            m.type,
            ident,
            m.date or "",
            m.issuer or "",
            m.relation,
            f"{m.confidence:.1f}" + (" fn" if m.in_footnote else ""),
        )
    console.print(t)
    if ex.relations:
        by_id = {m.id: m for m in ex.mentions}
        rt = Table(title="relations between cited documents", header_style="bold")
        for col in ("line", "from", "relation", "to"):
            rt.add_column(col)
        for r in ex.relations:
            a, b = by_id[r.from_id], by_id[r.to_id]
            rt.add_row(
                str(r.line),
                f"{a.type} {so_ky_hieu(a.number, a.year, a.symbol) if a.symbol else a.number or a.name}",
                r.relation,
                f"{b.type} {so_ky_hieu(b.number, b.year, b.symbol) if b.symbol else b.number or b.name}",
            )
        console.print(rt)

"""Printing answers: rich tables by default, JSON or CSV for scripts. Every answer carries evidence."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from luocdo.writing import csv_cell

console = Console()
TABLE_SENTENCE = 220  # tables shorten evidence sentences; --format json/csv gives them whole


def short_path(p: str) -> str:
    try:
        return str(Path(p).resolve().relative_to(Path.cwd()))
    except ValueError:
        return p


def fmt_date(d: str | None) -> str:
    if not d:
        return ""
    parts = d.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else d


def doc_line(d) -> str:
    """'Chỉ thị 26/CT-TTg · 05/09/2016 · Thủ tướng Chính phủ'."""
    from luocdo.graph.ask import label

    return " · ".join(x for x in (label(d), fmt_date(d["date"]), d["issuer"] or "") if x)


def emit(
    rows: Sequence[dict], fmt: str, *, title: str | None = None, columns: Sequence[str] | None = None
) -> None:
    """rows as a rich table, JSON (list of objects) or CSV (nested values JSON-encoded; a cell starting
    with = + - @ tab or CR gets a leading ' so that a spreadsheet does not run it as a formula)."""
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        sys.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else csv_cell(v)
                    for k, v in r.items()
                }
            )
        sys.stdout.write(buf.getvalue())
        return
    if not rows:  # an empty answer says so, rather than an empty frame
        from luocdo.messages import text

        console.print(f"{title}: {text('no_results')}" if title else text("no_results"))
        return
    t = Table(title=title, header_style="bold", show_lines=True)
    for c in cols:
        t.add_column(c)
    for r in rows:
        t.add_row(*[_cell(r.get(c)) for c in cols])
    console.print(t)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "\n".join(_cell(x) for x in v)
    if isinstance(v, dict):
        if {"file", "line", "sentence"} <= v.keys():
            sent = (
                v["sentence"]
                if len(v["sentence"]) <= TABLE_SENTENCE
                else v["sentence"][:TABLE_SENTENCE] + " …"
            )
            return f"{short_path(v['file'])}:{v['line']} {sent}"
        return json.dumps(v, ensure_ascii=False)
    return str(v)


# ---- the answers of the graph questions, printed the same whichever engine found them -----------


def print_target(rows: Sequence, fmt: str, badge: str = "") -> None:
    """The document a question is about (and others the text typed also matched), above a table;
    badge: how some citations disagree with it ('⚠ also cited as 05/09/2017')."""
    if fmt != "table":
        return
    also = "  (also matched: " + "; ".join(doc_line(r) for r in rows[1:]) + ")" if len(rows) > 1 else ""
    console.print(f"[bold]{doc_line(rows[0])}[/bold]" + (f" {badge}" if badge else "") + also)


def emit_missing(missing: Sequence[dict], level: str, target, fmt: str) -> None:
    from luocdo.graph.ask import label

    emit(
        [
            {
                "body": m["body"],
                "level": m["level"],
                "province": m["province"],
                "reports_in_store": m["reports"],
                "known_from": m["source"],
            }
            for m in missing
        ],
        fmt,
        title=f"{level} bodies with no implementation of {label(target)}",
    )


def emit_implementers(found: Sequence, target, fmt: str) -> None:
    """Each implementing body with its shortest chain and the evidence of each link."""
    from luocdo.graph.ask import label

    out = []
    for imp in found:
        chain = imp.chains[0]
        out.append(
            {
                "body": imp.body,
                "level": imp.level,
                "province": imp.province,
                "how": "direct"
                if imp.direct
                else "via " + label(chain[-1].src if len(chain) == 1 else chain[1].src),
                "chain": " → ".join([label(s.src) for s in chain] + [label(chain[-1].dst)]),
                "evidence": [
                    {"file": e.file, "line": e.line, "sentence": e.sentence}
                    for s in chain
                    for e in s.evidence[:1]
                ],
            }
        )
    emit(out, fmt, title=f"implementers of {label(target)}")


def emit_chain(target, docs: Sequence, steps: Sequence, *, up: bool, fmt: str, badge: str = "") -> None:
    """Every link of a chain with its best evidence, under a line naming the target."""
    from luocdo.graph.ask import label

    if fmt == "table":
        console.print(
            f"[bold]{doc_line(target)}[/bold]{' ' + badge if badge else ''} — {len(docs)} documents, {len(steps)} links "
            f"({'up' if up else 'down'})"
        )
    emit(
        [
            {
                "from": doc_line(s.src),
                "relation": s.relation,
                "to": label(s.dst),
                "evidence": [
                    {"file": e.file, "line": e.line, "sentence": e.sentence} for e in s.evidence[:1]
                ],
            }
            for s in steps
        ],
        fmt,
    )


def print_card(card: dict, fmt: str) -> None:
    """A document's card (luocdo show): JSON as it is, its mentions as CSV, or tables."""
    if fmt != "table":
        if fmt == "json":
            sys.stdout.write(json.dumps(card, ensure_ascii=False, indent=2) + "\n")
        else:
            emit(card["mentions"], "csv")
        return
    console.print(
        f"[bold]{card['document']}[/bold] · {fmt_date(card['date'])} · {card['issuer'] or '?'} · "
        f"{card['status']}"
    )
    if card["title"]:
        console.print(f"  {card['title']}")
    if card["also_matched"]:
        console.print("  also matched: " + "; ".join(card["also_matched"]))
    for c in card.get("cited_as") or []:
        when = fmt_date(c["cited"]) if c["field"] == "date" else f"with the year {c['cited']}"
        console.print(f"  ⚠ also cited as {when} ({c['mentions']} mention(s)); see the findings")
    for name in ("cites", "cited_by"):
        if card[name]:
            emit(
                [{k: (short_path(v) if k == "file" else v) for k, v in r.items()} for r in card[name]],
                "table",
                title=name.replace("_", " "),
            )
    if card["implemented_by"]:
        console.print(
            "implemented by: "
            + ", ".join(
                f"{i['body']}{'' if i['direct'] else ' (via a plan)'}" for i in card["implemented_by"]
            )
        )
    emit(
        [
            {
                "where": f"{short_path(m['file'])}:{m['line']}",
                "sentence": m["sentence"],
                "date": m["date"] or "",
            }
            for m in card["mentions"]
        ],
        "table",
        title=f"{len(card['mentions'])} mentions",
    )
    if card["findings"]:
        emit(
            [{k: f[k] for k in ("code", "severity", "explanation", "suggestion")} for f in card["findings"]],
            "table",
            title="findings",
        )


def make_card(
    d, *, status: str, cites: Sequence, cited_by: Sequence, implementers: Sequence, also: Sequence
) -> dict:
    """The card of document d (a row with type, number, ...) from what the engine found around it;
    mentions and findings are filled by the caller when the store is at hand."""
    from luocdo.graph.ask import label

    return {
        "document": label(d),
        "type": d["type"],
        "number": d["number"],
        "symbol": d["symbol"],
        "date": d["date"],
        "issuer": d["issuer"],
        "level": d["level"],
        "title": d["title"],
        "status": status,
        "cites": [
            {"relation": r["relation"], "document": label(r), "file": r["path"], "line": r["line"]}
            for r in cites
        ],
        "cited_by": [
            {
                "relation": r["relation"],
                "document": label(r),
                "issuer": r["issuer"],
                "file": r["path"],
                "line": r["line"],
                "sentence": r["sentence"],
            }
            for r in cited_by
        ],
        "implemented_by": [{"body": i.body, "direct": i.direct} for i in implementers],
        "mentions": [],
        "findings": [],
        "cited_as": [],  # citations that disagree with the document (luocdo.store.variants), filled by the caller
        "also_matched": [doc_line(r) for r in also],
    }


def mention_rows(mentions: Sequence) -> list[dict]:
    """Mentions (rows of the store's mentions joined with their file) as a card lists them."""
    return [
        {
            "file": m["path"],
            "line": m["line"],
            "sentence": m["sentence"],
            "date": m["date"],
            "confidence": m["confidence"],
        }
        for m in mentions
    ]


def progress(name: str, *, quiet: bool):
    """The progress bar of long commands (ingest, neo4j push): on stderr's console, gone when done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(f"[bold]{name}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        disable=quiet,
        transient=True,
    )

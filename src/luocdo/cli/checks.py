"""Commands that look at the store: stats, validate, doctor (and its salvage)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import typer

from luocdo.cli.common import (
    FMT,
    LIMIT,
    OUT,
    STORE,
    TABLE_ROWS,
    OutFormat,
    Severity,
    _open,
    _targets,
    answering,
    app,
    fail,
    shown_rows,
)
from luocdo.i18n import _


@app.command()
def stats(
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    limit: int = typer.Option(15, "--limit"),
    output: Path | None = OUT,
) -> None:
    """Most-cited documents, reports per body, coverage by province."""
    with answering(fmt, output) as fmt_:
        import json as _json

        from luocdo.graph.ask import label
        from luocdo.graph.named import run
        from luocdo.present import console, emit

        st = _open(store)
        db = st.db
        cited = [
            {
                "document": label(db.execute("SELECT * FROM documents WHERE id = ?", (r["doc"],)).fetchone()),
                "issuer": r["issuer"],
                "reports": r["reports"],
                "mentions": r["mentions"],
            }
            for r in run(db, "most_cited", limit=limit)
        ]
        per_body = [dict(r) for r in run(db, "reports_per_body")]
        coverage = [dict(r) for r in run(db, "coverage_by_province")]
        if fmt_ == "json":
            sys.stdout.write(
                _json.dumps(
                    {
                        "counts": st.counts(),
                        "most_cited": cited,
                        "reports_per_body": per_body,
                        "coverage_by_province": coverage,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n"
            )
            return
        if fmt_ == "table":
            console.print(" · ".join(f"{k}: {v}" for k, v in st.counts().items()))
        emit(cited, fmt_, title=_("most cited"))
        emit(per_body, fmt_, title=_("reports per body"))
        emit(coverage, fmt_, title=_("coverage by province"))


@app.command()
def validate(
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
    severity: list[Severity] = typer.Option([], "--severity", "-s", help="only these severities"),
    code: list[str] = typer.Option([], "--code", help="only these rule codes (V001…)"),
    doc: str | None = typer.Option(
        None, "--doc", help="only the findings about this document (and others of the same number)"
    ),
    full: bool = typer.Option(
        False, "--full", help="check the whole store again (default: only what changed since the last check)"
    ),
    all_: bool = typer.Option(
        False, "--all", help="every finding in the table (by default how many per rule, then the first ones)"
    ),
    limit: int | None = LIMIT,
) -> None:
    """Check the stored citations: dates, numbers, types, issuers, supersession, existence."""
    with answering(fmt, output) as fmt_:
        from luocdo.present import emit
        from luocdo.validate import RULES, kept

        st = _open(store)
        unknown = [c for c in code if c not in RULES]
        if unknown:
            fail(f"unknown rule code(s) {', '.join(unknown)}; known: {', '.join(RULES)}")
        target = _targets(st, doc)[0] if doc is not None else None
        if full:
            kept.recheck_all(st)
        codes, severities = code or None, [s.value for s in severity] or None
        if fmt_ == "json":
            from luocdo.validate.report import write_findings_json

            write_findings_json(st, codes, severities, target)
            return
        from luocdo.validate.report import finding_row

        rows = map(finding_row, kept.findings(st, codes, severities, target))  # streamed
        if fmt_ == "table":
            return _findings_table(st, rows, codes, severities, target, shown_rows(all_, limit, TABLE_ROWS))
        rows_ = list(rows)
        emit(rows_, fmt_, title=_("{n} findings").format(n=len(rows_)))


def _findings_table(st, rows, codes, severities, target, limit: int | None) -> None:
    """How many findings per rule and severity, then the first `limit` of them (None: all)."""
    from collections import Counter
    from itertools import islice

    from luocdo.present import more_line, print_findings
    from luocdo.validate import kept
    from luocdo.validate.report import print_summary

    first = list(rows if limit is None else islice(rows, limit))
    counts = kept.counts(st, codes, severities, target)
    if counts is None:  # a store that cannot keep its findings: they were computed, count them
        counted = Counter((r["severity"], r["code"]) for r in first)
        counted.update((r["severity"], r["code"]) for r in rows)
        counts = dict(counted)
    total = sum(counts.values())
    title = _("{n} findings").format(n=total)
    if not first:
        print_findings([], title)
        return
    print_summary(counts, title)
    left = total - len(first)
    print_findings(first, _("the first {n} findings").format(n=len(first)) if left else None)
    if left:
        more_line(left)


@app.command()
def doctor(
    store: Path = STORE,
    salvage: Path | None = typer.Option(
        None, "--salvage", help="copy what can still be read into this new store (for a damaged store)"
    ),
) -> None:
    """Check the store's integrity (SQLite's own check and luocdo's consistency checks) and say whether
    OCR is available; with --salvage NEW.db, copy what can still be read of a damaged store into a new one."""
    from luocdo.load.ocr import describe
    from luocdo.store import Store, StoreError

    if salvage is not None:
        return _salvage(store, salvage)
    typer.echo(describe())
    recover = (
        f"to recover: `luocdo doctor --store {store} --salvage NEW.db` copies what can be read into a new"
        " store (then ingest the report folders into NEW.db to bring back the files it could not keep),"
        " or ingest the report folders again into a new store"
    )
    try:
        st = Store(store, create=False)
    except StoreError as e:
        typer.echo(f"problem: {e}", err=True)
        if "damaged" in str(e) or "not a usable" in str(e):
            typer.echo(recover, err=True)
        raise typer.Exit(1) from None
    problems = st.integrity()
    counts = []
    for table, label in (
        ("files", "reports"),
        ("mentions", "mentions"),
        ("documents", "documents"),
        ("edges", "edges"),
        ("catalog", "catalog entries"),
    ):
        try:
            counts.append(f"{st.db.execute(f'SELECT count(*) FROM {table}').fetchone()[0]} {label}")  # noqa: S608
        except sqlite3.DatabaseError as e:
            counts.append(f"? {label}")
            problems.append(f"cannot count the {label} ({e})")
    typer.echo(f"{store}: " + ", ".join(counts))
    for p in problems:
        typer.echo(f"problem: {p}", err=True)
    if problems:
        typer.echo(recover, err=True)
        raise typer.Exit(1)
    typer.echo("ok")


def _salvage(store: Path, new: Path) -> None:
    from luocdo.store import StoreError
    from luocdo.store.salvage import salvage

    try:
        report = salvage(store, new)
    except StoreError as e:
        fail(str(e))
    for t in report.tables:
        note = f", {t.unreadable_ranges} damaged stretch(es) skipped" if t.unreadable_ranges else ""
        note += f", unreadable ({t.error})" if t.error else ""
        typer.echo(f"{t.table}: {t.copied} rows copied{note}", err=True)
    if report.files_dropped:
        typer.echo(
            f"{len(report.files_dropped)} file(s) left out because they lost rows; ingest their folders"
            f" into {new} to bring them back:",
            err=True,
        )
        for path in report.files_dropped:
            typer.echo(f"  {path}", err=True)
    c = report.counts
    typer.echo(
        f"{new}: {c['files']} reports, {c['mentions']} mentions, {c['documents']} documents, {c['edges']} edges"
        f" salvaged from {store}"
    )

"""luocdo command line: argument parsing and printing only."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from luocdo.load.reader import LoadError
from luocdo.output import as_json, print_table, write_jsonl
from luocdo.pipeline import extract_file

app = typer.Typer(
    help="luocdo: legal-citation knowledge graph for Vietnamese administrative documents.",
    no_args_is_help=True,
    add_completion=False,
)


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def expand(paths: list[Path]) -> list[Path]:
    """Files given, and the text files inside folders given (sorted; READMEs and hidden files skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
                              and not f.name.startswith(".") and not f.stem.upper().startswith("README")))
        else:
            out.append(p)
    return out


@app.callback()
def main() -> None:
    """Read reports, extract the documents they cite, and answer questions about them."""


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="report files or folders (.txt, .md)"),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="output format"),
) -> None:
    """Extract every cited document (and the report's own identity) from each file."""
    console = Console()
    failed = 0
    results = []
    for path in expand(files):
        try:
            ex = extract_file(path)
        except LoadError as e:
            typer.echo(f"error: {path}: {e}", err=True)
            failed += 1
            continue
        if fmt is Format.jsonl:
            write_jsonl(ex, sys.stdout)
        elif fmt is Format.table:
            print_table(ex, console)
        else:
            results.append(ex)
    if fmt is Format.json:
        sys.stdout.write(as_json(results) + "\n")
    if failed:
        typer.echo(f"{failed} file(s) could not be read", err=True)
        raise typer.Exit(1)

"""Commands that read report files: extract and ingest (with OCR for scans)."""

from __future__ import annotations

import contextlib
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from luocdo.cli.common import STORE, Format, _drop_stdout, _open, app, expand, fail
from luocdo.i18n import _
from luocdo.load import display_path
from luocdo.output import as_json, print_table, write_jsonl
from luocdo.writing import cannot_write, replacing


class OcrMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


OCR = typer.Option(
    OcrMode.auto,
    "--ocr",
    help="OCR (Tesseract, Vietnamese): auto reads scanned or damaged PDF pages and images; always "
    "reads every page; never reads only text layers",
)


def _set_ocr(mode: OcrMode, jobs: int, files: int) -> None:
    """OCR settings for this process and the workers it starts: pages in parallel when one file is read
    (several files are already read in parallel, one per process)."""
    os.environ["LUOCDO_OCR"] = mode.value
    os.environ["LUOCDO_OCR_JOBS"] = str(max(1, jobs if files <= 1 else 1))


@app.command()
def extract(
    files: list[Path] = typer.Argument(
        ..., help="report files or folders (.txt, .md, .docx, .doc, .pdf, .rtf; scans as .png, .jpg, .tif)"
    ),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="output format"),
    jobs: int = typer.Option(
        0,
        "--jobs",
        "-j",
        min=0,
        help="processes extracting in parallel (0: one per core, at most 8; small batches run in one)",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="write to this file (complete or not at all) instead of the standard output",
    ),
    ocr: OcrMode = OCR,
) -> None:
    """Extract every cited document (and the report's own identity) from each file."""
    if output is not None and output.is_dir():
        fail(f"{output}: is a folder (give a file name)")
    try:
        with replacing(output) if output is not None else contextlib.nullcontext(sys.stdout) as out:
            failed, done = _extract_to(out, files, fmt, jobs, ocr)
            out.flush()
    except BrokenPipeError:  # `luocdo extract … | head`: the reader has what it wanted
        _drop_stdout()
        raise typer.Exit(1) from None
    except OSError as e:  # a full disk: one line, and nothing half-written left behind
        if output is None:
            _drop_stdout()
        fail(cannot_write(output if output is not None else "standard output", e))
    if failed or done > 1:
        typer.echo(f"{done} file(s) read, {failed} file(s) could not be read", err=True)
    if failed:
        raise typer.Exit(1)


def _extract_to(out, files: list[Path], fmt: Format, jobs: int, ocr: OcrMode) -> tuple[int, int]:
    from luocdo.store.prepare import IngestResult, default_jobs, prepared

    console = Console(file=out) if out is not sys.stdout else Console()
    errors: list[str] = []
    paths = expand(files, errors)
    _set_ocr(ocr, jobs or default_jobs(), len(paths))
    for e in errors:
        typer.echo(f"error: {e}", err=True)
    failed = len(errors)
    done = 0
    results = []
    # the output keeps the order of the files whatever the number of processes
    for item in prepared(
        paths, lambda key: None, jobs or default_jobs(), key_of=display_path, skip_repeats=False
    ):
        if isinstance(item, IngestResult):  # could not be read or extracted
            typer.echo(f"error: {item.path}: {item.error}", err=True)
            failed += 1
            continue
        ex = item.extraction
        for w in ex.warnings:
            typer.echo(f"warning: {item.key}: {w}", err=True)
        done += 1
        if fmt is Format.jsonl:
            write_jsonl(ex, out)
        elif fmt is Format.table:
            print_table(ex, console)
        else:
            results.append(ex)
    if fmt is Format.json:
        out.write(as_json(results) + "\n")
    return failed, done


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="report files or folders"),
    store: Path = STORE,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    jobs: int = typer.Option(
        0,
        "--jobs",
        "-j",
        min=0,
        help="processes extracting in parallel (0: one per core, at most 8; small batches run in one)",
    ),
    ocr: OcrMode = OCR,
) -> None:
    """Extract and store reports; unchanged files are skipped, changed ones replaced."""
    from luocdo.present import progress
    from luocdo.store.prepare import default_jobs

    st = _open(store, create=True)
    errors: list[str] = []
    files = expand(paths, errors)
    _set_ocr(ocr, jobs or default_jobs(), len(files))
    counts = {"added": 0, "updated": 0, "unchanged": 0, "failed": 0}
    warnings: list[str] = []
    with progress("ingest", quiet=quiet) as bar:
        task = bar.add_task("", total=len(files))
        from luocdo.store import StoreError

        try:
            for res in st.ingest_many(files, jobs=jobs or default_jobs()):  # results arrive as batches commit
                bar.update(task, description=Path(res.path).name)
                counts[res.status] += 1
                if res.error:
                    errors.append(f"{res.path}: {res.error}")
                warnings.extend(f"{res.path}: {w}" for w in res.warnings)
                bar.advance(task)
        except StoreError as e:  # disk full, I/O error: stop, the store keeps what was committed
            errors.append(str(e))
            stopped = True
        else:
            stopped = False
    if stopped:
        for e in errors:
            typer.echo(f"error: {e}", err=True)
        fail(f"ingest stopped: {counts['added'] + counts['updated']} file(s) stored before the failure")
    merged = st.settle()
    for w in warnings:
        typer.echo(f"warning: {w}", err=True)
    for e in errors:
        typer.echo(f"error: {e}", err=True)
    c = st.counts()
    typer.echo(
        _(
            "{added} added, {updated} updated, {unchanged} unchanged, {failed} failed · store {store}: "
            "{reports} reports, {documents} documents, {edges} edges"
        ).format(
            added=counts["added"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            failed=len(errors),
            store=store,
            reports=c["files"],
            documents=c["documents"],
            edges=c["edges"],
        )
        + (" · " + _("{n} partial citations settled").format(n=merged) if merged else ""),
        err=True,
    )
    if errors:
        raise typer.Exit(1)

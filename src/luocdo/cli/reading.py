"""Commands that read report files: extract and ingest (with OCR for scans)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from luocdo.cli.common import STORE, Format, _drop_stdout, _open, app, expand, fail
from luocdo.early_start import ocr_environment
from luocdo.i18n import _
from luocdo.load import display_path
from luocdo.load.listing import ReportFiles
from luocdo.shards import DEFAULT_SHARD_SIZE
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
    """OCR settings for this process and the workers it starts (luocdo.early_start.ocr_environment)."""
    os.environ.update(ocr_environment(mode.value, jobs, files))


def _patterns_here(files: int, jobs: int) -> None:
    """When the files are extracted in this process (too few for workers, or one job): the compiled
    patterns the workers' server cached are taken first (luocdo.pattern_cache). Only the server writes
    them: its warm-up report is made up, while patterns compiled here may be built from the reports."""
    from luocdo.worker_server import uses_workers

    if not uses_workers(files, jobs):
        from luocdo.pattern_cache import load

        load()


FILES_FROM = typer.Option(
    None,
    "--files-from",
    help="also read the files named in this list, one path a line (- for the standard input)",
)


def _inputs(files: list[Path] | None, files_from: Path | None) -> list[Path | str]:
    """The files and folders given, then those of the --files-from list (as lines: a Path each for a
    list of millions costs ten times their text); at least one."""
    out: list[Path | str] = list(files or [])
    if files_from is not None:
        try:
            text = sys.stdin.read() if str(files_from) == "-" else files_from.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            fail(f"{display_path(files_from)}: cannot read the list of files ({e.__class__.__name__}: {e})")
        out += [line for line in text.splitlines() if line.strip()]
    if not out:
        fail(_("no files given (name files or folders, or --files-from LIST)"))
    return out


@app.command()
def extract(
    files: list[Path] = typer.Argument(
        None, help="report files or folders (.txt, .md, .docx, .doc, .pdf, .rtf; scans as .png, .jpg, .tif)"
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
    files_from: Path | None = FILES_FROM,
    shards: Path | None = typer.Option(
        None,
        "--shards",
        help="write compressed shards (Parquet) into this folder, for ingest --from-extracts; a run "
        "started again skips the shards already written",
    ),
    shard_size: int = typer.Option(
        DEFAULT_SHARD_SIZE, "--shard-size", min=1, help="files per shard (with --shards)"
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="extract on a Dask cluster (with --shards): tcp://HOST:8786 for a running scheduler, local:N "
        "for N worker processes on this machine; files and shard folder at the same paths on every worker",
    ),
) -> None:
    """Extract every cited document (and the report's own identity) from each file."""
    files = _inputs(files, files_from)
    if shards is not None:
        if output is not None:
            fail(_("--shards writes a folder of shards: -o cannot be used with it"))
        _extract_shards(files, shards, shard_size, jobs, scheduler, ocr)
        return
    if scheduler is not None:
        fail(_("--scheduler needs --shards DIR (the workers write the shards)"))
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


def _extract_to(out, files: list[Path | str], fmt: Format, jobs: int, ocr: OcrMode) -> tuple[int, int]:
    from luocdo.output import as_json, print_table, write_jsonl
    from luocdo.store.prepare import IngestResult, default_jobs, prepared

    console = Console(file=out) if out is not sys.stdout else Console()
    errors: list[str] = []
    paths = ReportFiles(files, errors)
    _set_ocr(ocr, jobs or default_jobs(), len(paths))
    _patterns_here(len(paths), jobs or default_jobs())
    for e in errors:
        typer.echo(f"error: {e}", err=True)
    failed = said = len(errors)
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
    for e in errors[said:]:  # a folder that gave fewer files than when they were counted
        typer.echo(f"error: {e}", err=True)
    failed += len(errors) - said
    if fmt is Format.json:
        out.write(as_json(results) + "\n")
    return failed, done


def _extract_shards(
    files: list[Path | str], folder: Path, size: int, jobs: int, scheduler: str | None, ocr: OcrMode
) -> None:
    needs_scale_extra(scheduler is not None)
    from luocdo.shards.files import ShardInfo
    from luocdo.shards.plan import PlanError, absolute
    from luocdo.shards.run import ClusterError, run
    from luocdo.store.prepare import default_jobs, store_key

    if scheduler is not None and not (scheduler.startswith("tcp://") or _local_workers(scheduler)):
        fail(_("--scheduler: give tcp://HOST:PORT or local:N, not {value}").format(value=scheduler))
    errors: list[str] = []
    paths, seen = [], set()
    for p in expand(files, errors):  # a file named twice is extracted once, as ingest does
        key = store_key(p)
        if key not in seen:
            seen.add(key)
            paths.append(absolute(p))
    for e in errors:
        typer.echo(f"error: {e}", err=True)
    _set_ocr(ocr, jobs or default_jobs(), len(paths))
    counts = {"records": 0, "failed": 0, "shards": 0}

    def report(info: ShardInfo) -> None:
        for path, why in info.failed:
            typer.echo(f"error: {path}: {why}", err=True)
        counts["records"] += info.records
        counts["failed"] += len(info.failed)
        counts["shards"] += 1

    try:
        result = run(
            folder,
            paths,
            size,
            jobs=jobs or default_jobs(),
            scheduler=scheduler,
            ocr=ocr.value,
            report=report,
        )
    except (PlanError, ClusterError) as e:
        fail(str(e))
    except OSError as e:
        fail(cannot_write(folder, e))
    not_written = result.not_written
    for e in not_written:
        typer.echo(f"error: {e}", err=True)
    if result.skipped:
        typer.echo(
            _(
                "{n} shard(s) written by an earlier run were kept (ingest --from-extracts lists their failures)"
            ).format(n=result.skipped),
            err=True,
        )
    typer.echo(
        _(
            "{shards} shard(s) written to {folder}: {records} file(s) extracted, {failed} could not be read"
        ).format(shards=counts["shards"], folder=folder, records=counts["records"], failed=counts["failed"]),
        err=True,
    )
    if errors or counts["failed"] or not_written:
        raise typer.Exit(1)


def needs_scale_extra(dask: bool) -> None:
    """One line, not a traceback, when the optional dependencies of shards are not installed."""
    wanted = ("pyarrow", "distributed") if dask else ("pyarrow",)
    missing = [m for m in wanted if importlib.util.find_spec(m) is None]
    if missing:
        fail(_("shards need {modules}: pip install 'luocdo[scale]'").format(modules=", ".join(missing)))


def _local_workers(scheduler: str) -> bool:
    kind, _sep, n = scheduler.partition(":")
    return kind == "local" and n.isdigit() and int(n) >= 1


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="report files or folders"),
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
    files_from: Path | None = FILES_FROM,
    from_extracts: Path | None = typer.Option(
        None,
        "--from-extracts",
        help="store the shards written by extract --shards in this folder instead of reading files",
    ),
) -> None:
    """Extract and store reports; unchanged files are skipped, changed ones replaced."""
    from luocdo.present import progress
    from luocdo.store.prepare import default_jobs, start_workers_early

    errors: list[str] = []
    if from_extracts is not None:
        if paths or files_from is not None:
            fail(_("--from-extracts reads its shards only: give no files with it"))
        source, total = _shards_source(from_extracts, errors)
        st = _open(store, create=True)
        results = lambda: st.ingest_prepared(source, expected_files=total)  # noqa: E731
    else:
        files = ReportFiles(_inputs(paths, files_from), errors)
        _set_ocr(ocr, jobs or default_jobs(), len(files))
        # after _set_ocr: the workers are forked from a server that keeps the environment it started with
        start_workers_early(len(files), jobs or default_jobs())
        _patterns_here(len(files), jobs or default_jobs())
        st = _open(store, create=True)
        total = len(files)
        results = lambda: st.ingest_many(files, jobs=jobs or default_jobs())  # noqa: E731
    counts = {"added": 0, "updated": 0, "unchanged": 0, "failed": 0}
    warnings: list[str] = []
    with progress("ingest", quiet=quiet) as bar:
        task = bar.add_task("", total=total)
        from luocdo.store import StoreError

        try:
            for res in results():  # results arrive as batches commit
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
    st.close()  # its -wal folded now, not by the interpreter's teardown
    if errors:
        raise typer.Exit(1)


def _shards_source(folder: Path, errors: list[str]):
    """What ``Store.ingest_prepared`` reads from a folder of shards, and how many files it holds; the
    files that could not be read when the shards were written, and shards not written, go to
    ``errors``."""
    needs_scale_extra(False)
    from luocdo.shards.load import open_extracts, prepared_from
    from luocdo.shards.plan import PlanError

    try:
        manifest = open_extracts(folder)
    except (PlanError, OSError, ValueError) as e:
        fail(str(e))
    errors.extend(f"{path}: {why}" for path, why in manifest.failed)
    if manifest.missing:
        errors.append(
            _("{folder}: {n} shard(s) of the plan not written ({first}…): run extract --shards again").format(
                folder=folder, n=len(manifest.missing), first=manifest.missing[0]
            )
        )
    return prepared_from(folder, manifest), manifest.total("records")

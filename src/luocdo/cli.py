"""luocdo command line: argument parsing and printing only."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from luocdo import i18n
from luocdo.cli_store import StoreErrorsGroup, open_store
from luocdo.i18n import _
from luocdo.load import SUFFIXES, display_path
from luocdo.output import as_json, print_table, write_jsonl
from luocdo.writing import cannot_write, replacing

# a write to the standard output that fails for want of room: one line instead of a traceback
_OUTPUT_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


class _App(typer.Typer):
    """The command line. Every command prints to the standard output; when that is a file on a full
    disk the command ends with 'error: standard output: cannot write (…)' (a closed pipe already ends
    quietly: click handles EPIPE). Other errors go on as they were."""

    def __call__(self, *args, **kwargs):
        if not args and "args" not in kwargs:  # `--lang` is read anywhere on the line, as i18n does
            kwargs["args"] = _lang_first(sys.argv[1:])
        try:
            try:
                return super().__call__(*args, **kwargs)
            finally:  # what is still buffered fails here, not in Python's flush at exit
                if sys.stdout is not None and not sys.stdout.closed:
                    sys.stdout.flush()
        except OSError as e:
            if e.filename is not None or e.errno not in _OUTPUT_FULL:
                raise
            _drop_stdout()
            sys.stderr.write(f"error: {cannot_write('standard output', e)}\n")
            sys.exit(1)


def _lang_first(argv: list[str]) -> list[str]:
    """The arguments with `--lang X` moved before the command (the option belongs to luocdo itself,
    and people write it at the end too)."""
    out, lang, i = [], [], 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            out += argv[i:]
            break
        if a == "--lang" and i + 1 < len(argv):
            lang, i = ["--lang", argv[i + 1]], i + 2
            continue
        if a.startswith("--lang="):
            lang, i = [a], i + 1
            continue
        out.append(a)
        i += 1
    return lang + out


app = _App(
    help="luocdo: legal-citation knowledge graph for Vietnamese administrative documents.",
    no_args_is_help=True,
    add_completion=False,
    cls=StoreErrorsGroup,
)
catalog_app = typer.Typer(help="The reference catalog of documents.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class OutFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Level(StrEnum):
    province = "province"
    district = "district"
    commune = "commune"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class DrawFormat(StrEnum):
    svg = "svg"
    png = "png"
    dot = "dot"
    mermaid = "mermaid"
    html = "html"


TEXT_SUFFIXES = SUFFIXES  # text, Word (.docx, .doc), PDF and RTF: see luocdo.load
STORE = typer.Option(
    Path("luocdo.db"), "--store", envvar="LUOCDO_STORE", help="the store (default ./luocdo.db)"
)
FMT = typer.Option(
    None, "--format", "-f", help="table, json, csv or xlsx (default: from the -o extension, else table)"
)
OUT = typer.Option(None, "--output", "-o", help="write the answer to this file (.xlsx, .csv, .json or .txt)")


@contextlib.contextmanager
def answering(fmt: OutFormat | None, output: Path | None):
    """The answer's format (from --format and the -o extension) and where it goes; yields the format."""
    from luocdo.present import FormatError, answer_format, answer_to

    try:
        chosen = answer_format(fmt.value if fmt is not None else None, output)
    except FormatError as e:
        fail(str(e))
    if output is not None and output.is_dir():
        fail(_("{path}: is a folder (give a file name)").format(path=output))
    try:
        with answer_to(output, chosen):
            yield chosen
    except OSError as e:
        if e.filename is None and output is None:
            raise
        fail(cannot_write(output if output is not None else "standard output", e))


def fail(msg: str, code: int = 1):
    typer.echo(_("error: {message}").format(message=msg), err=True)
    raise typer.Exit(code)


def expand(paths: list[Path], errors: list[str] | None = None) -> list[Path]:
    """Files given, and the report files inside folders given (sorted; READMEs and hidden files skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            seen: set[Path] = set()
            for f in _walk(p, errors):
                try:
                    real = f.resolve(strict=True)
                except (OSError, RuntimeError) as e:
                    if errors is not None:
                        errors.append(f"{display_path(f)}: cannot follow ({e.__class__.__name__})")
                    continue
                if (
                    f.is_file()
                    and f.suffix.lower() in TEXT_SUFFIXES
                    and not f.name.startswith(".")
                    and not f.stem.upper().startswith("README")
                    and real not in seen
                ):
                    seen.add(real)
                    out.append(f)
        else:
            out.append(p)
    return out


def _walk(root: Path, errors: list[str] | None) -> list[Path]:
    """Every entry under ``root``, sorted (symlinked folders are not followed). A folder that cannot be
    read gets one line in ``errors``: its reports are neither read nor silently left out."""

    def unreadable(e: OSError) -> None:
        if errors is not None:
            why = e.strerror or e.__class__.__name__
            errors.append(
                f"{display_path(e.filename)}: cannot read this folder ({why}); its files were skipped"
            )

    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        found.extend(here / n for n in dirs)
        found.extend(here / n for n in files)
    return sorted(found)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"luocdo {version('luocdo')}")
        except PackageNotFoundError:
            typer.echo("luocdo (not installed)")
        raise typer.Exit()


def _lang(value: str | None) -> str | None:
    if value is not None:
        try:
            i18n.set_language(value)
        except ValueError:
            raise typer.BadParameter("vi or en") from None
    return value


@app.callback()
def main(
    lang: str | None = typer.Option(
        None,
        "--lang",
        envvar="LUOCDO_LANG",
        callback=_lang,
        is_eager=True,
        help="interface language: vi or en (default: the locale; Vietnamese unless it names another language)",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="the version of luocdo"
    ),
) -> None:
    """Read reports, extract the documents they cite, and answer questions about them."""


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


def _drop_stdout() -> None:
    """After a failed write to the standard output, send what is still buffered to /dev/null, so that
    Python's own flush at exit does not fail again with a traceback."""
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


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


def _open(store: Path, create: bool = False):
    return open_store(store, create)


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


def _badge(st, row) -> str:
    """'⚠ also cited as 05/09/2017' when some citations of the document disagree with it."""
    from luocdo.store.variants import badge, disagreements

    return badge(disagreements(st.db, [row["id"]]).get(row["id"], []))


def _province(name: str) -> str:
    """A --province value checked before any work: unknown -> 'unknown province … (did you mean …)', exit 1."""
    from luocdo.gazetteer import UnknownProvince, province_scope

    try:
        province_scope(name)
    except UnknownProvince as e:
        fail(str(e))
    return name


def _targets(st, doc: str):
    """The one document DOC names (luocdo.graph.lookup): a choice of several, or none, ends the command
    with the list (or the nearest documents) and exit code 1, never with another document."""
    from luocdo.graph.ask import AskError, resolve_document

    try:
        return [resolve_document(st, doc)]
    except AskError as e:
        fail(str(e))


@app.command()
def implementers(
    doc: str = typer.Argument(..., help="the document: 26/CT-TTg, 'Chỉ thị 26', 108/2020/NĐ-CP"),
    level: Level | None = typer.Option(None, "--level", help="only bodies of this level"),
    province: str | None = typer.Option(
        None, "--province", help="only bodies of this province (old or 2025 name; accents optional)"
    ),
    direct: bool = typer.Option(False, "--direct", help="only bodies whose own document implements it"),
    missing_: bool = typer.Option(False, "--missing", help="bodies of the level that show no implementation"),
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
    backend: str = typer.Option(
        "embedded", "--backend", envvar="LUOCDO_BACKEND", help="embedded (default), rdf or neo4j"
    ),
) -> None:
    """Which bodies implemented DOC, directly or through a chain of plans (with the chain and evidence)."""
    if province is not None:
        province = _province(province)
    with answering(fmt, output) as f:
        _implementers(doc, level, province, direct, missing_, store, f, backend)


def _implementers(doc, level, province, direct, missing_, store, fmt: str, backend: str) -> None:
    if backend != "embedded":
        from luocdo.cli_graph_backends import implementers_on

        return implementers_on(
            backend, doc, level.value if level else None, province, direct, missing_, store, fmt
        )
    from luocdo.graph.ask import implementers as find
    from luocdo.graph.ask import missing
    from luocdo.present import emit_implementers, emit_missing, print_target

    st = _open(store)
    rows = _targets(st, doc)
    found = find(
        st,
        [r["id"] for r in rows],
        level=level.value if level else None,
        province=province,
        direct_only=direct,
    )
    print_target(rows, fmt, _badge(st, rows[0]))
    if missing_:
        lv = level.value if level else "district"
        emit_missing(missing(st, found, level=lv, province=province), lv, rows[0], fmt)
        return
    emit_implementers(found, rows[0], fmt)


@app.command()
def chain(
    doc: str = typer.Argument(..., help="the document"),
    up: bool = typer.Option(False, "--up", help="from DOC up to the central documents it rests on"),
    down: bool = typer.Option(False, "--down", help="from DOC down to every local plan under it (default)"),
    depth: int = typer.Option(6, "--depth", min=1, max=20),
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
    backend: str = typer.Option(
        "embedded", "--backend", envvar="LUOCDO_BACKEND", help="embedded (default), rdf or neo4j"
    ),
) -> None:
    """Trace which local plans implement which central documents."""
    with answering(fmt, output) as f:
        if backend != "embedded":
            from luocdo.cli_graph_backends import chain_on

            return chain_on(backend, doc, up, down, depth, store, f)
        from luocdo.graph.ask import chain as trace
        from luocdo.present import emit_chain

        st = _open(store)
        rows = _targets(st, doc)
        docs, steps = trace(st, [r["id"] for r in rows], up=up and not down, max_depth=depth)
        emit_chain(rows[0], docs, steps, up=up and not down, fmt=f, badge=_badge(st, rows[0]))


@app.command()
def show(
    doc: str = typer.Argument(...),
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
    backend: str = typer.Option(
        "embedded", "--backend", envvar="LUOCDO_BACKEND", help="embedded (default), rdf or neo4j"
    ),
) -> None:
    """A document's card: identity, status, what it cites, what cites it, mentions, findings."""
    with answering(fmt, output) as f:
        _show(doc, store, f, backend)


def _show(doc: str, store: Path, fmt: str, backend: str) -> None:
    if backend != "embedded":
        from luocdo.cli_graph_backends import show_on

        return show_on(backend, doc, store, fmt)

    from luocdo.graph.ask import implementers as find
    from luocdo.graph.named import run
    from luocdo.present import make_card, mention_rows, print_card
    from luocdo.store.variants import disagreements
    from luocdo.validate import run_all
    from luocdo.validate.rules import card_view, existence_status

    st = _open(store)
    rows = _targets(st, doc)
    d = rows[0]
    ids = [d["id"]]
    cites = run(st.db, "cites", targets=ids)
    cited_by = run(st.db, "cited_by", targets=ids)
    ms = st.db.execute(
        "SELECT m.*, f.path FROM mentions m JOIN files f ON f.id = m.file_id WHERE m.doc_id = ?"
        " ORDER BY f.path, m.line",
        ids,
    ).fetchall()
    imps = find(st, ids)
    findings = run_all(st, doc_ids={d["id"]})  # about this document and its look-alikes (same number)
    shown, status = card_view(st, d, existence_status(st, d["id"]))
    card = make_card(
        shown,
        status=status,
        cites=cites,
        cited_by=cited_by,
        implementers=imps,
        also=rows[1:],
    )
    card["mentions"] = mention_rows(ms)
    card["findings"] = [f.as_dict() for f in findings]
    card["cited_as"] = disagreements(st.db, ids).get(d["id"], [])
    print_card(card, fmt)


@app.command()
def search(
    text: str = typer.Argument(..., help="words to find in the cited sentences and titles"),
    limit: int = typer.Option(50, "--limit"),
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
) -> None:
    """Find mentions whose sentence contains TEXT (case-insensitive, Vietnamese-aware)."""
    with answering(fmt, output) as fmt_:
        from luocdo.present import emit

        st = _open(store)
        st.db.create_function("fold", 1, lambda s: s.casefold() if s else s, deterministic=True)
        rows = st.db.execute(
            "SELECT m.type, m.number, m.symbol, m.date, m.issuer, f.path, m.line, m.sentence FROM mentions m"
            " JOIN files f ON f.id = m.file_id WHERE instr(fold(m.sentence), ?) > 0 OR instr(fold(m.surface), ?) > 0"
            " ORDER BY f.path, m.line LIMIT ?",
            (text.casefold(), text.casefold(), limit),
        ).fetchall()
        emit(
            [
                {
                    "document": f"{r['type']} {r['number'] or ''}/{r['symbol'] or ''}".rstrip("/ "),
                    "date": r["date"],
                    "issuer": r["issuer"],
                    "evidence": {"file": r["path"], "line": r["line"], "sentence": r["sentence"]},
                }
                for r in rows
            ],
            fmt_,
            title=_("'{text}': {n} mentions").format(text=text, n=len(rows)),
        )


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
def query(
    name: str | None = typer.Argument(None, help="a named query in queries/ (see --list)"),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="k=v; targets also accepts a document (26/CT-TTg)"
    ),
    list_: bool = typer.Option(False, "--list", help="list the named queries"),
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
) -> None:
    """Run a named query from queries/."""
    with answering(fmt, output) as fmt_:
        from luocdo.graph import named
        from luocdo.present import emit

        if list_ or not name:
            emit(
                [
                    {"name": k, "description": v, "params": ", ".join(named.params_of(k))}
                    for k, v in named.available().items()
                ],
                fmt_,
                title=_("named queries"),
            )
            return
        try:
            wanted = named.params_of(name)
        except KeyError:
            fail(f"no named query '{name}' (see luocdo query --list)")
        args: dict = {}
        for p in param:
            k, sep, v = p.partition("=")
            if not sep:
                fail(f"--param {p}: write it as name=value")
            if k in ("target", "doc") and "targets" in wanted:  # the names `luocdo sparql` takes
                k = "targets"
            if k not in wanted:
                takes = f"takes {', '.join(wanted)}" if wanted else "takes no parameters"
                fail(f"--param {p}: query {name} {takes}")
            args[k] = v
        for k, default in (("max_depth", 6), ("limit", 20)):
            if k in wanted:
                args.setdefault(k, default)
        absent = [k for k in wanted if k not in args]
        if absent:
            fail(f"query {name} needs --param {', '.join(a + '=…' for a in absent)}")
        try:  # checked before the store is opened: a value of the wrong kind is one line
            for k in wanted:
                if k != "targets" or args[k].lstrip().startswith("["):
                    args[k] = named.param_value(k, args[k])
        except named.QueryParamError as e:
            fail(f"--param {e}")
        st = _open(store)
        if isinstance(args.get("targets"), str) and not args["targets"].lstrip().startswith("["):
            args["targets"] = [r["id"] for r in _targets(st, args["targets"])]
        emit(_labelled(st, [dict(r) for r in named.run(st.db, name, **args)], fmt_), fmt_, title=name)


ID_COLUMNS = ("doc", "via", "src", "dst", "target", "other")


def _labelled(st, rows: list[dict], fmt: str) -> list[dict]:
    """Rows of a named query with document labels ('Chỉ thị 26/CT-TTg') instead of the store's row ids;
    JSON keeps the id and adds <column>_label."""
    from luocdo.graph.ask import label

    cache: dict[int, str | None] = {}

    def name(i):
        if not isinstance(i, int) or isinstance(i, bool):
            return None
        if i not in cache:
            d = st.db.execute("SELECT * FROM documents WHERE id = ?", (i,)).fetchone()
            cache[i] = label(d) if d is not None else None
        return cache[i]

    out = []
    for r in rows:
        row = {}
        for k, v in r.items():
            lab = name(v) if k in ID_COLUMNS else None
            if lab is None:
                row[k] = v
            elif fmt == "json":
                row[k], row[f"{k}_label"] = v, lab
            else:
                row[k] = lab
        out.append(row)
    return out


@app.command()
def draw(
    doc: str = typer.Argument(...),
    up: bool = typer.Option(False, "--up", help="draw what DOC rests on"),
    down: bool = typer.Option(False, "--down", help="draw what implements DOC (default)"),
    depth: int = typer.Option(6, "--depth", min=1, max=20),
    fmt: DrawFormat | None = typer.Option(
        None, "--format", "-f", help="svg, png, dot, mermaid or html (default: from the -o extension)"
    ),
    output: Path = typer.Option(..., "--output", "-o", help="file to write"),
    bodies: bool = typer.Option(False, "--bodies", help="also draw the issuing bodies"),
    store: Path = STORE,
) -> None:
    """Draw a citation chain as a picture (svg, png, dot, mermaid, offline html)."""
    from luocdo.draw import DrawError, render
    from luocdo.graph.ask import chain as trace
    from luocdo.graph.ask import label
    from luocdo.graph.nx_view import document_graph

    kind = _draw_format(fmt, output)
    st = _open(store)
    rows = _targets(st, doc)
    docs, _steps = trace(st, [r["id"] for r in rows], up=up and not down, max_depth=depth)
    g = document_graph(
        st,
        {d["id"] for d in docs},
        relations=("implements", "reports_on", "based_on", "guides", "amends", "replaces"),
        with_bodies=bodies,
    )
    try:
        render(g, output, kind, title=f"{label(rows[0])} — {'căn cứ' if up and not down else 'triển khai'}")
    except DrawError as e:
        fail(str(e))
    except OSError as e:  # full disk, no permission: the file is left as it was
        fail(cannot_write(output, e))
    typer.echo(
        _("{path}: {documents} documents, {links} links").format(
            path=output, documents=g.number_of_nodes(), links=g.number_of_edges()
        ),
        err=True,
    )


DRAW_SUFFIXES = {
    ".svg": "svg",
    ".png": "png",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".html": "html",
    ".htm": "html",
}


def _draw_format(fmt: DrawFormat | None, output: Path) -> str:
    """--format, else the extension of -o; a --format the extension contradicts is refused (a PNG
    named .svg, SVG written into a .png)."""
    by_suffix = DRAW_SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        if by_suffix is None:
            fail(
                _("{path}: cannot tell the format from the extension; add --format ({formats})").format(
                    path=output, formats=", ".join(f.value for f in DrawFormat)
                )
            )
        return by_suffix
    if by_suffix is not None and by_suffix != fmt.value:
        fail(
            _("--format {fmt} does not match {path} (a {other} file name)").format(
                fmt=fmt.value, path=output, other=output.suffix
            )
        )
    return fmt.value


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
) -> None:
    """Check the stored citations: dates, numbers, types, issuers, supersession, existence."""
    with answering(fmt, output) as fmt_:
        from luocdo.present import emit
        from luocdo.validate import RULES, run_all

        st = _open(store)
        unknown = [c for c in code if c not in RULES]
        if unknown:
            fail(f"unknown rule code(s) {', '.join(unknown)}; known: {', '.join(RULES)}")
        doc_ids = {_targets(st, doc)[0]["id"]} if doc is not None else None
        found = run_all(st, code or None, doc_ids=doc_ids)
        if severity:
            keep = {s.value for s in severity}
            found = [f for f in found if f.severity in keep]
        emit(
            [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "document": f.document,
                    "explanation": f.explanation,
                    "suggestion": f.suggestion,
                    "evidence": f.evidence[:3],
                }
                for f in found
            ],
            fmt_,
            title=_("{n} findings").format(n=len(found)),
        )


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


@catalog_app.command("import")
def catalog_import(
    file: Path = typer.Argument(..., help="CSV or JSONL with vbpl-style fields"), store: Path = STORE
) -> None:
    """Import a user catalog (so_ky_hieu, loai_van_ban, ngay_ban_hanh, co_quan_ban_hanh, tinh_trang_hieu_luc…)."""
    from luocdo.catalog import CatalogError, read_user_catalog

    st = _open(store, create=True)
    try:
        entries = read_user_catalog(file)
        n = st.import_catalog(entries, str(file.resolve()))
    except CatalogError as e:
        fail(str(e))
    typer.echo(f"{file}: {n} catalog entries imported", err=True)


@catalog_app.command("list")
def catalog_list(store: Path = STORE, fmt: OutFormat | None = FMT, output: Path | None = OUT) -> None:
    """The catalog entries the store knows (bundled and imported), statuses in vbpl.vn's words."""
    with answering(fmt, output) as fmt_:
        from luocdo.present import emit
        from luocdo.reference import status_vi

        st = _open(store, create=True)
        rows = []
        for r in st.db.execute(
            "SELECT so_ky_hieu, loai_van_ban, ngay_ban_hanh, co_quan_ban_hanh, tinh_trang_hieu_luc, replaced_by, origin"
            " FROM catalog ORDER BY co_quan_ban_hanh, so_ky_hieu"
        ):
            row = dict(r)
            row["tinh_trang_hieu_luc"] = status_vi(row["tinh_trang_hieu_luc"])
            rows.append(row)
        emit(rows, fmt_, title=_("catalog"))


@catalog_app.command("build")
def catalog_build(
    raw: Path = typer.Option(
        Path("../shared/catalog/raw"), "--raw", help="folder of the raw sources (phapdien_*, tvpl_*, ...)"
    ),
    out: Path = typer.Option(Path("reference.tsv.xz"), "-o", "--out", help="the catalog file to write"),
    use: bool = typer.Option(False, "--use", help="make the store use it (as `catalog use FILE`)"),
    store: Path = STORE,
) -> None:
    """Build a reference catalog from the raw public sources (no reinstall needed to update it)."""
    import time

    from luocdo.refbuild import write

    if not raw.is_dir():
        fail(f"{raw}: no such folder (the raw catalog sources)")
    t0 = time.perf_counter()
    try:
        stats = write(raw, out, log=lambda m: typer.echo(f"{time.perf_counter() - t0:6.1f}s {m}", err=True))
    except OSError as e:
        fail(f"{out}: cannot write ({e.strerror or e})")
    typer.echo(f"{out}: {stats['records']} documents, {out.stat().st_size:,} bytes", err=True)
    if use:
        catalog_use(out, False, store)


@catalog_app.command("use")
def catalog_use(
    file: Path = typer.Argument(None, help="a catalog built by `luocdo catalog build`"),
    shipped: bool = typer.Option(False, "--shipped", help="go back to the catalog shipped with luocdo"),
    store: Path = STORE,
) -> None:
    """Which reference catalog the store's answers use (LUOCDO_REFERENCE overrides it)."""
    from luocdo.reference import ReferenceCatalog, ReferenceError

    st = _open(store, create=True)
    if shipped or file is None:
        st.set_reference_catalog(None)
        typer.echo("using the shipped reference catalog", err=True)
        return
    try:
        cat = ReferenceCatalog(file)
    except ReferenceError as e:
        fail(str(e))
    st.set_reference_catalog(str(file.resolve()))
    typer.echo(f"using {file} ({cat.label}, {len(cat)} documents)", err=True)


@catalog_app.command("lookup")
def catalog_lookup(
    doc: str = typer.Argument(..., help="108/2020/NĐ-CP, 26/CT-TTg, 39-NQ/TW"),
    year: str = typer.Option(None, "--year", help="the year, for numbers without one"),
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
) -> None:
    """What the reference catalog says of a document, each field with its source."""
    with answering(fmt, output) as fmt_:
        from luocdo.present import emit
        from luocdo.reference import ReferenceError, for_store

        st = _open(store, create=True)
        try:
            cat = for_store(st)
        except ReferenceError as e:
            fail(str(e))
        recs = cat.lookup_so(doc, year)
        rows = [
            {
                "so_ky_hieu": r.so_ky_hieu,
                "loai_van_ban": r.type,
                "ngay_ban_hanh": r.date or r.year,
                "co_quan_ban_hanh": r.issuer,
                "trich_yeu": r.title,
                "tinh_trang_hieu_luc": r.status_vi,
                "replaced_by": ", ".join(x.so_ky_hieu for x in r.replaced_by),
                "amended_by": ", ".join(x.so_ky_hieu for x in r.amended_by),
                "sources": " ".join(f"{k}:{v}" for k, v in r.provenance),
                "catalog": r.catalog,
            }
            for r in recs
        ]
        if not rows:
            near = []
            from luocdo.refbuild import parse_so

            p = parse_so(doc)
            if p:
                near = cat.near_matches(p[0], p[1] or year, p[2])
            typer.echo(
                f"{doc}: not in {cat.label}"
                + ("; near: " + ", ".join(f"{r.so_ky_hieu} ({why})" for r, why in near) if near else ""),
                err=True,
            )
            raise typer.Exit(1)
        emit(rows, fmt_, title=f"{doc} in {cat.label}")


from luocdo.cli_graph_backends import register as _register_graph_backends  # noqa: E402

_register_graph_backends(app)


def _translate_help(typer_app: typer.Typer) -> None:
    """Help texts in the interface language (chosen when luocdo.i18n was imported): the commands'
    docstrings and the help of their options and arguments, through the gettext catalog."""
    import inspect

    if typer_app.info.help:
        typer_app.info.help = _(typer_app.info.help)
    for cmd in typer_app.registered_commands:
        doc = cmd.help or inspect.getdoc(cmd.callback)
        if doc:
            cmd.help = _(doc)
        for p in inspect.signature(cmd.callback).parameters.values():
            info = p.default
            if isinstance(info, (typer.models.OptionInfo, typer.models.ArgumentInfo)) and info.help:
                info.help = _(info.help)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _translate_help(group.typer_instance)
    cb = typer_app.registered_callback
    if cb is not None and cb.callback is not None:
        doc = cb.help or inspect.getdoc(cb.callback)
        if doc:
            cb.help = _(doc)
        for p in inspect.signature(cb.callback).parameters.values():
            info = p.default
            if isinstance(info, typer.models.OptionInfo) and info.help:
                info.help = _(info.help)


if i18n.language() != "en":
    _translate_help(app)

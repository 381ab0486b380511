"""luocdo command line: argument parsing and printing only."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from luocdo.load import SUFFIXES
from luocdo.output import as_json, print_table, write_jsonl

app = typer.Typer(
    help="luocdo: legal-citation knowledge graph for Vietnamese administrative documents.",
    no_args_is_help=True,
    add_completion=False,
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
FMT = typer.Option(OutFormat.table, "--format", "-f", help="table, json or csv")


def fail(msg: str, code: int = 1):
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(code)


def expand(paths: list[Path], errors: list[str] | None = None) -> list[Path]:
    """Files given, and the report files inside folders given (sorted; READMEs and hidden files skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            seen: set[Path] = set()
            for f in sorted(p.rglob("*")):
                try:
                    real = f.resolve(strict=True)
                except (OSError, RuntimeError) as e:
                    if errors is not None:
                        errors.append(f"{f}: cannot follow ({e.__class__.__name__})")
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


@app.callback()
def main() -> None:
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
    ocr: OcrMode = OCR,
) -> None:
    """Extract every cited document (and the report's own identity) from each file."""
    from luocdo.store.prepare import IngestResult, default_jobs, prepared

    console = Console()
    errors: list[str] = []
    paths = expand(files, errors)
    _set_ocr(ocr, jobs or default_jobs(), len(paths))
    for e in errors:
        typer.echo(f"error: {e}", err=True)
    failed = len(errors)
    done = 0
    results = []
    # the output keeps the order of the files whatever the number of processes
    for item in prepared(paths, lambda key: None, jobs or default_jobs(), key_of=str, skip_repeats=False):
        if isinstance(item, IngestResult):  # could not be read or extracted
            typer.echo(f"error: {item.path}: {item.error}", err=True)
            failed += 1
            continue
        ex = item.extraction
        done += 1
        if fmt is Format.jsonl:
            write_jsonl(ex, sys.stdout)
        elif fmt is Format.table:
            print_table(ex, console)
        else:
            results.append(ex)
    if fmt is Format.json:
        sys.stdout.write(as_json(results) + "\n")
    if failed or done > 1:
        typer.echo(f"{done} file(s) read, {failed} file(s) could not be read", err=True)
    if failed:
        raise typer.Exit(1)


def _open(store: Path, create: bool = False):
    from luocdo.store import Store, StoreError

    try:
        return Store(store, create=create)
    except StoreError as e:
        fail(str(e))


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
    with progress("ingest", quiet=quiet) as bar:
        task = bar.add_task("", total=len(files))
        from luocdo.store import StoreError

        try:
            for res in st.ingest_many(files, jobs=jobs or default_jobs()):  # results arrive as batches commit
                bar.update(task, description=Path(res.path).name)
                counts[res.status] += 1
                if res.error:
                    errors.append(f"{res.path}: {res.error}")
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
    for e in errors:
        typer.echo(f"error: {e}", err=True)
    c = st.counts()
    typer.echo(
        f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{len(errors)} failed · store {store}: {c['files']} reports, {c['documents']} documents, "
        f"{c['edges']} edges" + (f" · {merged} partial citations settled" if merged else ""),
        err=True,
    )
    if errors:
        raise typer.Exit(1)


def _targets(st, doc: str):
    from luocdo.graph.ask import AskError, find_documents

    try:
        rows = find_documents(st, doc)
    except AskError as e:
        fail(str(e))
    if not rows:
        fail(f"no document matching '{doc}' in the store")
    return rows


@app.command()
def implementers(
    doc: str = typer.Argument(..., help="the document: 26/CT-TTg, 'Chỉ thị 26', 108/2020/NĐ-CP"),
    level: Level | None = typer.Option(None, "--level", help="only bodies of this level"),
    province: str | None = typer.Option(None, "--province", help="only bodies of this province"),
    direct: bool = typer.Option(False, "--direct", help="only bodies whose own document implements it"),
    missing_: bool = typer.Option(False, "--missing", help="bodies of the level that show no implementation"),
    store: Path = STORE,
    fmt: OutFormat = FMT,
    backend: str = typer.Option(
        "embedded", "--backend", envvar="LUOCDO_BACKEND", help="embedded (default), rdf or neo4j"
    ),
) -> None:
    """Which bodies implemented DOC, directly or through a chain of plans (with the chain and evidence)."""
    if backend != "embedded":
        from luocdo.cli_graph_backends import implementers_on

        return implementers_on(
            backend, doc, level.value if level else None, province, direct, missing_, store, fmt.value
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
    print_target(rows, fmt.value)
    if missing_:
        lv = level.value if level else "district"
        emit_missing(missing(st, found, level=lv, province=province), lv, rows[0], fmt.value)
        return
    emit_implementers(found, rows[0], fmt.value)


@app.command()
def chain(
    doc: str = typer.Argument(..., help="the document"),
    up: bool = typer.Option(False, "--up", help="from DOC up to the central documents it rests on"),
    down: bool = typer.Option(False, "--down", help="from DOC down to every local plan under it (default)"),
    depth: int = typer.Option(6, "--depth", min=1, max=20),
    store: Path = STORE,
    fmt: OutFormat = FMT,
    backend: str = typer.Option(
        "embedded", "--backend", envvar="LUOCDO_BACKEND", help="embedded (default), rdf or neo4j"
    ),
) -> None:
    """Trace which local plans implement which central documents."""
    if backend != "embedded":
        from luocdo.cli_graph_backends import chain_on

        return chain_on(backend, doc, up, down, depth, store, fmt.value)
    from luocdo.graph.ask import chain as trace
    from luocdo.present import emit_chain

    st = _open(store)
    rows = _targets(st, doc)
    docs, steps = trace(st, [r["id"] for r in rows], up=up and not down, max_depth=depth)
    emit_chain(rows[0], docs, steps, up=up and not down, fmt=fmt.value)


@app.command()
def show(
    doc: str = typer.Argument(...),
    store: Path = STORE,
    fmt: OutFormat = FMT,
    backend: str = typer.Option(
        "embedded", "--backend", envvar="LUOCDO_BACKEND", help="embedded (default), rdf or neo4j"
    ),
) -> None:
    """A document's card: identity, status, what it cites, what cites it, mentions, findings."""
    if backend != "embedded":
        from luocdo.cli_graph_backends import show_on

        return show_on(backend, doc, store, fmt.value)

    from luocdo.graph.ask import implementers as find
    from luocdo.graph.named import run
    from luocdo.present import make_card, mention_rows, print_card
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
    print_card(card, fmt.value)


@app.command()
def search(
    text: str = typer.Argument(..., help="words to find in the cited sentences and titles"),
    limit: int = typer.Option(50, "--limit"),
    store: Path = STORE,
    fmt: OutFormat = FMT,
) -> None:
    """Find mentions whose sentence contains TEXT (case-insensitive, Vietnamese-aware)."""
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
        fmt.value,
        title=f"'{text}': {len(rows)} mentions",
    )


@app.command()
def stats(store: Path = STORE, fmt: OutFormat = FMT, limit: int = typer.Option(15, "--limit")) -> None:
    """Most-cited documents, reports per body, coverage by province."""
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
    if fmt is OutFormat.json:
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
    if fmt is OutFormat.table:
        console.print(" · ".join(f"{k}: {v}" for k, v in st.counts().items()))
    emit(cited, fmt.value, title="most cited")
    emit(per_body, fmt.value, title="reports per body")
    emit(coverage, fmt.value, title="coverage by province")


@app.command()
def query(
    name: str | None = typer.Argument(None, help="a named query in queries/ (see --list)"),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="k=v; targets also accepts a document (26/CT-TTg)"
    ),
    list_: bool = typer.Option(False, "--list", help="list the named queries"),
    store: Path = STORE,
    fmt: OutFormat = FMT,
) -> None:
    """Run a named query from queries/."""
    from luocdo.graph import named
    from luocdo.present import emit

    if list_ or not name:
        emit(
            [
                {"name": k, "description": v, "params": ", ".join(named.params_of(k))}
                for k, v in named.available().items()
            ],
            fmt.value,
            title="named queries",
        )
        return
    try:
        wanted = named.params_of(name)
    except KeyError:
        fail(f"no named query '{name}' (see luocdo query --list)")
    st = _open(store)
    args: dict = {}
    for p in param:
        k, sep, v = p.partition("=")
        if not sep:
            fail(f"--param {p}: write it as name=value")
        args[k] = v
    if "targets" in wanted and "targets" in args and not args["targets"].lstrip().startswith("["):
        args["targets"] = [r["id"] for r in _targets(st, args["targets"])]
    for k, default in (("max_depth", 6), ("limit", 20)):
        if k in wanted:
            args.setdefault(k, default)
    absent = [k for k in wanted if k not in args]
    if absent:
        fail(f"query {name} needs --param {', '.join(a + '=…' for a in absent)}")
    emit([dict(r) for r in named.run(st.db, name, **{k: args[k] for k in wanted})], fmt.value, title=name)


@app.command()
def draw(
    doc: str = typer.Argument(...),
    up: bool = typer.Option(False, "--up", help="draw what DOC rests on"),
    down: bool = typer.Option(False, "--down", help="draw what implements DOC (default)"),
    depth: int = typer.Option(6, "--depth", min=1, max=20),
    fmt: DrawFormat = typer.Option(DrawFormat.svg, "--format", "-f"),
    output: Path = typer.Option(..., "--output", "-o", help="file to write"),
    bodies: bool = typer.Option(False, "--bodies", help="also draw the issuing bodies"),
    store: Path = STORE,
) -> None:
    """Draw a citation chain as a picture (svg, png, dot, mermaid, offline html)."""
    from luocdo.draw import DrawError, render
    from luocdo.graph.ask import chain as trace
    from luocdo.graph.ask import label
    from luocdo.graph.nx_view import document_graph

    st = _open(store)
    rows = _targets(st, doc)
    docs, _ = trace(st, [r["id"] for r in rows], up=up and not down, max_depth=depth)
    g = document_graph(
        st,
        {d["id"] for d in docs},
        relations=("implements", "reports_on", "based_on", "guides", "amends", "replaces"),
        with_bodies=bodies,
    )
    try:
        render(
            g, output, fmt.value, title=f"{label(rows[0])} — {'căn cứ' if up and not down else 'triển khai'}"
        )
    except DrawError as e:
        fail(str(e))
    typer.echo(f"{output}: {g.number_of_nodes()} documents, {g.number_of_edges()} links", err=True)


@app.command()
def validate(
    store: Path = STORE,
    fmt: OutFormat = FMT,
    severity: list[Severity] = typer.Option([], "--severity", "-s", help="only these severities"),
    code: list[str] = typer.Option([], "--code", help="only these rule codes (V001…)"),
) -> None:
    """Check the stored citations: dates, numbers, types, issuers, supersession, existence."""
    from luocdo.present import emit
    from luocdo.validate import RULES, run_all

    st = _open(store)
    unknown = [c for c in code if c not in RULES]
    if unknown:
        fail(f"unknown rule code(s) {', '.join(unknown)}; known: {', '.join(RULES)}")
    found = run_all(st, code or None)
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
        fmt.value,
        title=f"{len(found)} findings",
    )


@app.command()
def doctor(store: Path = STORE) -> None:
    """Check the store's integrity (SQLite's own check and luocdo's consistency checks), and say whether
    OCR is available."""
    from luocdo.load.ocr import describe

    typer.echo(describe())
    st = _open(store)
    problems = st.integrity()
    c = st.counts()
    typer.echo(
        f"{store}: {c['files']} reports, {c['mentions']} mentions, {c['documents']} documents, "
        f"{c['edges']} edges, {c['catalog']} catalog entries"
    )
    for p in problems:
        typer.echo(f"problem: {p}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo("ok")


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
def catalog_list(store: Path = STORE, fmt: OutFormat = FMT) -> None:
    """The catalog entries the store knows (bundled and imported), statuses in vbpl.vn's words."""
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
    emit(rows, fmt.value, title="catalog")


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
    fmt: OutFormat = FMT,
) -> None:
    """What the reference catalog says of a document, each field with its source."""
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
    emit(rows, fmt.value, title=f"{doc} in {cat.label}")


from luocdo.cli_graph_backends import register as _register_graph_backends  # noqa: E402

_register_graph_backends(app)

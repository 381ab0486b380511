"""Commands for the graph engines and exports: `luocdo export`, `luocdo sparql`, `luocdo neo4j push`,
and `--backend rdf|neo4j` for implementers, chain and show. Registered on the main app by
luocdo.cli (register(app)); the embedded default never comes through here."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from luocdo.i18n import _
from luocdo.store.evidence import sentence_sql

ENGINE_HELP = "engine: embedded (default), rdf (SPARQL over the store's RDF view) or neo4j (NEO4J_URI...)"
STORE = typer.Option(
    Path("luocdo.db"), "--store", envvar="LUOCDO_STORE", help="the store (default ./luocdo.db)"
)
BASE = typer.Option(
    None,
    "--base",
    envvar="LUOCDO_BASE_IRI",
    help="base of the exported IRIs (default https://luocdo.example/id/)",
)


class ExportFormat(StrEnum):
    ttl = "ttl"
    jsonld = "jsonld"
    nt = "nt"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    xlsx = "xlsx"
    neo4j_admin = "neo4j-admin"
    oxigraph = "oxigraph"


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def fail(msg: str, code: int = 1):
    typer.echo(_("error: {message}").format(message=msg), err=True)
    raise typer.Exit(code)


def _open(store: Path, create: bool = False):
    from luocdo.cli.store_errors import open_store

    return open_store(store, create)


def _base(base: str | None) -> str:
    from luocdo.backends.ids import DEFAULT_BASE

    if not base:
        return DEFAULT_BASE
    if not base.startswith(("http://", "https://", "urn:")) or any(c in base for c in ' <>"{}|\\^`'):
        fail(f"--base {base}: not an absolute IRI (https://example.org/id/)")
    return base if base.endswith(("/", "#", ":")) else base + "/"


# ---- engines for implementers / chain / show ------------------------------------------------------------
def _engine(name: str, store_path: Path, *, need_store: bool):
    from luocdo.backends import ENGINES, BackendError, open_backend

    if name not in ENGINES:
        fail(f"--backend {name}: one of {', '.join(ENGINES)}")
    st = None
    if name == "rdf" or need_store or store_path.exists():
        st = _open(store_path) if (name == "rdf" or need_store) else _try_open(store_path)
    try:
        return open_backend(name, st), st
    except BackendError as e:
        fail(str(e))


def _try_open(path: Path):
    from luocdo.store import Store, StoreError

    try:
        return Store(path, create=False)
    except StoreError:
        return None


def _targets(backend, doc: str) -> list[dict]:
    """The one document DOC names in the engine (luocdo.graph.lookup, as the embedded commands)."""
    from luocdo.backends.questions import resolve_document
    from luocdo.graph.ask import AskError

    try:
        return [resolve_document(backend, doc)]
    except AskError as e:
        fail(str(e))


def implementers_on(
    engine: str,
    doc: str,
    level: str | None,
    province: str | None,
    direct: bool,
    missing_: bool,
    store: Path,
    fmt: str,
) -> None:
    """`luocdo implementers --backend rdf|neo4j`: the embedded command's output, from another engine."""
    from luocdo.backends.questions import implementers
    from luocdo.graph.ask import missing
    from luocdo.present import emit_implementers, emit_missing, print_target

    backend, st = _engine(engine, store, need_store=missing_)
    try:
        rows = _targets(backend, doc)
        found = implementers(
            backend, [r["key"] for r in rows], level=level, province=province, direct_only=direct
        )
        print_target(rows, fmt)
        if missing_:
            lv = level or "district"
            emit_missing(missing(st, found, level=lv, province=province), lv, rows[0], fmt)
            return
        emit_implementers(found, rows[0], fmt)
    finally:
        backend.close()


def chain_on(
    engine: str, doc: str, up: bool, down: bool, depth: int, store: Path, fmt: str, limit: int | None = None
) -> None:
    from luocdo.backends.questions import chain
    from luocdo.present import emit_chain

    backend, _st = _engine(engine, store, need_store=False)
    try:
        rows = _targets(backend, doc)
        docs, steps = chain(backend, [r["key"] for r in rows], up=up and not down, max_depth=depth)
        emit_chain(rows[0], docs, steps, up=up and not down, fmt=fmt, limit=limit)
    finally:
        backend.close()


def card_on(backend, st, rows: list[dict]) -> dict:
    """The card of `luocdo show` from another engine. Identity, status, cites, cited_by and
    implementations come from the engine; mentions and findings from the local store when it has the
    document (an engine holds the graph, not every mention)."""
    from luocdo.backends.questions import cites, implementers
    from luocdo.present import make_card, mention_rows
    from luocdo.validate.rules import card_view

    d = rows[0]
    shown, status = card_view(st, d, d["status"])
    card = make_card(
        shown,
        status=status,
        cites=cites(backend, d["key"]),
        cited_by=cites(backend, d["key"], reverse=True),
        implementers=implementers(backend, [d["key"]]),
        also=rows[1:],
    )
    sid = _store_id(st, d["key"]) if st is not None else None
    if sid is not None:
        card["mentions"] = mention_rows(
            st.db.execute(
                f"SELECT m.*, {sentence_sql('m')} AS sentence, f.path FROM mentions m JOIN files f ON f.id = m.file_id"
                " WHERE m.doc_id = ? ORDER BY f.path, m.line, m.rowid",
                (sid,),
            )
        )
        from luocdo.validate import kept

        row = st.db.execute("SELECT * FROM documents WHERE id = ?", (sid,)).fetchone()
        # about this document and its look-alikes, kept in the store, as the embedded `show` reads them
        card["findings"] = [f.as_dict() for f in kept.findings(st, doc=row)]
        from luocdo.store.variants import disagreements

        card["cited_as"] = disagreements(st.db, [sid]).get(sid, [])
    return card


def _store_id(st, key: str) -> int | None:
    """The store's row of an engine's document key (luocdo.backends.ids.doc_key): the few documents the
    key can be, found by their identity's number (or the report file's hash) through an index, each
    checked by computing its key; every document's key only when those do not hold it."""
    from luocdo.backends.ids import doc_key
    from luocdo.backends.rows import doc_keys

    db = st.db

    def latest_sha(doc: int) -> str | None:  # a report's key takes its latest file's hash, as doc_keys
        row = db.execute("SELECT sha256 FROM files WHERE report_doc = ? ORDER BY id DESC LIMIT 1", (doc,))
        found = row.fetchone()
        return found[0] if found else None

    for doc, ident in _key_candidates(db, key):
        if doc_key(ident, latest_sha(doc) if ident.startswith("report|") else None) == key:
            return doc
    for i, k in doc_keys(st).items():
        if k == key:
            return i
    return None


def _key_candidates(db, key: str) -> list[tuple[int, str]]:
    """(id, ident) of the documents whose identity starts as the key says (see doc_key)."""
    from urllib.parse import unquote

    from luocdo.backends.ids import UNKNOWN

    parts = key.split("/")
    if key.startswith("doc/report/") and len(parts) == 3:
        return db.execute(
            "SELECT d.id, d.ident FROM files f JOIN documents d ON d.id = f.report_doc"
            " WHERE f.sha256 >= ? AND f.sha256 < ?",  # hex: every hash of this prefix (index files_sha)
            (parts[2], parts[2] + "g"),
        ).fetchall()
    if key.startswith("doc/name/"):
        prefix = "name|"
    elif len(parts) == 5 and parts[0] == "doc" and parts[3] != UNKNOWN:
        prefix = unquote(parts[3].replace("_", " ")) + "|"  # the number, as segment() wrote it
    else:
        return []
    # every identity starting with the prefix: a range of the unique index on ident ('}' follows '|')
    return db.execute(
        "SELECT id, ident FROM documents WHERE ident >= ? AND ident < ?", (prefix, prefix[:-1] + "}")
    ).fetchall()


def show_on(engine: str, doc: str, store: Path, fmt: str, limit: int | None = None) -> None:
    from luocdo.present import CARD_LISTS, cut_card, print_card

    backend, st = _engine(engine, store, need_store=False)
    try:
        rows = _targets(backend, doc)
        card = card_on(backend, st, rows)
    finally:
        backend.close()
    card["counts"] = {k: len(card[k]) for k in CARD_LISTS}
    print_card(cut_card(card, limit), fmt)


# ---- commands -----------------------------------------------------------------------------------------
def export_cmd(
    fmt: ExportFormat = typer.Option(
        ..., "--format", "-f", help="ttl, jsonld, nt, graphml, gexf, csv, xlsx, neo4j-admin or oxigraph"
    ),
    output: Path = typer.Option(
        ..., "--output", "-o", help="file to write (a folder for csv, neo4j-admin and oxigraph)"
    ),
    base: str | None = BASE,
    store: Path = STORE,
) -> None:
    """Export the whole graph: RDF in the ELI vocabulary, GraphML/GEXF, CSV, or neo4j-admin import files."""
    from luocdo.backends.export import export
    from luocdo.present import SUFFIX_FORMATS

    suffix = output.suffix.lower()
    if fmt is ExportFormat.xlsx and suffix != ".xlsx":
        fail(
            _("--format {fmt} does not match {path} (a {other} file name)").format(
                fmt=fmt.value, path=output, other=suffix or "no-extension"
            )
        )
    if fmt is not ExportFormat.xlsx and SUFFIX_FORMATS.get(suffix) == "xlsx":
        fail(
            _("--format {fmt} does not match {path} (a {other} file name)").format(
                fmt=fmt.value, path=output, other=suffix
            )
        )
    st = _open(store)
    if fmt in (ExportFormat.csv, ExportFormat.neo4j_admin, ExportFormat.oxigraph):
        if output.exists() and not output.is_dir():
            fail(f"{output}: a file is in the way (csv, neo4j-admin and oxigraph write a folder)")
    elif output.is_dir():
        fail(f"{output}: is a folder (give a file name)")
    if not output.parent.exists():
        fail(f"{output.parent}: no such folder")
    try:
        typer.echo(export(st, fmt.value, output, base=_base(base)), err=True)
    except OSError as e:
        fail(f"{output}: cannot write ({e.strerror or e})")


def sparql_cmd(
    query: str = typer.Argument(
        ..., help="a SPARQL query, a .rq file, or a named query (implementers, cites...)"
    ),
    param: list[str] = typer.Option(
        [],
        "--param",
        "-p",
        help="name=value bound before the query runs; a document (26/CT-TTg) "
        "becomes its IRI for target/doc/s/o",
    ),
    base: str | None = BASE,
    store: Path = STORE,
    fmt: TableFormat | None = typer.Option(
        None, "--format", "-f", help="table, json, csv or xlsx (default: from the -o extension, else table)"
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="write the answer to this file (.xlsx, .csv, .json or .txt)"
    ),
) -> None:
    """Run SPARQL over the store's RDF view (SELECT and ASK print rows; CONSTRUCT and DESCRIBE print Turtle)."""

    from luocdo.present import FormatError, answer_format, answer_to

    try:
        chosen = answer_format(fmt.value if fmt is not None else None, output)
    except FormatError as e:
        fail(str(e))
    with answer_to(output, chosen):
        _sparql(query, param, base, store, chosen)


def _labels(st, base: str) -> dict[str, str]:
    """IRI -> what people call it: 'Chỉ thị 26/CT-TTg' for a document, the name of a body."""
    from luocdo.backends import rows as R
    from luocdo.backends.ids import RELATIONS, rel_iri
    from luocdo.i18n import relation_name

    out = {base + d["key"]: d["label"] for d in R.documents(st, status=False)}
    out.update({base + b["key"]: b["name"] for b in R.bodies(st)})
    out.update({rel_iri(r): relation_name(r) for r in RELATIONS})
    return out


def _sparql(query: str, param: list[str], base: str | None, store: Path, chosen: str) -> None:
    import regex
    from rdflib import Literal, URIRef

    from luocdo.backends.rdf import (
        RDFBackend,
        SparqlError,
        SparqlSyntaxError,
        build_graph,
        check_user_query,
        query_text,
        run_user_query,
    )
    from luocdo.present import emit

    text = query
    p = Path(query)
    other_file = False  # a file that is not a .rq / .sparql: its text is not echoed in an error
    if regex.fullmatch(r"[a-z_]+", query):
        try:
            text = query_text(query)
        except KeyError:
            fail(f"no named SPARQL query '{query}' (queries/*.rq)")
    elif p.suffix in (".rq", ".sparql") or (len(query) < 4096 and "\n" not in query and p.is_file()):
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            fail(f"{p}: cannot read ({getattr(e, 'strerror', None) or e.__class__.__name__})")
        other_file = p.suffix not in (".rq", ".sparql")
    try:  # refused (SERVICE, FROM) or not a query: said before any store is opened or built
        check_user_query(text)
    except SparqlSyntaxError as e:
        fail(f"SPARQL: {p}: not a SPARQL query" if other_file else f"SPARQL: {e}")
    except SparqlError as e:
        fail(f"SPARQL: {e}")
    st = _open(store)
    b = _base(base)
    from luocdo.backends import open_oxigraph

    ox = open_oxigraph(st, b)
    if ox is not None:
        from luocdo.backends.oxigraph import OxigraphBackend
        from luocdo.backends.oxigraph import run_user_query as run_on_oxigraph

        engine, run = OxigraphBackend(ox, b), run_on_oxigraph
    else:
        g = build_graph(st, b)
        engine, run = RDFBackend(g, b), run_user_query
    bindings = {}
    for kv in param:
        k, sep, v = kv.partition("=")
        if not sep:
            fail(f"--param {kv}: write it as name=value")
        if k == "targets":  # the name `luocdo query` takes
            k = "target"
        if k in ("target", "doc", "s", "o") and not v.startswith(("http://", "https://", "urn:")):
            rows = _targets(engine, v)
            bindings[k] = URIRef(b + rows[0]["key"])
        elif v.startswith(("http://", "https://", "urn:")):
            bindings[k] = URIRef(v)
        else:
            bindings[k] = Literal(v)
    try:
        res = run(ox if ox is not None else g, text, bindings)
    except SparqlSyntaxError as e:
        fail(f"SPARQL: {p}: not a SPARQL query" if other_file else f"SPARQL: {e}")
    except SparqlError as e:  # SERVICE or FROM refused, a failure while running: one line
        fail(f"SPARQL: {e}")
    if res.type == "ASK":
        typer.echo("true" if res.ask else "false")
        return
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        sys.stdout.write(res.turtle)
        return
    names = res.vars
    labels = _labels(st, b)
    rows = []
    for r in res.rows:
        row = {}
        for i, n in enumerate(names):
            v = None if r[i] is None else r[i].toPython() if isinstance(r[i], Literal) else str(r[i])
            lab = labels.get(v) if isinstance(v, str) else None
            if lab is None:
                row[n] = v
            elif chosen == "json":  # scripts keep the IRI and get the label beside it
                row[n], row[f"{n}_label"] = v, lab
            else:
                row[n] = lab
        rows.append(row)
    emit(rows, chosen, title=_("{n} rows").format(n=len(res.rows)))


neo4j_app = typer.Typer(help="A Neo4j (or Bolt-compatible) server as the graph engine.", no_args_is_help=True)


@neo4j_app.command("push")
def neo4j_push(
    uri: str | None = typer.Option(None, "--uri", help="bolt://HOST:7687 (or NEO4J_URI)"),
    user: str | None = typer.Option(None, "--user", help="user name (or NEO4J_USER; default neo4j)"),
    password: str | None = typer.Option(None, "--password", help="password (or NEO4J_PASSWORD)"),
    database: str | None = typer.Option(
        None, "--database", help="database (or NEO4J_DATABASE; default: the server's)"
    ),
    batch: int = typer.Option(1000, "--batch", min=1, max=100_000, help="rows per transaction"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    store: Path = STORE,
) -> None:
    """Load the store into the server: constraints first, then idempotent batches (pushing twice changes nothing)."""
    from luocdo.backends.neo4j import Connection, Neo4jError, Plan, connect, explain, push
    from luocdo.present import progress

    st = _open(store)
    try:
        conn = Connection.from_options(uri, user, password, database)
        plan = Plan.from_store(st)
        driver = connect(conn)
    except Neo4jError as e:
        fail(str(e))
    try:
        with progress("push", quiet=quiet) as bar:
            task = bar.add_task("", total=plan.total())
            done = push(
                driver,
                plan,
                conn.database,
                batch=batch,
                progress=lambda step, n: bar.update(task, advance=n, description=step),
            )
    except Neo4jError as e:
        fail(str(e))
    except Exception as e:
        fail(str(explain(e, conn)) + " (the batches before it are written; push again to finish)")
    finally:
        driver.close()
    rels = sum(v for k, v in done.items() if k not in ("bodies", "documents", "issuers"))
    typer.echo(
        f"{conn.shown}{'/' + conn.database if conn.database else ''}: {done.get('documents', 0)} documents, "
        f"{done.get('bodies', 0)} bodies, {rels} relations pushed",
        err=True,
    )


def register(app: typer.Typer) -> None:
    app.command("export")(export_cmd)
    app.command("sparql")(sparql_cmd)
    app.add_typer(neo4j_app, name="neo4j")

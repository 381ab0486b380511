"""Commands that answer questions about documents: implementers, chain, show, search, query, draw."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import typer

from luocdo.cli.common import (
    ALL,
    BACKEND,
    FMT,
    LIMIT,
    OUT,
    STORE,
    TABLE_ROWS,
    DrawFormat,
    Level,
    OutFormat,
    _badge,
    _open,
    _province,
    _targets,
    answering,
    app,
    fail,
    shown_rows,
)
from luocdo.i18n import _
from luocdo.writing import cannot_write


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
    backend: str = BACKEND,
    all_: bool = ALL,
    limit: int | None = LIMIT,
) -> None:
    """Which bodies implemented DOC, directly or through a chain of plans (with the chain and evidence)."""
    if province is not None:
        province = _province(province)
    with answering(fmt, output) as f:
        _implementers(
            doc, level, province, direct, missing_, store, f, backend, shown_rows(all_, limit, TABLE_ROWS)
        )


def _implementers(
    doc, level, province, direct, missing_, store, fmt: str, backend: str, limit: int | None = None
) -> None:
    if backend != "embedded":
        from luocdo.cli.engines import implementers_on

        return implementers_on(
            backend, doc, level.value if level else None, province, direct, missing_, store, fmt
        )
    from luocdo.graph.ask import implementers as find
    from luocdo.graph.ask import implementing_bodies, missing
    from luocdo.present import emit_implementers, emit_missing, print_target

    st = _open(store)
    rows = _targets(st, doc)
    find_ = implementing_bodies if missing_ else partial(find, evidence_per_link=1)  # what the answers show
    found = find_(
        st,
        [r["id"] for r in rows],
        level=level.value if level else None,
        province=province,
        direct_only=direct,
    )
    print_target(rows, fmt, _badge(st, rows[0]))
    if missing_:  # the bodies that implemented it are left out: their chains are not read
        lv = level.value if level else "district"
        emit_missing(missing(st, found, level=lv, province=province), lv, rows[0], fmt, limit)
        return
    emit_implementers(found, rows[0], fmt, limit)


@app.command()
def chain(
    doc: str = typer.Argument(..., help="the document"),
    up: bool = typer.Option(False, "--up", help="from DOC up to the central documents it rests on"),
    down: bool = typer.Option(False, "--down", help="from DOC down to every local plan under it (default)"),
    depth: int = typer.Option(6, "--depth", min=1, max=20),
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
    backend: str = BACKEND,
    all_: bool = ALL,
    limit: int | None = LIMIT,
) -> None:
    """Trace which local plans implement which central documents."""
    with answering(fmt, output) as f:
        if backend != "embedded":
            from luocdo.cli.engines import chain_on

            return chain_on(backend, doc, up, down, depth, store, f, shown_rows(all_, limit, TABLE_ROWS))
        from luocdo.graph.ask import chain as trace
        from luocdo.present import emit_chain

        st = _open(store)
        rows = _targets(st, doc)
        shown = shown_rows(all_, limit, TABLE_ROWS)
        counts = None
        if f == "table" and shown is not None:  # the first links only, and how many there are
            from luocdo.graph.ask import chain_head

            n_docs, steps, n_links = chain_head(
                st, [r["id"] for r in rows], up=up and not down, max_depth=depth, limit=shown
            )
            docs, counts = [], (n_docs, n_links)
        else:
            docs, steps = trace(st, [r["id"] for r in rows], up=up and not down, max_depth=depth)
        emit_chain(
            rows[0],
            docs,
            steps,
            up=up and not down,
            fmt=f,
            badge=_badge(st, rows[0]),
            limit=shown,
            counts=counts,
        )


@app.command()
def show(
    doc: str = typer.Argument(...),
    store: Path = STORE,
    fmt: OutFormat | None = FMT,
    output: Path | None = OUT,
    backend: str = BACKEND,
    all_: bool = typer.Option(
        False, "--all", help="every citation, mention and finding, not only the first ones"
    ),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="how many items of each list the card shows"
    ),
) -> None:
    """A document's card: identity, status, what it cites, what cites it, mentions, findings."""
    with answering(fmt, output) as f:
        _show(doc, store, f, backend, shown_rows(all_, limit, CARD_ITEMS))


CARD_ITEMS = 20  # items of each list of a card unless --all or --limit


def _show(doc: str, store: Path, fmt: str, backend: str, limit: int | None = None) -> None:
    if backend != "embedded":
        from luocdo.cli.engines import show_on

        return show_on(backend, doc, store, fmt, limit)

    from luocdo.graph.ask import card_counts, first_citing, first_mentions, implementing_bodies
    from luocdo.graph.named import run
    from luocdo.present import cut_card, make_card, mention_rows, print_card
    from luocdo.store.variants import disagreements
    from luocdo.validate import kept
    from luocdo.validate.rules import card_view, existence_status

    st = _open(store)
    rows = _targets(st, doc)
    d = rows[0]
    ids = [d["id"]]
    cites = run(st.db, "cites", targets=ids)
    cited_by = run(st.db, "cited_by", targets=ids) if limit is None else first_citing(st.db, d["id"], limit)
    ms = first_mentions(st.db, d["id"], limit)
    imps = implementing_bodies(st, ids)  # the card lists bodies, not their chains
    findings = list(kept.findings(st, doc=d))  # about this document and its look-alikes (same number)
    counts = card_counts(st.db, d["id"], cites=len(cites), implementers=len(imps), findings=len(findings))
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
    card["counts"] = counts
    print_card(cut_card(card, limit), fmt)


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
        from luocdo.store.evidence import folded_has_sql, text_sql

        st = _open(store)
        st.db.create_function("fold", 1, lambda s: s.casefold() if s else s, deterministic=True)
        # the sentences that hold the words, each decompressed once (a sentence serves several mentions)
        rows = st.db.execute(
            f"WITH hit AS MATERIALIZED (SELECT file_id, n FROM sentences s WHERE {folded_has_sql('s', '?1')})"  # noqa: S608
            f" SELECT m.type, m.number, m.symbol, m.date, m.issuer, f.path, m.line, {text_sql('s')} AS sentence"
            " FROM mentions m JOIN files f ON f.id = m.file_id"
            " JOIN sentences s ON s.file_id = m.file_id AND s.n = m.sentence_no"
            # a citation's text its sentence holds (surface_sql: an offset) is found with the sentence
            " WHERE (m.file_id, m.sentence_no) IN hit OR instr(fold(m.surface_own), ?2) > 0"
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

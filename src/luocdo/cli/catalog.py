"""The reference catalog commands: luocdo catalog import|list|build|use|lookup."""

from __future__ import annotations

from pathlib import Path

import typer

from luocdo.cli.common import FMT, OUT, STORE, OutFormat, _open, answering, catalog_app, fail
from luocdo.i18n import _


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

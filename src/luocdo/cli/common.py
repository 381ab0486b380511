"""The luocdo command line: the app, the options every command shares, and the helpers they use."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer

from luocdo import i18n
from luocdo.cli.store_errors import StoreErrorsGroup, open_store
from luocdo.i18n import _
from luocdo.load import SUFFIXES
from luocdo.load.listing import expand  # noqa: F401  (the commands' import of it)
from luocdo.writing import cannot_write

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
BACKEND = typer.Option(
    "embedded", "--backend", envvar="LUOCDO_BACKEND", help="embedded (default), rdf or neo4j"
)
OUT = typer.Option(None, "--output", "-o", help="write the answer to this file (.xlsx, .csv, .json or .txt)")
TABLE_ROWS = 50  # rows a terminal table shows unless --all or --limit (rich takes about a millisecond a row)
ALL = typer.Option(
    False, "--all", help="every row of the table (by default the first ones and how many more)"
)
LIMIT = typer.Option(None, "--limit", min=1, help="how many rows the table shows")


def shown_rows(all_: bool, limit: int | None, default: int) -> int | None:
    """The rows a table shows: None (all) with --all, else --limit, else the command's default."""
    return None if all_ else (limit or default)


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


def _open(store: Path, create: bool = False):
    return open_store(store, create)


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


def _drop_stdout() -> None:
    """After a failed write to the standard output, send what is still buffered to /dev/null, so that
    Python's own flush at exit does not fail again with a traceback."""
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())

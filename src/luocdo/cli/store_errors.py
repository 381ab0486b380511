"""The store as the command line opens it, and its failures said in one line.

Every command opens its store through ``open_store``, which remembers the path for the command's
context. ``StoreErrorsGroup`` (the class of the ``luocdo`` app) turns what the store can throw while a
command runs — SQLite errors of a damaged, read-only or busy store, and the errors of rows that
another program damaged — into ``error: <store>: <problem>``, without a traceback.
"""

from __future__ import annotations

import sqlite3
from contextvars import ContextVar
from pathlib import Path

import typer
from typer.core import TyperGroup

# the store the running command opened (one command per process; reset when a command starts)
_opened: ContextVar[Path | None] = ContextVar("luocdo_store_opened", default=None)


def open_store(path: Path, create: bool = False):
    """The store at ``path`` (read-only unless ``create``), or the command ends with one line."""
    from luocdo.store import Store, StoreError

    _opened.set(path)
    try:
        st = Store(path, create=create)
    except StoreError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    from luocdo.present import use_store

    use_store(st)  # paths in answers relative to the folder its files share
    return st


def damaged_rows(path: Path) -> str | None:
    """What is wrong with the rows of the store at ``path`` (None: nothing found): rows that point at
    rows that are not there, and report headers that are not JSON."""
    from luocdo.store.opening import connect_readonly

    try:
        db = connect_readonly(path, timeout=5)
    except Exception:  # noqa: BLE001 (the store cannot even be opened: nothing more to say)
        return None
    try:
        dangling = db.execute("PRAGMA foreign_key_check").fetchmany(1000)
        bad_headers = db.execute("SELECT count(*) FROM files WHERE json_valid(header) = 0").fetchone()[0]
    except sqlite3.Error as e:
        return str(e)
    finally:
        db.close()
    found = []
    if dangling:
        tables = sorted({f"{r[0]}.{r[2]}" for r in dangling})
        found.append(f"{len(dangling)} rows point at rows that are not there ({', '.join(tables)})")
    if bad_headers:
        found.append(f"{bad_headers} report headers are not valid JSON")
    return "; ".join(found) or None


class StoreErrorsGroup(TyperGroup):
    """The command group whose commands fail in one line when their store does."""

    def invoke(self, ctx: typer.Context):
        from luocdo.store import StoreError
        from luocdo.store.opening import describe

        _opened.set(None)
        try:
            return super().invoke(ctx)
        except StoreError as e:
            self._fail(str(e))
        except sqlite3.Error as e:
            path = _opened.get()
            self._fail(f"{path}: {describe(e)}" if path else describe(e))
        except Exception as e:
            if isinstance(e, (typer.Exit, typer.Abort)) or hasattr(e, "exit_code"):
                raise  # the command's own exit, or a usage error the parser reports
            path = _opened.get()
            problem = damaged_rows(path) if path else None
            if problem is None:
                raise  # not the store's doing: a bug, shown as such
            self._fail(
                f"{path}: the store holds damaged rows ({problem}); `luocdo doctor` reports them and"
                " `luocdo doctor --salvage NEW.db` copies the sound rows into a new store"
            )

    @staticmethod
    def _fail(msg: str) -> None:
        typer.echo(f"error: {msg}", err=True)
        raise typer.Exit(1)

"""luocdo command line: argument parsing and printing only, one module per group of commands
(common options and helpers, reading files, questions, checks of the store, the catalog, other engines)."""

from __future__ import annotations

import importlib

import typer

from luocdo import i18n
from luocdo.cli.common import app
from luocdo.cli.engines import register as _register_graph_backends
from luocdo.i18n import _

__all__ = ["app"]

# each module registers its commands on import; this order is the order of `luocdo --help`
for _module in ("reading", "questions", "checks", "catalog", "serve"):
    importlib.import_module(f"luocdo.cli.{_module}")

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

"""The interface language (Vietnamese or English) and the one place that translates.

Messages are written in English in the code and translated through GNU gettext catalogs:
`i18n/vi/LC_MESSAGES/luocdo.po` (edited by people) compiled to `luocdo.mo` (shipped in the package, so
nothing is compiled at install time; `python scripts/compile_catalogs.py` rebuilds it, and a test fails
when the .mo is older than the .po). English needs no catalog.

The language is chosen once, when this module is imported (typer evaluates help texts at import):
`--lang vi|en` on the command line, else LUOCDO_LANG, else the locale: Vietnamese when LC_ALL,
LC_MESSAGES or LANG starts with "vi", English when one of them names another language, and Vietnamese
when none does (unset, C or POSIX: the users of luocdo read Vietnamese first). `set_language` changes
it later (for messages printed after; help texts already built keep their language).

JSON output never goes through here: its keys, relation names, levels and ISO dates stay as they are.
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext as _gettext
import os
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

DOMAIN = "luocdo"
LOCALEDIR = Path(__file__).resolve().parent
LANGUAGES = ("vi", "en")

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def _from_argv(argv: list[str]) -> str | None:
    for i, a in enumerate(argv):
        if a == "--":
            return None
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


def _from_locale(env: dict) -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(var) or "").strip()
        if not value or value.split(".")[0] in ("C", "POSIX"):
            continue
        return "vi" if value.lower().startswith("vi") else "en"
    return "vi"


def choose_language(argv: list[str] | None = None, env: dict | None = None) -> str:
    """--lang, else LUOCDO_LANG, else the locale (see the module's docstring). Unknown values fall back
    to the next source."""
    argv = sys.argv[1:] if argv is None else argv
    env = os.environ if env is None else env
    for candidate in (_from_argv(argv), env.get("LUOCDO_LANG")):
        if candidate and candidate.strip().lower()[:2] in LANGUAGES:
            return candidate.strip().lower()[:2]
    return _from_locale(env)


def set_language(lang: str) -> None:
    global _translations, _language
    lang = lang.strip().lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (vi or en)")
    _language = lang
    _translations = (
        _gettext.NullTranslations()
        if lang == "en"
        else _gettext.translation(DOMAIN, LOCALEDIR, languages=[lang], fallback=True)
    )


# a language for the current thread or task only (the web app answers each request in its own)
_local: contextvars.ContextVar[tuple[str, _gettext.NullTranslations] | None] = contextvars.ContextVar(
    "luocdo_language", default=None
)


@cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALEDIR, languages=[lang], fallback=True)


@contextlib.contextmanager
def using_language(lang: str) -> Iterator[None]:
    """Messages in `lang` inside the block, for this thread or task only (the process's language,
    set_language, is left as it is)."""
    lang = lang.strip().lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (vi or en)")
    token = _local.set((lang, _catalog(lang)))
    try:
        yield
    finally:
        _local.reset(token)


def _current() -> _gettext.NullTranslations:
    here = _local.get()
    return _translations if here is None else here[1]


def language() -> str:
    here = _local.get()
    return _language if here is None else here[0]


def _(message: str) -> str:
    """The message in the interface language."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it yet (translated where it is shown)."""
    return message


# ---- the vocabulary of answers --------------------------------------------------------------------
RELATIONS = {
    "implements": N_("implements"),
    "promulgates": N_("promulgates"),
    "amends": N_("amends"),
    "replaces": N_("replaces"),
    "guides": N_("guides"),
    "based_on": N_("based on"),
    "reports_on": N_("reports on"),
    "responds_to": N_("responds to"),
    "cites": N_("cites"),
    "issued_by": N_("issued by"),
}
LEVELS = {
    "central": N_("central"),
    "province": N_("province level"),
    "district": N_("district level"),
    "commune": N_("commune level"),
    "party-central": N_("Party, central"),
    "party-province": N_("Party, province level"),
    "party-district": N_("Party, district level"),
}
SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def relation_name(rel: str | None) -> str:
    return _(RELATIONS[rel]) if rel in RELATIONS else (rel or "")


def level_name(level: str | None) -> str:
    return _(LEVELS[level]) if level in LEVELS else (level or "")


def severity_name(severity: str | None) -> str:
    return _(SEVERITIES[severity]) if severity in SEVERITIES else (severity or "")


def date_text(iso: str | None) -> str:
    """An ISO date as people write it: 2016-09-05 → 05/09/2016 (a year or month kept as given)."""
    if not iso:
        return ""
    parts = str(iso).split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else str(iso)


set_language(choose_language())

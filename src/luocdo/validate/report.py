"""How `validate` writes its answer for a store of any size: JSON written finding by finding as they are
read, and a terminal table that summarises (how many findings per rule and severity, then the first
ones, like `show`'s card and the `implementers` table; `--all` or `--limit N` for more). CSV and the
workbook keep every finding."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring  # json's C function (ensure_ascii=False)
from typing import TextIO

from luocdo.i18n import N_, _, severity_name
from luocdo.validate.rules import SEVERITIES

# what each rule checks, as the summary names it (DOMAIN.md §6)
RULE_TITLES = {
    "V001": N_("the number's year is not the year of the date"),
    "V002": N_("one document cited with different dates"),
    "V003": N_("one document cited with different numbers"),
    "V004": N_("cited document dated after the report"),
    "V005": N_("a date that does not exist"),
    "V006": N_("type word does not match the symbol"),
    "V007": N_("the symbol's code names another issuer"),
    "V008": N_("implements a document issued later"),
    "V009": N_("replaced or amended document cited as current"),
    "V010": N_("document not verified or not in the catalog"),
    "V011": N_("citation that fits several documents or none"),
}


def finding_row(f) -> dict:
    """A finding as `validate` answers it (JSON, CSV, the workbook, the table)."""
    return {
        "code": f.code,
        "severity": f.severity,
        "document": f.document,
        "explanation": f.explanation,
        "suggestion": f.suggestion,
        "evidence": f.evidence[:3],
    }


def write_json(rows: Iterable[Mapping]) -> None:
    """The JSON `emit` writes for a list of rows (indent 2, a list of objects), written row by row:
    a whole store's findings are not held in memory."""
    first = not write_json_items(rows, sys.stdout, first=True)
    sys.stdout.write("[]\n" if first else "\n]\n")


def write_json_items(rows: Iterable[Mapping], out: TextIO, *, first: bool) -> bool:
    """The items of that list (`first`: the list starts with them), without its end; whether any."""
    wrote = False
    for row in rows:
        parts: list[str] = ["[\n  " if first else ",\n  "]
        _item(row, parts)  # one level deeper, as inside the list
        out.write("".join(parts))
        first, wrote = False, True
    return wrote


_EVIDENCE_KEYS = ["file", "line", "sentence"]
_WRITE_EVERY = 512  # findings joined into one write


def write_finding_items(found: Iterable, out: TextIO, *, first: bool) -> bool:
    """`write_json_items(map(finding_row, found), out, first=first)`, each finding formatted in one
    expression when it has the usual shape (strings, and evidence of {file, line, sentence}; the same
    explanation, suggestion and path encoded once: V010's 263,000 findings at 200k say one text), and
    written a few hundred at a time; any other finding goes through `_item`."""
    said: dict[str, str] = {}  # a text (explanation, suggestion, path) and its JSON
    parts: list[str] = []
    wrote = False
    for f in found:
        text = _finding_json(f, said)
        if len(said) > 8192:
            said.clear()
        if text is None:
            parts.append("[\n  " if first else ",\n  ")
            _item(finding_row(f), parts)
        else:
            parts.append(("[\n  " if first else ",\n  ") + text)
        first, wrote = False, True
        if len(parts) >= _WRITE_EVERY:
            out.write("".join(parts))
            parts.clear()
    if parts:
        out.write("".join(parts))
    return wrote


def _said(text: object, said: dict[str, str]) -> str | None:
    """The JSON of a text seen often (None when it is not a str)."""
    if type(text) is not str:
        return None
    j = said.get(text)
    if j is None:
        j = said[text] = encode_basestring(text)
    return j


def _finding_json(f, said: dict[str, str]) -> str | None:
    """What `_item(finding_row(f))` writes, for a finding of the usual shape; None for any other."""
    code, severity, document = _scalar(f.code), _scalar(f.severity), _scalar(f.document)
    why, fix = _said(f.explanation, said), _said(f.suggestion, said)
    if code is None or severity is None or document is None or why is None or fix is None:
        return None
    evidence = f.evidence[:3]
    if type(evidence) is not list:
        return None
    if evidence:
        items = []
        for e in evidence:
            if type(e) is not dict or list(e) != _EVIDENCE_KEYS:
                return None
            path, line, sentence = e["file"], _scalar(e["line"]), _scalar(e["sentence"])
            path = "null" if path is None else _said(path, said)
            if path is None or line is None or sentence is None:
                return None
            items.append(
                '{\n        "file": '
                + path
                + ',\n        "line": '
                + line
                + ',\n        "sentence": '
                + sentence
                + "\n      }"
            )
        shown = "[\n      " + ",\n      ".join(items) + "\n    ]"
    else:
        shown = "[]"
    return (
        '{\n    "code": '
        + code
        + ',\n    "severity": '
        + severity
        + ',\n    "document": '
        + document
        + ',\n    "explanation": '
        + why
        + ',\n    "suggestion": '
        + fix
        + ',\n    "evidence": '
        + shown
        + "\n  }"
    )


def write_findings_json(store, codes: list[str] | None, severities: list[str] | None, doc) -> None:
    """`validate --format json`: the findings of `findings` as `write_json` writes them; the kept
    findings of a large store written by two processes, each half of them (luocdo.validate.parallel)."""
    from luocdo.validate import kept, parallel

    if kept.current(store):
        # one snapshot of the findings for this process: the helper writes its half only if it reads the
        # same (another process may check the store again meanwhile), else the half is written here
        store.db.execute("BEGIN")
        try:
            about = kept.about_doc(doc)
            with parallel.cleaned_on_sigterm():
                helper = parallel.json_helper(store, codes, severities, about)
                if helper is not None:
                    parallel.mapped(store.db)
                    with helper:
                        out = sys.stdout
                        first = kept.read(store, codes, severities, about, stop=helper.middle)
                        write_finding_items(first, out, first=True)
                        if not helper.copy_second_half(out):  # the helper failed or read another state
                            second = kept.read(store, codes, severities, about, start=helper.middle)
                            write_finding_items(second, out, first=False)
                        out.write("\n]\n")
                    return
        finally:
            store.db.execute("COMMIT")
    found = kept.findings(store, codes, severities, doc)
    wrote = write_finding_items(found, sys.stdout, first=True)
    sys.stdout.write("\n]\n" if wrote else "[]\n")


def _scalar(value: object) -> str | None:
    """The JSON of a str, int or None (what most of a finding is); None for anything else."""
    t = type(value)
    if t is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if t is int:
        return int.__repr__(value)
    return None


def _item(row: object, out: list[str]) -> None:
    """`_indented(row, "  ", out)`, written level by level for a finding's shape (a dict of strings and a
    list of flat dicts, the evidence) instead of a call per value (a third of `validate --format json`
    at 200k); any other value is left to `_indented`."""
    if type(row) is not dict or not row or not all(type(k) is str for k in row):
        _indented(row, "  ", out)
        return
    sep = "{\n    "
    for k, v in row.items():
        s = _scalar(v)
        if s is not None:
            out.append(sep + encode_basestring(k) + ": " + s)
        elif type(v) is list and v:
            out.append(sep + encode_basestring(k) + ": [\n      ")
            _flat_dicts(v, out)
            out.append("\n    ]")
        else:
            out.append(sep + encode_basestring(k) + ": ")
            _indented(v, "    ", out)
        sep = ",\n    "
    out.append("\n  }")


def _flat_dicts(items: list, out: list[str]) -> None:
    """The elements of a list at the third level (a finding's evidence)."""
    first = True
    for e in items:
        if not first:
            out.append(",\n      ")
        first = False
        if type(e) is not dict or not e or not all(type(k) is str for k in e):
            _indented(e, "      ", out)
            continue
        sep = "{\n        "
        for k, v in e.items():
            s = _scalar(v)
            if s is not None:
                out.append(sep + encode_basestring(k) + ": " + s)
            else:
                out.append(sep + encode_basestring(k) + ": ")
                _indented(v, "        ", out)
            sep = ",\n        "
        out.append("\n      }")


def _indented(value: object, indent: str, out: list[str]) -> None:
    """`json.dumps(value, ensure_ascii=False, indent=2, default=str)`, its lines after the first
    starting with `indent`, appended to `out`: the same text, without the pure-Python encoder json.dumps
    takes when it indents (40 % of `validate --format json` at 200k). Strings are encoded by json's own
    C function; what is not a str, int, bool, None, list, tuple or dict with str keys goes to json.dumps."""
    t = type(value)
    if t is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif t is int:
        out.append(int.__repr__(value))
    elif t is dict and all(type(k) is str for k in value):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        sep = "{\n" + inner
        for k, v in value.items():
            out.append(sep + encode_basestring(k) + ": ")
            _indented(v, inner, out)
            sep = ",\n" + inner
        out.append("\n" + indent + "}")
    elif t is list or t is tuple:
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        sep = "[\n" + inner
        for v in value:
            out.append(sep)
            _indented(v, inner, out)
            sep = ",\n" + inner
        out.append("\n" + indent + "]")
    else:
        # only "\n" starts a line in json.dumps' output (a raw U+2028 in a string is not a line break)
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
        out.append(text.replace("\n", "\n" + indent))


def summary_rows(counts: Mapping[tuple[str, str], int]) -> list[dict]:
    """One row per rule and severity, errors first, then by rule."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return [
        {"code": code, "rule": _(RULE_TITLES[code]) if code in RULE_TITLES else code, "severity": sev, "n": n}
        for (sev, code), n in sorted(counts.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1]))
    ]


def print_summary(counts: Mapping[tuple[str, str], int], title: str) -> None:
    from rich.table import Table

    from luocdo.present import console, header

    t = Table(title=title, header_style="bold")
    t.add_column(header("code"), no_wrap=True)
    t.add_column(_("rule"))
    t.add_column(header("severity"), no_wrap=True)
    t.add_column(_("findings"), justify="right", no_wrap=True)
    for r in summary_rows(counts):
        t.add_row(r["code"], r["rule"], severity_name(r["severity"]), str(r["n"]))
    console.print(t)

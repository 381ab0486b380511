"""Printing answers: rich tables by default, JSON, CSV or an Excel workbook for people and scripts.
Every answer carries its evidence.

JSON is for scripts: English keys, the values as stored (relation and level codes, ISO dates, the
sentence as written). Tables, CSV and xlsx are for people: headers, relation names and levels in the
interface language (luocdo.i18n), dates dd/mm/yyyy (real dates in xlsx), evidence in its own columns
(file, position, sentence) with Markdown and HTML taken out of the sentence shown. File paths are
relative to the folder the reports were ingested from (the folder all the store's files share)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from luocdo.i18n import N_, _, date_text, level_name, relation_name, severity_name
from luocdo.writing import csv_cell

if TYPE_CHECKING:
    import sqlite3

console = Console()
TABLE_SENTENCE = 160  # tables show this much of an evidence sentence, around the citation
ANSWER_FORMATS = ("table", "json", "csv", "xlsx")
SUFFIX_FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".txt": "table"}

# column headers of the tables people read (JSON keeps the keys)
HEADERS = {
    "body": N_("body"),
    "level": N_("level"),
    "province": N_("province"),
    "how": N_("how"),
    "chain": N_("chain"),
    "reports_in_store": N_("reports in store"),
    "known_from": N_("known from"),
    "from": N_("from"),
    "relation": N_("relation"),
    "to": N_("to"),
    "document": N_("document"),
    "date": N_("date"),
    "issuer": N_("issuer"),
    "code": N_("code"),
    "severity": N_("severity"),
    "explanation": N_("explanation"),
    "suggestion": N_("suggestion"),
    "name": N_("name"),
    "description": N_("description"),
    "params": N_("parameters"),
    "reports": N_("reports"),
    "mentions": N_("mentions"),
    "where": N_("where"),
    "file": N_("file"),
    "line": N_("position"),
    "sentence": N_("sentence quoted"),
    "confidence": N_("confidence"),
    "type": N_("type"),
    "number": N_("number"),
    "symbol": N_("symbol"),
    "depth": N_("depth"),
    "via": N_("via"),
    "doc": N_("document"),
    "src": N_("from"),
    "dst": N_("to"),
    "label": N_("document"),
    "bodies": N_("bodies"),
    "so_ky_hieu": N_("number and symbol"),
    "loai_van_ban": N_("document type"),
    "ngay_ban_hanh": N_("date issued"),
    "co_quan_ban_hanh": N_("issuing body"),
    "tinh_trang_hieu_luc": N_("status"),
    "trich_yeu": N_("title"),
    "replaced_by": N_("replaced by"),
    "amended_by": N_("amended by"),
    "sources": N_("sources"),
    "catalog": N_("catalog"),
    "origin": N_("origin"),
    "field": N_("field"),
    "value": N_("value"),
}
DATE_COLUMNS = {"date", "ngay_ban_hanh"}
EVIDENCE_COLUMNS = ("file", "line", "sentence")


def label(d: sqlite3.Row | Mapping) -> str:
    """'Chỉ thị 26/CT-TTg' / 'Kế hoạch 84/KH-UBND' / 'Luật Tổ chức chính quyền địa phương'."""
    if not d["number"]:
        return f"{d['type']} {d['name'] or ''}".strip()
    sym = d["symbol"] or ""
    if "/" in sym and "-" not in sym.split("/")[0] and not d["year"]:
        return f"{d['type']} {d['number']}-{sym}"
    year = f"{d['year']}/" if d["year"] else ""
    return f"{d['type']} {d['number']}/{year}{sym}"


def header(key: str) -> str:
    return _(HEADERS[key]) if key in HEADERS else key


# ---- paths ------------------------------------------------------------------------------------------
_store = None
_root: str | None = None


def use_store(st) -> None:
    """Paths in answers are shown relative to the folder the files of this store share."""
    global _store, _root
    _store, _root = st, None


def _store_root() -> str | None:
    global _root
    if _root is None and _store is not None:
        try:
            _root = _shared_folder(_store.db)
        except (ValueError, Exception):  # noqa: BLE001 (mixed drives, a damaged table: paths as stored)
            _root = ""
    return _root or None


def _shared_folder(db) -> str:
    """The folder every stored file is under: found from the first and the last path (the unique index
    on files.path), checked by two probes of that index that no path lies outside it; else every path
    read (a store of 200,000 reports: milliseconds instead of a second)."""
    first, last = db.execute(  # two subqueries: each one end of the index (together: a scan)
        "SELECT (SELECT min(path) FROM files), (SELECT max(path) FROM files)"
    ).fetchone()
    if first is None:
        return ""
    guess = os.path.commonpath([os.path.dirname(first), os.path.dirname(last)])
    inside = guess if guess.endswith("/") else guess + "/"
    outside = db.execute(
        "SELECT 1 FROM files WHERE path < ? OR path >= ? LIMIT 1", (inside, inside[:-1] + "0")
    ).fetchone()
    if guess and os.path.isabs(guess) and outside is None:
        return guess
    dirs = {os.path.dirname(r[0]) for r in db.execute("SELECT path FROM files")}
    return os.path.commonpath(sorted(dirs)) if dirs else ""


def rel_path(p: str | None) -> str:
    """A file of the store relative to the folder ingested (else to the current folder, else as is)."""
    if not p:
        return p or ""
    root = _store_root()
    if root and _plain_under(p, root):  # what relpath gives, without its normalizing (a chain: 117,000 paths)
        return p[len(root) + 1 :]
    for base in (root, os.getcwd()):
        if base and os.path.isabs(p):
            rel = os.path.relpath(p, base)
            if not rel.startswith(".."):
                return rel
    return p


def _plain_under(p: str, root: str) -> bool:
    """p lies under the absolute folder root and is written plainly (POSIX: no //, no . or .. part, no
    trailing /), so that os.path.relpath(p, root) is the rest of p after root/."""
    return (
        os.sep == "/"
        and len(p) > len(root) + 1
        and p[len(root)] == "/"
        and p.startswith(root)
        and root.startswith("/")
        and not root.endswith("/")
        and "//" not in p
        and "/." not in p
        and not p.endswith("/")
    )


short_path = rel_path  # the old name


def fmt_date(d: str | None) -> str:
    return date_text(d)


# ---- evidence sentences as people read them ------------------------------------------------------------
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP_TAG = re.compile(r"<sup>\s*([^<]{0,12}?)\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_LINE_START = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S)|\d+[.)]\s+(?=[^\d]))")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def clean_sentence(s: str | None) -> str:
    """The sentence without Markdown (headings, bold, italics, links) or HTML tags; a footnote mark
    <sup>1</sup> becomes ¹. For display only: offsets in the store point into the text as written."""
    if not s:
        return s or ""
    s = _SUP_TAG.sub(lambda m: m.group(1).translate(_SUP) if m.group(1).isdigit() else m.group(1), s)
    s = _TAG.sub("", s)
    s = _LINK.sub(r"\1", s)
    for _i in range(2):
        s = _EMPHASIS.sub(r"\2", s)
    s = _LINE_START.sub("", s).replace("**", "").replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", s).strip()


def trim_around(s: str, needles: Sequence[str] = (), width: int = TABLE_SENTENCE) -> str:
    """At most about `width` characters of `s`, cut at spaces, keeping the first needle found (the
    citation) in view: '… thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của …'."""
    if len(s) <= width:
        return s
    at = -1
    for n in needles:
        if n:
            at = s.find(n)
            if at < 0:
                at = s.casefold().find(n.casefold())
            if at >= 0:
                break
    start = 0 if at < 0 else max(0, at - width // 3)
    end = min(len(s), start + width)
    start = max(0, min(start, end - width))
    if start > 0:
        sp = s.find(" ", start)
        start = sp + 1 if 0 <= sp < start + 20 else start
    if end < len(s):
        sp = s.rfind(" ", start, end)
        end = sp if sp > start + width // 2 else end
    return ("… " if start > 0 else "") + s[start:end].strip() + (" …" if end < len(s) else "")


def evidence(file: str, line, sentence: str, cited: str | None = None) -> dict:
    """One piece of evidence as answers carry it; `cited` (the citation, to trim the sentence around)
    stays out of JSON."""
    d = {"file": rel_path(file), "line": line, "sentence": sentence}
    if cited:
        d["_cited"] = cited
    return d


def cited_text(d) -> list[str]:
    """What to look for in a sentence to find the citation of document d: its number and symbol."""
    try:
        number, symbol = d["number"], d["symbol"]
    except (KeyError, IndexError, TypeError):
        return []
    out = []
    if number and symbol:
        out.append(f"{number}/{symbol.split('/')[-1]}")
    if number:
        out.append(str(number))
    return out


# ---- where an answer goes: the standard output, or a file named by -o --------------------------------
class FormatError(ValueError):
    pass


def answer_format(fmt: str | None, output: Path | None, default: str = "table") -> str:
    """The format of an answer: --format if given, else the extension of -o (.xlsx, .csv, .json,
    .txt), else `default`. A --format that the extension contradicts, an extension that names no
    format, and xlsx without -o are refused."""
    suffix_fmt = SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        if output is not None and suffix_fmt is None:
            raise FormatError(
                _("{path}: cannot tell the format from the extension; add --format ({formats})").format(
                    path=output, formats=", ".join(ANSWER_FORMATS)
                )
            )
        fmt = suffix_fmt or default
    elif output is not None and suffix_fmt is not None and suffix_fmt != fmt:
        raise FormatError(
            _("--format {fmt} does not match {path} (a {other} file name)").format(
                fmt=fmt, path=output, other=output.suffix
            )
        )
    if fmt == "xlsx" and output is None:
        raise FormatError(_("--format xlsx writes a workbook: add -o FILE.xlsx"))
    return fmt


class _Sink:
    def __init__(self) -> None:
        self.sheets: list[tuple[str, list[str], list[list]]] = []
        self.csv_started = False


_sink = _Sink()


@contextlib.contextmanager
def answer_to(output: Path | None, fmt: str) -> Iterator[None]:
    """Everything emitted inside the block goes to `output` (written completely or not at all), or to
    the standard output; xlsx tables become the sheets of one workbook."""
    global _sink
    from luocdo.writing import replacing

    _sink = _Sink()
    try:
        if fmt == "xlsx":
            yield
            from luocdo.sheets import write_workbook

            write_workbook(output, _sink.sheets or [(_("results"), [], [])])
        elif output is None:
            yield
        else:
            with replacing(output, newline="") as f, contextlib.redirect_stdout(f):
                yield
    finally:
        _sink = _Sink()


def _csv_start() -> str:
    """A byte order mark before the first CSV line (Excel on Windows reads UTF-8 by it)."""
    if _sink.csv_started:
        return ""
    _sink.csv_started = True
    return "\ufeff"


# ---- tables ---------------------------------------------------------------------------------------------
def _is_evidence(v) -> bool:
    if isinstance(v, dict):
        return {"file", "line", "sentence"} <= v.keys()
    return isinstance(v, list) and bool(v) and all(_is_evidence(x) for x in v)


def _how(v: str) -> str:
    if v == "direct":
        return _("direct")
    if isinstance(v, str) and v.startswith("via "):
        return _("via {document}").format(document=v[4:])
    return v


def _display(key: str, v, fmt: str):
    """A value as people read it in a table, CSV or workbook."""
    if v is None:
        return ""
    if key == "relation":
        return relation_name(v)
    if key == "level":
        return level_name(v)
    if key == "severity":
        return severity_name(v)
    if key == "how":
        return _how(v)
    if key in DATE_COLUMNS:
        if fmt == "xlsx":
            from luocdo.sheets import date_cell

            return date_cell(v)
        return date_text(v)
    if key == "file":
        return rel_path(v)
    if key == "sentence":
        return clean_sentence(v)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return _("yes") if v else _("no")
    return v


def human_rows(rows: Sequence[dict], cols: Sequence[str], fmt: str) -> tuple[list[str], list[list]]:
    """Columns and rows for people: an evidence column becomes file, position and sentence (one row
    per piece of evidence, the answer's other cells repeated)."""
    ev_cols = [c for c in cols if any(_is_evidence(r.get(c)) for r in rows)]
    plain = [c for c in cols if c not in ev_cols]
    keys = plain + (list(EVIDENCE_COLUMNS) if ev_cols else [])
    out = []
    for r in rows:
        base = [_display(k, r.get(k), fmt) for k in plain]
        items: list[dict] = []
        for c in ev_cols:
            v = r.get(c)
            items += v if isinstance(v, list) else ([v] if v else [])
        for e in items or [{}]:
            ev = [_display(k, e.get(k), fmt) for k in EVIDENCE_COLUMNS] if ev_cols else []
            out.append(base + ev)
    return keys, out


def emit(
    rows: Sequence[dict],
    fmt: str,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
) -> None:
    """rows as a rich table, JSON (list of objects), CSV (with a byte order mark; a cell starting with
    = + - @ tab or CR gets a leading ' so that a spreadsheet does not run it as a formula) or a sheet of
    the workbook being written. A table shows the first `limit` rows (None: all) and says how many more
    there are; the other formats always carry every row."""
    cols = list(columns or (rows[0].keys() if rows else []))
    cols = [c for c in cols if not c.startswith("_")]
    if fmt == "json":
        write_json(_public(list(rows)))
        return
    if fmt in ("csv", "xlsx"):
        keys, body = human_rows(rows, cols, fmt)
        heads = [header(k) for k in keys]
        if fmt == "xlsx":
            _sink.sheets.append((title or _("results"), heads, body))
            return
        buf = io.StringIO()
        w = csv.writer(buf)
        if keys:
            w.writerow(heads)
        for r in body:
            w.writerow([csv_cell(v) for v in r])
        if not rows:
            sys.stderr.write(_("0 results") + (f" ({title})" if title else "") + "\n")
        sys.stdout.write(_csv_start() + buf.getvalue())
        return
    if not rows:
        console.print((f"{title}: " if title else "") + _("0 results"))
        return
    shown = rows if limit is None or len(rows) <= limit else rows[:limit]
    _print_table(shown, cols, title)
    if len(shown) < len(rows):
        more_line(len(rows) - len(shown))


def more_line(n: int) -> None:
    """The line under a table cut short."""
    console.print(_("… {n} more (use --all or --limit N)").format(n=n))


def write_json(value) -> None:
    """An answer as JSON on the output (indented, Vietnamese as it is)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _public(v):
    """JSON without the hints meant for display (keys starting with _)."""
    if isinstance(v, dict):
        return {k: _public(x) for k, x in v.items() if not (isinstance(k, str) and k.startswith("_"))}
    if isinstance(v, list):
        return [_public(x) for x in v]
    return v


def _print_table(rows: Sequence[dict], cols: Sequence[str], title: str | None) -> None:
    """A terminal table: the evidence as 'file:line', kept whole, and the sentence trimmed around the
    citation, one line per piece of evidence. From 100 columns up 'file:line' has its own column;
    narrower, the sentence goes under it in the same cell."""
    from rich.console import Group
    from rich.text import Text

    ev_cols = [c for c in cols if any(_is_evidence(r.get(c)) for r in rows)]
    keys = [c for c in cols if c not in ev_cols]
    wide = console.width >= 100
    t = Table(title=title, header_style="bold", show_lines=not ev_cols)
    # rich does not shrink the other columns to make room for a wide one: share the width out here
    share = None
    if ev_cols:
        longest = max(
            (len(f"{rel_path(e['file'])}:{e['line']}") for r in rows for e in _items(r, ev_cols)), default=20
        )
        ev_width = min(longest, console.width // 2) if not wide else longest
        rest = console.width - (3 * (len(keys) + (2 if wide else 1)) + 1) - ev_width - (30 if wide else 0)
        share = max(8, rest // max(1, len(keys)))
    for k in keys:
        t.add_column(header(k), no_wrap=k in ("line", "code") or k in DATE_COLUMNS, max_width=share)
    if ev_cols and wide:
        t.add_column(header("where"), no_wrap=True, min_width=ev_width)
        t.add_column(header("sentence"), min_width=24)
    elif ev_cols:
        t.add_column(header("where") + " · " + header("sentence"), width=ev_width)
    for r in rows:
        base = [_cell(k, r.get(k)) for k in keys]
        items = _items(r, ev_cols)
        if not ev_cols:
            t.add_row(*base)
            continue
        items = items or [{"file": "", "line": "", "sentence": ""}]
        for i, e in enumerate(items):
            where = f"{rel_path(e['file'])}:{e['line']}" if e["file"] else ""
            sentence = trim_around(
                clean_sentence(e["sentence"]), [e.get("_cited") or ""], TABLE_SENTENCE if wide else 110
            )
            cells = base if i == 0 else [""] * len(base)
            if wide:
                t.add_row(*cells, where, sentence, end_section=i == len(items) - 1)
            else:
                t.add_row(
                    *cells,
                    Group(Text(where, style="cyan", overflow="fold"), Text(sentence)),
                    end_section=i == len(items) - 1,
                )
    console.print(t)


def print_findings(rows: Sequence[dict], title: str | None) -> None:
    """Validation findings as a terminal table built for reading them: the code with its severity, the
    document, then the explanation, "→ suggestion" and the evidence together in the widest column (from
    120 columns up the evidence has a column of its own). The generic table shares the width out
    evenly, which leaves a one-word-a-line explanation at 80 columns."""
    from rich.console import Group
    from rich.text import Text

    if not rows:
        console.print((f"{title}: " if title else "") + _("0 results"))
        return
    wide = console.width >= 120
    t = Table(title=title, header_style="bold", show_lines=True, expand=True)
    t.add_column(header("code"), no_wrap=True, width=9)
    t.add_column(header("document"), width=18 if wide else 14, overflow="fold")
    t.add_column(header("explanation") + " → " + header("suggestion"), ratio=3 if wide else 1)
    if wide:
        t.add_column(header("where") + " · " + header("sentence"), ratio=4)
    for r in rows:
        say = Group(Text(str(r["explanation"])), Text("→ " + str(r["suggestion"]), style="green"))
        evidence = [
            Group(
                Text(f"{rel_path(e['file'])}:{e['line']}", style="cyan", overflow="fold"),
                Text(trim_around(clean_sentence(e.get("sentence") or ""), [], 110)),
            )
            for e in r.get("evidence") or []
            if e.get("file")
        ]
        code = Group(Text(r["code"], style="bold"), Text(severity_name(r["severity"])))
        if wide:
            t.add_row(code, r["document"], say, Group(*evidence))
        else:
            t.add_row(code, r["document"], Group(say, *evidence))
    console.print(t)


def _items(r: dict, ev_cols: Sequence[str]) -> list[dict]:
    items: list[dict] = []
    for c in ev_cols:
        v = r.get(c)
        items += v if isinstance(v, list) else ([v] if v else [])
    return items


def _cell(key: str, v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "\n".join(_cell(key, x) for x in v)
    if key == "sentence":
        return trim_around(clean_sentence(v))
    shown = _display(key, v, "table")
    return shown if isinstance(shown, str) else str(shown)


# ---- the answers of the graph questions, printed the same whichever engine found them -----------


def doc_line(d) -> str:
    """'Chỉ thị 26/CT-TTg · 05/09/2016 · Thủ tướng Chính phủ'."""

    return " · ".join(x for x in (label(d), fmt_date(d["date"]), d["issuer"] or "") if x)


def print_target(rows: Sequence, fmt: str, badge: str = "") -> None:
    """The document a question is about (and others the text typed also matched), above a table;
    badge: how some citations disagree with it ('⚠ also cited as 05/09/2017')."""
    if fmt != "table":
        return
    also = (
        "  ("
        + _("also matched: {documents}").format(documents="; ".join(doc_line(r) for r in rows[1:]))
        + ")"
        if len(rows) > 1
        else ""
    )
    console.print(f"[bold]{doc_line(rows[0])}[/bold]" + (f" {badge}" if badge else "") + also)


def emit_missing(missing: Sequence[dict], level: str, target, fmt: str, limit: int | None = None) -> None:

    missing, left = _cut(missing, fmt, limit)
    emit(
        [
            {
                "body": m["body"],
                "level": m["level"],
                "province": m["province"],
                "reports_in_store": m["reports"],
                "known_from": m["source"],
            }
            for m in missing
        ],
        fmt,
        title=_("{level} bodies with no implementation of {document}").format(
            level=level_name(level), document=label(target)
        ),
    )
    if left:
        more_line(left)


def _cut(rows: Sequence, fmt: str, limit: int | None) -> tuple[Sequence, int]:
    """The rows a table shows and how many it leaves out (other formats: all of them)."""
    if fmt != "table" or limit is None or len(rows) <= limit:
        return rows, 0
    return rows[:limit], len(rows) - limit


def emit_implementers(found: Sequence, target, fmt: str, limit: int | None = None) -> None:
    """Each implementing body with its shortest chain and the evidence of each link."""

    found, left = _cut(found, fmt, limit)
    out = []
    for imp in found:
        chain = imp.chains[0]
        out.append(
            {
                "body": imp.body,
                "level": imp.level,
                "province": imp.province,
                "how": "direct"
                if imp.direct
                else "via " + label(chain[-1].src if len(chain) == 1 else chain[1].src),
                "chain": " → ".join([label(s.src) for s in chain] + [label(chain[-1].dst)]),
                "evidence": [
                    evidence(e.file, e.line, e.sentence, cited=_first(cited_text(s.dst)))
                    for s in chain
                    for e in s.evidence[:1]
                ],
            }
        )
    if fmt == "table":  # the chain says how; level and province go under the body
        out = [
            {
                "body": "\n".join(
                    [o["body"], " · ".join(x for x in (level_name(o["level"]), o["province"]) if x)]
                ).strip(),
                "chain": o["chain"],
                "evidence": o["evidence"],
            }
            for o in out
        ]
    emit(out, fmt, title=_("implementers of {document}").format(document=label(target)))
    if left:
        more_line(left)


def _first(xs: Sequence[str]) -> str | None:
    return xs[0] if xs else None


def emit_chain(
    target,
    docs: Sequence,
    steps: Sequence,
    *,
    up: bool,
    fmt: str,
    badge: str = "",
    limit: int | None = None,
    counts: tuple[int, int] | None = None,
) -> None:
    """Every link of a chain with its best evidence, under a line naming the target (a table: the first
    `limit` links). `counts` (documents, links): the chain's sizes when `steps` holds only its first links."""
    n_docs, n_links = counts or (len(docs), len(steps))

    if fmt == "table":
        console.print(
            f"[bold]{doc_line(target)}[/bold]{' ' + badge if badge else ''} — "
            + _("{documents} documents, {links} links ({direction})").format(
                documents=n_docs, links=n_links, direction=_("up") if up else _("down")
            )
        )
    shown, left = _cut(steps, fmt, limit)
    left = n_links - len(shown) if fmt == "table" else left
    lines, labels, cited = (
        _per_document(doc_line),
        _per_document(label),
        _per_document(lambda d: _first(cited_text(d))),
    )
    if fmt == "json":  # no display hints (the citation to trim around): written as is
        cited = _per_document(lambda d: None)
    rows = [
        {
            "from": lines(s.src),
            "relation": s.relation,
            "to": labels(s.dst),
            "evidence": [evidence(e.file, e.line, e.sentence, cited=cited(s.dst)) for e in s.evidence[:1]],
        }
        for s in shown
    ]
    if fmt == "json":  # a chain at 200k reports: 117,000 links
        write_json(rows)
    else:
        emit(
            rows,
            fmt,
            title=_("chain of {document}").format(document=label(target)) if fmt == "xlsx" else None,
        )
    if left:
        more_line(left)


def _per_document(f):
    """f of a document, computed once per document object (a chain names its documents many times and
    shares their rows; the steps keep them alive, so an object's id is not reused meanwhile)."""
    done: dict = {}

    def once(d):
        key = id(d)
        if key not in done:
            done[key] = f(d)
        return done[key]

    return once


CARD_LISTS = ("cites", "cited_by", "implemented_by", "mentions", "findings")


def cut_card(card: dict, limit: int | None) -> dict:
    """The card with the first `limit` items of each list (card["counts"] keeps how many there are)."""
    if limit is None:
        return card
    return {k: v[:limit] if k in CARD_LISTS else v for k, v in card.items()}


def print_card(card: dict, fmt: str) -> None:
    """A document's card (luocdo show): JSON as it is, its mentions as CSV, every part as a sheet of a
    workbook, or tables. A list cut short is followed by how many more there are (card["counts"])."""
    if fmt == "json":  # written as it is encoded: a card with every mention is megabytes
        for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(_public(card)):
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        emit(card["mentions"], "csv")
        return
    if fmt == "xlsx":
        emit(
            [
                {"field": header(k), "value": _display(k, card[k], "xlsx")}
                for k in (
                    "document",
                    "type",
                    "number",
                    "symbol",
                    "date",
                    "issuer",
                    "level",
                    "title",
                    "status",
                )
            ],
            "xlsx",
            title=card["document"],
        )
        for name, title in (("cites", _("cites")), ("cited_by", _("cited by"))):
            emit(card[name], "xlsx", title=title)
        emit(card["mentions"], "xlsx", title=_("mentions"))
        emit(card["findings"], "xlsx", title=_("findings"))
        return
    console.print(
        f"[bold]{card['document']}[/bold] · {fmt_date(card['date'])} · {card['issuer'] or '?'} · "
        f"{card['status']}"
    )
    if card["title"]:
        console.print(f"  {card['title']}")
    if card["also_matched"]:
        console.print("  " + _("also matched: {documents}").format(documents="; ".join(card["also_matched"])))
    for c in card.get("cited_as") or []:
        when = (
            fmt_date(c["cited"])
            if c["field"] == "date"
            else _("with the year {year}").format(year=c["cited"])
        )
        console.print(
            "  ⚠ "
            + _("also cited as {when} ({n} mention(s)); see the findings").format(when=when, n=c["mentions"])
        )
    for name, title in (("cites", _("cites")), ("cited_by", _("cited by"))):
        if card[name]:
            emit(
                [
                    {
                        **{k: v for k, v in r.items() if k not in ("file", "line", "sentence")},
                        "evidence": evidence(r["file"], r["line"], r.get("sentence") or ""),
                    }
                    for r in card[name]
                ],
                "table",
                title=title,
            )
            _more(card, name)
    if card["implemented_by"]:
        console.print(
            _("implemented by: ")
            + ", ".join(
                i["body"] + ("" if i["direct"] else " " + _("(via a plan)")) for i in card["implemented_by"]
            )
        )
        _more(card, "implemented_by")
    cited = [
        x
        for x in (
            card.get("number") and f"{card['number']}/{(card.get('symbol') or '').split('/')[-1]}",
            card.get("number"),
        )
        if x
    ]
    emit(
        [
            {
                "date": m["date"] or "",
                "evidence": {**evidence(m["file"], m["line"], m["sentence"]), "_cited": _first(cited)},
            }
            for m in card["mentions"]
        ],
        "table",
        title=_("{n} mentions").format(n=card.get("counts", {}).get("mentions", len(card["mentions"]))),
    )
    _more(card, "mentions")
    if card["findings"]:
        emit(
            [{k: f[k] for k in ("code", "severity", "explanation", "suggestion")} for f in card["findings"]],
            "table",
            title=_("findings"),
        )
        _more(card, "findings")


def _more(card: dict, name: str) -> None:
    left = card.get("counts", {}).get(name, 0) - len(card[name])
    if left > 0:
        more_line(left)


def make_card(
    d, *, status: str, cites: Sequence, cited_by: Sequence, implementers: Sequence, also: Sequence
) -> dict:
    """The card of document d (a row with type, number, ...) from what the engine found around it;
    mentions and findings are filled by the caller when the store is at hand."""

    return {
        "document": label(d),
        "type": d["type"],
        "number": d["number"],
        "symbol": d["symbol"],
        "date": d["date"],
        "issuer": d["issuer"],
        "level": d["level"],
        "title": d["title"],
        "status": status,
        "cites": [
            {"relation": r["relation"], "document": label(r), "file": rel_path(r["path"]), "line": r["line"]}
            for r in cites
        ],
        "cited_by": [
            {
                "relation": r["relation"],
                "document": label(r),
                "issuer": r["issuer"],
                "file": rel_path(r["path"]),
                "line": r["line"],
                "sentence": r["sentence"],
            }
            for r in cited_by
        ],
        "implemented_by": [{"body": i.body, "direct": i.direct} for i in implementers],
        "mentions": [],
        "findings": [],
        "cited_as": [],  # citations that disagree with the document (luocdo.store.variants), filled by the caller
        "also_matched": [doc_line(r) for r in also],
    }


def mention_rows(mentions: Sequence) -> list[dict]:
    """Mentions (rows of the store's mentions joined with their file) as a card lists them."""
    return [
        {
            "file": rel_path(m["path"]),
            "line": m["line"],
            "sentence": m["sentence"],
            "date": m["date"],
            "confidence": m["confidence"],
        }
        for m in mentions
    ]


def progress(name: str, *, quiet: bool):
    """The progress bar of long commands (ingest, neo4j push): on stderr's console, gone when done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(f"[bold]{name}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        disable=quiet,
        transient=True,
    )

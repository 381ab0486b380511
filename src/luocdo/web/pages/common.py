"""What the pages share: the store of the request, findings cached per state of the store, paging."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import HTTPException, Request

from luocdo.graph.ask import label
from luocdo.store import Store
from luocdo.validate import kept
from luocdo.validate.rules import Msg
from luocdo.web.state import FileNames, State

PAGE_SIZE = 50


def state(request: Request) -> State:
    return request.app.state.luocdo


def store(request: Request) -> Store:
    return state(request).store()


def names(request: Request) -> FileNames:
    return state(request).names()


def document_row(st: Store, doc_id: int):
    d = st.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if d is None:
        raise HTTPException(404)
    return d


def file_ids(st: Store, paths: set[str]) -> dict[str, int]:
    """Report ids of stored paths (evidence names its file by path)."""
    if not paths:
        return {}
    rows = st.db.execute(
        "SELECT path, file_id FROM file_paths WHERE path IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(paths)),),
    )
    return {r[0]: r[1] for r in rows}


@dataclass
class Finding:
    """A validation finding with where it was found: its report, the body that wrote it, its province."""

    code: str
    severity: str
    document: str
    explanation: Msg  # put into words when shown, in the language of the request
    suggestion: Msg
    evidence: list[dict]
    body: str
    province: str

    def as_row(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "document": self.document,
            "body": self.body,
            "province": self.province,
            "explanation": str(self.explanation),
            "suggestion": str(self.suggestion),
            "evidence": [
                {"file": e["file"], "line": e["line"], "sentence": e["sentence"]} for e in self.evidence
            ],
        }


def findings(request: Request) -> list[Finding] | None:
    """Every finding of the store (kept in the store, luocdo.validate.kept: re-checked where the store
    changed), read once per state of the store in a background thread; None until the first reading
    ends, then the last one while the next runs."""
    st_ = state(request)

    def compute() -> list[Finding]:
        st = st_.store()
        return placed(st, st_.names(), list(kept.findings(st)))

    return st_.eventually("findings", compute)


def placed(st: Store, shown: FileNames, raw: list) -> list[Finding]:
    """Findings with the report, body and province of their first evidence."""
    paths = {e["file"] for f in raw for e in f.evidence if e.get("file")}
    where = {}
    if paths:
        for r in st.db.execute(
            "SELECT p.path, p.file_id, d.issuer, b.province FROM file_paths p JOIN files f ON f.id = p.file_id"
            " LEFT JOIN documents d ON d.id = f.report_doc LEFT JOIN bodies b ON b.name = d.issuer"
            " WHERE p.path IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(paths)),),
        ):
            where[r[0]] = (r[1], r[2] or "", r[3] or "")
    out = []
    for f in raw:
        first = next((where[e["file"]] for e in f.evidence if e.get("file") in where), (None, "", ""))
        out.append(
            Finding(
                f.code,
                f.severity,
                f.document,
                f.why,
                f.fix,
                [
                    {
                        "file": shown.show(e.get("file")),
                        "line": e.get("line"),
                        "sentence": e.get("sentence") or "",
                        "report": where.get(e.get("file"), (None,))[0],
                    }
                    for e in f.evidence
                ],
                first[1],
                first[2],
            )
        )
    return out


def findings_ready(request: Request) -> bool:
    return state(request).ready("findings")


@dataclass
class Page:
    items: Sequence
    number: int
    pages: int
    total: int


def paged(items: Sequence, number: int, size: int = PAGE_SIZE) -> Page:
    pages = max(1, math.ceil(len(items) / size))
    number = min(max(1, number), pages)
    return Page(items[(number - 1) * size : number * size], number, pages, len(items))


def doc_label(d) -> str:
    return label(d)

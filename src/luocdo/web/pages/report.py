"""Báo cáo: one report's text with every recognised citation highlighted and linked to its document,
its header and its findings. The text is read again from the file the store names (by the report's id:
no path from the request), and only when the file still has the content that was ingested."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request

from luocdo.graph.ask import label
from luocdo.i18n import _, language
from luocdo.load import LoadError, load_bytes, read_bytes
from luocdo.store.evidence import sentence_sql, surface_sql
from luocdo.web.marks import marked_text
from luocdo.web.pages.common import findings, names, state, store
from luocdo.web.tables import table_download
from luocdo.web.templating import render

router = APIRouter()



def _document_label(m) -> str:
    """The label of the document a mention row (with its document's d* columns) resolved to."""
    return label(
        {"type": m["dtype"], "number": m["dnumber"], "year": m["dyear"], "symbol": m["dsymbol"], "name": m["dname"]}
    )

def _text(path: str, sha: str) -> tuple[str | None, str | None]:
    """(text, problem): the report's text as it was extracted, or why it cannot be shown."""
    try:
        data = read_bytes(Path(path))
    except LoadError:
        return None, _(
            "The file of this report is no longer where it was ingested from; its citations are listed below."
        )
    if hashlib.sha256(data).hexdigest() != sha:
        return None, _(
            "The file of this report has changed since it was ingested; ingest it again to see its text."
        )
    try:
        return load_bytes(data, Path(path).name).text, None
    except LoadError as e:
        return None, str(e)


def report_data(request: Request, file_id: int) -> dict:
    def compute() -> dict:
        st = store(request)
        f = st.db.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
        if f is None:
            raise HTTPException(404)
        header = st.header(f)
        mentions = st.db.execute(
            f'SELECT m.mid, m.line, m.start, m."end", {surface_sql("m")} AS surface, m.type, m.number, m.symbol,'
            " m.date, m.issuer,"
            f" m.relation, {sentence_sql('m')} AS sentence, m.doc_id, m.candidates, d.type AS dtype, d.number AS dnumber, d.year AS dyear,"
            " d.symbol AS dsymbol, d.name AS dname FROM mentions m LEFT JOIN documents d ON d.id = m.doc_id"
            " WHERE m.file_id = ? ORDER BY m.start",
            (file_id,),
        ).fetchall()
        text, problem = _text(f["path"], f["sha256"])
        spans = []
        if text is not None:
            for m in mentions:
                start, end = m["start"], m["end"]
                if text[start:end] != m["surface"]:  # offsets of another reading: look near by
                    at = text.find(m["surface"], max(0, start - 200))
                    if at < 0:
                        continue
                    start, end = at, at + len(m["surface"])
                tip = _document_label(m) if m["doc_id"] else _("not resolved to one document")
                spans.append((start, end, f"/van-ban/{m['doc_id']}" if m["doc_id"] else None, tip))
        report_doc = (
            st.db.execute("SELECT * FROM documents WHERE id = ?", (f["report_doc"],)).fetchone()
            if f["report_doc"]
            else None
        )
        return {
            "file": f,
            "name": names(request).show(f["path"]),
            "header": header,
            "report_doc": report_doc,
            "text": marked_text(text, spans) if text is not None else None,
            "problem": problem,
            "mentions": [dict(m) for m in mentions],
            "resolved": sum(1 for m in mentions if m["doc_id"]),
        }

    return state(request).cached(f"report:{file_id}:{language()}", compute)


def _own_findings(request: Request, file_id: int) -> list:
    every = findings(request) or []

    def by_report() -> dict[int, list]:
        out: dict[int, list] = {}
        for f in every:
            for r in {e["report"] for e in f.evidence if e["report"] is not None}:
                out.setdefault(r, []).append(f)
        return out

    return state(request).cached(f"findings-by-report:{id(every)}", by_report).get(file_id, [])


@router.get("/bao-cao/{file_id}")
def report_page(request: Request, file_id: int):
    data = report_data(request, file_id)
    return render(
        request,
        "report.html",
        title=data["name"],
        label=label,
        findings=_own_findings(request, file_id),
        **data,
    )


@router.get("/bao-cao/{file_id}/bang.{fmt}")
def report_export(request: Request, file_id: int, fmt: str):
    if fmt not in ("xlsx", "csv"):
        raise HTTPException(404)
    data = report_data(request, file_id)
    rows = [
        {
            "document": _document_label(m) if m["doc_id"] else m["surface"],
            "relation": m["relation"],
            "date": m["date"],
            "issuer": m["issuer"],
            "evidence": {"file": data["name"], "line": m["line"], "sentence": m["sentence"]},
        }
        for m in data["mentions"]
    ]
    tables = [
        (_("mentions"), rows, None),
        (_("findings"), [f.as_row() for f in _own_findings(request, file_id)], None),
    ]
    return table_download(tables, fmt, f"bao-cao-{file_id}")

"""Tổng quan: what the store holds, and the search box (documents as people type them)."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from luocdo.graph.ask import label, lookup
from luocdo.graph.lookup import describe
from luocdo.graph.named import run
from luocdo.web.pages.common import findings, findings_ready, state, store
from luocdo.web.tables import table_download
from luocdo.web.templating import render

router = APIRouter()
MOST_CITED = 15


def overview_data(request: Request) -> dict:
    def compute() -> dict:
        st = store(request)
        db = st.db
        cited = []
        for r in run(db, "most_cited", limit=MOST_CITED):
            d = db.execute("SELECT * FROM documents WHERE id = ?", (r["doc"],)).fetchone()
            cited.append(
                {
                    "id": r["doc"],
                    "document": label(d),
                    "issuer": r["issuer"],
                    "reports": r["reports"],
                    "mentions": r["mentions"],
                }
            )
        return {
            "counts": st.counts(),
            "most_cited": cited,
            "coverage": [dict(r) for r in run(db, "coverage_by_province")],
        }

    data = dict(state(request).cached("overview", compute))
    found = findings(request)
    data["severities"] = state(request).cached(
        f"severities:{id(found)}", lambda: Counter(f.severity for f in found or [])
    )
    data["checking"] = found is None or not findings_ready(request)
    return data


@router.get("/")
def overview(request: Request):
    return render(request, "overview.html", **overview_data(request))


@router.get("/tong-quan.{fmt}")
def overview_export(request: Request, fmt: str):
    if fmt not in ("xlsx", "csv"):
        return RedirectResponse("/", status_code=303)
    from luocdo.i18n import _

    data = overview_data(request)
    cited = [{k: v for k, v in r.items() if k != "id"} for r in data["most_cited"]]
    tables = [(_("most cited"), cited, None), (_("coverage by province"), data["coverage"], None)]
    return table_download(tables, fmt, "tong-quan")


@router.get("/tim")
def search(request: Request, q: str = Query("", max_length=300)):
    q = q.strip()
    if not q:
        return RedirectResponse("/", status_code=303)
    found = lookup(store(request), q)
    if found.status == "exact":
        return RedirectResponse(f"/van-ban/{found.matches[0]['id']}", status_code=303)
    return render(
        request,
        "search.html",
        q=q,
        message=found.message(),
        choices=[
            {"id": d["id"], "label": label(d), "about": describe(d)}
            for d in (found.matches or found.nearest)[:20]
        ],
        ambiguous=bool(found.matches),
    )


GRAPH_FORMATS = ("graphml", "gexf", "ttl", "jsonld", "nt")


@router.get("/do-thi.{fmt}")
def graph_export(request: Request, fmt: str):
    """The whole graph in one of the formats of `luocdo export` (luocdo.backends.export)."""
    from fastapi import HTTPException

    from luocdo.backends.export import export
    from luocdo.web.tables import download, temp_path

    if fmt not in GRAPH_FORMATS:
        raise HTTPException(404)
    path = temp_path("." + fmt)
    export(store(request), fmt, path)
    return download(path, f"luocdo.{fmt}", fmt)

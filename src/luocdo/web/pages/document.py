"""Văn bản: one document's card, who implemented it and who did not (with evidence), the chain as an
interactive picture, what it cites and what cites it."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from luocdo.draw import to_dot, to_html, to_mermaid
from luocdo.draw.style import STATUS_VI
from luocdo.gazetteer import UnknownProvince, in_province, province_2025, province_scope, provinces_2025
from luocdo.graph.ask import CHAIN_RELATIONS, chain, implementers, label, missing
from luocdo.graph.named import run
from luocdo.graph.nx_view import document_graph
from luocdo.i18n import _, language
from luocdo.present import cited_text, make_card
from luocdo.store.variants import disagreements
from luocdo.validate import kept
from luocdo.validate.rules import card_view, existence_status
from luocdo.web.marks import highlight
from luocdo.web.pages.common import document_row, file_ids, findings, names, paged, placed, state, store
from luocdo.web.security import PICTURE_POLICY
from luocdo.web.tables import download, table_download, temp_path
from luocdo.web.templating import ENV, render

router = APIRouter()
LEVELS = ("province", "district", "commune")


def _filters(level: str | None, province: str | None) -> tuple[str | None, str | None, str | None]:
    """(level, province, problem): values checked; an unknown province gets its one-line reason."""
    level = level if level in LEVELS else None
    province = (province or "").strip() or None
    if province:
        try:
            province_scope(province)
        except UnknownProvince as e:
            return level, None, str(e)
    return level, province, None


def _ev(ev, target, shown, ids) -> dict:
    return {
        "file": shown.show(ev.file),
        "line": ev.line,
        "sentence": highlight(ev.sentence, cited_text(target)),
        "plain": ev.sentence,
        "report": ids.get(ev.file),
        "relation": ev.relation,
    }


def implementer_rows(request: Request, d, level: str | None, province: str | None) -> list[dict]:
    def compute() -> list[dict]:
        st = store(request)
        shown = names(request)
        found = implementers(st, [d["id"]], level=level, province=province)
        ids = file_ids(
            st, {e.file for i in found for s in i.chains[0] for e in s.evidence} if found else set()
        )
        rows = []
        for imp in found:
            steps = imp.chains[0] if imp.chains else []
            rows.append(
                {
                    "body": imp.body,
                    "level": imp.level,
                    "province": imp.province,
                    "direct": imp.direct,
                    "how": "direct"
                    if imp.direct or not steps
                    else "via " + label(steps[1].src if len(steps) > 1 else steps[-1].src),
                    "chain": [{"id": s.src["id"], "label": label(s.src)} for s in steps]
                    + ([{"id": steps[-1].dst["id"], "label": label(steps[-1].dst)}] if steps else []),
                    "evidence": [_ev(e, s.dst, shown, ids) for s in steps for e in s.evidence[:1]],
                }
            )
        return rows

    return state(request).cached(f"imp:{d['id']}:{level}:{province}", compute)


def missing_rows(request: Request, d, level: str | None, province: str | None) -> list[dict] | None:
    """The bodies with no implementation; None while they are being found (seconds for a central
    document of a large store: a background thread, the page reloads itself)."""

    def compute() -> list[dict]:
        st = state(request).store()
        found = implementers(st, [d["id"]], level=level, province=province)
        return missing(st, found, level=level or "district", province=province)

    return state(request).eventually(f"miss:{d['id']}:{level}:{province}", compute)


def _missing_now(request: Request, d, level: str | None, province: str | None) -> list[dict]:
    """For a download: the answer, waited for when it is still being found."""
    found = missing_rows(request, d, level, province)
    if found is None:
        st = store(request)
        found = missing(
            st,
            implementers(st, [d["id"]], level=level, province=province),
            level=level or "district",
            province=province,
        )
    return found


def status_text(code: str, text: str) -> str:
    """The card's status (luocdo.validate.rules.card_view) with its code in Vietnamese when the page is
    (draw.style.STATUS_VI, the words of the pictures)."""
    if language() != "vi" or code not in STATUS_VI:
        return text
    rest = text[len(code) :].replace(" (catalog in the store)", "")
    return STATUS_VI[code] + rest


def card_data(request: Request, d) -> dict:
    def compute() -> dict:
        st = store(request)
        shown = names(request)
        ids = [d["id"]]
        cites = run(st.db, "cites", targets=ids)
        cited_by = run(st.db, "cited_by", targets=ids)
        code = existence_status(st, d["id"])
        view, status = card_view(st, d, code)
        status = status_text(code, status)
        card = make_card(view, status=status, cites=cites, cited_by=cited_by, implementers=[], also=[])
        reports = file_ids(st, {r["path"] for r in (*cites, *cited_by)})

        def linked(items: list[dict], rows: list, other: str, needles) -> list[dict]:
            """A card's list with what the page links to: the other document, the report, its sentence."""
            return [
                {
                    **c,
                    "id": r[other],
                    "file": shown.show(r["path"]),
                    "report": reports.get(r["path"]),
                    "plain": r["sentence"],
                    "needles": needles(r),
                }
                for c, r in zip(items, rows, strict=True)
            ]

        card["cites"] = linked(card["cites"], cites, "dst", cited_text)
        card["cited_by"] = linked(card["cited_by"], cited_by, "src", lambda _r: cited_text(d))
        card["cited_as"] = disagreements(st.db, ids).get(d["id"], [])
        card["mentions"] = st.db.execute("SELECT count(*) FROM mentions WHERE doc_id = ?", ids).fetchone()[0]
        return card

    return state(request).cached(f"card:{d['id']}:{language()}", compute)


@router.get("/van-ban/{doc_id}")
def document_page(
    request: Request,
    doc_id: int,
    level: str | None = Query(None, max_length=20),
    province: str | None = Query(None, max_length=80),
    tab: str = Query("implementers", max_length=20),
    page: int = Query(1, ge=1, le=100000),
    cites_page: int = Query(1, ge=1, le=100000),
    cited_page: int = Query(1, ge=1, le=100000),
):
    st = store(request)
    d = document_row(st, doc_id)
    level, province, problem = _filters(level, province)
    tab = tab if tab in ("implementers", "missing") else "implementers"
    rows = (
        missing_rows(request, d, level, province)
        if tab == "missing"
        else implementer_rows(request, d, level, province)
    )
    card = card_data(request, d)
    cites, cited_by = paged(card["cites"], cites_page), paged(card["cited_by"], cited_page)
    for part in (cites, cited_by):  # only the rows shown are marked up
        part.items = [{**c, "sentence": highlight(c["plain"], c["needles"])} for c in part.items]
    return render(
        request,
        "document.html",
        d=d,
        title=label(d),
        card=card,
        tab=tab,
        level=level,
        province=province or "",
        problem=problem,
        provinces=provinces_2025(),
        levels=LEVELS,
        rows=paged(rows or [], page),
        pending=rows is None,
        chain_provinces=chain_provinces(request, d),
        findings=card_findings(request, d),
        cites=cites,
        cited_by=cited_by,
    )


def card_findings(request: Request, d) -> list | None:
    """The store's findings about this document and the citations of its number (as `luocdo show`),
    read from those kept in the store; None while the store's findings are first being checked (in
    the background: luocdo.web.pages.common.findings)."""
    st = store(request)
    if kept.is_current(st):
        return placed(st, names(request), list(kept.findings(st, doc=d)))
    every = findings(request)  # the store's findings re-checked in the background
    if every is None:
        return None
    return state(request).cached(
        f"card-findings:{d['id']}:{len(every)}",
        lambda: placed(st, names(request), list(kept.findings(st, doc=d))),
    )


def _graph(request: Request, d, up: bool, province: str | None = None):
    """The chain's documents as a graph; with a province, only the target and that province's documents
    (one province of a large chain opened in detail, document by document)."""
    st = store(request)
    docs, _steps = chain(st, [d["id"]], up=up)
    if province:
        try:
            province_scope(province)
        except UnknownProvince:
            raise HTTPException(404) from None
        docs = [x for x in docs if x["id"] == d["id"] or in_province(x["province"], province)]
    g = document_graph(st, {x["id"] for x in docs}, relations=CHAIN_RELATIONS)
    shown = names(request)
    for _u, _v, data in g.edges(data=True):  # files by the names people know (uploads: the name sent)
        for e in data.get("evidence") or []:
            e["file"] = shown.show(e.get("file"))
    return g


def chain_provinces(request: Request, d) -> list[tuple[str, int]]:
    """The provinces (2025) of the chain under the document, with their documents, largest first (found
    in the background: none until then, the province choice then appears on the next visit)."""

    def compute() -> list[tuple[str, int]]:
        from collections import Counter

        docs, _steps = chain(state(request).store(), [d["id"]], up=False)
        counts = Counter(province_2025(x["province"]) for x in docs if x["id"] != d["id"])
        counts.pop(None, None)
        return counts.most_common()

    return state(request).eventually(f"chain-provinces:{d['id']}", compute) or []


@router.get("/van-ban/{doc_id}/luoc-do")
def chain_picture(
    request: Request, doc_id: int, up: bool = False, province: str | None = Query(None, max_length=80)
):
    """The chain as luocdo.draw's offline HTML page (Cytoscape.js + dagre inlined, provinces as boxes,
    one box per body above 120 documents); shown in a sandboxed frame of the document page."""
    d = document_row(store(request), doc_id)
    title = f"{label(d)} — {_('what it rests on') if up else _('implementation')}"
    if province:
        title += f" — {province}"
    page = state(request).eventually(
        f"pic:{doc_id}:{up}:{province}:{language()}",
        lambda: to_html(_graph(request, d, up, province), title=title),
    )
    if page is None:  # a large chain is drawn in the background (tens of seconds for ~500 bodies)
        page = ENV.get_template("picture_pending.html").render(lang=language(), title=title)
    return HTMLResponse(
        page, headers={"Content-Security-Policy": PICTURE_POLICY, "Cache-Control": "no-store"}
    )


GRAPH_FORMATS = {"html": to_html, "dot": to_dot, "mmd": to_mermaid}


@router.get("/van-ban/{doc_id}/luoc-do.{fmt}")
def chain_download(
    request: Request,
    doc_id: int,
    fmt: str,
    up: bool = False,
    province: str | None = Query(None, max_length=80),
):
    d = document_row(store(request), doc_id)
    g = _graph(request, d, up, province)
    path = temp_path("." + fmt)
    if fmt in GRAPH_FORMATS:
        path.write_text(GRAPH_FORMATS[fmt](g, title=label(d)), encoding="utf-8")
    else:
        path.unlink()
        raise HTTPException(404)
    return download(path, f"luoc-do-{doc_id}.{fmt}", fmt)


@router.get("/van-ban/{doc_id}/bang.{fmt}")
def document_export(
    request: Request,
    doc_id: int,
    fmt: str,
    level: str | None = Query(None, max_length=20),
    province: str | None = Query(None, max_length=80),
):
    if fmt not in ("xlsx", "csv"):
        raise HTTPException(404)
    d = document_row(store(request), doc_id)
    level, province, _problem = _filters(level, province)
    imps = [
        {
            "body": r["body"],
            "level": r["level"],
            "province": r["province"],
            "how": r["how"],
            "chain": " → ".join(c["label"] for c in r["chain"]),
            "evidence": [
                {"file": e["file"], "line": e["line"], "sentence": e["plain"]} for e in r["evidence"]
            ],
        }
        for r in implementer_rows(request, d, level, province)
    ]
    miss = [
        {
            "body": m["body"],
            "level": m["level"],
            "province": m["province"],
            "reports_in_store": m["reports"],
            "known_from": m["source"],
        }
        for m in _missing_now(request, d, level, province)
    ]
    card = card_data(request, d)
    cited_by = [
        {
            "relation": c["relation"],
            "document": c["document"],
            "issuer": c["issuer"],
            "evidence": {"file": c["file"], "line": c["line"], "sentence": c["plain"]},
        }
        for c in card["cited_by"]
    ]
    tables = [
        (_("implementers of {document}").format(document=label(d)), imps, None),
        (_("no implementation"), miss, None),
        (_("cited by"), cited_by, None),
    ]
    return table_download(tables, fmt, f"van-ban-{doc_id}")

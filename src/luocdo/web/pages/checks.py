"""Kiểm tra: the validation findings with filters (code, severity, province, body), each with its
explanation, suggestion and evidence."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, HTTPException, Query, Request

from luocdo.gazetteer import UnknownProvince, in_province, province_scope, provinces_2025
from luocdo.graph.lookup import fold
from luocdo.i18n import _
from luocdo.validate import RULES
from luocdo.validate.rules import SEVERITIES
from luocdo.web.pages.common import findings, findings_ready, paged, state
from luocdo.web.tables import table_download
from luocdo.web.templating import render

router = APIRouter()


def chosen(
    request: Request, code: str | None, severity: str | None, province: str | None, body: str | None
) -> tuple[list, str | None]:
    problem = None
    if province:
        try:
            province_scope(province)
        except UnknownProvince as e:
            problem, province = str(e), None
    body_f = fold(body) if body else None
    every = findings(request) or []

    def select() -> list:
        return [
            f
            for f in every
            if (not code or f.code == code)
            and (not severity or f.severity == severity)
            and (not province or in_province(f.province, province))
            and (not body_f or body_f in fold(f.body))
        ]

    key = f"checks:{id(every)}:{code}:{severity}:{province}:{body_f}"
    return state(request).cached(key, select), problem


@router.get("/kiem-tra")
def checks_page(
    request: Request,
    code: str | None = Query(None, max_length=10),
    severity: str | None = Query(None, max_length=10),
    province: str | None = Query(None, max_length=80),
    body: str | None = Query(None, max_length=120),
    page: int = Query(1, ge=1, le=100000),
):
    code = code if code in RULES else None
    severity = severity if severity in SEVERITIES else None
    rows, problem = chosen(request, code, severity, province, body)
    every = findings(request)
    checking = every is None or not findings_ready(request)
    every = every or []
    return render(
        request,
        "checks.html",
        title=_("Checks"),
        rows=paged(rows, page),
        by_code=state(request).cached(f"by-code:{id(every)}", lambda: Counter(f.code for f in every)),
        rules={c: n for c, (n, _fn) in RULES.items()},
        severities=SEVERITIES,
        provinces=provinces_2025(),
        code=code or "",
        severity=severity or "",
        province=province or "",
        body=body or "",
        problem=problem,
        total=len(every),
        checking=checking,
    )


@router.get("/kiem-tra.{fmt}")
def checks_export(
    request: Request,
    fmt: str,
    code: str | None = Query(None, max_length=10),
    severity: str | None = Query(None, max_length=10),
    province: str | None = Query(None, max_length=80),
    body: str | None = Query(None, max_length=120),
):
    if fmt not in ("xlsx", "csv"):
        raise HTTPException(404)
    rows, _problem = chosen(
        request, code if code in RULES else None, severity if severity in SEVERITIES else None, province, body
    )
    return table_download([(_("findings"), [f.as_row() for f in rows], None)], fmt, "kiem-tra")

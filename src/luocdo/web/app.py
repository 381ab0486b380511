"""The app factory: settings -> a FastAPI app with its templates, static files, guard and pages."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from luocdo import i18n
from luocdo.draw.html import json_for_script
from luocdo.i18n import _, date_text, level_name, ngettext, relation_name, severity_name
from luocdo.store import Store, StoreError
from luocdo.web.jobs import Jobs
from luocdo.web.security import Guard
from luocdo.web.state import Settings, State


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("luocdo.web", "templates"),
        autoescape=True,  # every template, whatever its name: report texts stay text
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(
        gettext=lambda s: i18n._(s), ngettext=lambda s, p, n: ngettext(s, p, n), newstyle=True
    )
    env.filters.update(
        date=date_text,
        level=level_name,
        relation=relation_name,
        severity=severity_name,
        json_script=lambda v: jinja2.utils.markupsafe.Markup(json_for_script(v)),
        num=lambda n: f"{n:,}".replace(",", "." if i18n.language() == "vi" else ","),
    )
    return env


ENV = _environment()


def page_url(request: Request, **changes) -> str:
    """This page's address with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    params.pop("token", None)
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = str(v)
    return request.url.path + ("?" + urlencode(params) if params else "")


def render(request: Request, template: str, status_code: int = 200, **ctx) -> HTMLResponse:
    state: State = request.app.state.luocdo
    html = ENV.get_template(template).render(
        request=request,
        lang=i18n.language(),
        csrf=request.state.csrf,
        read_only=state.settings.read_only,
        url=lambda **kw: page_url(request, **kw),
        **ctx,
    )
    return HTMLResponse(html, status_code=status_code)


def create_app(settings: Settings) -> FastAPI:
    settings.store = settings.store.resolve()
    if not settings.store.exists():
        if settings.read_only:
            raise StoreError(f"{settings.store}: no luocdo store here (run `luocdo ingest` first)")
        Store(settings.store, create=True).close()
    Store(settings.store, create=False).close()  # a store luocdo can read, checked before serving
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.luocdo = State(settings)
    app.state.jobs = Jobs(settings.store)
    app.add_middleware(Guard, token=settings.token, loopback=settings.loopback)
    static = resources.files("luocdo.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    from luocdo.web.pages import checks, document, overview, report, upload

    for module in (overview, document, report, checks, upload):
        app.include_router(module.router)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        messages = {
            403: _("Not allowed."),
            404: _("Not found: no such page, document or report in this store."),
            405: _("This address does not take that method."),
        }
        return render(
            request,
            "error.html",
            status_code=exc.status_code,
            message=exc.detail
            if isinstance(exc.detail, str) and exc.status_code not in messages
            else messages.get(exc.status_code, str(exc.detail)),
        )

    return app

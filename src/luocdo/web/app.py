"""The app factory: settings -> a FastAPI app with its static files, guard and pages."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from luocdo.i18n import _
from luocdo.store import Store, StoreError
from luocdo.web.jobs import Jobs
from luocdo.web.security import Guard
from luocdo.web.state import Settings, State
from luocdo.web.templating import render


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

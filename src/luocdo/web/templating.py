"""Pages from templates: the Jinja2 environment (autoescaped, Vietnamese through gettext) and render()."""

from __future__ import annotations

from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from luocdo import i18n
from luocdo.draw.html import json_for_script
from luocdo.i18n import date_text, level_name, ngettext, relation_name, severity_name
from luocdo.web.state import State


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

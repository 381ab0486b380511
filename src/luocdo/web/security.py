"""Who may use the app and what the browser may do with its pages.

- access token (`serve --token`): `?token=T` once (it becomes an HttpOnly cookie and the address is
  cleaned), the cookie, or the header `Authorization: Bearer T`; anything else gets 401.
- CSRF: a random cookie, repeated by every POST in the header `X-CSRF-Token` or the form field `csrf`
  (double submit); a POST without it, or with another value, gets 403.
- on a loopback address only Host headers naming loopback are answered (no DNS rebinding).
- every page carries a Content-Security-Policy without inline scripts; the chain picture (inline
  Cytoscape page of luocdo.draw) is served with its own policy, no network, in a sandboxed frame.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlencode

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from luocdo.i18n import _, using_language

TOKEN_COOKIE = "luocdo_token"
CSRF_COOKIE = "luocdo_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
LANG_COOKIE = "luocdo_lang"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self';"
    " connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'self'"
)
PICTURE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:;"
    " base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def language_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "vi"
    return lang if lang in ("vi", "en") else "vi"


def host_allowed(request: Request) -> bool:
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    return name in LOOPBACK_HOSTS


class Guard(BaseHTTPMiddleware):
    """Host check, access token, language, CSRF cookie and security headers for every request."""

    def __init__(self, app, *, token: str | None, loopback: bool) -> None:
        super().__init__(app)
        self.token = token
        self.loopback = loopback

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        lang = language_of(request)
        with using_language(lang):
            if self.loopback and not host_allowed(request):
                return PlainTextResponse(_("This address is not served here."), status_code=421)
            if self.token:
                given = request.query_params.get("token")
                if same(given, self.token):
                    rest = {k: v for k, v in request.query_params.items() if k != "token"}
                    target = request.url.path + ("?" + urlencode(rest) if rest else "")
                    resp = RedirectResponse(target, status_code=303)
                    resp.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                    return resp
                auth = request.headers.get("authorization", "")
                bearer = auth[7:] if auth.lower().startswith("bearer ") else None
                if not (same(request.cookies.get(TOKEN_COOKIE), self.token) or same(bearer, self.token)):
                    return PlainTextResponse(
                        _("Access token required: open the address luocdo serve printed (…?token=…)."),
                        status_code=401,
                    )
            csrf = request.cookies.get(CSRF_COOKIE)
            fresh = None
            if not csrf or len(csrf) < 20:
                csrf = fresh = secrets.token_urlsafe(24)
            request.state.csrf = csrf
            request.state.lang = lang
            response = await call_next(request)
        if fresh:
            response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="strict")
        if "lang" in request.query_params and request.query_params["lang"] in ("vi", "en"):
            response.set_cookie(
                LANG_COOKIE, request.query_params["lang"], samesite="lax", max_age=3600 * 24 * 365
            )
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


def csrf_ok(request: Request, form_value: str | None = None) -> bool:
    """The POST repeats the CSRF cookie (header or form field)."""
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER) or form_value
    return same(cookie, sent)

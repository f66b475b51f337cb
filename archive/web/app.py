"""The FastAPI application: pages rendered on the server with Jinja2 (no JavaScript), the
JSON API under /api/, the archived bytes under /blob/, and the headers that keep archived
content from ever running in this origin."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from archive.errors import NotFoundError
from archive.filters import FilterError
from archive.web.i18n import DEFAULT_LANGUAGE, label, pick_language, translate

if TYPE_CHECKING:
    from archive.core import Archive

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "lang"

#: Every page: nothing runs, nothing loads from elsewhere, forms post only here.
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
#: Archived originals shown in a sandboxed frame: a unique origin, no scripts, no requests.
SANDBOX_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               "frame-ancestors 'self'; form-action 'none'; base-uri 'none'")
SWAGGER_CDN = "https://cdn.jsdelivr.net"


def templates() -> Environment:
    """The Jinja2 environment: autoescaping everywhere (HTML and the Atom feed alike)."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = format_number
    env.filters["when"] = format_time
    env.filters["iso"] = iso_time
    return env


def format_number(value: Any) -> str:
    """A cell as printed: integers plainly, fractions without trailing zeros, null blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0")
    return str(value)


def aware(when: datetime) -> datetime:
    """SQLite hands back naive datetimes; the catalogue stores UTC."""
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def format_time(when: datetime | None) -> str:
    return "" if when is None else aware(when).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso_time(when: datetime | None) -> str:
    return "" if when is None else aware(when).astimezone(UTC).isoformat().replace("+00:00", "Z")


def request_language(request: Request) -> str:
    """`?lang=` first, then the cookie, then Chinese."""
    return (pick_language(request.query_params.get("lang"))
            or pick_language(request.cookies.get(LANG_COOKIE)) or DEFAULT_LANGUAGE)


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            params.extend((key, str(v)) for v in value)
        else:
            params.append((key, str(value)))
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page in the request's language; `?lang=` is remembered in a cookie."""
    lang = request_language(request)
    env: Environment = request.app.state.templates
    html = env.get_template(name).render(
        request=request, lang=lang, root=request.scope.get("root_path", ""),
        t=lambda key, **kw: translate(key, lang, **kw),
        label=lambda zh: label(zh, lang),
        url_with=lambda **kw: url_with(request, **kw),
        other_lang="en" if lang == "zh" else "zh",
        **context)
    response = HTMLResponse(html, status_code=status_code)
    chosen = pick_language(request.query_params.get("lang"))
    if chosen and chosen != request.cookies.get(LANG_COOKIE):
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax",
                            httponly=True)
    return response


def _swagger_page() -> tuple[str, str]:
    """The API docs page and a CSP that allows exactly its one inline script (by hash) and
    Swagger UI's files from their CDN."""
    html = get_swagger_ui_html(openapi_url="/api/openapi.json",
                               title="nianbao API").body.decode()
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in re.findall(r"<script>(.*?)</script>", html, re.S))
    csp = (f"default-src 'none'; script-src {SWAGGER_CDN} {hashes}; "
           f"style-src {SWAGGER_CDN} 'unsafe-inline'; img-src 'self' data: https://fastapi.tiangolo.com; "
           "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
    return html, csp


def create_app(arc: Archive | None = None) -> FastAPI:
    """The web application over an archive (opened from the environment when not given)."""
    from archive.web import api, pages

    if arc is None:
        from archive.core import Archive

        arc = Archive.open()
    app = FastAPI(
        title="nianbao API",
        summary="政府信息公开工作年度报告 archive: reports, versions, diffs, changes, search",
        version="1",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.arc = arc
    app.state.templates = templates()
    docs_html, docs_csp = _swagger_page()

    @app.middleware("http")
    async def security_headers(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, exc: FilterError) -> Response:
        return _error(request, 400, str(exc))

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(docs_html, headers={"Content-Security-Policy": docs_csp})

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    key = "error.not_found" if status == 404 else "error.bad_request"
    return render(request, "error.html", status_code=status, title_key=key, message=message)

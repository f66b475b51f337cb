"""The FastAPI application: pages rendered on the server with Jinja2 (no JavaScript), the
JSON API under /api/, the archived bytes under /blob/, and the headers that keep archived
content from ever running in this origin."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from archive.core import Archive
from archive.errors import NotFoundError
from archive.filters import FilterError
from archive.web import agency_api, agency_pages, api, compliance_page, health_web, pages
from archive.web.render import HERE, render, templates

#: Every page: nothing runs, nothing loads from elsewhere, forms post only here.
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
#: Archived originals shown in a sandboxed frame: a unique origin, no scripts, no requests.
SANDBOX_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               "frame-ancestors 'self'; form-action 'none'; base-uri 'none'")
#: Swagger UI's files, shipped in the package (static/swagger-ui, see its README.txt) so the
#: API docs work offline and load nothing from elsewhere.
SWAGGER_STATIC = "/static/swagger-ui"


def _swagger_page() -> tuple[str, str]:
    """The API docs page and a CSP that allows exactly its one inline script (by hash) and
    Swagger UI's own files from this server."""
    html = get_swagger_ui_html(openapi_url="/api/openapi.json", title="nianbao API",
                               swagger_js_url=f"{SWAGGER_STATIC}/swagger-ui-bundle.js",
                               swagger_css_url=f"{SWAGGER_STATIC}/swagger-ui.css",
                               swagger_favicon_url=f"{SWAGGER_STATIC}/favicon-32x32.png"
                               ).body.decode()
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in re.findall(r"<script>(.*?)</script>", html, re.S))
    csp = (f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
    return html, csp


def create_app(arc: Archive | None = None) -> FastAPI:
    """The web application over an archive (opened from the environment when not given)."""
    if arc is None:
        arc = Archive.open(create=False)
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
    app.include_router(agency_api.router)
    app.include_router(pages.router)
    app.include_router(agency_pages.router)
    app.include_router(compliance_page.router)
    app.include_router(health_web.api)
    app.include_router(health_web.pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    key = "error.not_found" if status == 404 else "error.bad_request"
    return render(request, "error.html", status_code=status, title_key=key, message=message)

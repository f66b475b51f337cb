"""The FastAPI application: pages rendered on the server with Jinja2 (no JavaScript), the
JSON API under /api/, the archived bytes under /blob/, and the headers that keep archived
content from ever running in this origin."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from archive.core import Archive
from archive.errors import BlobCorruptError, BlobError, NotFoundError
from archive.filters import FilterError
from archive.web import agency_api, agency_pages, api, compliance_page, health_web, pages
from archive.web.render import HERE, render, templates

#: Every page: nothing runs, nothing loads from elsewhere, forms post only here.
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
#: Archived originals shown in a sandboxed frame: a unique origin, no scripts, no requests.
SANDBOX_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               "frame-ancestors 'self'; form-action 'none'; base-uri 'none'")
#: The Host names the server answers to unless told more: this machine's loopback (an IPv6
#: literal as a Host header writes it). Any other Host is refused (400), so a page on another
#: site cannot read the archive through DNS rebinding, nor put its name in the feed's links.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
#: More Host names, space- or comma-separated (`archive.example.org *.example.org`): a
#: deployment behind a proxy. `nianbao serve --allow-host NAME` adds to them.
HOSTS_VAR = "NIANBAO_ALLOWED_HOSTS"
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


def host_name(host: str) -> str:
    """A host as a Host header names it: IPv6 literals in brackets, lower case."""
    host = host.strip().lower()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def trusted_hosts(extra: Iterable[str] = (), env: Mapping[str, str] | None = None) -> list[str]:
    """The loopback names, those of NIANBAO_ALLOWED_HOSTS, and `extra` (the address `serve`
    binds to, its --allow-host names), each once."""
    env = os.environ if env is None else env
    named = re.split(r"[\s,]+", env.get(HOSTS_VAR, ""))
    return list(dict.fromkeys(host_name(h) for h in (*LOOPBACK_HOSTS, *named, *extra)
                              if h.strip()))


def create_app(arc: Archive | None = None,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """The web application over an archive (opened from the environment when not given),
    answering only requests whose Host is one of `allowed_hosts` (default: the loopback
    names and NIANBAO_ALLOWED_HOSTS, `trusted_hosts()`)."""
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

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):  # the API keeps FastAPI's JSON details
            return await request_validation_exception_handler(request, exc)
        return _error(request, 422, "; ".join(_problem(e) for e in exc.errors()))

    @app.exception_handler(BlobError)
    async def unreadable_blob(request: Request, exc: BlobError) -> Response:
        # The archived bytes are never served damaged; the operator's fix is `nianbao fsck`.
        if isinstance(exc, BlobCorruptError):
            message = (f"the stored copy of {exc.digest} is damaged (its bytes no longer match "
                       "their SHA-256); run `nianbao fsck` to list every damaged copy")
        else:
            message = (f"the stored copy of {exc.digest} is missing from the blob store; run "
                       "`nianbao fsck` to list every missing copy")
        return _error(request, 500, message, "error.stored_copy")

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
    app.add_middleware(TrustedHostMiddleware,
                       allowed_hosts=trusted_hosts() if allowed_hosts is None
                       else [host_name(h) for h in allowed_hosts])
    return app


def _problem(error: Mapping[str, object]) -> str:
    """One validation error as a reader says it: `offset: Input should be …`."""
    where = [str(part) for part in error.get("loc") or () if part not in ("query", "path")]
    return f"{'.'.join(where) or 'request'}: {error.get('msg')}"


def _error(request: Request, status: int, message: str, key: str | None = None) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    key = key or ("error.not_found" if status == 404 else "error.bad_request")
    return render(request, "error.html", status_code=status, title_key=key, message=message)

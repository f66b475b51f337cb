"""What every route shares: the Jinja2 environment and its filters, the request's language,
URLs with changed parameters, rendering a page, and the archive the app serves. Routes import
this module, never the app factory."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from archive.catalogue.models import aware
from archive.core import Archive
from archive.units import shown_time
from archive.web.i18n import DEFAULT_LANGUAGE, label, pick_language, translate

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "lang"

def templates() -> Environment:
    """The Jinja2 environment: autoescaping everywhere (HTML and the Atom feed alike)."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = format_number
    env.filters["when"] = shown_time  # Beijing time, offset named
    env.filters["iso"] = iso_time
    return env


def format_number(value: Any) -> str:
    """A cell as printed: integers plainly, fractions without trailing zeros, null blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0")
    return str(value)


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


def archive_of(request: Request) -> Archive:
    """The archive the app was made over."""
    return request.app.state.arc

"""The HTML pages: search, report, diff, changes (and its Atom feed), and the archived
bytes (downloads, and a sandboxed preview that can never run the original's scripts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from archive.catalogue.models import MAX_INT, aware
from archive.errors import NotFoundError
from archive.events import EVENT_KINDS
from archive.filters import AGENCY_LEVELS, FilterError, Filters
from archive.reports import diff_versions, find_report, get_version
from archive.web import charts
from archive.web.i18n import label, translate
from archive.web.queries import (
    blob_charset,
    blob_filename,
    blob_info,
    changes_page,
    report_view,
)
from archive.web.render import archive_of, render, request_language
from archive.web.searching import (
    FACET_FILTERS,
    PICKER_OPERATORS,
    SearchError,
    cell_filter,
    cell_options,
    run_search,
    snippet_html,
)
from parsers.checks import failing_cells
from parsers.layout import COLUMN_LABELS, cell_value, labels_of, layouts_for
from parsers.record import flatten_cells
from parsers.templates import SECTION_KEYS

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
DIGEST = re.compile(r"^[0-9a-f]{64}$")
#: Media types shown in the sandboxed preview (others are only downloadable).
PREVIEWABLE = ("text/html", "application/xhtml+xml", "text/plain")
#: The parts of a report in the order the page shows them: any preface, then the six.
SECTION_ORDER = ("preface", *SECTION_KEYS)


# --------------------------------------------------------------------------- search
@router.get("/", response_class=HTMLResponse, name="search")
def search_page(
    request: Request,
    q: str = "",
    year: str = "",
    agency: str = "",
    region: str = "",
    level: str = "",
    format: str = "",
    check: str = "",
    agency_region: Annotated[str, Query(description="the registry agency's region")] = "",
    agency_level: Annotated[str, Query(description="the registry agency's level")] = "",
    where: Annotated[str, Query(description="cell comparisons, one per line")] = "",
    filter: Annotated[list[str] | None, Query()] = None,
    all_versions: bool = False,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    cell: Annotated[str, Query(description="the picker's cell: a path or printed labels")] = "",
    op: Annotated[str, Query(description="the picker's comparison")] = ">",
    value: Annotated[str, Query(description="the picker's number")] = "",
) -> HTMLResponse:
    """Full-text search with filters and facets; with nothing asked, the newest reports."""
    form = dict(q=q, year=year, agency=agency, region=region, level=level, format=format,
                check=check, where=where, all_versions=all_versions, cell=cell, op=op,
                value=value, agency_region=agency_region, agency_level=agency_level)
    error = page = None
    lines = [w for w in re.split(r"[\r\n;]+", where) if w.strip()] + (filter or []) \
        + cell_filter(cell, op, value)
    try:
        filters = Filters.from_options(year=year, agency=agency, region=region, level=level,
                                       format=format, check=check, where=lines,
                                       all_versions=all_versions,
                                       agency_region=agency_region, agency_level=agency_level)
        with archive_of(request).session() as s:
            page = run_search(s, q, filters, limit=PAGE_SIZE, offset=offset)
    except (FilterError, SearchError) as exc:
        error = str(exc)
    lang = _lang(request)
    return render(request, "search.html", status_code=400 if error else 200, form=form,
                  rule_text=lambda r: rule_text(r, lang),
                  page=page, error=error, snippet_html=snippet_html,
                  facet_filters=FACET_FILTERS, page_size=PAGE_SIZE,
                  cells=cell_options(lang), operators=PICKER_OPERATORS,
                  agency_levels=AGENCY_LEVELS)


# --------------------------------------------------------------------------- report
@dataclass
class SectionText:
    key: str
    heading: str
    text: str


def sections_of(record: dict[str, Any], lang: str) -> list[SectionText]:
    """The record's narrative parts in printed order (legacy reports: their own headings)."""
    sections = record.get("sections") or {}
    out = [SectionText(k, translate(f"section.{k}", lang), sections[k])
           for k in SECTION_ORDER if isinstance(sections.get(k), str) and sections[k].strip()]
    parts = sections.get("parts") or []
    out += [SectionText(k, _section_title(k, lang), v) for k, v in sections.items()
            if k not in SECTION_ORDER and isinstance(v, str) and v.strip()
            and not (k == "full_text" and parts)]  # legacy: the parts already hold it
    for i, part in enumerate(parts):
        if isinstance(part, dict) and (part.get("text") or "").strip():
            out.append(SectionText(f"part{i}", part.get("heading") or "", part["text"]))
    return out


def rule_text(rule: str, lang: str) -> str:
    key = f"rule.{rule}"
    text = translate(key, lang)
    return rule if text == key else text


@router.get("/reports/{report_id}", response_class=HTMLResponse, name="report")
def report_page(request: Request, report_id: int,
                v: Annotated[int | None, Query(description="version number")] = None
                ) -> HTMLResponse:
    """A report: metadata, tables as printed, checks, text, timeline, sources, charts."""
    lang = _lang(request)
    with archive_of(request).session() as s:
        report = find_report(s, str(report_id))
        view = report_view(s, report, get_version(s, report, v))
    record = view.version.record or {}
    tables = record.get("tables") or {}
    checks = record.get("checks") or []
    series = view.series
    year_chart = charts.bar_chart(
        [(str(p.year), p.new_requests) for p in series],
        translate("chart.requests_per_year", lang, agency=report.agency)) \
        if any(p.new_requests is not None for p in series) else None
    outcome_rows = [(str(p.year), charts.outcome_totals(p.tables)) for p in series
                    if (p.tables or {}).get("requests")]
    outcome_chart = charts.stacked_bars(outcome_rows, translate("chart.outcomes_per_year", lang),
                                        lang) if outcome_rows else None
    return render(
        request, "report.html", view=view, report=report, version=view.version, record=record,
        tables=tables, layouts=layouts_for(record.get("format"), tables), value=cell_value,
        failing=failing_cells(checks), changed=set(), checks=checks,
        rule_text=lambda r: rule_text(r, lang), where_label=lambda c: where_label(c, lang),
        sections=sections_of(record, lang), legacy=tables.get("legacy"),
        year_chart=year_chart, outcome_chart=outcome_chart, series=series,
        outcome_rows=outcome_rows, previewable=PREVIEWABLE)


def where_label(check: dict[str, Any], lang: str) -> str:
    """Where a check fails, in the template's words (a column, a row, a group or a cell)."""
    rule, where = check.get("rule") or "", check.get("where") or ""
    if rule == "cell.missing":
        return cell_label(where, lang)
    if rule.startswith("review_litigation."):
        names = labels_of(f"review_litigation.{where}.total", None)
        return " / ".join(label(x, lang) for x in names[:-1]) if names else where
    if where in COLUMN_LABELS:
        return label(COLUMN_LABELS[where], lang)
    names = labels_of(f"requests.{where}.total", None)
    return " / ".join(label(x, lang) for x in names[:-1]) if names else where


# --------------------------------------------------------------------------- diff
def cell_label(path: str, lang: str, fmt: str | None = None) -> str:
    """A dotted cell path in the template's own words: `一、本年新收… / 自然人`."""
    labels = labels_of(path, fmt)
    if not labels:
        return path
    return " / ".join(label_words(x, lang) for x in labels)


def label_words(text: str, lang: str) -> str:
    """A label translated whole, or word by word when only its parts are catalogued."""
    whole = label(text, lang)
    if whole != text or lang == "zh":
        return whole
    return " ".join(label(part, lang) for part in re.split(r"\s+|·", text))


def collapse(ops: list[tuple[str, str]], keep: int = 60) -> list[tuple[str, str]]:
    """Long unchanged runs shortened to their ends, so a changed figure stands out."""
    out = []
    for op, text in ops:
        if op == "=" and len(text) > keep * 3:
            text = f"{text[:keep]} … {text[-keep:]}"
        out.append((op, text))
    return out


@router.get("/reports/{report_id}/diff", response_class=HTMLResponse, name="diff")
def diff_page(
    request: Request, report_id: int,
    from_: Annotated[int | None, Query(alias="from")] = None,
    to: int | None = None,
) -> HTMLResponse:
    """Two versions side by side: changed cells marked in both tables, text word by word."""
    lang = _lang(request)
    with archive_of(request).session() as s:
        report = find_report(s, str(report_id))
        vd = diff_versions(s, report, from_, to)
        numbers = [v.number for v in report.versions]
    old, new = vd.old.record or {}, vd.new.record or {}
    changed = {c.path for c in vd.diff.cells}
    tables_changed = {p.split(".", 1)[0] for p in changed}
    return render(
        request, "diff.html", vd=vd, report=report, numbers=numbers, old=old, new=new,
        changed=changed, tables_changed=tables_changed, value=cell_value,
        old_layouts=layouts_for(old.get("format"), old.get("tables")),
        new_layouts=layouts_for(new.get("format"), new.get("tables")),
        failing_old=failing_cells(old.get("checks") or []),
        failing_new=failing_cells(new.get("checks") or []),
        cell_label=lambda p: cell_label(p, lang), rule_text=lambda r: rule_text(r, lang),
        where_label=lambda c: where_label(c, lang),
        section_title=lambda k: _section_title(k, lang),
        sections={k: collapse(ops) for k, ops in vd.diff.sections.items()},
        flat_old=flatten_cells(old.get("tables")), flat_new=flatten_cells(new.get("tables")))


def _section_title(key: str, lang: str) -> str:
    text = translate(f"section.{key}", lang)
    return key if text == f"section.{key}" else text


# --------------------------------------------------------------------------- changes
@router.get("/changes", response_class=HTMLResponse, name="changes")
def changes(request: Request, kind: str = "",
            offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0) -> HTMLResponse:
    """What happened across the archive, newest first."""
    if kind and kind not in EVENT_KINDS:
        raise NotFoundError(f"no event kind {kind!r}; use one of {', '.join(EVENT_KINDS)}")
    with archive_of(request).session() as s:
        rows, total = changes_page(s, limit=PAGE_SIZE, offset=offset, kind=kind or None)
    return render(request, "changes.html", rows=rows, total=total, kind=kind, offset=offset,
                  page_size=PAGE_SIZE, kinds=EVENT_KINDS)


@router.get("/changes.atom", name="changes_atom")
def changes_atom(request: Request, kind: str = "") -> Response:
    """The changes as an Atom feed, for feed readers."""
    with archive_of(request).session() as s:
        rows, _ = changes_page(s, limit=100, offset=0, kind=kind or None)
    lang = _lang(request)
    base = str(request.base_url).rstrip("/")
    updated = max((aware(e.at) for e, _ in rows), default=None)
    body = request.app.state.templates.get_template("changes.atom.xml").render(
        rows=rows, base=base, updated=updated, lang=lang,
        t=lambda key, **kw: translate(key, lang, **kw), self_url=str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


# --------------------------------------------------------------------------- blobs
def _blob(request: Request, sha256: str) -> tuple[bytes, str | None, str | None, str | None]:
    if not DIGEST.match(sha256):
        raise HTTPException(404, "not a SHA-256 digest")
    arc = archive_of(request)
    with arc.session() as s:
        info = blob_info(s, sha256)
        if info is None:
            raise NotFoundError(f"no archived bytes with SHA-256 {sha256}")
        name, charset = blob_filename(s, sha256), blob_charset(s, sha256)
        media_type = info.media_type
    return arc.store.get(sha256), media_type, name, charset


@router.get("/blob/{sha256}", name="blob")
def blob(request: Request, sha256: str) -> Response:
    """The exact archived bytes, always as a download (never rendered here)."""
    data, media_type, name, _ = _blob(request, sha256)
    filename = f"{sha256[:12]}-{name}" if name else sha256
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(filename)}",
        "X-Content-Type-Options": "nosniff",
        "X-Archived-Media-Type": media_type or "unknown",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "public, max-age=31536000, immutable",
        "ETag": f'"{sha256}"',
    })


@router.get("/blob/{sha256}/preview", name="preview")
def preview(request: Request, sha256: str) -> Response:
    """An archived HTML or text page for an `<iframe sandbox>`: its CSP makes it a unique
    origin with scripts, forms, plugins and every outside request blocked."""
    data, media_type, _, charset = _blob(request, sha256)
    if media_type not in PREVIEWABLE:
        raise NotFoundError(f"{media_type or 'these bytes'} cannot be previewed; download them")
    shown = "text/plain" if media_type == "text/plain" else "text/html"
    if charset and re.fullmatch(r"[A-Za-z0-9_.:-]{1,40}", charset):
        shown += f"; charset={charset}"
    return Response(data, headers={
        "Content-Type": shown,
        "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; "
                                   "img-src data:; frame-ancestors 'self'",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "same-origin",
    })


@router.get("/favicon.ico", name="favicon")
def favicon() -> Response:
    """No icon (and no 404 in every browser log)."""
    return Response(status_code=204)


@router.get("/find", name="find")
def find(request: Request, spec: str) -> RedirectResponse:
    """A report by id, `agency/year` or any URL it was seen at."""
    with archive_of(request).session() as s:
        report = find_report(s, spec)
    return RedirectResponse(f"/reports/{report.id}", status_code=303)


def _lang(request: Request) -> str:
    return request_language(request)

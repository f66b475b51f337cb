"""The JSON API under /api/: search (the CLI's query and filters), reports, versions,
diffs and the feed of changes; lists are paginated with limit/offset and say their total."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from sqlalchemy.orm import Session

from archive.catalogue.models import MAX_INT, Event, Report, ReportVersion, aware
from archive.filters import Filters
from archive.reports import SourceInfo, diff_versions, get_version
from archive.web import schemas
from archive.web.queries import changes_page, report_view
from archive.web.render import archive_of
from archive.web.searching import SearchError, run_search

router = APIRouter(prefix="/api", tags=["archive"],
                   responses={404: {"model": schemas.ErrorResponse},
                              400: {"model": schemas.ErrorResponse}})

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="Items to skip")]


def filters_from(year: str | None, agency: str | None, region: str | None, level: str | None,
                 format: str | None, portal: str | None, check: str | None,
                 filter: list[str], all_versions: bool, agency_region: str | None = None,
                 agency_level: str | None = None) -> Filters:
    """Filters from query parameters: the named ones and any `filter=` strings."""
    return Filters.from_options(year=year, agency=agency, region=region, level=level,
                                format=format, portal=portal, check=check, where=filter,
                                all_versions=all_versions, agency_region=agency_region,
                                agency_level=agency_level)


def load_report(session: Session, report_id: int) -> Report:
    from archive.reports import find_report

    return find_report(session, str(report_id))


def version_summary(v: ReportVersion) -> schemas.VersionSummary:
    return schemas.VersionSummary(
        number=v.number, cause=v.cause, same_as=v.same_as, record_hash=v.record_hash,
        parser_version=v.parser_version, first_seen_at=aware(v.first_seen_at),
        last_seen_at=aware(v.last_seen_at), checks=len((v.record or {}).get("checks") or []))


def source_out(s: SourceInfo) -> schemas.Source:
    return schemas.Source(url=s.url, sha256=s.sha256, size=s.size, media_type=s.media_type,
                          first_seen_at=aware(s.first_seen_at),
                          last_seen_at=aware(s.last_seen_at), download=f"/blob/{s.sha256}",
                          imported_from=s.imported_from, imported_by=s.imported_by)


def event_out(e: Event) -> schemas.EventOut:
    detail: dict[str, Any] = e.detail or {}
    number = detail.get("number")
    return schemas.EventOut(id=e.id, kind=e.kind, at=aware(e.at), detail=detail,
                            version=number if isinstance(number, int) else None)


def version_out(session: Session, report: Report, v: ReportVersion) -> schemas.VersionResponse:
    from archive.reports import version_sources

    return schemas.VersionResponse(
        **version_summary(v).model_dump(), report_id=report.id,
        record=schemas.Record.model_validate(v.record or {}),
        sources=[source_out(s) for s in version_sources(session, v)])


@router.get("/search", response_model=schemas.SearchResponse, summary="Search report versions")
def api_search(
    request: Request,
    q: Annotated[str, Query(description="Full-text query (Chinese bigrams; empty lists all)")] = "",
    year: Annotated[str | None, Query(description="2024 or 2020-2024")] = None,
    agency: str | None = None,
    region: Annotated[str | None, Query(description="The portal's region (text)")] = None,
    level: Annotated[str | None, Query(description="The portal's level")] = None,
    agency_region: Annotated[str | None, Query(
        description="The registry agency's region: a name on its path or a code prefix")]
    = None,
    agency_level: Annotated[str | None, Query(
        description="The registry agency's level: province, prefecture, county, township")]
    = None,
    format: Annotated[str | None, Query(description="2021, 2019, legacy or unknown")] = None,
    portal: str | None = None,
    check: Annotated[str | None, Query(description="A rule name, any or none")] = None,
    filter: Annotated[list[str] | None, Query(
        description="Filter strings as on the command line, e.g. requests.new.total>100")] = None,
    all_versions: bool = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> schemas.SearchResponse:
    """Report versions matching a text query and filters, best first, with facets."""
    filters = filters_from(year, agency, region, level, format, portal, check, filter or [],
                           all_versions, agency_region, agency_level)
    with archive_of(request).session() as s:
        try:
            listing = run_search(s, q, filters, limit=limit, offset=offset)
        except SearchError as exc:
            raise HTTPException(400, str(exc)) from None
    return schemas.SearchResponse(
        query=q, filters=filters.to_strings(), total=listing.total, limit=limit, offset=offset,
        items=[schemas.SearchHit(report_id=h.report_id, agency=h.agency, year=h.year,
                                 version=h.version, latest=h.latest, format=h.format,
                                 title=h.title, score=h.score, snippet=h.snippet,
                                 highlights=h.highlights, checks=h.checks,
                                 url=f"/reports/{h.report_id}?v={h.version}")
               for h in listing.items],
        facets={name: [schemas.FacetCount(value=v, count=n) for v, n in pairs]
                for name, pairs in listing.facets.items()})


@router.get("/reports/{report_id}", response_model=schemas.ReportResponse,
            summary="A report: its versions, events and latest record")
def api_report(request: Request, report_id: int) -> schemas.ReportResponse:
    with archive_of(request).session() as s:
        report = load_report(s, report_id)
        view = report_view(s, report, get_version(s, report))
        return schemas.ReportResponse(
            id=report.id, agency=report.agency, agency_id=report.agency_id, year=report.year,
            kind=report.kind,
            status=report.status, portal=view.portal.key if view.portal else None,
            region=view.portal.region if view.portal else None,
            versions=[version_summary(v) for v in view.versions],
            events=[event_out(e) for e in view.events],
            latest=version_out(s, report, view.version))


@router.get("/reports/{report_id}/versions/{number}", response_model=schemas.VersionResponse,
            summary="One version of a report: its record and sources")
def api_version(request: Request, report_id: int, number: int) -> schemas.VersionResponse:
    with archive_of(request).session() as s:
        report = load_report(s, report_id)
        return version_out(s, report, get_version(s, report, number))


@router.get("/reports/{report_id}/diff", response_model=schemas.DiffResponse,
            summary="What changed between two versions")
def api_diff(
    request: Request, report_id: int,
    from_: Annotated[int | None, Query(alias="from", description="Older version number")] = None,
    to: Annotated[int | None, Query(description="Newer version number (default: latest)")] = None,
) -> schemas.DiffResponse:
    with archive_of(request).session() as s:
        report = load_report(s, report_id)
        return schemas.DiffResponse.model_validate(
            diff_versions(s, report, from_, to).as_dict())


@router.get("/changes", response_model=schemas.ChangesResponse,
            summary="Events across the archive, newest first")
def api_changes(
    request: Request,
    kind: Annotated[str | None, Query(
        description="published, changed, reparsed, imported, new_source, withdrawn, restored, "
                    "merged, split")]
    = None,
    since: Annotated[datetime | None, Query(description="Only events at or after this time")]
    = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.ChangesResponse:
    with archive_of(request).session() as s:
        rows, total = changes_page(s, limit=limit, offset=offset, kind=kind, since=since)
    items = []
    for event, report in rows:
        out = event_out(event)
        items.append(schemas.Change(id=event.id, kind=event.kind, at=out.at, report_id=report.id,
                                    agency=report.agency, year=report.year, version=out.version,
                                    detail=out.detail, url=f"/reports/{report.id}"))
    return schemas.ChangesResponse(total=total, limit=limit, offset=offset, items=items)

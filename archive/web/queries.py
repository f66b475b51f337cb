"""Catalogue reads the web pages and the API share: a report with its versions, events,
sources and fetches; an agency's reports across years; a paginated feed of changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.catalogue.models import (
    Agency,
    Blob,
    Event,
    Fetch,
    Portal,
    Report,
    ReportVersion,
    VersionSource,
)
from archive.registry import agency_reports
from archive.reports import SourceInfo, history, version_sources


@dataclass
class FetchInfo:
    """One recorded request for a URL the report was seen at, or a file imported for it
    (`origin` "imported": no request, no status; the path and who imported it instead)."""

    url: str
    fetched_at: datetime
    status: int | None
    outcome: str
    sha256: str | None
    size: int | None
    origin: str = "fetched"
    imported_from: str | None = None
    imported_by: str | None = None


@dataclass
class YearPoint:
    """One year of an agency's reports, for the per-year charts."""

    report_id: int
    year: int
    new_requests: float | None
    tables: dict[str, Any]


@dataclass
class ReportView:
    """Everything the report page and `/api/reports/{id}` show."""

    report: Report
    version: ReportVersion
    versions: list[ReportVersion]
    events: list[Event]
    sources: list[SourceInfo]
    fetches: list[FetchInfo]
    series: list[YearPoint] = field(default_factory=list)
    portal: Portal | None = None
    agency: Agency | None = None  # in the registry (None while its name awaits review)


def all_versions(session: Session, report: Report) -> list[ReportVersion]:
    return list(session.scalars(select(ReportVersion).where(
        ReportVersion.report_id == report.id).order_by(ReportVersion.number)))


def report_fetches(session: Session, report: Report, limit: int = 100) -> list[FetchInfo]:
    """The latest fetches of every URL any version of the report was seen at."""
    docs = select(VersionSource.document_id).join(
        ReportVersion, ReportVersion.id == VersionSource.version_id).where(
        ReportVersion.report_id == report.id)
    rows = session.execute(
        select(Fetch.url, Fetch.fetched_at, Fetch.status, Fetch.outcome, Fetch.sha256, Fetch.size,
               Fetch.origin, Fetch.imported_from, Fetch.imported_by)
        .where(Fetch.document_id.in_(docs))
        .order_by(Fetch.fetched_at.desc(), Fetch.id.desc()).limit(limit))
    return [FetchInfo(*row) for row in rows]


def agency_series(session: Session, report: Report) -> list[YearPoint]:
    """The latest record of each year's report by the same agency (the registry's, whatever
    name each year printed; by the folded name while it awaits review), oldest year first."""
    agency = session.get(Agency, report.agency_id) if report.agency_id else None
    same = (Report.id.in_([r.id for r in agency_reports(session, agency)])
            if agency is not None else Report.agency_key == report.agency_key)
    rows = session.execute(
        select(Report.id, Report.year, ReportVersion.record)
        .join(ReportVersion, ReportVersion.report_id == Report.id)
        .where(same, Report.kind == report.kind, Report.year.is_not(None))
        .order_by(Report.year, ReportVersion.number)).all()
    latest: dict[int, YearPoint] = {}
    for report_id, year, record in rows:  # later versions overwrite earlier ones
        tables = (record or {}).get("tables") or {}
        total = ((tables.get("requests") or {}).get("new") or {}).get("total")
        latest[year] = YearPoint(report_id, year,
                                 total if isinstance(total, int | float) else None, tables)
    return [latest[y] for y in sorted(latest)]


def report_view(session: Session, report: Report, version: ReportVersion) -> ReportView:
    """Gather the report page's data for one version."""
    portal = session.get(Portal, report.portal_id) if report.portal_id else None
    return ReportView(report=report, version=version, versions=all_versions(session, report),
                      events=history(session, report), sources=version_sources(session, version),
                      fetches=report_fetches(session, report),
                      series=agency_series(session, report), portal=portal,
                      agency=session.get(Agency, report.agency_id) if report.agency_id else None)


def blob_info(session: Session, sha256: str) -> Blob | None:
    return session.get(Blob, sha256.lower())


def blob_charset(session: Session, sha256: str) -> str | None:
    """The charset the server declared when it sent these bytes, if it did."""
    from archive.ingest import header

    for headers in session.scalars(select(Fetch.response_headers).where(
            Fetch.sha256 == sha256).order_by(Fetch.fetched_at.desc()).limit(5)):
        value = header(headers, "Content-Type") or ""
        for param in value.split(";")[1:]:
            key, _, charset = param.partition("=")
            if key.strip().lower() == "charset" and charset.strip().strip('"'):
                return charset.strip().strip('"')
    return None


def blob_filename(session: Session, sha256: str) -> str | None:
    """The last path segment of a URL the blob was fetched from, if any."""
    url = session.scalars(select(Fetch.url).where(Fetch.sha256 == sha256)
                          .order_by(Fetch.fetched_at.desc()).limit(1)).first()
    if not url:
        return None
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return name or None


def changes_page(session: Session, *, limit: int, offset: int, kind: str | None = None,
                 since: datetime | None = None) -> tuple[list[tuple[Event, Report]], int]:
    """A page of events across the archive, newest first, and how many there are in all."""
    q = select(Event, Report).join(Report, Report.id == Event.report_id)
    count = select(func.count(Event.id))
    if kind:
        q, count = q.where(Event.kind == kind), count.where(Event.kind == kind)
    if since is not None:
        q, count = q.where(Event.at >= since), count.where(Event.at >= since)
    rows = session.execute(q.order_by(Event.at.desc(), Event.id.desc())
                           .limit(limit).offset(offset)).all()
    return [(e, r) for e, r in rows], session.scalar(count) or 0


def media_type(session: Session, sha256: str) -> str | None:
    return session.scalar(select(Blob.media_type).where(Blob.sha256 == sha256))

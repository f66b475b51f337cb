"""Reading reports back: find one by id, `agency/year` or any URL it was seen at; its
timeline; diffs between versions; the archive-wide feed of changes. Nothing here writes
(hand-made changes are in `archive.curation`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.catalogue.documents import find_document
from archive.catalogue.models import (
    MAX_INT,
    Blob,
    Document,
    Event,
    Fetch,
    Report,
    ReportVersion,
    VersionSource,
    aware,
)
from archive.diffs import RecordDiff, diff_records
from archive.errors import NotFoundError
from archive.identity import lookup_report


def find_report(session: Session, spec: str) -> Report:
    """The report named by an id (`12`), `agency/year` (`北仑区人民政府/2024`) or a URL."""
    spec = spec.strip()
    if spec.isdigit():
        number = int(spec)  # ids are 32-bit on PostgreSQL: a larger one names no report
        report = session.get(Report, number) if 0 < number <= MAX_INT else None
    elif "://" in spec:
        doc = find_document(session, spec)
        report = None
        if doc is not None:
            report = session.scalars(
                select(Report).join(ReportVersion).join(VersionSource)
                .where(VersionSource.document_id == doc.id)
                .order_by(VersionSource.last_seen_at.desc()).limit(1)).first()
    elif "/" in spec:
        agency, _, year = spec.rpartition("/")
        if not year.strip().isdigit():
            raise NotFoundError(f"{spec!r}: give a report as ID, AGENCY/YEAR or a URL")
        report = lookup_report(session, agency, int(year))
    else:
        raise NotFoundError(f"{spec!r}: give a report as ID, AGENCY/YEAR or a URL")
    if report is None:
        raise NotFoundError(f"no report {spec!r} in the archive; `nianbao search` lists reports")
    return report


def get_version(session: Session, report: Report, number: int | None = None) -> ReportVersion:
    """A version by number, or the latest (a number no INTEGER holds names none, and is not
    asked of the database, which would fail on it)."""
    q = select(ReportVersion).where(ReportVersion.report_id == report.id)
    q = q.where(ReportVersion.number == number) if number is not None else \
        q.order_by(ReportVersion.number.desc()).limit(1)
    version = session.scalars(q).first() if number is None or 0 < number <= MAX_INT else None
    if version is None:
        what = f"version {number}" if number is not None else "any version"
        raise NotFoundError(f"report {report.id} ({report.agency} {report.year}) has no {what}")
    return version


@dataclass
class SourceInfo:
    """Bytes behind a version; `imported_from`/`imported_by` when they came from a local
    file imported by hand, not from a fetch of `url`."""

    url: str | None
    sha256: str
    size: int | None
    media_type: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    imported_from: str | None = None
    imported_by: str | None = None


def version_sources(session: Session, version: ReportVersion) -> list[SourceInfo]:
    rows = session.execute(
        select(Document.url, VersionSource.sha256, Blob.size, Blob.media_type,
               VersionSource.first_seen_at, VersionSource.last_seen_at,
               Fetch.imported_from, Fetch.imported_by)
        .join(Blob, Blob.sha256 == VersionSource.sha256)
        .outerjoin(Document, Document.id == VersionSource.document_id)
        .outerjoin(Fetch, (Fetch.id == VersionSource.fetch_id) & (Fetch.origin == "imported"))
        .where(VersionSource.version_id == version.id).order_by(VersionSource.first_seen_at))
    return [SourceInfo(*row) for row in rows]


def history(session: Session, report: Report) -> list[Event]:
    """The report's events, oldest first."""
    return list(session.scalars(select(Event).where(Event.report_id == report.id)
                                .order_by(Event.at, Event.id)))


@dataclass
class VersionDiff:
    report: Report
    old: ReportVersion
    new: ReportVersion
    diff: RecordDiff
    old_blobs: list[str]
    new_blobs: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": {"id": self.report.id, "agency": self.report.agency,
                       "year": self.report.year},
            "from": {"number": self.old.number, "cause": self.old.cause,
                     "first_seen": aware(self.old.first_seen_at).isoformat(),
                     "record_hash": self.old.record_hash, "blobs": self.old_blobs},
            "to": {"number": self.new.number, "cause": self.new.cause,
                   "first_seen": aware(self.new.first_seen_at).isoformat(),
                   "record_hash": self.new.record_hash, "blobs": self.new_blobs},
            **self.diff.as_dict(),
        }


def diff_versions(session: Session, report: Report, old: int | None = None,
                  new: int | None = None) -> VersionDiff:
    """Diff two versions (default: the latest against the one before it)."""
    new_v = get_version(session, report, new)
    old_v = get_version(session, report, old if old is not None else max(new_v.number - 1, 1))
    blobs = {v.id: sorted(session.scalars(select(VersionSource.sha256).where(
        VersionSource.version_id == v.id))) for v in (old_v, new_v)}
    return VersionDiff(report, old_v, new_v, diff_records(old_v.record, new_v.record),
                       blobs[old_v.id], blobs[new_v.id])


def changes(session: Session, since: datetime | None = None, *, limit: int = 200,
            kinds: tuple[str, ...] | None = None) -> list[tuple[Event, Report]]:
    """Every event across the archive, newest first: the feed journalists want."""
    q = select(Event, Report).join(Report, Report.id == Event.report_id)
    if since is not None:
        q = q.where(Event.at >= since)
    if kinds:
        q = q.where(Event.kind.in_(kinds))
    rows = session.execute(q.order_by(Event.at.desc(), Event.id.desc()).limit(limit)).all()
    return [(event, report) for event, report in rows]


def latest_versions(session: Session) -> list[tuple[Report, ReportVersion | None]]:
    """Every report with its newest version (None for a report that has none), by id."""
    newest = (select(ReportVersion.report_id, func.max(ReportVersion.number).label("number"))
              .group_by(ReportVersion.report_id).subquery())
    rows = session.execute(
        select(Report, ReportVersion).outerjoin(newest, newest.c.report_id == Report.id)
        .outerjoin(ReportVersion, (ReportVersion.report_id == Report.id)
                   & (ReportVersion.number == newest.c.number))
        .order_by(Report.id)).all()
    return [(report, version) for report, version in rows]

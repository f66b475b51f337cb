"""Reading reports back: find one by id, `agency/year` or any URL it was seen at; its
timeline; diffs between versions; the archive-wide feed of changes; hand-made identity
decisions (merge, split); and re-deriving records when the parser improves (reparse)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from archive.diffs import RecordDiff, diff_records
from archive.errors import NotFoundError
from archive.events import record_event
from archive.identity import fold, lookup_report
from archive.ingest import find_document
from archive.models import (
    Blob,
    Document,
    Event,
    IdentityOverride,
    Report,
    ReportVersion,
    VersionSource,
    utcnow,
)

if TYPE_CHECKING:
    from archive.core import Archive


def find_report(session: Session, spec: str) -> Report:
    """The report named by an id (`12`), `agency/year` (`北仑区人民政府/2024`) or a URL."""
    spec = spec.strip()
    if spec.isdigit():
        report = session.get(Report, int(spec))
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
    """A version by number, or the latest."""
    q = select(ReportVersion).where(ReportVersion.report_id == report.id)
    q = q.where(ReportVersion.number == number) if number is not None else \
        q.order_by(ReportVersion.number.desc()).limit(1)
    version = session.scalars(q).first()
    if version is None:
        what = f"version {number}" if number is not None else "any version"
        raise NotFoundError(f"report {report.id} ({report.agency} {report.year}) has no {what}")
    return version


@dataclass
class SourceInfo:
    url: str | None
    sha256: str
    size: int | None
    media_type: str | None
    first_seen_at: datetime
    last_seen_at: datetime


def version_sources(session: Session, version: ReportVersion) -> list[SourceInfo]:
    rows = session.execute(
        select(Document.url, VersionSource.sha256, Blob.size, Blob.media_type,
               VersionSource.first_seen_at, VersionSource.last_seen_at)
        .join(Blob, Blob.sha256 == VersionSource.sha256)
        .outerjoin(Document, Document.id == VersionSource.document_id)
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
                     "first_seen": self.old.first_seen_at.isoformat(),
                     "record_hash": self.old.record_hash, "blobs": self.old_blobs},
            "to": {"number": self.new.number, "cause": self.new.cause,
                   "first_seen": self.new.first_seen_at.isoformat(),
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


def _override(session: Session, agency: str, year: int | None, kind: str, report_id: int,
              note: str | None) -> None:
    """Remember by hand: records printing `agency` for `year` belong to `report_id`."""
    session.query(IdentityOverride).filter(
        IdentityOverride.agency_key == fold(agency), IdentityOverride.year == year,
        IdentityOverride.kind == kind).delete()
    session.add(IdentityOverride(agency_key=fold(agency), year=year, kind=kind,
                                 report_id=report_id, note=note))


def merge(session: Session, keep: Report, other: Report, note: str | None = None) -> Report:
    """File `other`'s versions under `keep` (renumbered by first sighting) and remember the
    decision, so future records of `other`'s agency land in `keep` too."""
    if keep.id == other.id:
        raise NotFoundError("cannot merge a report with itself")
    names = {v.record.get("agency") for v in other.versions} | {other.agency}
    top = session.scalar(select(func.max(ReportVersion.number))
                         .where(ReportVersion.report_id == keep.id)) or 0
    session.execute(update(ReportVersion).where(ReportVersion.report_id == other.id)
                    .values(report_id=keep.id, number=ReportVersion.number + top))
    session.execute(update(Event).where(Event.report_id == other.id).values(report_id=keep.id))
    session.execute(update(IdentityOverride).where(IdentityOverride.report_id == other.id)
                    .values(report_id=keep.id))
    for name in sorted(n for n in names if n):
        _override(session, name, other.year, other.kind, keep.id, note or f"merged into {keep.id}")
    session.flush()
    _renumber(session, keep.id)
    record_event(session, keep.id, "merged", at=utcnow(),
                 detail={"from_report": other.id, "agency": other.agency, "note": note})
    session.flush()
    session.expire(keep)
    session.expire(other)
    session.delete(other)
    return keep


def split(session: Session, report: Report, agency: str) -> Report:
    """Undo a merge (or an abbreviation rule): versions whose record prints `agency` go to a
    report of their own, and future records printing that name follow them."""
    name = fold(agency)
    versions = list(session.scalars(select(ReportVersion).where(
        ReportVersion.report_id == report.id)))
    moved = [v for v in versions if fold(v.record.get("agency") or "") == name]
    if not moved or len(moved) == len(versions):
        raise NotFoundError(f"report {report.id} has no versions of {agency!r} to split off "
                            "(or only those)")
    new = Report(agency=agency, agency_key=f"{name}#split-from-{report.id}", year=report.year,
                 kind=report.kind, portal_id=report.portal_id, identity_rule="split by hand",
                 status=report.status)
    session.add(new)
    session.flush()
    _override(session, agency, report.year, report.kind, new.id, f"split from {report.id}")
    for v in moved:
        v.report_id = new.id
    session.flush()
    _renumber(session, report.id)
    _renumber(session, new.id)
    at = utcnow()
    record_event(session, report.id, "split", at=at, detail={"to_report": new.id, "agency": agency})
    record_event(session, new.id, "split", at=at, detail={"from_report": report.id})
    session.expire(report)
    return new


def _renumber(session: Session, report_id: int) -> None:
    versions = list(session.scalars(select(ReportVersion).where(
        ReportVersion.report_id == report_id).order_by(ReportVersion.first_seen_at,
                                                       ReportVersion.id)))
    for i, v in enumerate(versions):  # two passes: (report_id, number) is unique
        v.number = -(i + 1)
    session.flush()
    for v in versions:
        v.number = -v.number
    session.flush()


@dataclass
class ReparseSummary:
    reports: int = 0
    changed: int = 0
    failed: int = 0


def reparse(arc: Archive, progress: Callable[[int, int], None] | None = None) -> ReparseSummary:
    """Re-derive every report's current record from its stored blobs with today's parser;
    a different record becomes a version whose cause is "parser", never the agency's edit."""
    from archive.parsing import parse_blob
    from archive.versions import store_record

    summary = ReparseSummary()
    with arc.session() as s:
        latest = s.execute(select(ReportVersion.report_id, func.max(ReportVersion.number))
                           .group_by(ReportVersion.report_id)).all()
    for i, (report_id, number) in enumerate(latest, 1):
        with arc.session() as s:
            version = s.scalars(select(ReportVersion).where(
                ReportVersion.report_id == report_id, ReportVersion.number == number)).one()
            source = s.execute(
                select(VersionSource, Document.url, Blob.media_type)
                .join(Blob, Blob.sha256 == VersionSource.sha256)
                .outerjoin(Document, Document.id == VersionSource.document_id)
                .where(VersionSource.version_id == version.id)
                .order_by(VersionSource.last_seen_at.desc()).limit(1)).first()
        summary.reports += 1
        if source is not None:
            vs, url, media_type = source
            record = parse_blob(arc, vs.sha256, media_type=media_type, url=url)
            if record is None:
                summary.failed += 1
            else:
                with arc.session() as s:
                    result = store_record(
                        s, record, sha256=vs.sha256, fetch_id=vs.fetch_id,
                        document_id=vs.document_id, portal_id=None, seen_at=vs.last_seen_at,
                        parser_version=(record.get("parser") or {}).get("version", "?"),
                        cause="parser", event_at=utcnow())
                    summary.changed += bool(result and result.created)
        if progress:
            progress(i, len(latest))
    return summary

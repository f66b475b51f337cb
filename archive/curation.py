"""Changing the archive by hand: merging two reports that are one, splitting one that is
two (each remembered as an identity decision, so future records follow it), and re-deriving
records when the parser improves (reparse)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from archive.catalogue.cells import sync_cells
from archive.catalogue.db import Catalogue
from archive.catalogue.models import (
    Blob,
    Document,
    Event,
    IdentityOverride,
    Report,
    ReportVersion,
    VersionSource,
    utcnow,
)
from archive.errors import NotFoundError
from archive.events import record_event
from archive.identity import fold
from archive.parsing import parse_blob
from archive.search.index import sync_reports
from archive.versions import store_record


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
    sync_reports(session.connection(), [report_id])  # the index follows the new numbering
    sync_cells(session, [report_id])  # and so do the rows of the `cells` table


@dataclass
class ReparseSummary:
    reports: int = 0
    changed: int = 0
    failed: int = 0


def reparse(cat: Catalogue, progress: Callable[[int, int], None] | None = None) -> ReparseSummary:
    """Re-derive every report's current record from its stored blobs with today's parser;
    a different record becomes a version whose cause is "parser", never the agency's edit."""
    summary = ReparseSummary()
    with cat.session() as s:
        latest = s.execute(select(ReportVersion.report_id, func.max(ReportVersion.number))
                           .group_by(ReportVersion.report_id)).all()
    for i, (report_id, number) in enumerate(latest, 1):
        with cat.session() as s:
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
            record = parse_blob(cat, vs.sha256, media_type=media_type, url=url)
            if record is None:
                summary.failed += 1
            else:
                with cat.session() as s:
                    result = store_record(
                        s, record, sha256=vs.sha256, fetch_id=vs.fetch_id,
                        document_id=vs.document_id, portal_id=None, seen_at=vs.last_seen_at,
                        parser_version=(record.get("parser") or {}).get("version", "?"),
                        cause="parser", event_at=utcnow())
                    summary.changed += bool(result and result.created)
        if progress:
            progress(i, len(latest))
    return summary

"""Report versions: a new version exists when, and only when, the canonical record changes.

A record is compared with what its own source (the same URL) said last time and with the
report's current version, so a report published both as a page and as a PDF attachment does
not flip between two renderings: a new blob with an unchanged record is a sighting (a source
and a "seen" time), never a version. A record that returns to an earlier state is a new
version that names the one it equals (`same_as`).

An attachment belongs to the report of the page that links it (same year), and that page
becomes a source of the report even when it holds nothing but the link.

A file imported by hand (`nianbao ingest`) is no capture: a new record from it is a version
whose cause is "imported" (event "imported", with the path and the importer), never the
publisher's "changed"; it moves no "last seen" time and is not what a URL "showed last", so a
later crawl is compared with what was fetched, not with what was imported. A crawled record
that differs only from imported versions is the first capture ("published"), not an edit.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalogue.cells import write_cells
from archive.catalogue.db import insert_ignore, lock_row
from archive.catalogue.models import (
    CheckResult,
    Document,
    Fetch,
    Portal,
    Report,
    ReportVersion,
    VersionSource,
    aware,
)
from archive.events import record_event
from archive.identity import lookup_report, resolve_report
from archive.search.index import index_version
from parsers.record import flatten_cells

log = logging.getLogger(__name__)

#: Record keys that describe how a record was made, not what the report says.
PROVENANCE_KEYS = ("source", "parser")


def record_hash(record: dict[str, Any]) -> str:
    """Hash of what the report says: every key but the provenance ones."""
    content = {k: v for k, v in record.items() if k not in PROVENANCE_KEYS}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


#: What an extractor says of a page whose body is only a link or only images.
STUB_BODIES = ("attachment", "images", "empty")


def substantive(record: dict[str, Any]) -> bool:
    """Does the record say something of its own? A page that only links the PDF, or whose
    tables could not be read at all, is a source of a report but never a version of it."""
    if (record.get("source") or {}).get("body") in STUB_BODIES:
        return False
    fmt = record.get("format")
    if fmt == "legacy":
        return True
    if fmt not in ("2021", "2019"):
        return False
    return any(v is not None for v in flatten_cells(record.get("tables")).values())


@dataclass(frozen=True)
class VersionResult:
    report_id: int
    version_id: int
    number: int
    created: bool


#: Version causes: first capture, the publisher's edit, a newer parser, a hand-imported file.
CAUSES = ("published", "changed", "parser", "imported")
#: The event each cause of a new version is recorded as.
CAUSE_EVENTS = {"published": "published", "changed": "changed", "parser": "reparsed",
                "imported": "imported"}


@dataclass(frozen=True)
class ParseJob:
    """A fetched blob whose record is to be filed: where it came from and when."""

    fetch_id: int
    document_id: int
    sha256: str
    url: str
    portal_key: str | None
    seen_at: datetime


def file_record(session: Session, job: ParseJob, record: dict[str, Any]) -> VersionResult | None:
    """File a parsed record under its report (see the module docstring for attachments)."""
    portal_id = session.scalars(select(Portal.id).where(Portal.key == job.portal_key)).first() \
        if job.portal_key else None
    fetch = session.execute(select(Fetch.parent_document_id, Fetch.origin, Fetch.imported_from,
                                   Fetch.imported_by).where(Fetch.id == job.fetch_id)).first()
    parent_id = fetch.parent_document_id if fetch is not None else None
    imported = fetch is not None and fetch.origin == "imported"
    report = _report_of_page(session, parent_id, record.get("year")) if parent_id else None
    stored = store_record(session, record, sha256=job.sha256, fetch_id=job.fetch_id,
                          document_id=job.document_id, portal_id=portal_id,
                          seen_at=job.seen_at, report=report,
                          parser_version=(record.get("parser") or {}).get("version", "?"),
                          cause="imported" if imported else "published",
                          provenance={"imported_from": fetch.imported_from,
                                      "imported_by": fetch.imported_by} if imported else None)
    if stored is not None and parent_id and report is None:
        _link_page(session, stored, parent_id, job.seen_at)
    return stored


def _report_of_page(session: Session, document_id: int, year: int | None) -> Report | None:
    """The report a page was filed under, if it is of the same year."""
    report = session.scalars(
        select(Report).join(ReportVersion).join(VersionSource)
        .where(VersionSource.document_id == document_id)
        .order_by(VersionSource.last_seen_at.desc()).limit(1)).first()
    return report if report is not None and (year is None or report.year == year) else None


def _link_page(session: Session, stored: VersionResult, page_id: int, seen_at: datetime) -> None:
    """Record the page that links an attachment as a source of the attachment's report."""
    row = session.execute(
        select(Fetch.id, Fetch.sha256).where(Fetch.document_id == page_id,
                                             Fetch.sha256.is_not(None))
        .order_by(Fetch.fetched_at.desc(), Fetch.id.desc()).limit(1)).first()
    version = session.get(ReportVersion, stored.version_id)
    if row is not None and version is not None and session.get(Document, page_id) is not None:
        _add_source(session, stored.report_id, version, sha256=row.sha256, fetch_id=row.id,
                    document_id=page_id, digest=None, seen_at=seen_at)



def store_record(
    session: Session,
    record: dict[str, Any],
    *,
    sha256: str,
    fetch_id: int | None,
    document_id: int | None,
    portal_id: int | None,
    seen_at: datetime,
    parser_version: str,
    cause: str = "published",
    event_at: datetime | None = None,
    report: Report | None = None,
    provenance: dict[str, Any] | None = None,
) -> VersionResult | None:
    """File a parsed record under its report; None when it names no agency or year.

    `cause` is "published" for what was fetched, "parser" when `reparse` re-derived it,
    "imported" for a file `nianbao ingest` read (`provenance`: its path and importer, kept
    in the event).
    """
    if cause not in CAUSES:
        raise ValueError(f"cause must be one of {', '.join(CAUSES)}, not {cause!r}")
    imported = cause == "imported"
    agency, year = record.get("agency"), record.get("year")
    seen_at = aware(seen_at)
    if report is None:
        if not agency or not year:
            return None
        if substantive(record):
            report, _ = resolve_report(session, agency, year, portal_id=portal_id, at=seen_at)
        else:
            report = lookup_report(session, agency, year)
    digest = record_hash(record)
    if not substantive(record):
        latest = session.scalars(select(ReportVersion).where(ReportVersion.report_id == report.id)
                                 .order_by(ReportVersion.number.desc()).limit(1)).first() \
            if report is not None else None
        if latest is None:
            return None
        _add_source(session, report.id, latest, sha256=sha256, fetch_id=fetch_id,
                    document_id=document_id, digest=None, seen_at=seen_at, imported=imported)
        return VersionResult(report.id, latest.id, latest.number, False)
    lock_row(session, Report, report.id)  # one writer at a time numbers its versions
    versions = list(session.scalars(select(ReportVersion).where(
        ReportVersion.report_id == report.id).order_by(ReportVersion.number)))
    latest = versions[-1] if versions else None
    previous = None
    if document_id is not None:  # what this URL showed last (imported files show nothing)
        previous = session.scalars(
            _fetched_sources(select(VersionSource).join(ReportVersion))
            .where(ReportVersion.report_id == report.id, VersionSource.document_id == document_id)
            .order_by(VersionSource.last_seen_at.desc(), VersionSource.id.desc()).limit(1)).first()

    if latest is not None and latest.record_hash == digest:
        version, created = latest, False
    elif previous is not None and previous.record_hash == digest and cause != "parser":
        version, created = previous.version, False  # this source still shows an older state
    else:
        same = next((v.number for v in reversed(versions) if v.record_hash == digest), None)
        version = ReportVersion(
            report_id=report.id, number=(latest.number + 1) if latest else 1, record=record,
            record_hash=digest, parser_version=parser_version,
            cause=_new_cause(session, report.id, cause, latest),
            same_as=same, first_seen_at=seen_at, last_seen_at=seen_at)
        session.add(version)
        session.flush()
        index_version(session, version)  # searchable from the moment it exists
        write_cells(session, version)  # its numbers as rows of the `cells` table
        for check in record.get("checks") or []:
            session.add(CheckResult(version_id=version.id, rule=check.get("rule", "?"),
                                    where=check.get("where"), detail=check.get("detail")))
        created = True
        detail: dict[str, Any] = {"number": version.number}
        if latest is not None:
            # a publisher's edit is told against what was last fetched from it, never
            # against a file imported in between
            baseline = previous.version if (version.cause == "changed" and previous is not None
                                            ) else latest
            detail["from"] = baseline.number
        if same is not None:
            detail["same_as"] = same
        if imported:
            detail.update({k: v for k, v in (provenance or {}).items() if v})
        record_event(session, report.id, CAUSE_EVENTS[version.cause], at=event_at or seen_at,
                     version_id=version.id, document_id=document_id, detail=detail)
    if aware(version.last_seen_at) < seen_at and not imported:
        version.last_seen_at = seen_at
    _add_source(session, report.id, version, sha256=sha256, fetch_id=fetch_id,
                document_id=document_id, digest=digest, seen_at=seen_at, imported=imported)
    return VersionResult(report.id, version.id, version.number, created)


def _new_cause(session: Session, report_id: int, cause: str, latest: ReportVersion | None) -> str:
    """The cause of a new version: a newer parser's and an imported file's are theirs; a
    fetched record is the publisher's edit ("changed") only when something of this report
    was fetched before, otherwise it is the first capture ("published")."""
    if cause in ("parser", "imported"):
        return cause
    if latest is None:
        return "published"
    fetched_before = session.scalars(_fetched_sources(
        select(VersionSource.id).join(ReportVersion)
        .where(ReportVersion.report_id == report_id)).limit(1)).first() is not None
    return "changed" if fetched_before else "published"


def _fetched_sources(stmt: Any) -> Any:
    """`stmt` (over VersionSource) without the sources that came from imported files."""
    return stmt.outerjoin(Fetch, Fetch.id == VersionSource.fetch_id).where(
        (Fetch.id.is_(None)) | (Fetch.origin != "imported"))


def filed_before(session: Session, sha256: str, document_id: int) -> bool:
    """Are these bytes already a source of some report at this URL? (An imported copy of
    them needs no parsing.)"""
    return session.scalars(select(VersionSource.id).where(
        VersionSource.sha256 == sha256, VersionSource.document_id == document_id)
        .limit(1)).first() is not None


def _add_source(session: Session, report_id: int, version: ReportVersion, *, sha256: str,
                fetch_id: int | None, document_id: int | None, digest: str | None,
                seen_at: datetime, imported: bool = False) -> None:
    """Make the bytes a source of the version, or move an existing source's "last seen"
    forward. An imported file adds a source but is no sighting: it touches no existing source
    and is not news that the report is "seen at a new URL"."""
    source = session.scalars(select(VersionSource).where(
        VersionSource.version_id == version.id, VersionSource.sha256 == sha256,
        VersionSource.document_id == document_id)).first()
    if source is not None and imported:
        return
    if source is None:
        in_report = select(VersionSource.id).join(ReportVersion).where(
            ReportVersion.report_id == report_id)
        had_sources = session.scalars(in_report.limit(1)).first() is not None
        url_known = document_id is None or session.scalars(
            in_report.where(VersionSource.document_id == document_id).limit(1)).first() is not None
        session.flush()
        inserted = insert_ignore(session, VersionSource, dict(
            version_id=version.id, sha256=sha256, fetch_id=fetch_id, document_id=document_id,
            record_hash=digest, first_seen_at=seen_at, last_seen_at=seen_at),
            ["version_id", "sha256", "document_id"])  # another writer may have just filed it
        if inserted and had_sources and not url_known and not imported \
                and not _same_crawl_as_first(session, report_id, fetch_id):
            record_event(session, report_id, "new_source", at=seen_at, version_id=version.id,
                         document_id=document_id, detail={"number": version.number})
    else:
        source.fetch_id = fetch_id or source.fetch_id
        if aware(source.last_seen_at) < seen_at:
            source.last_seen_at = seen_at


def _same_crawl_as_first(session: Session, report_id: int, fetch_id: int | None) -> bool:
    """Is this fetch part of the crawl that first found the report? (URLs found together
    are the report's sources from the start, not news.)"""
    run_id = session.scalar(select(Fetch.run_id).where(Fetch.id == fetch_id)) if fetch_id else None
    if run_id is None:
        return False
    first_run = session.scalar(
        select(Fetch.run_id).join(VersionSource, VersionSource.fetch_id == Fetch.id)
        .join(ReportVersion).where(ReportVersion.report_id == report_id)
        .order_by(VersionSource.first_seen_at, VersionSource.id).limit(1))
    return first_run == run_id


def record_sighting(session: Session, sha256: str, document_id: int, seen_at: datetime) -> bool:
    """The URL shows the same bytes as when it was last filed: move "last seen" forward
    without parsing. False when it showed other bytes last (the page may have flipped back)."""
    latest = session.scalars(
        _fetched_sources(select(VersionSource)).where(VersionSource.document_id == document_id)
        .order_by(VersionSource.last_seen_at.desc(), VersionSource.id.desc()).limit(1)).first()
    if latest is None or latest.sha256 != sha256:
        return False
    seen_at = aware(seen_at)
    for source in session.scalars(select(VersionSource).where(
            VersionSource.sha256 == sha256, VersionSource.document_id == document_id)):
        if aware(source.last_seen_at) < seen_at:
            source.last_seen_at = seen_at
        if aware(source.version.last_seen_at) < seen_at:
            source.version.last_seen_at = seen_at
    return True

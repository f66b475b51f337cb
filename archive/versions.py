"""Report versions: a new version exists when, and only when, the canonical record changes.

A record is compared with what its own source (the same URL) said last time and with the
report's current version, so a report published both as a page and as a PDF attachment does
not flip between two renderings: a new blob with an unchanged record is a sighting (a source
and a "seen" time), never a version. A record that returns to an earlier state is a new
version that names the one it equals (`same_as`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.events import record_event
from archive.identity import resolve_report
from archive.models import CheckResult, Portal, ReportVersion, VersionSource

if TYPE_CHECKING:
    from archive.core import Archive
    from archive.ingest import IngestResult

log = logging.getLogger(__name__)

#: Record keys that describe how a record was made, not what the report says.
PROVENANCE_KEYS = ("source", "parser")


def record_hash(record: dict[str, Any]) -> str:
    """Hash of what the report says: every key but the provenance ones."""
    content = {k: v for k, v in record.items() if k not in PROVENANCE_KEYS}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VersionResult:
    report_id: int
    version_id: int
    number: int
    created: bool


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


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
) -> VersionResult | None:
    """File a parsed record under its report; None when it names no agency or year.

    `cause` is "published" for what was fetched, "parser" when `reparse` re-derived it.
    """
    agency, year = record.get("agency"), record.get("year")
    if not agency or not year:
        return None
    report, _ = resolve_report(session, agency, year, portal_id=portal_id, at=seen_at)
    digest = record_hash(record)
    versions = list(session.scalars(select(ReportVersion).where(
        ReportVersion.report_id == report.id).order_by(ReportVersion.number)))
    latest = versions[-1] if versions else None
    previous = None
    if document_id is not None:
        previous = session.scalars(
            select(VersionSource).join(ReportVersion)
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
            cause="published" if latest is None else ("parser" if cause == "parser" else "changed"),
            same_as=same, first_seen_at=seen_at, last_seen_at=seen_at)
        session.add(version)
        session.flush()
        for check in record.get("checks") or []:
            session.add(CheckResult(version_id=version.id, rule=check.get("rule", "?"),
                                    where=check.get("where"), detail=check.get("detail")))
        created = True
        kind = {"published": "published", "changed": "changed", "parser": "reparsed"}[version.cause]
        detail: dict[str, Any] = {"number": version.number}
        if latest is not None:
            detail["from"] = latest.number
        if same is not None:
            detail["same_as"] = same
        record_event(session, report.id, kind, at=event_at or seen_at, version_id=version.id,
                     document_id=document_id, detail=detail)
    if _aware(version.last_seen_at) < seen_at:
        version.last_seen_at = seen_at
    _add_source(session, report.id, version, sha256=sha256, fetch_id=fetch_id,
                document_id=document_id, digest=digest, seen_at=seen_at)
    return VersionResult(report.id, version.id, version.number, created)


def _add_source(session: Session, report_id: int, version: ReportVersion, *, sha256: str,
                fetch_id: int | None, document_id: int | None, digest: str,
                seen_at: datetime) -> None:
    source = session.scalars(select(VersionSource).where(
        VersionSource.version_id == version.id, VersionSource.sha256 == sha256)).first()
    if source is None:
        in_report = select(VersionSource.id).join(ReportVersion).where(
            ReportVersion.report_id == report_id)
        had_sources = session.scalars(in_report.limit(1)).first() is not None
        url_known = document_id is None or session.scalars(
            in_report.where(VersionSource.document_id == document_id).limit(1)).first() is not None
        session.add(VersionSource(version_id=version.id, sha256=sha256, fetch_id=fetch_id,
                                  document_id=document_id, record_hash=digest,
                                  first_seen_at=seen_at, last_seen_at=seen_at))
        if had_sources and not url_known:
            record_event(session, report_id, "new_source", at=seen_at, version_id=version.id,
                         document_id=document_id, detail={"number": version.number})
    else:
        source.fetch_id = fetch_id or source.fetch_id
        if _aware(source.last_seen_at) < seen_at:
            source.last_seen_at = seen_at


def parse_blob(arc: Archive, sha256: str, *, media_type: str | None, url: str | None) -> dict | None:
    """The record of a stored blob, or None when it cannot be parsed (logged, not raised)."""
    import parsers

    data = arc.store.get(sha256)
    try:
        return parsers.parse_bytes(data, media_type=media_type, url=url).to_dict()
    except Exception as exc:  # a bad document must never stop ingest
        log.warning("could not parse %s (%s): %s", url, sha256[:12], exc)
        return None


def record_from_blob(arc: Archive, result: IngestResult, *, url: str, media_type: str | None,
                     portal_key: str | None, seen_at: datetime) -> VersionResult | None:
    """Parse a freshly ingested blob and file its record."""
    if result.sha256 is None:
        return None
    record = parse_blob(arc, result.sha256, media_type=media_type, url=url)
    if record is None:
        return None
    with arc.session() as s:
        portal_id = s.scalars(select(Portal.id).where(Portal.key == portal_key)).first() \
            if portal_key else None
        return store_record(s, record, sha256=result.sha256, fetch_id=result.fetch_id,
                            document_id=result.document_id, portal_id=portal_id, seen_at=seen_at,
                            parser_version=(record.get("parser") or {}).get("version", "?"))

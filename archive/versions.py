"""Report identity and versions: a new version only when the canonical record changes; a
new blob with the same record only adds a source and a "seen" time."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.identity import REPORT_KIND, agency_key
from archive.models import CheckResult, Portal, Report, ReportVersion, VersionSource
from archive.upsert import insert_ignore

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
) -> VersionResult | None:
    """File a parsed record under its report; None when it names no agency or year."""
    agency, year = record.get("agency"), record.get("year")
    if not agency or not year:
        return None
    key = agency_key(agency)
    insert_ignore(session, Report, dict(agency=agency, agency_key=key, year=year,
                                        kind=REPORT_KIND, portal_id=portal_id, created_at=seen_at),
                  ["agency_key", "year", "kind"])
    report = session.scalars(select(Report).where(
        Report.agency_key == key, Report.year == year, Report.kind == REPORT_KIND)).one()
    digest = record_hash(record)
    latest = session.scalars(select(ReportVersion).where(ReportVersion.report_id == report.id)
                             .order_by(ReportVersion.number.desc()).limit(1)).first()
    created = latest is None or latest.record_hash != digest
    if created:
        version = ReportVersion(
            report_id=report.id, number=(latest.number + 1) if latest else 1, record=record,
            record_hash=digest, parser_version=parser_version,
            cause=cause if latest else "published", first_seen_at=seen_at, last_seen_at=seen_at)
        session.add(version)
        session.flush()
        for check in record.get("checks") or []:
            session.add(CheckResult(version_id=version.id, rule=check.get("rule", "?"),
                                    where=check.get("where"), detail=check.get("detail")))
    else:
        version = latest
        if version.last_seen_at.replace(tzinfo=seen_at.tzinfo) < seen_at:
            version.last_seen_at = seen_at
    insert_ignore(session, VersionSource, dict(version_id=version.id, sha256=sha256,
                                               fetch_id=fetch_id, document_id=document_id),
                  ["version_id", "sha256"])
    return VersionResult(report.id, version.id, version.number, created)


def record_from_blob(arc: Archive, result: IngestResult, *, url: str, media_type: str | None,
                     portal_key: str | None, seen_at: datetime) -> VersionResult | None:
    """Parse a freshly ingested blob and file its record; parse failures are logged, not raised."""
    import parsers

    if result.sha256 is None:
        return None
    data = arc.store.get(result.sha256)
    try:
        record = parsers.parse_bytes(data, media_type=media_type, url=url).to_dict()
    except Exception as exc:  # a bad document must never stop ingest
        log.warning("could not parse %s (%s): %s", url, result.sha256[:12], exc)
        return None
    with arc.session() as s:
        portal_id = s.scalars(select(Portal.id).where(Portal.key == portal_key)).first() \
            if portal_key else None
        return store_record(s, record, sha256=result.sha256, fetch_id=result.fetch_id,
                            document_id=result.document_id, portal_id=portal_id, seen_at=seen_at,
                            parser_version=(record.get("parser") or {}).get("version", "?"))

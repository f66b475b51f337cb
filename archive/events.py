"""What happened to each report, as stored facts: published, changed, reparsed, imported,
new_source, withdrawn, restored, merged, split.

A report is withdrawn when every URL it was seen at is gone, and a URL is gone when it
answered 404 or a soft 404 twice in a row, or when two consecutive complete crawls of its
portal no longer reached it. Any later successful fetch of one of its URLs restores it.

Only fetches are evidence of what a URL shows: a file imported by hand (`nianbao ingest`,
origin "imported") says nothing about whether its URL is online, so it neither withdraws
nor restores a report, and a URL known only from imported files is left out of the
judgement (a report known only from imports keeps the status it has).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalogue.models import (
    OK_OUTCOMES,
    CrawlRun,
    Document,
    Event,
    Fetch,
    Report,
    ReportVersion,
    VersionSource,
)

EVENT_KINDS = ("published", "changed", "reparsed", "imported", "new_source", "withdrawn",
               "restored", "merged", "split", "identity")
#: Crawl-run statuses that mean the whole portal was walked (absence is meaningful).
COMPLETE_RUN = "finished"


def record_event(session: Session, report_id: int, kind: str, *, at: datetime,
                 version_id: int | None = None, document_id: int | None = None,
                 detail: dict[str, Any] | None = None) -> Event:
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    event = Event(report_id=report_id, kind=kind, at=at, version_id=version_id,
                  document_id=document_id, detail=detail or {})
    session.add(event)
    return event


def report_documents(session: Session, report_id: int) -> list[int]:
    """The documents (URLs) a report was seen at."""
    return sorted(set(session.scalars(
        select(VersionSource.document_id).join(ReportVersion)
        .where(ReportVersion.report_id == report_id, VersionSource.document_id.is_not(None)))))


def reports_of_document(session: Session, document_id: int) -> list[Report]:
    return list(session.scalars(
        select(Report).join(ReportVersion, ReportVersion.report_id == Report.id)
        .join(VersionSource, VersionSource.version_id == ReportVersion.id)
        .where(VersionSource.document_id == document_id).distinct()))


def fetched_documents(session: Session, document_ids: list[int]) -> list[int]:
    """Those of the documents that were ever fetched (not only imported from a file)."""
    if not document_ids:
        return []
    return sorted(set(session.scalars(select(Fetch.document_id).where(
        Fetch.document_id.in_(document_ids), Fetch.origin == "fetched"))))


def document_gone(session: Session, document_id: int) -> bool:
    """Two missing answers in a row, or absent from the last two complete portal crawls
    (imported files are no answers)."""
    last_two = list(session.scalars(
        select(Fetch.outcome).where(Fetch.document_id == document_id, Fetch.origin == "fetched")
        .order_by(Fetch.fetched_at.desc(), Fetch.id.desc()).limit(2)))
    if len(last_two) == 2 and all(o == "missing" for o in last_two):
        return True
    doc = session.get(Document, document_id)
    if doc is None or doc.portal_id is None:
        return False
    runs = list(session.scalars(
        select(CrawlRun).where(CrawlRun.portal_id == doc.portal_id,
                               CrawlRun.status == COMPLETE_RUN)
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(2)))
    if len(runs) < 2:
        return False
    since = min(r.started_at.replace(tzinfo=None) for r in runs)
    if doc.first_seen_at.replace(tzinfo=None) >= since:
        return False
    # Reached in either run, or answering again since: not gone.
    reached = session.scalars(select(Fetch.id).where(
        Fetch.document_id == document_id, Fetch.outcome.in_(OK_OUTCOMES),
        Fetch.origin == "fetched",
        Fetch.run_id.in_([r.id for r in runs]) | (Fetch.fetched_at >= since)).limit(1)).first()
    return reached is None


def update_status(session: Session, report: Report, *, at: datetime,
                  document_id: int | None = None) -> str | None:
    """Withdraw or restore a report from what its URLs answer now; the event kind or None.
    URLs known only from imported files are not asked."""
    docs = fetched_documents(session, report_documents(session, report.id))
    if not docs:
        return None
    gone = all(document_gone(session, d) for d in docs)
    if gone and report.status != "withdrawn":
        report.status = "withdrawn"
        record_event(session, report.id, "withdrawn", at=at, document_id=document_id,
                     detail={"urls": len(docs)})
        return "withdrawn"
    if not gone and report.status == "withdrawn":
        report.status = "online"
        record_event(session, report.id, "restored", at=at, document_id=document_id)
        return "restored"
    return None


def after_fetch(session: Session, document_id: int, outcome: str, at: datetime) -> None:
    """Re-judge the reports seen at a URL after a fetch that may withdraw or restore them."""
    for report in reports_of_document(session, document_id):
        if outcome == "missing" or (outcome in OK_OUTCOMES and report.status == "withdrawn"):
            update_status(session, report, at=at, document_id=document_id)


def after_run(session: Session, run: CrawlRun, at: datetime) -> list[tuple[int, str]]:
    """At the end of a complete crawl, withdraw the portal's reports it no longer reached."""
    if run.portal_id is None or run.status != COMPLETE_RUN:
        return []
    changed = []
    reports = session.scalars(select(Report).where(Report.status == "online").where(
        Report.id.in_(select(ReportVersion.report_id).join(VersionSource).join(
            Document, Document.id == VersionSource.document_id).where(
            Document.portal_id == run.portal_id))))
    for report in list(reports):
        kind = update_status(session, report, at=at)
        if kind:
            changed.append((report.id, kind))
    return changed

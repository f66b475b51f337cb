"""From stored bytes to filed records: parse a blob, file its record under its report, and,
during crawls, do the parsing in a worker process so fetching never waits for it.

An attachment belongs to the report of the page that links it (same year), and that page
becomes a source of the report even when it holds nothing but the link.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Document, Fetch, Portal, Report, ReportVersion, VersionSource
from archive.versions import VersionResult, _add_source, store_record

if TYPE_CHECKING:
    from archive.core import Archive
    from archive.ingest import IngestResult

log = logging.getLogger(__name__)


def parse_to_dict(data: bytes, media_type: str | None, url: str | None) -> dict[str, Any] | str:
    """The record of some bytes, or the one-line reason they could not be parsed."""
    import parsers

    try:
        return parsers.parse_bytes(data, media_type=media_type, url=url).to_dict()
    except Exception as exc:  # a bad document must never stop ingest
        return f"{type(exc).__name__}: {exc}"


def ocr_pages_to_dict(pages: list[bytes], url: str | None, title: str | None) -> dict[str, Any] | str:
    """The record of a report published as page images (OCR), or why it could not be read."""
    try:
        from parsers.document import to_record
        from parsers.ocr import extract_images

        extraction = extract_images(pages)
        extraction.title = extraction.title or title
        return to_record(extraction, url=url).to_dict()
    except Exception as exc:  # no OCR installed, unreadable images, limits
        return f"{type(exc).__name__}: {exc}"


def parse_blob(arc: Archive, sha256: str, *, media_type: str | None,
               url: str | None) -> dict[str, Any] | None:
    """The record of a stored blob, or None when it cannot be parsed (logged, not raised)."""
    record = parse_to_dict(arc.store.get(sha256), media_type, url)
    if isinstance(record, str):
        log.warning("could not parse %s (%s): %s", url, sha256[:12], record)
        return None
    return record


@dataclass(frozen=True)
class ParseJob:
    result: IngestResult
    url: str
    portal_key: str | None
    seen_at: datetime


def file_record(arc: Archive, job: ParseJob, record: dict[str, Any]) -> VersionResult | None:
    """File a parsed record under its report (see the module docstring for attachments)."""
    result = job.result
    assert result.sha256 is not None
    with arc.session() as s:
        portal_id = s.scalars(select(Portal.id).where(Portal.key == job.portal_key)).first() \
            if job.portal_key else None
        parent_id = s.scalar(select(Fetch.parent_document_id).where(Fetch.id == result.fetch_id))
        report = _report_of_page(s, parent_id, record.get("year")) if parent_id else None
        stored = store_record(s, record, sha256=result.sha256, fetch_id=result.fetch_id,
                              document_id=result.document_id, portal_id=portal_id,
                              seen_at=job.seen_at, report=report,
                              parser_version=(record.get("parser") or {}).get("version", "?"))
        if stored is not None and parent_id and report is None:
            _link_page(s, stored, parent_id, job.seen_at)
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


class Parsing:
    """Parses new blobs, now (the default) or in worker processes (`background(n)`), filing
    results in the order they were fetched."""

    def __init__(self, arc: Archive) -> None:
        self.arc = arc
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[tuple[ParseJob, Future[dict[str, Any] | str]]] = deque()
        #: Pages whose body is only page images: read by OCR once their images are in.
        self.image_pages: list[tuple[ParseJob, list[str], str | None]] = []

    def background(self, workers: int = 1) -> None:
        """Parse in `workers` separate processes from now on (spawned, so crawler threads
        and reactors are not copied into them)."""
        if self.pool is None:
            ctx = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def submit(self, job: ParseJob, data: bytes, media_type: str | None) -> VersionResult | None:
        """Parse and file now, or queue it; queued results are filed by `collect`/`drain`."""
        if self.pool is None:
            record = parse_to_dict(data, media_type, job.url)
            if isinstance(record, str):
                log.warning("could not parse %s: %s", job.url, record)
                return None
            return self._file(job, record)
        self.pending.append((job, self.pool.submit(parse_to_dict, data, media_type, job.url)))
        self.collect()
        return None

    def collect(self, *, wait: bool = False) -> int:
        """File the records whose parsing is done (all of them with `wait`), oldest first."""
        filed = 0
        while self.pending and (wait or self.pending[0][1].done()):
            job, future = self.pending.popleft()
            try:
                record = future.result()
            except Exception as exc:  # the worker died (e.g. out of memory)
                record = f"parser process failed: {exc}"
            if isinstance(record, str):
                log.warning("could not parse %s: %s", job.url, record)
            else:
                self._file(job, record)
            filed += 1
        return filed

    def _file(self, job: ParseJob, record: dict[str, Any]) -> VersionResult | None:
        source = record.get("source") or {}
        if source.get("body") == "images" and source.get("images"):
            self.image_pages.append((job, list(source["images"]), record.get("title")))
        return file_record(self.arc, job, record)

    def drain(self) -> int:
        """File everything parsed so far, then read the image-only pages whose images have
        been fetched since (a crawl calls this when it finishes)."""
        filed = self.collect(wait=True)
        pages, self.image_pages = self.image_pages, []
        for job, image_urls, title in pages:
            images = self._image_bytes(image_urls)
            if images is None:
                log.warning("page images of %s were not all fetched; not read", job.url)
                continue
            if self.pool is not None:
                record = self.pool.submit(ocr_pages_to_dict, images, job.url, title).result()
            else:
                record = ocr_pages_to_dict(images, job.url, title)
            if isinstance(record, str):
                log.warning("could not read the page images of %s: %s", job.url, record)
                continue
            file_record(self.arc, job, record)
            filed += 1
        return filed

    def _image_bytes(self, urls: list[str]) -> list[bytes] | None:
        """The archived bytes of each image, in page order; None if any is missing."""
        from archive.ingest import find_document_id

        out = []
        with self.arc.session() as s:
            for url in urls:
                doc = find_document_id(s, url)
                sha = s.scalar(select(Fetch.sha256).where(
                    Fetch.document_id == doc, Fetch.sha256.is_not(None))
                    .order_by(Fetch.fetched_at.desc()).limit(1)) if doc is not None else None
                if sha is None:
                    return None
                out.append(sha)
        return [self.arc.store.get(sha) for sha in out]

    def close(self) -> None:
        self.drain()
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

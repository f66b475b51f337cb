"""From stored bytes to records: parse a blob now or, during crawls, in a worker process so
fetching never waits for it, and hand each record to `archive.versions` to be filed."""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from sqlalchemy import select

from archive.catalogue.db import Catalogue
from archive.catalogue.documents import find_document_id
from archive.catalogue.models import Fetch
from archive.members import member_jobs
from archive.versions import ParseJob, VersionResult, file_record
from archive.worker import ocr_pages_to_dict, parse_to_dict

log = logging.getLogger(__name__)


def parse_blob(cat: Catalogue, sha256: str, *, media_type: str | None,
               url: str | None) -> dict[str, Any] | None:
    """The record of a stored blob, or None when it cannot be parsed (logged, not raised)."""
    record = parse_to_dict(cat.store.get(sha256), media_type, url)
    if isinstance(record, str):
        log.warning("could not parse %s (%s): %s", url, sha256[:12], record)
        return None
    return record


class Parsing:
    """Parses new blobs, now (the default) or in worker processes (`background(n)`), filing
    results in the order they were fetched."""

    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[tuple[ParseJob, Future[dict[str, Any] | str]]] = deque()
        #: Pages whose body is only page images: read by OCR once their images are in.
        self.image_pages: list[tuple[ParseJob, list[str], str | None]] = []
        #: Fetches whose bytes could not be read as a report: (fetch id, url, why).
        self.unread: list[tuple[int | None, str, str]] = []

    def background(self, workers: int = 1) -> None:
        """Parse in `workers` separate processes from now on (spawned, so crawler threads
        and reactors are not copied into them)."""
        if self.pool is None:
            ctx = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def submit(self, job: ParseJob, data: bytes, media_type: str | None) -> VersionResult | None:
        """Parse and file now, or queue it; queued results are filed by `collect`/`drain`.
        An archive (ZIP, RAR, 7z) is no record: its members are (`archive.members`)."""
        members = member_jobs(self.cat, job, data, media_type)
        if members is not None:
            for member_job, body, kind in members:
                self.submit(member_job, body, kind)
            return None
        if self.pool is None:
            record = parse_to_dict(data, media_type, job.url)
            if isinstance(record, str):
                self._unread(job, record)
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
                self._unread(job, record)
            else:
                self._file(job, record)
            filed += 1
        return filed

    def _unread(self, job: ParseJob, why: str) -> None:
        """Note bytes that could not be read, so the crawl that fetched them says so."""
        log.warning("could not parse %s: %s", job.url, why)
        self.unread.append((job.fetch_id, job.url, why))

    def take_unread(self, fetch_ids: set[int]) -> list[dict[str, str]]:
        """The unread documents among `fetch_ids` (a run's fetches): url and why; they are
        forgotten here once taken."""
        taken = [(url, why) for fid, url, why in self.unread if fid in fetch_ids]
        self.unread = [u for u in self.unread if u[0] not in fetch_ids]
        return [{"url": url, "why": why} for url, why in taken]

    def _file(self, job: ParseJob, record: dict[str, Any]) -> VersionResult | None:
        source = record.get("source") or {}
        if record.get("format") == "unknown" and source.get("body") == "text" and self._is_report(job):
            # A page taken for a report whose text is no report (mojibake, a wrong page).
            self._unread(job, "not recognised as an annual report")
        if source.get("body") == "images" and source.get("images"):
            self.image_pages.append((job, list(source["images"]), record.get("title")))
        return self._store(job, record)

    def _is_report(self, job: ParseJob) -> bool:
        """True when the crawl fetched the job's bytes as a report page or file."""
        with self.cat.session() as s:
            return s.scalar(select(Fetch.role).where(Fetch.id == job.fetch_id)) == "report"

    def _store(self, job: ParseJob, record: dict[str, Any]) -> VersionResult | None:
        with self.cat.session() as s:
            return file_record(s, job, record)

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
            self._store(job, record)
            filed += 1
        return filed

    def _image_bytes(self, urls: list[str]) -> list[bytes] | None:
        """The archived bytes of each image, in page order; None if any is missing."""
        out = []
        with self.cat.session() as s:
            for url in urls:
                doc = find_document_id(s, url)
                sha = s.scalar(select(Fetch.sha256).where(
                    Fetch.document_id == doc, Fetch.sha256.is_not(None))
                    .order_by(Fetch.fetched_at.desc()).limit(1)) if doc is not None else None
                if sha is None:
                    return None
                out.append(sha)
        return [self.cat.store.get(sha) for sha in out]

    def close(self) -> None:
        self.drain()
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

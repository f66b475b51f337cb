"""The `Archive` handle: the catalogue (settings, engine, blob store) with the write path on
top: recording fetches, parsing what they brought, filing records as versions. Opened once and
shared by the CLI, the crawler's pipeline and the web app."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from archive.catalogue.blobs import BlobStore
from archive.catalogue.db import Catalogue
from archive.catalogue.models import OK_OUTCOMES, CrawlRun, Fetch, utcnow
from archive.config import Settings
from archive.events import after_run
from archive.health import Health, judge, run_figures
from archive.ingest import (
    IngestResult,
    imported_exchange,
    last_validators,
    record_batch,
    stored_response,
)
from archive.notify import notify_run
from archive.parsing import Parsing
from archive.versions import ParseJob

logger = logging.getLogger(__name__)
#: How many unreadable documents a run's stats list by name (all are counted).
MAX_UNREAD_LISTED = 20


class Archive(Catalogue):
    """The system of record. Open with `Archive.open()`; close when done."""

    def __init__(self, settings: Settings, engine: Engine, store: BlobStore) -> None:
        super().__init__(settings, engine, store)
        self.parsing = Parsing(self)

    @classmethod
    def open_for_crawl(cls) -> Archive:
        """The archive a crawl writes to: new reports are parsed in a worker process, so
        fetching goes on while they are read."""
        arc = cls.open()
        arc.parsing.background(workers=1)
        return arc

    def drain(self) -> None:
        """Wait for background parsing and file every record it made."""
        self.parsing.drain()

    def close(self) -> None:
        self.parsing.close()
        super().close()

    # --- the ingest API (see archive.ingest) ---------------------------------------
    def ingest(self, url: str, **kwargs: Any) -> IngestResult:
        """Record one fetch (success, 304, failure or missing page), store its bytes and
        parse them when they are a report. Keywords: see `archive.ingest.exchange`."""
        result = record_batch(self, [dict(url=url, **kwargs)], self._parse)[0]
        if isinstance(result, Exception):
            raise result
        return result

    def import_file(self, path: Path, *, url: str | None = None, media_type: str | None = None,
                    role: str = "report", parse: bool | None = None) -> IngestResult:
        """Record a local file that nobody fetched (`nianbao ingest`): filed under `url`, the
        address it is said to come from, but kept as imported (its path, who imported it,
        when), never as a capture of that address. See `archive.ingest.imported_exchange`."""
        return self.ingest(**imported_exchange(path, url=url, media_type=media_type, role=role,
                                               parse=parse))

    def ingest_many(self, calls: list[dict[str, Any]]) -> list[IngestResult | Exception]:
        """Several `ingest(**call)` in one transaction; each result or the exception it raised
        in its place (a bad call does not sink the others)."""
        return record_batch(self, calls, self._parse)

    def _parse(self, jobs: list[tuple[ParseJob, bytes, str | None]]) -> None:
        """Parse what a committed transaction brought (now, or queued to the worker), and
        file whatever the worker has finished."""
        for job, body, media_type in jobs:
            self.parsing.submit(job, body, media_type)
        if self.parsing.pending:
            self.parsing.collect()

    def run_exchanges(self, run_id: int) -> list[tuple[str, str | None, str]]:
        """(fetch key, media type, role) of every exchange a crawl run recorded, failures
        left out: what a resumed crawl need not fetch again."""
        with self.session() as s:
            rows = s.execute(select(Fetch.fetch_key, Fetch.content_type, Fetch.role)
                             .where(Fetch.run_id == run_id, Fetch.outcome != "error"))
            return [tuple(row) for row in rows]

    def portal_report_count(self, portal_key: str) -> int:
        """How many report pages and files earlier crawls of the portal fetched: a crawl that
        finds none of them is a failure, not news."""
        with self.session() as s:
            portal = self.portal_id(s, portal_key)
            if portal is None:
                return 0
            runs = select(CrawlRun.id).where(CrawlRun.portal_id == portal)
            return int(s.scalar(select(func.count(func.distinct(Fetch.document_id))).where(
                Fetch.run_id.in_(runs), Fetch.role == "report",
                Fetch.outcome.in_(OK_OUTCOMES))) or 0)

    def stored_response(self, url: str) -> tuple[bytes, dict[str, Any]] | None:
        """The body and headers of the last full response at `url`, so a page answered 304
        is read again from the archive instead of the network."""
        return stored_response(self, url)

    def last_validators(self, url: str) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) for a conditional GET of `url`."""
        return last_validators(self, url)

    # --- crawl runs ---------------------------------------------------------------
    def start_run(self, portal_key: str | None, *, args: dict[str, Any] | None = None) -> int:
        with self.session() as s:
            run = CrawlRun(portal_id=self.portal_id(s, portal_key), args=args or {})
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, *, status: str, stats: dict[str, Any]) -> None:
        """Close a crawl run; after a complete one, withdraw the reports it no longer reached."""
        self.drain()
        with self.session() as s:
            run = s.get(CrawlRun, run_id)
            if run is None:
                raise ValueError(f"no crawl run {run_id}")
            run.status = status
            noted = {fid for fid, _, _ in self.parsing.unread if fid is not None}
            ours = set(s.scalars(select(Fetch.id).where(Fetch.run_id == run_id,
                                                        Fetch.id.in_(noted)))) if noted else set()
            unread = self.parsing.take_unread(ours)
            run.stats = stats | ({"unread_reports": unread[:MAX_UNREAD_LISTED],
                                  "unread": len(unread)} if unread else {})
            run.finished_at = utcnow()
            s.flush()
            after_run(s, run, run.finished_at)
        self.after_finish(run_id)

    def after_finish(self, run_id: int) -> Health | None:
        """After a run is closed: its figures added to its stats, the portal's health judged,
        and what the run brought notified. Neither ever fails the run (failures are logged,
        and failed notifications recorded)."""
        health = None
        try:
            with self.session() as s:
                run = s.get(CrawlRun, run_id)
                if run is not None:
                    run.stats = (run.stats or {}) | run_figures(s, run)
                    if run.portal_id is not None:
                        health = judge(s, run.portal_id)
        except Exception:  # noqa: BLE001 - health is an opinion about the run, not the run
            logger.exception("crawl health of run #%s could not be judged", run_id)
        notify_run(self, run_id, health)
        return health

"""The hand-off to the archive: every `FetchItem` (list pages, report pages, attachments, images,
failures) goes to `archive.ingest`, in the bridge's archive process."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.bridge import HOLD_LOCK, ArchiveBridge, ArchiveProcessError
from crawler.items import FetchItem
from crawler.outcome import adapter_matches, assess, error_kind, failed_kinds, traps
from crawler.resume import exchange_key, is_page, run_fetch_key

logger = logging.getLogger(__name__)

STAT_KEYS = ("pages", "reports", "attachments", "images", "lists", "bytes", "errors",
             "not_modified", "missing", "new_blobs", "repeat")


class ArchivePipeline:
    """Open the archive once per crawl, start (or resume) a run, ingest every fetch, and close
    the run with the crawl's figures."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.bridge = ArchiveBridge.for_crawler(crawler)
        self.run_id: int | None = None
        self.max_pages = crawler.settings.getint("NIANBAO_MAX_PAGES")
        self._closing: asyncio.Future[None] | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def open_spider(self) -> None:
        spider: Any = self.crawler.spider
        profile = spider.profile
        self.bridge.acquire()
        await self.bridge.call("ensure_portal", profile.key, name=profile.name,
                               region=profile.region, level=profile.level,
                               base_url=profile.base_url)
        self.stats.set_value("nianbao/reports_before",
                             await self.bridge.call("portal_report_count", profile.key))
        state = spider.resume_state
        if state is not None and state.resuming:
            self.run_id = state.run_id
            if not await asyncio.to_thread(state.wait_for_archive):
                logger.warning("an archive process still writes for %s; resuming anyway",
                               state.path)
            state.add_archived(await self.bridge.call("run_exchanges", self.run_id))
            logger.info("resuming run %s of portal %s", self.run_id, profile.key)
        else:
            self.run_id = await self.bridge.call("start_run", profile.key,
                                                 args=spider.run_args())
            if state is not None:
                state.start(self.run_id)
        if state is not None:
            await self.bridge.call(HOLD_LOCK, str(state.lock_path))
        spider.run_id = self.run_id
        self.stats.set_value("nianbao/run_id", self.run_id)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchItem):
            return item
        spider: Any = self.crawler.spider
        key = exchange_key(item.method, item.url, item.body_digest)
        try:
            res = await self.bridge.call(
                "ingest", item.url, status=item.status, body=item.body,
                request_headers=item.request_headers, response_headers=item.response_headers,
                method=item.method, fetched_at=item.fetched_at or datetime.now(UTC),
                final_url=item.final_url, error=item.error, run_id=self.run_id,
                portal_key=spider.profile.key, role=item.role, parent_url=item.parent_url,
                decision=item.decision, fetch_key=run_fetch_key(self.run_id, key))
        except ArchiveProcessError as exc:
            self._stop(exc)
            raise DropItem(f"not archived: {exc}") from None
        self._count(item, res)
        if self.max_pages and self.stats.get_value("nianbao/pages", 0) >= self.max_pages:
            self._close("max_pages")
        state = spider.resume_state
        if state is not None and item.error is None:
            state.record(key, page=is_page(item.role, item.is_html))
        item.body = None  # the archive has it; keep memory flat
        return item

    def _stop(self, exc: ArchiveProcessError) -> None:
        """Nothing more can be archived: close the crawl (resumable) instead of fetching on."""
        if not self.stats.get_value("nianbao/archive_error"):
            self.stats.set_value("nianbao/archive_error", str(exc))
            logger.error("%s; stopping the crawl (continue later with --resume)", exc)
        self._close("archive_failed")

    def _close(self, reason: str) -> None:
        if self._closing is None:
            assert self.crawler.engine is not None
            # Not awaited: closing waits for the items in flight, this one among them.
            self._closing = asyncio.ensure_future(
                self.crawler.engine.close_spider_async(reason=reason))

    def _count(self, item: FetchItem, res: Any) -> None:
        inc = self.stats.inc_value
        inc("nianbao/pages")
        inc("nianbao/bytes", len(item.body or b""))
        role_stat = {"report": "reports", "attachment": "attachments", "image": "images",
                     "list": "lists"}.get(item.role)
        if role_stat:
            inc(f"nianbao/{role_stat}")
        outcome = getattr(res, "outcome", None)
        if item.error or outcome == "error" or (item.status or 0) >= 500:
            inc("nianbao/errors")
        failed = item.error or outcome in ("error", "missing") or (item.status or 0) >= 400
        if not failed:
            inc("nianbao/pages_ok")
        elif not item.probe:  # a guessed address (/sitemap.xml) missing is no failure
            kind = "soft 404" if (item.decision or {}).get("soft_404") else error_kind(
                item.status, item.error)
            inc(f"nianbao/failed/{kind}")
        if outcome == "not_modified":
            inc("nianbao/not_modified")
        elif outcome == "missing":
            inc("nianbao/missing")
        elif outcome == "repeat":
            inc("nianbao/repeat")
        if getattr(res, "new_blob", False):
            inc("nianbao/new_blobs")

    def summary(self) -> dict[str, Any]:
        """The crawl's figures, for `finish_run` and the progress line."""
        get = self.stats.get_value
        out: dict[str, Any] = {k: get(f"nianbao/{k}", 0) for k in STAT_KEYS}
        out["requests"] = get("downloader/request_count", 0)
        out["robots_forbidden"] = get("downloader/exception_type_count/scrapy.exceptions."
                                      "IgnoreRequest", 0)
        out["offsite_redirects_refused"] = get("nianbao/offsite_redirects_refused", 0)
        out["soft_404"] = get("nianbao/soft_404", 0)
        stats = self.stats.get_stats()
        out["failed"] = failed_kinds(stats)
        out["traps"] = traps(stats)
        out["budget_exhausted"] = get("nianbao/budget_exhausted")
        out["pages_ok"] = get("nianbao/pages_ok", 0)
        out["challenge_pages"] = get("nianbao/challenge_pages", 0)
        out["adapters"] = adapter_matches(stats)
        return out

    async def spider_closed(self, spider: Any, reason: str) -> None:
        if self.run_id is None:
            return
        outcome = assess(self.stats.get_stats(), reason, since=getattr(spider, "since", None),
                         shared=bool(self.crawler.settings.get("NIANBAO_REDIS_URL")))
        status = outcome.status
        try:
            await self.bridge.call("finish_run", self.run_id, status=status,
                                   stats=self.summary() | {"reason": reason,
                                                           "cause": outcome.cause})
        except ArchiveProcessError as exc:
            self.stats.set_value("nianbao/archive_error", str(exc))
        finally:
            if spider.resume_state is not None:
                spider.resume_state.finish(complete=status == "finished")
            await self.bridge.release()

"""Scrapy extensions of the nianbao crawl, each switched on by its setting.

`ProgressExtension` (`NIANBAO_PROGRESS`): the crawl's child process reports its progress to
the parent (`crawler.runner`) as JSON lines on stdout, prefixed so they stand out from
anything else printed there.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.outcome import assess, failed_kinds, traps
from crawler.runner import PROGRESS_PREFIX, SUMMARY_KEYS


class ProgressExtension:
    """Prints a JSON progress line every `NIANBAO_PROGRESS_INTERVAL` seconds and a final one when
    the spider closes, when `NIANBAO_PROGRESS` is on (the runner's child process)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("NIANBAO_PROGRESS_INTERVAL", 0.5)
        self.task: Any = None
        self.opened_at = 0.0
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NIANBAO_PROGRESS"):
            raise NotConfigured
        return cls(crawler)

    def snapshot(self) -> dict[str, Any]:
        get = self.crawler.stats.get_value
        spider: Any = self.crawler.spider
        out = {k: get(f"nianbao/{k}", 0) for k in SUMMARY_KEYS if k != "requests"}
        out["requests"] = get("downloader/request_count", 0)
        out["portal"] = spider.profile.key if spider is not None else None
        out["run_id"] = getattr(spider, "run_id", None)
        out["crawl_seconds"] = round(time.monotonic() - self.opened_at, 3)
        return out

    def emit(self, event: str, **extra: Any) -> None:
        sys.stdout.write(PROGRESS_PREFIX + json.dumps({"event": event} | self.snapshot()
                                                      | extra) + "\n")
        sys.stdout.flush()

    def spider_opened(self, spider: Any) -> None:
        from twisted.internet import task

        self.opened_at = time.monotonic()
        self.task = task.LoopingCall(self.emit, "progress")
        self.task.start(self.interval, now=True)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        stats = self.crawler.stats.get_stats()
        outcome = assess(stats, reason, since=getattr(spider, "since", None),
                         shared=bool(self.crawler.settings.get("NIANBAO_REDIS_URL")))
        self.emit("closed", reason=reason, status=outcome.status, cause=outcome.cause,
                  error=self.crawler.stats.get_value("nianbao/archive_error"),
                  failed=failed_kinds(stats), traps=traps(stats),
                  budget_exhausted=stats.get("nianbao/budget_exhausted"))

"""The crawl's one connection to the archive.

`archive.Archive` is a plain synchronous object; Scrapy runs on an event loop. The bridge
opens one Archive per crawl process and runs every call on a single worker thread, so the
loop never blocks on the database, the blob store or the parser, and the Archive is only
ever touched by one thread.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapy.crawler import Crawler

_BRIDGES: dict[str, ArchiveBridge] = {}
_LOCK = threading.Lock()


def load_object(path: str) -> Any:
    """`"package.module:attr.attr"` -> the object."""
    module, _, attrs = path.partition(":")
    obj: Any = importlib.import_module(module)
    for attr in filter(None, attrs.split(".")):
        obj = getattr(obj, attr)
    return obj


class ArchiveBridge:
    """An Archive used from one worker thread; shared by all crawlers of a process."""

    def __init__(self, factory: str) -> None:
        self.factory = factory
        self.archive: Any = None
        self.users = 0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-archive")

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> ArchiveBridge:
        """The process-wide bridge for this crawler's archive factory setting."""
        factory = crawler.settings.get("NIANBAO_ARCHIVE_FACTORY", "archive:Archive.open_for_crawl")
        with _LOCK:
            bridge = _BRIDGES.get(factory)
            if bridge is None:
                bridge = _BRIDGES[factory] = cls(factory)
            return bridge

    def _open_sync(self) -> Any:
        if self.archive is None:
            self.archive = load_object(self.factory)()
        return self.archive

    def run_sync(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        """Call `archive.<name>(...)` on the worker thread and wait (for non-async callers)."""
        return self._executor.submit(self._call, name, args, kwargs).result()

    def _call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], /) -> Any:
        return getattr(self._open_sync(), name)(*args, **kwargs)

    async def call(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        """`await bridge.call("ingest", url, ...)`: run on the worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, name, args, kwargs)

    def acquire(self) -> None:
        self.users += 1

    def release(self) -> None:
        """Close the archive when the last crawler of the process is done with it."""
        self.users -= 1
        if self.users <= 0 and self.archive is not None:
            arc, self.archive = self.archive, None
            self._executor.submit(arc.close).result()

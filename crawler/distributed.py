"""Several crawl processes (on one machine or many) sharing one frontier in Redis.

Set `NIANBAO_REDIS_URL` (and a PostgreSQL `NIANBAO_DB_URL`, so every process writes to the
same catalogue) and start `nianbao crawl PORTAL` as often as you like: the `SharedFrontier`
add-on (always listed in `ADDONS`, inert without the URL) switches Scrapy to scrapy-redis's
Scheduler and RFPDupeFilter, with keys namespaced by portal key:

    {NIANBAO_REDIS_PREFIX}:{portal}:requests   the shared queue (a sorted set, by priority)
    {NIANBAO_REDIS_PREFIX}:{portal}:seen       fingerprints of every request ever queued
    {NIANBAO_REDIS_PREFIX}:{portal}:workers    ids of the processes crawling the portal
    {NIANBAO_REDIS_PREFIX}:{portal}:worker:ID  "busy" / "idle", expiring unless refreshed

What scrapy-redis 0.9.1 leaves to us, on Scrapy 2.19, and this module adds:

- Keys per *portal*, not per spider name (every nianbao crawl is the spider "portal").
- Start URLs go through the shared dupefilter (the spider marks them `dont_filter` for the
  single-process case), so N processes fetch each start URL once, not N times.
- Ending a crawl round. scrapy-redis either clears the keys when one process closes
  (pulling the frontier from under the others) or keeps them for ever (the next crawl then
  finds every URL "seen" and fetches nothing). Here a process that runs out of requests
  waits (`DontCloseSpider`) while any other live process is busy, since that one may still
  queue more; all processes close once the queue is empty and every one is idle, and the
  last to leave deletes the keys. The first process to join a portal with no live process
  starts a fresh round (stale keys of crashed processes are dropped).
- Idle processes poll the shared queue every `NIANBAO_REDIS_POLL_INTERVAL` seconds instead
  of Scrapy's fixed 5-second engine heartbeat.

Each process still starts its own archive run (`nianbao runs` shows one per process) and
keeps its own politeness limits: N processes on one portal make up to N times the requests.
A process killed with SIGKILL loses the requests it had taken from the queue and not yet
answered (they are already "seen"); its worker key expires after `NIANBAO_REDIS_WORKER_TTL`
seconds and the others finish without it.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from archive.errors import NianbaoError

try:  # an optional extra (pip install 'nianbao[redis]'); the default crawl needs none of it
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.scheduler import Scheduler
except ImportError:  # pragma: no cover - exercised only without the extra
    RFPDupeFilter = Scheduler = None

logger = logging.getLogger(__name__)

SCHEDULER = "crawler.distributed.SharedScheduler"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"
QUEUE = "scrapy_redis.queue.PriorityQueue"


class DistributedConfigError(NianbaoError, RuntimeError):
    """NIANBAO_REDIS_URL is set, but the rest of the configuration cannot share a crawl."""


def check_archive(env: Any = None) -> None:
    """A shared frontier needs a shared catalogue: refuse the embedded SQLite default."""
    from archive.config import Settings

    if Settings.from_env(env).uses_sqlite:
        raise DistributedConfigError(
            "NIANBAO_REDIS_URL is set but the archive is the local SQLite file: crawlers "
            "sharing a Redis frontier must share a PostgreSQL catalogue "
            "(set NIANBAO_DB_URL=postgresql+psycopg://…)")


def check_redis(url: str) -> None:
    """Fail before the crawl starts, in one line, when Redis cannot be reached."""
    import redis

    where = urlsplit(url)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        raise DistributedConfigError(
            f"cannot reach the Redis frontier at {where.hostname}:{where.port or 6379} "
            f"(NIANBAO_REDIS_URL): {exc}") from None


class SharedFrontier:
    """Scrapy add-on: with `NIANBAO_REDIS_URL` set, use the shared Redis frontier."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NIANBAO_REDIS_URL")
        if not url:
            return  # the default: Scrapy's own in-memory scheduler
        if Scheduler is None:
            raise DistributedConfigError("NIANBAO_REDIS_URL is set but scrapy-redis is not "
                                         "installed (pip install 'nianbao[redis]')")
        check_archive()
        check_redis(url)
        prefix = (settings.get("NIANBAO_REDIS_PREFIX") or "nianbao").replace("%", "%%")
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("SCHEDULER", SCHEDULER, priority="addon")
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, priority="addon")
        settings.set("SCHEDULER_QUEUE_CLASS", QUEUE, priority="addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")  # rounds end below
        # "%(spider)s" is filled with the portal key, not the spider name
        settings.set("SCHEDULER_QUEUE_KEY", f"{prefix}:%(spider)s:requests", priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"{prefix}:%(spider)s:seen", priority="addon")
        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", SharedStartRequests, 30)


class SharedStartRequests(BaseSpiderMiddleware):
    """Let start requests through the shared dupefilter (only the first process fetches a
    start URL; the others find it seen)."""

    def get_processed_request(self, request: Request,
                              response: Response | None) -> Request | None:
        if response is None and request.dont_filter:
            return request.replace(dont_filter=False)
        return request


# Lua, so that each step is atomic with respect to the other processes.
JOIN = """
local live = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[2] .. id) == 1 then live = live + 1
  else redis.call('SREM', KEYS[1], id) end
end
if live == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
redis.call('SADD', KEYS[1], ARGV[3])
redis.call('SET', KEYS[4], 'busy', 'EX', ARGV[1])
return live
"""
POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0)
if r[1] then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
  redis.call('SET', KEYS[2], 'busy', 'EX', ARGV[1])
  return r[1]
end
return false
"""
IDLE = """
redis.call('SET', KEYS[3], 'idle', 'EX', ARGV[1])
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local s = redis.call('GET', ARGV[2] .. id)
  if not s then redis.call('SREM', KEYS[2], id)
  elseif s == 'busy' then return 0 end
end
return 1
"""
REFRESH = """
local s = redis.call('GET', KEYS[1]) or 'busy'
redis.call('SET', KEYS[1], s, 'EX', ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
return s
"""
LEAVE = """
redis.call('SREM', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. id) == 0 then redis.call('SREM', KEYS[1], id) end
end
local left = redis.call('SCARD', KEYS[1])
if left == 0 then redis.call('DEL', KEYS[1], KEYS[3], KEYS[4]) end
return left
"""


class SharedScheduler(Scheduler or object):
    """scrapy-redis's Scheduler with per-portal keys and a crawl round that ends when every
    process sharing it is idle (see the module docstring)."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        settings = crawler.settings
        scheduler.ttl = max(5, settings.getint("NIANBAO_REDIS_WORKER_TTL", 60))
        scheduler.poll = settings.getfloat("NIANBAO_REDIS_POLL_INTERVAL", 1.0)
        scheduler.prefix = settings.get("NIANBAO_REDIS_PREFIX") or "nianbao"
        scheduler.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        scheduler.refresher = None
        scheduler.scripts = {name: scheduler.server.register_script(src) for name, src in (
            ("join", JOIN), ("pop", POP), ("idle", IDLE), ("refresh", REFRESH),
            ("leave", LEAVE))}
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        engine = crawler.engine
        if engine is not None and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            # Scrapy polls an empty scheduler on a 5 s heartbeat (a class attribute); an idle
            # process should notice work queued by the others sooner.
            engine._SLOT_HEARTBEAT_INTERVAL = scheduler.poll
        return scheduler

    # ---------------------------------------------------------------- keys

    def open(self, spider: Any) -> None:
        self.spider = spider
        namespace = spider.profile.key.replace("%", "%%")
        # scrapy-redis formats queue keys with "%(spider)s" once more: escape "%" for it
        queue_key = self.queue_key % {"spider": namespace}
        self.queue = self._load(self.queue_cls)(server=self.server, spider=spider,
                                                key=queue_key.replace("%", "%%"),
                                                serializer=self.serializer)
        self.df = RFPDupeFilter(self.server, key=self.dupefilter_key % {"spider": namespace},
                                debug=spider.settings.getbool("DUPEFILTER_DEBUG"))
        base = f"{self.prefix}:{spider.profile.key}"
        self.workers_key = f"{base}:workers"
        self.worker_prefix = f"{base}:worker:"
        self.my_key = self.worker_prefix + self.worker_id
        live = self.scripts["join"](keys=[self.workers_key, self.queue.key, self.df.key,
                                          self.my_key],
                                    args=[self.ttl, self.worker_prefix, self.worker_id])
        if live:
            logger.info("joined the shared frontier %s (%d other crawler(s), %d requests "
                        "queued)", base, live, len(self.queue), extra={"spider": spider})
        else:
            logger.info("started a new round on the shared frontier %s", base,
                        extra={"spider": spider})
        from twisted.internet import task

        self.refresher = task.LoopingCall(self.refresh)
        self.refresher.start(max(1.0, self.ttl / 6), now=False)

    @staticmethod
    def _load(path: Any) -> Any:
        from scrapy.utils.misc import load_object

        return load_object(path) if isinstance(path, str) else path

    def refresh(self) -> None:
        try:
            self.scripts["refresh"](keys=[self.my_key, self.workers_key],
                                    args=[self.ttl, self.worker_id])
        except Exception:  # a Redis hiccup must not kill the crawl; the next tick retries
            logger.warning("could not refresh the worker key %s", self.my_key, exc_info=True)

    # ---------------------------------------------------------------- queue

    def next_request(self) -> Request | None:
        data = self.scripts["pop"](keys=[self.queue.key, self.my_key], args=[self.ttl])
        if not data:
            return None
        request = self.queue._decode_request(data)
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    # ---------------------------------------------------------------- ending

    def spider_idle(self, spider: Any) -> None:
        """This process has nothing in flight: close only when the queue is empty and no
        other live process is busy (a busy one may still queue requests)."""
        done = self.scripts["idle"](keys=[self.queue.key, self.workers_key, self.my_key],
                                    args=[self.ttl, self.worker_prefix])
        if not done:
            raise DontCloseSpider("other crawlers are still busy on the shared frontier")

    def close(self, reason: str) -> None:
        if self.refresher is not None and self.refresher.running:
            self.refresher.stop()
        left = self.scripts["leave"](keys=[self.workers_key, self.my_key, self.queue.key,
                                           self.df.key],
                                     args=[self.worker_prefix, self.worker_id])
        if left:
            logger.info("left the shared frontier to %d other crawler(s)", left,
                        extra={"spider": self.spider})
        else:
            logger.info("last crawler out: the shared frontier was cleared",
                        extra={"spider": self.spider})

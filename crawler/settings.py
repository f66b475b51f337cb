"""Scrapy settings of the nianbao crawler (`scrapy.cfg` points here).

Polite by default: robots.txt obeyed, AutoThrottle on, one request at a time per domain,
a User-Agent that names the project and a contact URL, retries with exponential backoff on
5xx and timeouts, a byte limit per response. Everything below can be overridden on the
command line (`-s NAME=VALUE`) or by `crawler.runner.run_crawl(settings_overrides=...)`.
"""

from __future__ import annotations

import os

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are and how to reach us (site operators read this in their logs).
NIANBAO_CONTACT_URL = os.environ.get(
    "NIANBAO_CONTACT_URL", "https://github.com/nianbao/nianbao#crawler")
USER_AGENT = (f"nianbao/0.1 (+{NIANBAO_CONTACT_URL}; archive of government information-disclosure"
              " annual reports)")
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
}

# Politeness
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_TIMEOUT = 60
# Outputs of one callback handled at once. A page yields one item and a few dozen links;
# Scrapy's 100 starts 100 asyncio tasks per response, most of them with nothing to do.
CONCURRENT_ITEMS = 8

# Retries: Scrapy's codes and exceptions, with exponential backoff between attempts.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NIANBAO_RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled each time
NIANBAO_RETRY_BACKOFF_MAX = 120.0

# Safety
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024  # a response larger than this is cancelled and logged
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
HTTPERROR_ALLOW_ALL = True  # 404/410/500 reach the spider: "withdrawn on date D" is a fact
REDIRECT_MAX_TIMES = 10
METAREFRESH_ENABLED = False  # a refresh page is archived as itself; the spider follows it

# Discovery bounds (crawler.frontier): best-first within a budget, not a fixed depth
DEPTH_LIMIT = 0  # the spider keeps its own navigation depth
NIANBAO_PAGE_BUDGET = 3000  # navigation pages per portal crawl (profile `budget`, --budget)
NIANBAO_MAX_DEPTH = 12  # safety bound on navigation hops (profile `max_depth`)
NIANBAO_TUNNEL_HOPS = 1  # hops allowed through links with no signal at all
NIANBAO_STALE_PAGES = 3  # a list whose pages bring no new item this many times in a row ends
NIANBAO_IDLE_LIST_PAGES = 20  # pages of a list (outside 年报 columns) that shows nothing of a report
NIANBAO_MAX_LIST_PAGES = 1000  # pages of one list, at most
NIANBAO_SHAPE_PAGES = 300  # one address with other query values, outside lists, at most
NIANBAO_SITEMAP_ENTRIES = 1000  # sitemap pages with no signal in their address taken as seeds
NIANBAO_MAX_PAGES = 0  # stop after archiving this many pages (0: no limit); a partial run
NIANBAO_FOLLOW_IMAGES_BELOW_CHARS = 300  # a report page with less text than this is a scan

# Components
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsTxtMiddleware": 100,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.ConditionalGetMiddleware": 560,
    "crawler.middlewares.SoftNotFoundMiddleware": 640,
    "crawler.middlewares.ChallengePageMiddleware": 645,
    "crawler.middlewares.OffsiteRedirectMiddleware": 650,
}
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
EXTENSIONS = {"crawler.extensions.ProgressExtension": 500}

# The archive: "module:callable" returning an object with the archive.Archive API.
NIANBAO_ARCHIVE_FACTORY = "archive:Archive.open_for_crawl"
NIANBAO_PORTALS = os.environ.get("NIANBAO_PORTALS", "")
NIANBAO_PROGRESS_INTERVAL = 0.5

# Distribution (crawler.distributed): with a Redis URL, every crawl process of a portal shares
# one frontier (scrapy-redis's Scheduler + RFPDupeFilter, keys "{prefix}:{portal}:…") and
# the archive must be PostgreSQL. Unset: Scrapy's own scheduler, as for one process.
NIANBAO_REDIS_URL = os.environ.get("NIANBAO_REDIS_URL", "")
NIANBAO_REDIS_PREFIX = os.environ.get("NIANBAO_REDIS_PREFIX", "nianbao")
NIANBAO_REDIS_POLL_INTERVAL = 1.0  # seconds between looks at the shared queue when idle
NIANBAO_REDIS_WORKER_TTL = 60  # a crawler silent this long is taken for dead
ADDONS = {"crawler.distributed.SharedFrontier": 0}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("NIANBAO_LOG_LEVEL", "INFO")
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

"""Downloader middlewares: small components, one job each, wired in `settings.py`.

| middleware                  | job |
|-----------------------------|-----|
| `BackoffRetryMiddleware`    | Scrapy's retries on 5xx/timeouts, waiting base·2ⁿ seconds between attempts |
| `ConditionalGetMiddleware`  | If-None-Match / If-Modified-Since from the archive's last fetch of the URL; an unchanged page is read again from the archive |
| `SoftNotFoundMiddleware`    | a 200 that says 页面不存在 / 404 is marked `nb_soft_404` |
| `ChallengePageMiddleware`   | a WAF block or anti-bot challenge page instead of the page asked for is marked `nb_challenge` |
| `OffsiteRedirectMiddleware` | a redirect off the allowed domains is not followed (and is recorded) |
| `RobotsTxtMiddleware`       | Scrapy's, with every request that waited for a host's robots.txt checked against it |

The byte limit is Scrapy's own `DOWNLOAD_MAXSIZE`.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, Self
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.bridge import ArchiveBridge
from crawler.profiles import in_domains

# Roles whose unchanged body need not be downloaded again: all of them.
CONDITIONAL_ROLES = frozenset({"report", "candidate", "probe", "attachment", "image", "list"})
# Roles whose pages, answered 304, are read again from the archive: a list's links are still
# followed, a report page's attachments still re-checked (a PDF can be swapped under a page
# that did not change), a column item still classified, a file nothing named judged again.
# Reports only when they are HTML.
REREAD_ROLES = frozenset({"list", "report", "candidate", "probe"})
# Headers of a stored response that no longer describe the body handed to the spider.
_TRANSPORT_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware with exponential backoff: the n-th retry waits
    `NIANBAO_RETRY_BACKOFF_BASE * 2**(n-1)` seconds (capped by `NIANBAO_RETRY_BACKOFF_MAX`)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = super().from_crawler(crawler)
        mw.backoff_base = crawler.settings.getfloat("NIANBAO_RETRY_BACKOFF_BASE", 2.0)
        mw.backoff_max = crawler.settings.getfloat("NIANBAO_RETRY_BACKOFF_MAX", 120.0)
        return mw

    def _retry(self, request: Request, reason: Any) -> Request | None:
        new = super()._retry(request, reason)
        if new is not None and self.backoff_base > 0:
            n = int(new.meta.get("retry_times", 1))
            new.meta["nb_retry_delay"] = min(self.backoff_base * 2 ** (n - 1), self.backoff_max)
        return new

    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop("nb_retry_delay", 0)
        if delay:
            await asyncio.sleep(delay)


class ConditionalGetMiddleware:
    """Make every GET conditional on the archive's last validators, so an unchanged body is
    answered 304 and never downloaded again. A page answered 304 (`REREAD_ROLES`) reaches the
    spider as the archive's copy of its last body, with `nb_not_modified` holding the 304's
    headers (so it is recorded as the 304 it was). Skipped for requests marked
    `nb_unconditional` (a resumed crawl re-reading a page it already holds)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.bridge = ArchiveBridge.for_crawler(crawler)
        self.enabled = crawler.settings.getbool("NIANBAO_CONDITIONAL_GET", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if (not self.enabled or request.method != "GET"
                or request.meta.get("nb_role") not in CONDITIONAL_ROLES
                or request.meta.get("nb_unconditional")
                or b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers):
            return None
        validators = await self.bridge.call("last_validators", request.url)
        if not validators:
            return None
        etag, last_modified = validators
        if etag:
            request.headers[b"If-None-Match"] = etag
        if last_modified:
            request.headers[b"If-Modified-Since"] = last_modified
        if etag or last_modified:
            request.meta["nb_conditional"] = True
            self.crawler.stats.inc_value("nianbao/conditional_requests")
        return None

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        role = request.meta.get("nb_role")
        if (response.status != 304 or role not in REREAD_ROLES
                or not request.meta.get("nb_conditional")):
            return response
        stored = await self.bridge.call("stored_response", request.url)
        if stored is not None and role not in ("list", "probe") and not _is_html(stored[1]):
            return response  # a PDF report unchanged: nothing to read in it
        if stored is None:  # nothing kept to read again: ask once more, unconditionally
            again = request.replace(dont_filter=True)
            for name in (b"If-None-Match", b"If-Modified-Since"):
                again.headers.pop(name, None)
            again.meta.pop("nb_conditional", None)
            again.meta["nb_unconditional"] = True
            return again
        body, headers = stored
        headers = {k: v for k, v in headers.items() if k.lower() not in _TRANSPORT_HEADERS}
        request.meta["nb_not_modified"] = response.headers
        self.crawler.stats.inc_value("nianbao/pages_reread")
        cls = responsetypes.from_args(headers=Headers(headers), url=response.url, body=body)
        return cls(url=response.url, status=200, headers=headers, body=body, request=request)


def _is_html(headers: dict[str, Any]) -> bool:
    ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return "html" in str(ctype).lower()


# A 200 whose title (or short body) says the page is gone.
SOFT_404_PATTERNS: tuple[str, ...] = (
    r"页面不存在", r"页面未找到", r"找不到(?:该|您要访问的)?页面", r"页面已(?:被)?删除",
    r"信息已(?:被)?删除", r"文章不存在", r"信息不存在", r"无法找到该页", r"404\s*(?:错误|页面|not found)",
    r"^\s*404\s*$", r"not\s+found", r"访问的页面.{0,8}不存在",
)
_SOFT_404 = re.compile("|".join(SOFT_404_PATTERNS), re.I)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S | re.I)


def looks_soft_404(response: Response, max_text: int = 600) -> bool:
    """True for an HTML 200 whose title says 404/页面不存在, or whose visible text is short and
    says so."""
    ctype = response.headers.get(b"Content-Type", b"").lower()
    if response.status != 200 or (ctype and b"html" not in ctype):
        return False
    text = getattr(response, "text", None)
    if text is None:
        return False
    m = _TITLE.search(response.body[:4096])
    if m:
        title = m.group(1).decode(getattr(response, "encoding", "utf-8") or "utf-8", "replace")
        if _SOFT_404.search(title.strip()):
            return True
    if len(response.body) > 64 * 1024:
        return False
    visible = " ".join(_TAGS.sub(" ", text).split())
    return len(visible) <= max_text and bool(_SOFT_404.search(visible))


class _MarkingMiddleware:
    """Mark answers that `detect` recognises: `request.meta[META]` = what it said, and one
    more in the stat `STAT`. The spider reads the mark."""

    META: str
    STAT: str

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def detect(self, response: Response) -> Any:
        raise NotImplementedError

    def process_response(self, request: Request, response: Response) -> Response:
        found = self.detect(response)
        if found:
            request.meta[self.META] = found
            self.crawler.stats.inc_value(self.STAT)
        return response


class SoftNotFoundMiddleware(_MarkingMiddleware):
    """Mark soft-404 pages (`request.meta["nb_soft_404"] = True`); the spider records them as
    missing and follows none of their links."""

    META, STAT = "nb_soft_404", "nianbao/soft_404"

    def detect(self, response: Response) -> bool:
        return looks_soft_404(response)


# Answers that are a web application firewall's block page or an anti-bot challenge instead
# of the page asked for, and who serves them. First match wins.
CHALLENGE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"__jsl_clearance|jsl_clearance_s|知道创宇|加速乐|创宇盾", "知道创宇"),
    (r"safedog|安全狗", "安全狗"),
    (r"yunsuo_session_verify|云锁", "云锁"),
    (r"acw_sc__v2|aliyun_waf|阿里云\s*(?:盾|Web应用防火墙)", "阿里云 WAF"),
    (r"cf-chl|cf_chl_|challenge-platform|Just a moment\.\.\.|Attention Required! \| Cloudflare",
     "Cloudflare"),
    (r"\$_ts\s*=|\$_ts\[", "瑞数"),
    (r"网站防火墙|Web应用防火墙|访问被拦截|访问已被拦截|您的访问被阻断|请求已被拦截|拦截了您的访问"
     r"|疑似(?:黑客)?攻击|当前访问疑似", "WAF"),
    (r"请(?:开启|启用|打开)(?:浏览器的?)?\s*JavaScript|滑动验证|人机验证|请完成安全验证|captcha",
     "challenge"),
)
_CHALLENGE = [(re.compile(p, re.I), who) for p, who in CHALLENGE_PATTERNS]
#: Statuses firewalls answer with; a page so answered is judged on its whole head.
CHALLENGE_STATUSES = frozenset({202, 403, 405, 412, 418, 429, 468, 503, 521})


def challenge_of(response: Response, max_text: int = 600) -> str | None:
    """Who blocked the request (知道创宇, 安全狗, 瑞数, Cloudflare, WAF, challenge) when the
    answer is a block or challenge page, else None. A page is judged when it is small with
    little visible text (challenge pages are), or answered with a firewall's status."""
    ctype = response.headers.get(b"Content-Type", b"").lower()
    if len(response.body) > 64 * 1024 or (ctype and not any(
            kind in ctype for kind in (b"html", b"text", b"javascript"))):
        return None
    head = response.body[:16 * 1024].decode(getattr(response, "encoding", None) or "utf-8",
                                            "replace")
    if response.status not in CHALLENGE_STATUSES:
        visible = " ".join(_TAGS.sub(" ", head).split())
        if len(visible) > max_text:
            return None
    return next((who for regex, who in _CHALLENGE if regex.search(head)), None)


class ChallengePageMiddleware(_MarkingMiddleware):
    """Mark answers that are a firewall's block page or an anti-bot challenge
    (`request.meta["nb_challenge"]` = who serves it): the spider records them as failed
    fetches of that kind and follows none of their links; crawl health counts them."""

    META, STAT = "nb_challenge", "nianbao/challenge_pages"

    def detect(self, response: Response) -> str | None:
        return challenge_of(response)


class OffsiteRedirectMiddleware:
    """Refuse redirects that leave the spider's allowed domains (a file fetched from a file
    host, those of its registrable domain): the 3xx response itself reaches the spider with
    `nb_refused_redirect` set to the target, so the refusal is recorded, and the target is
    never requested. Sits closer to the downloader than RedirectMiddleware."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        spider = self.crawler.spider
        domains = list(getattr(spider, "allowed_domains", None) or [])
        if request.meta.get("allow_offsite"):  # a file on a file host: it may move among them
            domains += list(getattr(spider, "file_domains", None) or [])
        location = response.headers[b"Location"].decode("latin-1")
        target = urljoin(request.url, location)
        if domains and not in_domains(target, domains):
            request.meta["dont_redirect"] = True
            request.meta["nb_refused_redirect"] = target
            self.crawler.stats.inc_value("nianbao/offsite_redirects_refused")
        return response


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    """Scrapy's robots.txt middleware, with each request that waits for a host's robots.txt
    given its own copy of the parser. Scrapy (2.19, asyncio reactor) awaits the one shared
    Deferred as a Future, which consumes its result: the first waiter got the parser, every
    other request in flight to that host got None and was let through unchecked."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        mine: Deferred[RobotParser | None] = Deferred()

        def copy(result: Any) -> Any:
            mine.callback(result)
            return result  # handed on unchanged to the next waiter

        pending.addCallback(copy)
        return await maybe_deferred_to_future(mine)

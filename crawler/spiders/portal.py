"""The generic portal spider.

    scrapy crawl portal -a portal=KEY          # a portal of the registry
    scrapy crawl portal -a url=URL [-a key=K -a name=N]   # any portal, from one URL
    options: -a budget=PAGES  -a max_depth=N  -a since=YEAR

It walks best-first from the start URLs (and the sitemaps robots.txt names) within the
portal's domains: every link gets a verdict and a priority from `crawler.frontier` (reports
and their files first, then pages of lists, then the way towards 年报 columns, last links
with no signal, a hop away from one that had), and the crawl is bounded by a page budget
and a safety depth, not a fixed depth. It runs the list-page adapters on every page (TRS
pagination, Hanweb datastore/dataproxy, ?page=N, 下一页/尾页, numbered pages, JSON APIs,
sitemaps) and stops a list whose pages bring nothing new. It takes links that
`crawler.classify` says are reports, every item of a 年报 column, and from report pages
their attachments (links, download scripts, onclick, viewers) and, when the body is a scan,
its images. Every response becomes a `FetchItem` for the archive pipeline.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import FormRequest, Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler.adapters import ADAPTERS, Page, PageRequest, adapters_for, run_adapters
from crawler.classify import (
    Decision,
    classify_page,
    classify_title,
    find_agency,
    find_year,
    prints_report,
    reads_like_report,
)
from crawler.frontier import (
    DOWNLOAD_HREF,
    REPORT_COLUMN_URL,
    SITE_ROOT,
    Pagination,
    Verdict,
    canonical_url,
    looks_like_article,
    priority,
    series_key,
    trap_rule,
    verdict,
)
from crawler.items import FetchItem
from crawler.outcome import error_kind
from crawler.pageview import PageView, decorative, file_title
from crawler.profiles import Profile, get_profile, in_domains, profile_for_url, registrable
from crawler.resume import ResumeState, body_digest, exchange_key

ATTACHMENT_EXTS = frozenset({"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "zip", "rar",
                             "7z", "ofd", "txt"})
IMAGE_EXTS = frozenset({"jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp"})
SKIP_EXTS = frozenset({"css", "js", "ico", "gif", "svg", "mp4", "mp3", "avi", "flv", "swf",
                       "apk", "exe", "woff", "woff2", "ttf"})

# A page is inside a 年报 column if its URL or headline says so.
# What the archive records for a request whose body could not say what it is: a 年报
# column's item is a report (as its link promised); a file to be judged by its text, other.
PROMISED_ROLE = {"candidate": "report", "probe": "other"}
# Files judged by what they print when nothing names them: those read without LibreOffice.
PROBE_EXTS = frozenset({"pdf", "docx", "xlsx"})
COLUMN_TEXT = re.compile(r"年报|年度报告")
# A title naming a report of another kind than the disclosure report.
OTHER_REPORT = re.compile(r"报告|年报|公报|报表|白皮书")
FILE_TEXT = re.compile(r"附件|下载|全文|点击|查看|\.(?:pdf|docx?|wps|xlsx?|ofd)\b", re.I)


def continued(url: str, view: PageView) -> bool:
    """The page is page 1 of a document printed over several (`2103.html` links its
    `2103_2.html`): a document, however short this page."""
    path = urlsplit(url).path
    stem, dot, ext = path.rpartition(".")
    return bool(dot) and "/" not in ext and any(
        re.fullmatch(rf"{re.escape(stem)}_\d+\.{re.escape(ext)}", urlsplit(u).path)
        for u, _ in view.links)


def extension(url: str, text: str = "") -> str:
    """The file extension a link points to: from the path, a `file=`-like query value (download
    scripts), or the anchor text ("…年报.pdf")."""
    parts = urlsplit(url)
    candidates = [unquote(parts.path)] + [unquote(v) for _, v in parse_qsl(parts.query)]
    if text:
        candidates.append(text.strip())
    for cand in candidates:
        m = re.search(r"\.([A-Za-z0-9]{2,5})$", cand.strip())
        if m:
            ext = m.group(1).lower()
            if ext in ATTACHMENT_EXTS or ext in IMAGE_EXTS or ext in SKIP_EXTS:
                return ext
    return ""


def headers_dict(headers: Any) -> dict[str, str]:
    """Scrapy Headers -> {name: value} (repeated headers joined with ', ')."""
    out: dict[str, str] = {}
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        out[key] = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v)
                             for v in values)
    return out


# What a request is for, by kind: the kinds that walk the portal count against the budget.
NAV_KINDS = frozenset({"nav", "tunnel", "page", "idle_page", "sitemap"})
# Signals that a link leads away from the reports (news, services): never a column's item.
NOISE_RULES = frozenset({"text.noise", "url.noise"})
# Signals that make a link from a 年报 column a sub-column of it (a year, a unit, an organ).
SUB_COLUMN_RULES = frozenset({"text.year", "text.organ", "text.organ_weak", "text.units",
                              "text.report_column", "url.report_column"})


class PortalSpider(scrapy.Spider):
    """Find every annual report of one portal and hand every response to the archive."""

    name = "portal"

    def __init__(self, portal: str | None = None, url: str | None = None, key: str | None = None,
                 name: str | None = None, max_depth: str | int | None = None,
                 since: str | int | None = None, budget: str | int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.portal_arg = portal
        self.url_arg = url
        self.key_arg = key
        self.name_arg = name
        self.max_depth_arg = int(max_depth) if max_depth not in (None, "") else None
        self.budget_arg = int(budget) if budget not in (None, "") else None
        self.since = int(since) if since not in (None, "") else None
        self.profile: Profile
        self.run_id: int | None = None
        self.resume_state: ResumeState | None = None
        self.allowed_domains: list[str] = []
        self.pagination = Pagination()
        self.scheduled: dict[tuple[str, str, str], str] = {}  # request key -> role
        self.series_pages: dict[str, int] = {}
        self.sitemap_hosts: set[str] = set()
        self.trapped: set[tuple[str, str]] = set()  # (rule, link or list) counted once
        self.navigation = 0  # navigation requests scheduled, against the budget
        self.sitemap_entries = 0  # sitemap pages with no signal still to be taken as seeds

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    def configure(self, crawler: Crawler) -> None:
        """Resolve the profile, the bounds and the job directory from arguments and settings."""
        settings = crawler.settings
        urls = [u for u in re.split(r"[\s,]+", self.url_arg or "") if u]
        bad = [u for u in urls if not urlsplit(u).scheme.startswith("http")
               or not urlsplit(u).hostname]
        if bad:
            raise ValueError(f"not a web address: {bad[0]!r} (give a full address such as "
                             "https://www.example.gov.cn/)")
        if self.portal_arg:
            profile = get_profile(self.portal_arg, settings.get("NIANBAO_PORTALS") or None)
            if urls:
                profile = profile.with_start_urls(urls)
        elif urls:
            profile = profile_for_url(urls[0], key=self.key_arg, name=self.name_arg)
            profile = profile.with_start_urls(urls)
        else:
            raise ValueError("give -a portal=KEY or -a url=URL")
        self.profile = profile
        self.allowed_domains = list(profile.allowed_domains)
        # Files may sit on another host of the same registrable domain (img.hsq.gov.cn for
        # wsjkw.hsq.gov.cn): fetched when a page of the portal links them, never crawled.
        self.file_domains = sorted({registrable(d) for d in self.allowed_domains})
        self.max_depth = next(v for v in (self.max_depth_arg, profile.max_depth,
                                          settings.getint("NIANBAO_MAX_DEPTH", 12))
                              if v is not None)
        self.budget = next(v for v in (self.budget_arg, profile.budget,
                                       settings.getint("NIANBAO_PAGE_BUDGET", 3000))
                           if v is not None)
        self.tunnel = settings.getint("NIANBAO_TUNNEL_HOPS", 1)
        self.sitemap_entries = settings.getint("NIANBAO_SITEMAP_ENTRIES", 1000)
        self.max_list_pages = settings.getint("NIANBAO_MAX_LIST_PAGES", 1000)
        self.shape_pages = settings.getint("NIANBAO_SHAPE_PAGES", 300)
        self.shapes: dict[str, int] = {}
        self.pagination = Pagination(stale_pages=settings.getint("NIANBAO_STALE_PAGES", 3),
                                     idle_pages=settings.getint("NIANBAO_IDLE_LIST_PAGES", 20))
        self.scan_below = settings.getint("NIANBAO_FOLLOW_IMAGES_BELOW_CHARS", 300)
        jobdir = settings.get("NIANBAO_JOBDIR")
        if jobdir:
            self.resume_state = ResumeState(Path(jobdir) / profile.key,
                                            resume=settings.getbool("NIANBAO_RESUME"))

    def run_args(self) -> dict[str, Any]:
        """What this crawl was asked to do (stored with the run)."""
        return {"portal": self.profile.key, "start_urls": self.profile.start_urls,
                "budget": self.budget, "max_depth": self.max_depth, "since": self.since}

    # ---------------------------------------------------------------- requests

    async def start(self) -> AsyncIterator[Request]:
        for url in self.profile.start_urls:
            in_column = bool(REPORT_COLUMN_URL.search(urlsplit(url).path))
            req = self.schedule(url, kind="nav", role="list", depth=0, in_column=in_column,
                                score=100, dont_filter=True, extra_meta={"nb_start": True})
            if req is not None:
                yield req
        for adapter in adapters_for(self.profile):
            for spec in adapter.seeds(self.profile, self.since):
                req = self.request_for_spec(spec, depth=0, in_column=True, parent=None)
                if req is not None:
                    yield req

    def schedule(self, url: str, *, kind: str, role: str, depth: int, in_column: bool = False,
                 parent: str | None = None, decision: Decision | None = None,
                 via: Verdict | None = None, score: int = 0, off: int = 0,
                 dont_filter: bool = False, method: str = "GET",
                 formdata: Iterable[tuple[str, str]] | None = None,
                 extra_meta: dict[str, Any] | None = None,
                 callback: Any = None) -> Request | None:
        """A request of `kind` with its priority, once per URL (a list link seen again later
        as a report is asked for again, as a report), or None when the budget is spent."""
        form = tuple(formdata) if formdata is not None else None
        key = self.request_key(url, method, form)
        before = self.scheduled.get(key)
        if before is not None:
            if not (before == "list" and role != "list"):  # seen as a way on, now a file
                return None
            dont_filter = True
        if kind in NAV_KINDS and before is None:
            if self.navigation >= self.budget:
                self.note_budget_spent()
                return None
            if kind not in ("page", "idle_page") and not in_column and self.too_many_of(url):
                return None
            self.navigation += 1
        self.scheduled[key] = role
        meta = {"nb_kind": kind, "nb_off": off,
                "nb_via": ({"kind": kind} | via.to_dict()) if via else {"kind": kind}}
        return self.make_request(url, role=role, depth=depth, in_column=in_column,
                                 parent=parent, decision=decision, dont_filter=dont_filter,
                                 method=method, formdata=form,
                                 priority=priority(kind, score + (via.score if via else 0),
                                                   depth),
                                 extra_meta=meta | (extra_meta or {}), callback=callback)

    def too_many_of(self, url: str) -> bool:
        """One address with ever other query values (tag clouds, filters combined without
        end) is a trap once it has been asked for `NIANBAO_SHAPE_PAGES` times outside lists."""
        parts = urlsplit(url)
        if not parts.query:
            return False
        shape = f"{parts.netloc}{parts.path}?" + "&".join(sorted(
            k for k, _ in parse_qsl(parts.query, keep_blank_values=True)))
        seen = self.shapes.get(shape, 0)
        if seen >= self.shape_pages:
            self.note_trap("trap.shape", shape)
            return True
        self.shapes[shape] = seen + 1
        return False

    @staticmethod
    def request_key(url: str, method: str = "GET",
                    formdata: Iterable[tuple[str, str]] | None = None) -> tuple[str, str, str]:
        """What makes two requests the same one for the spider's own bookkeeping."""
        return (method, url, repr(tuple(formdata) if formdata is not None else None))

    def note_budget_spent(self) -> None:
        stats = self.crawler.stats
        if not stats.get_value("nianbao/budget_exhausted"):
            stats.set_value("nianbao/budget_exhausted", self.budget)
            self.logger.warning("page budget of %d spent: the crawl goes on with the reports "
                                "already found, and is partial", self.budget)
        stats.inc_value("nianbao/links_dropped/budget")

    def drop(self, rule: str, url: str, text: str) -> None:
        """Count a link not followed, by the rule that said so (each one in the debug log)."""
        self.crawler.stats.inc_value(f"nianbao/links_dropped/{rule}")
        self.logger.debug("not followed (%s): %s %r", rule, url, text)

    def make_request(self, url: str, *, role: str, depth: int, in_column: bool = False,
                     parent: str | None = None, decision: Decision | None = None,
                     dont_filter: bool = False, method: str = "GET", priority: int = 0,
                     formdata: Iterable[tuple[str, str]] | None = None,
                     extra_meta: dict[str, Any] | None = None,
                     callback: Any = None) -> Request | None:
        """A request with the spider's bookkeeping in `meta`, or None when a resumed crawl
        already holds this leaf."""
        meta: dict[str, Any] = {"nb_role": role, "nb_depth": depth, "nb_in_column": in_column,
                                "nb_parent": parent,
                                "nb_decision": decision.to_dict() if decision else None}
        if extra_meta:
            meta.update(extra_meta)
        state = self.resume_state
        if formdata is not None:
            req: Request = FormRequest(url, formdata=list(formdata), callback=callback or self.parse,
                                       errback=self.on_error, meta=meta, priority=priority,
                                       dont_filter=dont_filter)
        else:
            req = Request(url, method=method, callback=callback or self.parse, errback=self.on_error,
                          meta=meta, priority=priority, dont_filter=dont_filter)
        if state is not None and state.resuming:
            done = state.done(self.exchange_key(req))
            if done == "leaf":
                self.crawler.stats.inc_value("nianbao/resume_skipped")
                return None
            if done == "page":
                req.meta["nb_unconditional"] = True
        return req

    def request_for_spec(self, spec: PageRequest, *, depth: int, in_column: bool,
                         parent: str | None, off: int = 0,
                         series: str | None = None) -> Request | None:
        """An adapter's PageRequest as a Scrapy request: a report, or a further page of the
        list `series` (which its pages keep, whatever their addresses: a chain of pages whose
        URLs change at every step is still one list), at most `max_list_pages` of them."""
        url = canonical_url(spec.url)
        if not self.allowed(url):
            return None
        decision = None
        kind = "page"
        meta = dict(spec.meta) | {"nb_adapter": spec.adapter}
        if spec.role == "report":
            kind = "report"
            decision = classify_title("", url)
            if self.since and decision.year and decision.year < self.since:
                return None
        else:
            series = series or series_key(url)
            meta["nb_series"] = series
            idle = not in_column and self.pagination.idle(series)
            kind = "idle_page" if idle else "page"
            if spec.adapter == "sitemap":  # a sitemap index's sitemaps: sitemaps too
                kind, idle, off = "sitemap", False, self.tunnel
            if self.series_pages.get(series, 0) >= (self.pagination.idle_pages if idle
                                                    else self.max_list_pages):
                self.note_trap("trap.list_idle" if idle else "trap.list_too_long", series)
                return None
        req = self.schedule(url, kind=kind, role=spec.role, depth=depth, in_column=in_column,
                            parent=parent, decision=decision, formdata=spec.formdata, off=off,
                            method=spec.method, extra_meta=meta)
        if req is not None and series:
            self.series_pages[series] = self.series_pages.get(series, 0) + 1
        return req

    def note_trap(self, rule: str, where: str) -> None:
        """A trap cut: counted by rule, once per list or link, and logged."""
        if (rule, where) in self.trapped:
            return
        self.trapped.add((rule, where))
        self.crawler.stats.inc_value(f"nianbao/traps/{rule}")
        self.logger.info("%s: %s not followed further", rule, where)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """robots.txt read for a host of the portal: its `Sitemap:` lines (and, for the start
        hosts, /sitemap.xml) become extra seeds."""
        parts = urlsplit(request.url)
        if parts.netloc in self.sitemap_hosts or not self.allowed(request.url):
            return
        self.sitemap_hosts.add(parts.netloc)
        listed = [canonical_url(str(u)) for u in
                  getattr(getattr(robotparser, "rp", None), "sitemaps", []) or []]
        urls = list(listed)
        if parts.netloc in {urlsplit(u).netloc for u in self.profile.start_urls}:
            urls.append(f"{parts.scheme}://{parts.netloc}/sitemap.xml")  # a guess: a probe
        for url in dict.fromkeys(urls):
            if self.allowed(url):
                req = self.schedule(url, kind="sitemap", role="list", depth=0, off=self.tunnel,
                                    extra_meta={"nb_probe": url not in listed})
                if req is not None:
                    assert self.crawler.engine is not None
                    self.crawler.engine.crawl(req)

    @staticmethod
    def exchange_key(request: Request) -> str:
        """The key the pipeline will record this request's exchange under."""
        return exchange_key(request.method, request.meta.get("redirect_urls", [request.url])[0],
                            body_digest(request.body))

    def allowed(self, url: str) -> bool:
        return url.startswith(("http://", "https://")) and (
            not self.allowed_domains or in_domains(url, self.allowed_domains))

    def file_meta(self, url: str) -> dict[str, Any] | None:
        """Meta letting a file (attachment, image) linked by the portal be fetched from a file
        host of its registrable domain; None when it may not be fetched at all."""
        if self.allowed(url):
            return {}
        parts = urlsplit(url)
        is_file = extension(url) in ATTACHMENT_EXTS | IMAGE_EXTS or bool(
            DOWNLOAD_HREF.search(f"{parts.path}?{parts.query}"))
        if is_file and url.startswith(("http://", "https://")) and in_domains(
                url, self.file_domains):
            return {"allow_offsite": True}
        return None

    # ---------------------------------------------------------------- responses

    def fetch_item(self, response: Response, *, role: str, decision: dict[str, Any] | None,
                   error: str | None = None, keep_body: bool = True) -> FetchItem:
        """The `FetchItem` for a response (a list page re-read from the archive after a 304 is
        recorded as the 304 it was)."""
        req = response.request
        assert req is not None
        original = req.meta.get("redirect_urls", [req.url])[0]
        not_modified = req.meta.get("nb_not_modified")
        status = 304 if not_modified else response.status
        headers = not_modified if not_modified else response.headers
        body = response.body if keep_body and status != 304 else None
        via = req.meta.get("nb_via")
        if via and via.get("kind") != "report":
            decision = (decision or {}) | {"via": via}
        return FetchItem(url=original, status=status, body=body,
                         probe=bool(req.meta.get("nb_probe")),
                         request_headers=headers_dict(req.headers),
                         response_headers=headers_dict(headers), method=req.method,
                         fetched_at=datetime.now(UTC),
                         final_url=response.url if response.url != original else None,
                         error=error, role=role, parent_url=req.meta.get("nb_parent"),
                         decision=decision, body_digest=body_digest(req.body),
                         is_html=isinstance(response, TextResponse) and self.is_html(response))

    @staticmethod
    def is_html(response: Response) -> bool:
        ctype = response.headers.get(b"Content-Type", b"").lower()
        return b"html" in ctype or (not ctype and response.body[:512].lstrip()[:1] == b"<")

    async def parse_probe(self, response: Response) -> AsyncIterator[Any]:
        """A file nothing named: read in a thread (a PDF read here would hold up every other
        request), then recorded as `parse` records any file."""
        if response.status == 200 and not response.meta.get("nb_soft_404"):
            response.meta["nb_prints_report"] = await asyncio.to_thread(
                prints_report, response.body, response.url)
        for item in self.parse(response):
            yield item

    def parse(self, response: Response) -> Iterable[Any]:
        meta = response.meta
        role = meta.get("nb_role", "list")
        decision = meta.get("nb_decision")
        if meta.get("nb_start"):
            self.note_start(response)
        refused = meta.get("nb_refused_redirect")
        if refused:
            yield self.fetch_item(response, role=role, decision=decision,
                                  error=f"redirect off the allowed domains refused: {refused}")
            return
        if meta.get("nb_challenge"):  # a firewall answered instead of the page
            yield self.fetch_item(response, role=PROMISED_ROLE.get(role, role), decision=decision,
                                  error=f"challenge page ({meta['nb_challenge']}) answered")
            return
        if meta.get("nb_soft_404"):
            yield self.fetch_item(response, role=role,
                                  decision=(decision or {}) | {"soft_404": True,
                                                               "rule": "soft_404"})
            return
        if response.status >= 300:  # also a 304 with nothing to read again (a PDF report)
            yield self.fetch_item(response, role=PROMISED_ROLE.get(role, role),
                                  decision=decision)
            return
        if not isinstance(response, TextResponse):
            yield self.fetch_item(response, role=self.leaf_role(role, response), decision=decision)
            return
        if not self.is_html(response):  # XML (Hanweb dataproxy, sitemaps), JSON APIs, text
            if extension(response.url) in ATTACHMENT_EXTS or role in ("attachment", "report",
                                                                        "candidate", "probe"):
                yield self.fetch_item(response, role=self.leaf_role(role, response),
                                      decision=decision)
                return
            yield self.fetch_item(response, role="list", decision=decision)
            yield from self.follow_adapters(response, None, in_column=bool(
                meta.get("nb_in_column")), page_is_report=False)
            return
        yield from self.parse_html(response)

    def note_start(self, response: Response) -> None:
        """Count a start URL that answered, or name how it failed."""
        meta = response.meta
        if meta.get("nb_refused_redirect"):
            kind = f"redirected off the portal to {meta['nb_refused_redirect']}"
        elif meta.get("nb_challenge"):
            kind = f"a challenge page ({meta['nb_challenge']}) answered"
        elif meta.get("nb_soft_404"):
            kind = "the page says it does not exist (soft 404)"
        elif response.status >= 400:
            kind = f"HTTP {response.status}"
        else:
            self.crawler.stats.inc_value("nianbao/start_ok")
            return
        self.note_start_failed(response.url, kind)

    def note_start_failed(self, url: str, kind: str) -> None:
        self.crawler.stats.set_value("nianbao/start_error", f"{url}: {kind}")

    @staticmethod
    def leaf_role(role: str, response: Response) -> str:
        """Role of a body not read as a page: what the link promised (an item of a 年报 column
        is a report), images as images, a file nothing named by what it prints."""
        ctype = response.headers.get(b"Content-Type", b"").lower()
        if ctype.startswith(b"image/"):
            return "image"
        if role == "probe":
            return "report" if response.meta.get("nb_prints_report") else "other"
        if role in PROMISED_ROLE:
            return PROMISED_ROLE[role]
        return role if role in ("report", "attachment", "image") else "other"

    def parse_html(self, response: TextResponse) -> Iterable[Any]:
        meta = response.meta
        view = PageView(response)
        title, headline, body = view.title, view.headline, view.body
        column_hint = bool(meta.get("nb_in_column")) or bool(
            REPORT_COLUMN_URL.search(urlsplit(response.url).path)) or bool(
            COLUMN_TEXT.search(view.trail.replace(title, "").replace(headline, "")))
        page = classify_page(title, headline, body[:800], response.url, meta_source=view.source,
                             link_texts=view.anchor_texts, in_column=column_hint)
        if page.is_report and not meta.get("nb_report_part") and not self.carries_report(
                view, named=not page.rule.endswith("column_year_title"),
                article=looks_like_article(response.url) or continued(response.url, view)):
            page = Decision("page.column", False)  # "2024年度报告" naming a year's column
        link_decision = meta.get("nb_decision")
        is_report = page.is_report
        if not is_report and link_decision and link_decision.get("is_report") and \
                not page.rule.startswith("page.headline:not") and not page.rule.startswith(
                    "page.title:not") and page.rule != "page.column":
            # The link said "report" and the page does not contradict it (e.g. a Hanweb
            # annual-report endpoint page with a generic title).
            is_report = self.carries_report(view, named=False)
            page = Decision(f"link:{link_decision['rule']}", is_report,
                            link_decision.get("agency"), link_decision.get("year"))
        if not is_report and meta.get("nb_role") == "candidate" and page.rule in (
                "page.none", "link:link.column_item", "link:link.attachment_in_column") and \
                not OTHER_REPORT.search(headline or title) and \
                self.carries_report(view, named=False, untitled=True):
            # Inside a 年报 column an item carrying a report is one, though its title names
            # no report ("马坪镇"); one naming another report (住房公积金年度报告) is not.
            is_report = True
            page = Decision("page.column_item", True, (link_decision or {}).get("agency"),
                            (link_decision or {}).get("year") or find_year(body[:800]))
        decision = page.to_dict()
        if link_decision:
            decision["link_rule"] = link_decision.get("rule")
        yield self.fetch_item(response, role="report" if is_report else "list", decision=decision)

        in_column = column_hint or bool(
            COLUMN_TEXT.search(headline or title) and not page.rule.split(":")[-1].startswith(
                "not."))
        if meta.get("nb_role") == "candidate" and not is_report:
            in_column = False  # an item of the column that is no report: a document, not a list
        if ":not." in f":{page.rule}":  # a look-alike's files are its own, whatever its address
            meta["nb_lookalike"] = True
        if is_report:
            yield from self.follow_attachments(response, view)
        yield from self.follow_adapters(response, view, in_column=in_column,
                                        page_is_report=is_report)

    def carries_report(self, view: PageView, *, named: bool, untitled: bool = False,
                       article: bool = False) -> bool:
        """A page said to be a report carries one: it prints the report's sections, or it is
        no list of reports (three report links, two if its own title does not name a report)
        and is a document (`article`: an article's address, such as page 1 of a report
        printed over three) or holds text enough, scans or tables as pictures, a framed body,
        or a file. `untitled`: an item of a 年报 column whose title names no report ("马坪镇"),
        which must print the sections or hold the report as pictures, frame or file."""
        if reads_like_report(view.body):
            return True
        if self.report_links(view) >= (3 if named else 2):
            return False
        return (article or (not untitled and len(re.sub(r"\s", "", view.body)) >= 400)
                or bool(view.article_images) or bool(view.frames) or bool(view.download_forms)
                or any(extension(url, text) in ATTACHMENT_EXTS
                       or (DOWNLOAD_HREF.search(url) and FILE_TEXT.search(text))
                       for url, text in view.links))

    def report_links(self, view: PageView) -> int:
        """How many links of a page a 年报 column would take for reports (attachments, the
        article's 上一篇/下一篇 neighbours and links outside its article element aside)."""
        aside = view.sequels | view.outside_main
        return sum(1 for url, text in view.links
                   if extension(url, text) not in ATTACHMENT_EXTS and url not in aside
                   and classify_title(text, url, in_column=True).is_report)

    def follow_attachments(self, response: TextResponse, view: PageView) -> Iterable[Request]:
        """From a report page: every attachment (by link, download script, onclick, viewer),
        the images of its article (scans, tables as pictures) or, on a page with no article
        element and little text, the page's images."""
        depth = int(response.meta.get("nb_depth", 0)) + 1
        for url, text in view.links:
            ext = extension(url, text)
            if ext in ATTACHMENT_EXTS or (DOWNLOAD_HREF.search(urlsplit(url).path + "?"
                                                               + urlsplit(url).query)
                                          and ext not in SKIP_EXTS and ext not in IMAGE_EXTS):
                url = canonical_url(url)
                leaf = self.file_meta(url)
                if leaf is not None and url != canonical_url(response.url):
                    req = self.schedule(url, kind="attachment", role="attachment", depth=depth,
                                        parent=response.url, extra_meta=leaf)
                    if req is not None:
                        yield req
        for url, method, fields in view.download_forms:  # a file handed out for a posted form
            leaf = self.file_meta(url)
            if leaf is None:
                continue
            if method != "POST":
                url = f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(fields)}"
            req = self.schedule(url, kind="attachment", role="attachment", depth=depth,
                                parent=response.url, extra_meta=leaf, method=method,
                                formdata=fields if method == "POST" else None)
            if req is not None:
                yield req
        images = view.article_images
        if not images:  # no article element to read: the page's images if it is a scan
            if len(re.sub(r"\s", "", view.body)) >= self.scan_below:
                return
            images = view.images
        for src in images:
            url = canonical_url(urljoin(view.url, src))
            if decorative(url):
                continue
            leaf = self.file_meta(url)
            if extension(url) in IMAGE_EXTS and leaf is not None:
                req = self.schedule(url, kind="image", role="image", depth=depth,
                                    parent=response.url, extra_meta=leaf)
                if req is not None:
                    yield req

    def follow_adapters(self, response: TextResponse, view: PageView | None, *,
                        in_column: bool, page_is_report: bool) -> Iterable[Request]:
        """Run the list-page adapters, then decide every link of the page. Further pages of a
        list keep the depth and stop once its pages bring no new items; a page that led to
        reports lends its links a better priority."""
        depth = int(response.meta.get("nb_depth", 0))
        page = Page(url=response.url, text=response.text,
                    content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
                    profile=self.profile, meta=dict(response.meta))
        out = run_adapters(page)
        for name in out.matched:  # crawl health compares these with the last good run
            self.crawler.stats.inc_value(f"nianbao/adapter/{name}")
        pages = {canonical_url(spec.url) for spec in out.pages}
        links = [(link.url, link.text) for link in out.links] + list(view.links if view else [])
        items = [u for u in (canonical_url(u) for u, _ in links) if u not in pages]
        series = response.meta.get("nb_series") or series_key(response.url)
        rules = [(classify_title(text, url, in_column=in_column).rule, text)
                 for url, text in links]
        found = sum(1 for rule, _ in rules if rule.startswith("report."))
        fresh = self.pagination.observe(series, items, relevant=in_column or any(
            rule.startswith("report.") or (rule.startswith("not.") and COLUMN_TEXT.search(text))
            for rule, text in rules))
        bonus = min(40, 10 * found)
        if not fresh and any(self.request_key(canonical_url(spec.url), spec.method,
                                              spec.formdata) not in self.scheduled
                             for spec in out.pages):
            self.note_trap("trap.list_stale", series)  # pages it would still lead to: cut
        off = int(response.meta.get("nb_off", 0))
        for url in view.frames if view else ():
            url = canonical_url(url)
            if self.allowed(url) and extension(url) not in ATTACHMENT_EXTS | IMAGE_EXTS:
                req = self.schedule(url, kind="nav", role="list", depth=depth, off=off,
                                    in_column=in_column, score=50)  # part of this page
                if req is not None:
                    yield req
        for spec in out.pages if fresh else ():
            req = self.request_for_spec(spec, depth=depth, in_column=in_column,
                                        parent=response.url, off=off, series=series)
            if req is not None:
                req.priority += bonus
                if page_is_report:  # a report printed over several pages: page 2 is the report
                    req.meta["nb_report_part"] = True
                yield req
        for url, text in links:
            req = self.follow_link(url, text, response, depth=depth, in_column=in_column,
                                   page_is_report=page_is_report, off=off)
            if req is not None:
                if req.meta.get("nb_kind") in NAV_KINDS:
                    req.priority += bonus
                yield req

    def follow_link(self, url: str, text: str, response: Response, *, depth: int,
                    in_column: bool, page_is_report: bool, off: int) -> Request | None:
        """Decide what one link is (a report, an item of a 年报 column, an attachment, the way
        on, or nothing, and by which rule) and make its request."""
        url = canonical_url(url)
        ext = extension(url, text)
        if ext and not text.strip():  # a bare file (a sitemap's entry) is named by its name
            text = file_title(url)
        leaf = self.file_meta(url) if ext in ATTACHMENT_EXTS else None
        if not self.allowed(url) and leaf is None:
            return None
        if ext in SKIP_EXTS or ext in IMAGE_EXTS or (page_is_report and ext in ATTACHMENT_EXTS):
            return None  # a report page's attachments were taken by follow_attachments
        trap = trap_rule(text, url)
        if trap:
            if (trap, url) not in self.trapped:  # each trap link counted once, not once a page
                self.trapped.add((trap, url))
                self.drop(trap, url, text)
            return None
        d = classify_title(text, url, in_column=in_column)
        if d.rule.startswith("not.") and (ext or find_year(text) or looks_like_article(url)):
            self.drop(d.rule, url, text)  # a look-alike document; a column so named may hold
            return None  # reports (通知公告), and is followed by its signals
        v = verdict(text, url)
        if d.is_report:
            if self.since and d.year and d.year < self.since:
                return None
            return self.schedule(url, kind="report", role="report", depth=depth + 1,
                                 in_column=in_column, parent=response.url if ext else None,
                                 decision=d, via=v, extra_meta=leaf)
        column = in_column or ("url.report_column" in v.rules
                               and not response.meta.get("nb_lookalike"))
        from_sitemap = response.meta.get("nb_kind") == "sitemap"
        if from_sitemap and ext in PROBE_EXTS and not column and not text:
            # A file a sitemap lists and nothing names: judged by what it prints, as many as
            # the sitemap's entries allow.
            if self.sitemap_entries <= 0:
                self.drop("sitemap_entries", url, text)
                return None
            self.sitemap_entries -= 1
            return self.schedule(url, kind="candidate", role="probe", depth=depth + 1,
                                 decision=Decision("link.sitemap_file", False), via=v,
                                 extra_meta=leaf, callback=self.parse_probe)
        item = column and not NOISE_RULES & set(v.rules) and (
            looks_like_article(url) or bool(DOWNLOAD_HREF.search(url)))
        if ext in ATTACHMENT_EXTS or (item and not page_is_report):
            if not column or page_is_report:
                return None
            # Inside a 年报 column every item is a candidate: its page decides.
            year = find_year(text, url)
            if self.since and year and year < self.since:
                return None
            rule = "link.attachment_in_column" if ext else "link.column_item"
            return self.schedule(url, kind="candidate", role="candidate", depth=depth + 1,
                                 in_column=True, parent=response.url if ext else None,
                                 decision=Decision(rule, False, find_agency(text), year), via=v,
                                 extra_meta=leaf)
        if depth + 1 > self.max_depth:
            self.drop("depth", url, text)
            return None
        # Inside a 年报 column, its sub-columns (by year, by unit) wherever their URLs point.
        sub_column = in_column and "text.noise" not in v.rules and (
            self.under(url, response.url) or bool(SUB_COLUMN_RULES & set(v.rules)))
        if v.score < 0 and not sub_column:
            self.drop("noise", url, text)
            return None
        # A unit's home page, though a 年报 column links it, is no column: its news are no items.
        child_column = (sub_column or bool({"url.report_column", "text.report_column"}
                                           & set(v.rules))) and not (
            SITE_ROOT.match(urlsplit(url).path) and not urlsplit(url).query)
        if looks_like_article(url) and not sub_column and not from_sitemap and not any(
                rule.startswith("text.") for rule in v.rules if rule not in NOISE_RULES):
            self.drop("document", url, text)  # a document, named by nothing: not the way on
            return None
        if v.positive or sub_column:
            kind, child_off = "nav", 0
        elif off < self.tunnel:
            kind, child_off = "tunnel", off + 1
        elif from_sitemap and self.sitemap_entries > 0:
            # A sitemap's page with no signal in its address: a seed, fetched last.
            self.sitemap_entries -= 1
            kind, child_off = "sitemap_entry", self.tunnel
        else:
            self.drop("no_signal", url, text)
            return None
        return self.schedule(url, kind=kind, role="list", depth=depth + 1,
                             in_column=child_column, via=v, off=child_off)

    @staticmethod
    def under(url: str, page_url: str) -> bool:
        """`url` sits in the directory of `page_url` (or below it)."""
        base = urlsplit(page_url).path.rsplit("/", 1)[0] + "/"
        return urlsplit(url).netloc == urlsplit(page_url).netloc and \
            urlsplit(url).path.startswith(base) and base != "/"

    def on_error(self, failure: Failure) -> Iterable[FetchItem]:
        """A request that failed for good (timeout after retries, byte limit, DNS…) is recorded
        as a failed fetch; requests robots.txt forbids are only counted."""
        request = failure.request
        error = f"{failure.type.__name__}: {failure.getErrorMessage()}"[:500]
        kind = error_kind(None, error)
        if request.meta.get("nb_start"):
            self.note_start_failed(request.url, kind)
        if failure.check(IgnoreRequest):
            self.crawler.stats.inc_value("nianbao/ignored")
            self.crawler.stats.inc_value(f"nianbao/failed/{kind}")
            return
        original = request.meta.get("redirect_urls", [request.url])[0]
        yield FetchItem(url=original, status=None, body=None,
                        request_headers=headers_dict(request.headers), method=request.method,
                        fetched_at=datetime.now(UTC), error=error,
                        role=PROMISED_ROLE.get(request.meta.get("nb_role", "other"),
                                               request.meta.get("nb_role", "other")),
                        parent_url=request.meta.get("nb_parent"),
                        decision=request.meta.get("nb_decision"),
                        body_digest=body_digest(request.body))


__all__ = ["ADAPTERS", "PortalSpider"]

"""The generic portal spider.

    scrapy crawl portal -a portal=KEY          # a portal of the registry
    scrapy crawl portal -a url=URL [-a key=K -a name=N]   # any portal, from one URL
    options: -a max_depth=N  -a since=YEAR

It walks from the start URLs through links that mark the disclosure area (政府信息公开, 年报,
xxgk, gknb…) within the allowed domains and a depth bound, runs the list-page adapters on
every page (TRS pagination, Hanweb datastore/dataproxy, ?page=N, 下一页, JSON APIs), takes
links that `crawler.classify` says are reports, and from report pages follows attachments
(also behind download scripts) and, when the body is a scan, its images. Every response
becomes a `Fetch` item for the archive pipeline.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import FormRequest, Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler.adapters import ADAPTERS, Page, PageRequest, adapters_for, run_adapters
from crawler.classify import Decision, classify_page, classify_title
from crawler.items import Fetch
from crawler.pageview import PageView
from crawler.profiles import Profile, get_profile, in_domains, profile_for_url
from crawler.resume import ResumeState, body_digest, exchange_key

ATTACHMENT_EXTS = frozenset({"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "zip", "rar",
                             "7z", "ofd", "txt"})
IMAGE_EXTS = frozenset({"jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp"})
SKIP_EXTS = frozenset({"css", "js", "ico", "gif", "svg", "mp4", "mp3", "avi", "flv", "swf",
                       "apk", "exe", "woff", "woff2", "ttf"})

# Anchor texts and URL fragments that mark the way to the annual reports. One line each.
NAV_TEXT = re.compile(
    r"信息公开|政务公开|公开目录|年报|年度报告|公开指南|部门|乡镇|街道|镇街|区县|县区|市直|机构|"
    r"下级|直属|单位|本级")
NAV_URL = re.compile(
    r"xxgk|zwgk|zfxxgk|gknb|nianbao|ndbg|xxgknb|zfxxgknb|gkndbg|gkml|gkmlpt|/public/|"
    r"/col/col|/columns/|xxgkannualreport|bmxxgk|/zfxx", re.I)
# A page is inside a 年报 column if its URL or headline says so.
COLUMN_URL = re.compile(r"nb|ndbg|nianbao|gkbg|xxgkannualreport", re.I)
COLUMN_TEXT = re.compile(r"年报|年度报告")
NOISE_IMG = re.compile(r"logo|icon|banner|btn|button|bg|arrow|share|qrcode|erweima|ewm|wza|"
                       r"jiucuo|conac|police|beian|dzjg|red|top|nav|footer", re.I)
DOWNLOAD_HREF = re.compile(r"down(?:load)?|getfile|attach|fujian|file\.(?:jsp|do|aspx)", re.I)


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


def clean_url(url: str) -> str:
    """Drop the #fragment."""
    p = urlsplit(url.strip())
    return urlunsplit((p.scheme, p.netloc, p.path or "/", p.query, ""))


def headers_dict(headers: Any) -> dict[str, str]:
    """Scrapy Headers -> {name: value} (repeated headers joined with ', ')."""
    out: dict[str, str] = {}
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        out[key] = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v)
                             for v in values)
    return out


class PortalSpider(scrapy.Spider):
    """Find every annual report of one portal and hand every response to the archive."""

    name = "portal"

    def __init__(self, portal: str | None = None, url: str | None = None, key: str | None = None,
                 name: str | None = None, max_depth: str | int | None = None,
                 since: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.portal_arg = portal
        self.url_arg = url
        self.key_arg = key
        self.name_arg = name
        self.max_depth_arg = int(max_depth) if max_depth not in (None, "") else None
        self.since = int(since) if since not in (None, "") else None
        self.profile: Profile
        self.run_id: int | None = None
        self.resume_state: ResumeState | None = None
        self.allowed_domains: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler)
        return spider

    def configure(self, crawler: Crawler) -> None:
        """Resolve the profile and the job directory from the arguments and settings."""
        settings = crawler.settings
        urls = [u for u in re.split(r"[\s,]+", self.url_arg or "") if u]
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
        if self.max_depth_arg is not None:
            self.max_depth = self.max_depth_arg
        elif profile.max_depth is not None:
            self.max_depth = profile.max_depth
        else:
            self.max_depth = settings.getint("NIANBAO_MAX_DEPTH", 4)
        self.scan_below = settings.getint("NIANBAO_FOLLOW_IMAGES_BELOW_CHARS", 300)
        jobdir = settings.get("NIANBAO_JOBDIR")
        if jobdir:
            self.resume_state = ResumeState(Path(jobdir) / profile.key,
                                            resume=settings.getbool("NIANBAO_RESUME"))

    def run_args(self) -> dict[str, Any]:
        """What this crawl was asked to do (stored with the run)."""
        return {"portal": self.profile.key, "start_urls": self.profile.start_urls,
                "max_depth": self.max_depth, "since": self.since}

    # ---------------------------------------------------------------- requests

    async def start(self) -> AsyncIterator[Request]:
        for url in self.profile.start_urls:
            in_column = bool(COLUMN_URL.search(urlsplit(url).path))
            req = self.make_request(url, role="list", depth=0, in_column=in_column,
                                    dont_filter=True)
            if req is not None:
                yield req
        for adapter in adapters_for(self.profile):
            for spec in adapter.seeds(self.profile, self.since):
                req = self.request_for_spec(spec, depth=0, in_column=True, parent=None)
                if req is not None:
                    yield req

    def make_request(self, url: str, *, role: str, depth: int, in_column: bool = False,
                     parent: str | None = None, decision: Decision | None = None,
                     dont_filter: bool = False, method: str = "GET",
                     formdata: Iterable[tuple[str, str]] | None = None,
                     extra_meta: dict[str, Any] | None = None) -> Request | None:
        """A request with the spider's bookkeeping in `meta`, or None when a resumed crawl
        already holds this leaf."""
        meta: dict[str, Any] = {"nb_role": role, "nb_depth": depth, "nb_in_column": in_column,
                                "nb_parent": parent,
                                "nb_decision": decision.to_dict() if decision else None}
        if extra_meta:
            meta.update(extra_meta)
        state = self.resume_state
        if formdata is not None:
            req: Request = FormRequest(url, formdata=list(formdata), callback=self.parse,
                                       errback=self.on_error, meta=meta, dont_filter=dont_filter)
        else:
            req = Request(url, method=method, callback=self.parse, errback=self.on_error,
                          meta=meta, dont_filter=dont_filter)
        if state is not None and state.resuming:
            done = state.done(self.exchange_key(req))
            if done == "leaf":
                self.crawler.stats.inc_value("nianbao/resume_skipped")
                return None
            if done == "page":
                req.meta["nb_unconditional"] = True
        return req

    def request_for_spec(self, spec: PageRequest, *, depth: int, in_column: bool,
                         parent: str | None) -> Request | None:
        """An adapter's PageRequest as a Scrapy request."""
        if not self.allowed(spec.url):
            return None
        decision = None
        if spec.role == "report":
            decision = classify_title("", spec.url)
            if self.since and decision.year and decision.year < self.since:
                return None
        return self.make_request(spec.url, role=spec.role, depth=depth, in_column=in_column,
                                 parent=parent, decision=decision, formdata=spec.formdata,
                                 extra_meta=dict(spec.meta) | {"nb_adapter": spec.adapter})

    @staticmethod
    def exchange_key(request: Request) -> str:
        """The key the pipeline will record this request's exchange under."""
        return exchange_key(request.method, request.meta.get("redirect_urls", [request.url])[0],
                            body_digest(request.body))

    def allowed(self, url: str) -> bool:
        return url.startswith(("http://", "https://")) and (
            not self.allowed_domains or in_domains(url, self.allowed_domains))

    # ---------------------------------------------------------------- responses

    def fetch_item(self, response: Response, *, role: str, decision: dict[str, Any] | None,
                   error: str | None = None, keep_body: bool = True) -> Fetch:
        """The `Fetch` for a response."""
        req = response.request
        assert req is not None
        original = req.meta.get("redirect_urls", [req.url])[0]
        body = response.body if keep_body and response.status != 304 else None
        return Fetch(url=original, status=response.status, body=body,
                     request_headers=headers_dict(req.headers),
                     response_headers=headers_dict(response.headers), method=req.method,
                     fetched_at=datetime.now(UTC),
                     final_url=response.url if response.url != original else None,
                     error=error, role=role, parent_url=req.meta.get("nb_parent"),
                     decision=decision, fetch_key=body_digest(req.body),
                     is_html=isinstance(response, TextResponse) and self.is_html(response))

    @staticmethod
    def is_html(response: Response) -> bool:
        ctype = response.headers.get(b"Content-Type", b"").lower()
        return b"html" in ctype or (not ctype and response.body[:512].lstrip()[:1] == b"<")

    def parse(self, response: Response) -> Iterable[Any]:
        meta = response.meta
        role = meta.get("nb_role", "list")
        decision = meta.get("nb_decision")
        refused = meta.get("nb_refused_redirect")
        if refused:
            yield self.fetch_item(response, role=role, decision=decision,
                                  error=f"redirect off the allowed domains refused: {refused}")
            return
        if meta.get("nb_soft_404"):
            yield self.fetch_item(response, role=role,
                                  decision=(decision or {}) | {"soft_404": True,
                                                               "rule": "soft_404"})
            return
        if response.status == 304 or response.status >= 300:
            yield self.fetch_item(response, role=role, decision=decision)
            if response.status == 304:
                yield from self.recheck_children(response)
            return
        if not isinstance(response, TextResponse):
            yield self.fetch_item(response, role=self.leaf_role(role, response), decision=decision)
            return
        if not self.is_html(response):  # XML (Hanweb dataproxy), JSON APIs, plain text
            if extension(response.url) in ATTACHMENT_EXTS:
                yield self.fetch_item(response, role=self.leaf_role(role, response),
                                      decision=decision)
                return
            yield self.fetch_item(response, role="list", decision=decision)
            yield from self.follow_adapters(response, in_column=True)
            return
        yield from self.parse_html(response)

    def recheck_children(self, response: Response) -> Iterable[Request]:
        """An unchanged report page still gets its attachments and images re-checked (each
        conditionally): a PDF can be swapped under a page that did not change."""
        depth = int(response.meta.get("nb_depth", 0)) + 1
        for url, role in response.meta.get("nb_children") or ():
            if role in ("attachment", "image") and self.allowed(url):
                req = self.make_request(url, role=role, depth=depth, parent=response.url)
                if req is not None:
                    yield req

    @staticmethod
    def leaf_role(role: str, response: Response) -> str:
        """Role of a non-HTML body: what the link promised, images as images."""
        ctype = response.headers.get(b"Content-Type", b"").lower()
        if ctype.startswith(b"image/"):
            return "image"
        return role if role in ("report", "attachment", "image") else "other"

    def parse_html(self, response: TextResponse) -> Iterable[Any]:
        meta = response.meta
        depth = int(meta.get("nb_depth", 0))
        view = PageView(response)
        title, headline, body = view.title, view.headline, view.body
        page = classify_page(title, headline, body[:800], response.url, meta_source=view.source,
                             link_texts=view.anchor_texts)
        link_decision = meta.get("nb_decision")
        is_report = page.is_report
        if not is_report and link_decision and link_decision.get("is_report") and \
                not page.rule.startswith("page.headline:not") and not page.rule.startswith(
                    "page.title:not"):
            # The link said "report" and the page does not contradict it (e.g. a Hanweb
            # annual-report endpoint page with a generic title).
            is_report = bool(len(body) > 200)
            page = Decision(f"link:{link_decision['rule']}", is_report,
                            link_decision.get("agency"), link_decision.get("year"))
        decision = page.to_dict()
        if link_decision:
            decision["link_rule"] = link_decision.get("rule")
        yield self.fetch_item(response, role="report" if is_report else "list", decision=decision)

        in_column = bool(meta.get("nb_in_column")) or bool(
            COLUMN_URL.search(urlsplit(response.url).path)) or bool(
            COLUMN_TEXT.search(headline or title) and not page.rule.split(":")[-1].startswith(
                "not."))
        if is_report:
            yield from self.follow_attachments(response, view)
        yield from self.follow_adapters(response, in_column=in_column)
        if is_report and depth >= self.max_depth:
            return
        yield from self.follow_links(response, view, depth=depth, in_column=in_column,
                                     page_is_report=is_report)

    def follow_attachments(self, response: TextResponse, view: PageView) -> Iterable[Request]:
        """From a report page: every attachment, and the images when the body is a scan."""
        for url, text in view.links:
            ext = extension(url, text)
            if ext in ATTACHMENT_EXTS or (DOWNLOAD_HREF.search(url) and ext not in SKIP_EXTS
                                          and ext not in IMAGE_EXTS and ext):
                url = clean_url(url)
                if self.allowed(url):
                    req = self.make_request(url, role="attachment", depth=0,
                                            parent=response.url)
                    if req is not None:
                        yield req
        if len(re.sub(r"\s", "", view.body)) >= self.scan_below:
            return
        for src in view.images:
            url = clean_url(urljoin(response.url, src))
            if NOISE_IMG.search(urlsplit(url).path.rsplit("/", 1)[-1]):
                continue
            if extension(url) in IMAGE_EXTS and self.allowed(url):
                req = self.make_request(url, role="image", depth=0, parent=response.url)
                if req is not None:
                    yield req

    def follow_adapters(self, response: TextResponse, *, in_column: bool) -> Iterable[Request]:
        """Run the list-page adapters: further pages keep the depth; items are links."""
        depth = int(response.meta.get("nb_depth", 0))
        page = Page(url=response.url, text=response.text,
                    content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
                    profile=self.profile, meta=dict(response.meta))
        out = run_adapters(page)
        for spec in out.pages:
            req = self.request_for_spec(spec, depth=depth, in_column=in_column,
                                        parent=response.url)
            if req is not None:
                yield req
        for link in out.links:
            yield from self.follow_link(link.url, link.text, response, depth=depth,
                                        in_column=True, page_is_report=False)

    def follow_links(self, response: TextResponse, view: PageView, *, depth: int,
                     in_column: bool, page_is_report: bool) -> Iterable[Request]:
        for url, text in view.links:
            yield from self.follow_link(url, text, response, depth=depth, in_column=in_column,
                                        page_is_report=page_is_report)

    def follow_link(self, url: str, text: str, response: Response, *, depth: int,
                    in_column: bool, page_is_report: bool) -> Iterable[Request]:
        """Decide what one link is: a report, an attachment, a way on, or nothing."""
        url = clean_url(url)
        if not self.allowed(url):
            return
        ext = extension(url, text)
        if ext in SKIP_EXTS or ext in IMAGE_EXTS or (page_is_report and ext in ATTACHMENT_EXTS):
            return  # a report page's attachments were taken by follow_attachments
        d = classify_title(text, url, in_column=in_column)
        if d.rule.startswith("not."):
            self.crawler.stats.inc_value(f"nianbao/links_refused/{d.rule}")
            return
        if d.is_report:
            if self.since and d.year and d.year < self.since:
                return
            req = self.make_request(url, role="report", depth=depth + 1, in_column=in_column,
                                    parent=response.url if ext else None, decision=d)
            if req is not None:
                yield req
            return
        if ext in ATTACHMENT_EXTS:
            if in_column and not page_is_report:
                d = Decision("link.attachment_in_column", False)
                req = self.make_request(url, role="report", depth=depth + 1, decision=d,
                                        parent=response.url)
                if req is not None:
                    yield req
            return
        if depth >= self.max_depth:
            return
        nav = bool(NAV_TEXT.search(text) or NAV_URL.search(urlsplit(url).path + "?"
                                                            + urlsplit(url).query))
        if not nav and in_column:
            # Inside a 年报 column: department/township sub-columns and items under it.
            nav = self.under(url, response.url) or bool(
                re.search(r"(?:局|委|办|厅|院|署|中心|政府|街道|镇|乡|区|县|市)$", text))
        if nav:
            req = self.make_request(url, role="list", depth=depth + 1, in_column=in_column)
            if req is not None:
                yield req

    @staticmethod
    def under(url: str, page_url: str) -> bool:
        """`url` sits in the directory of `page_url` (or below it)."""
        base = urlsplit(page_url).path.rsplit("/", 1)[0] + "/"
        return urlsplit(url).netloc == urlsplit(page_url).netloc and \
            urlsplit(url).path.startswith(base) and base != "/"

    def on_error(self, failure: Failure) -> Iterable[Fetch]:
        """A request that failed for good (timeout after retries, byte limit, DNS…) is recorded
        as a failed fetch; requests robots.txt forbids are only counted."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest):
            self.crawler.stats.inc_value("nianbao/ignored")
            return
        original = request.meta.get("redirect_urls", [request.url])[0]
        yield Fetch(url=original, status=None, body=None,
                    request_headers=headers_dict(request.headers), method=request.method,
                    fetched_at=datetime.now(UTC), error=f"{failure.type.__name__}: "
                    f"{failure.getErrorMessage()}"[:500], role=request.meta.get("nb_role",
                                                                               "other"),
                    parent_url=request.meta.get("nb_parent"),
                    decision=request.meta.get("nb_decision"),
                    fetch_key=body_digest(request.body))


__all__ = ["ADAPTERS", "PortalSpider"]

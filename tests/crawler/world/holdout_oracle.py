"""A reference reader for the held-out world: breadth-first from a portal's home page over the
portal's own hosts, obeying robots.txt, following only what the pages show. It is the proof
that the world is fair (every expected report is reachable this way) and the measure of how
many requests a complete crawl needs. It talks to the sites in-process (no sockets) and
skips the deliberate slowness.

What it follows (the world's whole "discovery surface"):
  * `href`/`src`/`data`/`data-href`/`data-url` of any element, `<option value>` URLs,
    `<meta http-equiv=refresh>`, `<base href>`, HTTP redirects;
  * quoted URL-like strings in inline scripts, `on*=` handlers and `javascript:` links
    (`/…`, `./…`, `../…`, `http…`, or a file name with a document suffix), after JavaScript
    unescaping (`\\u002F`, `\\/`);
  * TRS paging: `createPageHTML(n, cur, "index", "html")` and `var countPage = n` with
    `"index_" + nextPage + ".html"`; layui paging: `count: N, limit: L` with
    `location.href = '…' + obj.curr`;
  * Hanweb `<script type="text/xml">` datastores (their CDATA is HTML);
  * JSON: URL-like strings anywhere; paging when the URL has pageNo/current/page/pageNum and
    the JSON has totalPages/pages/pageCount;
  * a PDF.js viewer URL's `file=` parameter;
  * robots.txt `Sitemap:` lines, sitemap indexes and `<loc>`s.
URLs are made the way Scrapy makes them (`w3lib.url.safe_url_string`, page encoding for
the query), and `;jsessionid=` is kept (the trap costs what it costs, capped per pattern).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urljoin, urlsplit, urlunsplit

from protego import Protego
from w3lib.url import safe_url_string

from crawler.sample_portal.server import Hit
from tests.crawler.world import Portal, url_key
from tests.crawler.world.holdout_kit import ORACLE_HEADER, HSite

TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))")
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
JS_STRING = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'")
DOC_SUFFIX = re.compile(r"^[\w\-./%]+\.(?:s?html?|jhtml|jspx?|aspx?|php|do|pdf|docx?|xlsx?|"
                        r"wps|zip|rar|jpe?g|png|gif|json|xml)(?:\?\S*)?$", re.I)
META_REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh[^>]*content=[\"']\s*\d+\s*;\s*"
                          r"url=([^\"'>]+)", re.I)
CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)
CREATE_PAGE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*"
                         r"[\"'](\w+)[\"']\s*\)")
COUNT_PAGE = re.compile(r"countPage\s*=\s*(\d+)")
COUNT_PAGE_LINK = re.compile(r"href=\\\"(\w+)_\"\s*\+\s*nextPage\s*\+\s*\"\.(\w+)")
LAYPAGE = re.compile(r"count\s*:\s*(\d+)\s*,\s*limit\s*:\s*(\d+).*?location\.href\s*=\s*"
                     r"[\"']([^\"']*)[\"']\s*\+\s*obj\.curr", re.S)
XML_STORE = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
PAGE_PARAMS = ("pageNo", "current", "page", "pageNum", "pageIndex")
TOTAL_KEYS = ("totalPages", "pages", "pageCount", "totalPage")
URL_ATTRS = {"href", "src", "data", "data-href", "data-url", "action-url"}


@dataclass
class Reading:
    """What the reader saw of one portal."""

    fetched: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # key -> status, depth, url
    blocked: set[str] = field(default_factory=set)  # robots.txt said no
    offsite: set[str] = field(default_factory=set)
    trap_skips: Counter[str] = field(default_factory=Counter)
    requests: int = 0

    def ok(self, url: str) -> bool:
        got = self.fetched.get(url_key(url))
        return got is not None and got[0] == 200

    def depth(self, url: str) -> int | None:
        got = self.fetched.get(url_key(url))
        return got[1] if got else None


def js_unescape(s: str) -> str:
    s = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s)
    return re.sub(r"\\(.)", r"\1", s)


def url_like(s: str) -> bool:
    s = s.strip()
    if not s or " " in s or "<" in s or "\n" in s or s.startswith("//") and len(s) < 4:
        return False
    if s.startswith(("http://", "https://", "/", "./", "../")):
        return not s.startswith("/*") and len(s) < 600
    return bool(DOC_SUFFIX.match(s))


def decode(body: bytes, ctype: str) -> tuple[str, str]:
    m = re.search(r"charset=([\w-]+)", ctype or "", re.I)
    enc = m.group(1) if m else None
    if enc is None:
        mm = CHARSET.search(body[:2048])
        enc = mm.group(1).decode() if mm else "utf-8"
    enc = {"gb2312": "gbk"}.get(enc.lower(), enc.lower())
    return body.decode(enc, "replace"), enc


class Reader:
    def __init__(self, portal: Portal, *, trap_budget: int = 3, limit: int = 20000) -> None:
        self.portal = portal
        self.trap_budget = trap_budget
        self.limit = limit
        self.robots: dict[str, Protego | None] = {}
        self.reading = Reading()

    # -------------------------------------------------------------- fetching
    def get(self, url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes, str]:
        parts = urlsplit(url)
        site = self.portal.sites[parts.hostname or ""]
        hit = Hit(method, unquote(parts.path or "/"), parts.query, {ORACLE_HEADER: "1"})
        for _ in range(2):
            reply = site.answer(hit, b"")
            if reply.status != 500:
                break
        self.reading.requests += 1
        return reply.status, reply.headers, reply.body, reply.content_type

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host not in self.robots:
            rules = None
            site = self.portal.sites[host]
            body = site.files.get("/robots.txt")
            if body is not None and "/robots.txt" not in site.routes:
                rules = Protego.parse(body.decode("utf-8", "replace"))
            self.robots[host] = rules
            if rules is not None:
                for sm in rules.sitemaps:
                    self.extra.append(sm)
        rules = self.robots[host]
        return rules is None or rules.can_fetch(url, "nianbao-holdout-oracle")

    def trapped(self, url: str) -> bool:
        parts = urlsplit(url)
        site = self.portal.sites.get(parts.hostname or "")
        if not isinstance(site, HSite):
            return False
        target = parts.path + ("?" + parts.query if parts.query else "")
        for pat in site.trap_patterns:
            if pat.search(target) or pat.search(unquote(target)):
                self.reading.trap_skips[pat.pattern] += 1
                return self.reading.trap_skips[pat.pattern] > self.trap_budget
        return False

    # -------------------------------------------------------------- the walk
    def run(self) -> Reading:
        r = self.reading
        self.extra: list[str] = []
        queue: deque[tuple[str, int]] = deque([(self.portal.home, 0)])
        seen = {url_key(self.portal.home)}
        while queue and r.requests < self.limit:
            url, depth = queue.popleft()
            host = urlsplit(url).hostname or ""
            if host not in self.portal.sites:
                r.offsite.add(url_key(url))
                continue
            if not self.allowed(url):
                r.blocked.add(url_key(url))
                continue
            for sm in self.extra:
                if url_key(sm) not in seen:
                    seen.add(url_key(sm))
                    queue.append((sm, depth + 1))
            self.extra.clear()
            if self.trapped(url):
                continue
            status, headers, body, ctype = self.get(url)
            r.fetched[url_key(url)] = (status, depth, url)
            found: list[str] = []
            enc = "utf-8"
            if status in (301, 302, 303, 307, 308):
                loc = headers.get("Location")
                if loc:
                    found.append(urljoin(url, loc))
            elif status == 200:
                found, enc = self.links(url, body, ctype)
            for link in found:
                link = link.split("#", 1)[0]
                if not link.startswith("http"):
                    continue
                try:
                    link = safe_url_string(link, encoding=enc)
                except (ValueError, UnicodeError):
                    continue
                for extra in [link, *self.viewer_file(link)]:
                    key = url_key(extra)
                    if key not in seen:
                        seen.add(key)
                        queue.append((extra, depth + 1))
        return r

    def viewer_file(self, url: str) -> list[str]:
        parts = urlsplit(url)
        if "viewer" not in parts.path:
            return []
        files = parse_qs(parts.query).get("file") or []
        return [safe_url_string(urljoin(url, f)) for f in files]

    # -------------------------------------------------------------- reading a body
    def links(self, url: str, body: bytes, ctype: str) -> tuple[list[str], str]:
        ctype = (ctype or "").lower()
        if "json" in ctype:
            return self.json_links(url, body), "utf-8"
        if "xml" in ctype and b"<loc>" in body:
            return [html.unescape(u) for u in LOC.findall(body.decode("utf-8", "replace"))], "utf-8"
        if "html" not in ctype and "xml" not in ctype and "javascript" not in ctype:
            return [], "utf-8"
        text, enc = decode(body, ctype)
        if "javascript" in ctype:
            return [urljoin(url, s) for s in self.js_strings(text)], enc
        return self.html_links(url, text), enc

    def js_strings(self, code: str) -> list[str]:
        out = []
        for m in JS_STRING.finditer(code):
            raw = m.group(1) if m.group(1) is not None else m.group(2)
            s = js_unescape(raw)
            if url_like(s):
                out.append(s.strip())
            # an HTML fragment inside a string (document.write('<a href="…">'))
            for mm in re.finditer(r"href=\\?[\"']([^\"'\\]+)", raw):
                if url_like(mm.group(1)):
                    out.append(mm.group(1))
        return out

    def html_links(self, url: str, text: str) -> list[str]:
        base = url
        m = re.search(r"<base\s+href=[\"']([^\"']+)[\"']", text, re.I)
        if m:
            base = urljoin(url, html.unescape(m.group(1)))
        raw: list[str] = []
        for m in META_REFRESH.finditer(text):
            raw.append(html.unescape(m.group(1)).strip())
        for sm in SCRIPT.finditer(text):
            attrs, code = sm.group(1), sm.group(2)
            if "text/xml" in attrs:
                for cdata in XML_STORE.findall(code):
                    raw.extend(self.html_links_raw(cdata))
                continue
            raw.extend(self.js_strings(code))
            for m in CREATE_PAGE.finditer(code):
                n, prefix, ext = int(m.group(1)), m.group(3), m.group(4)
                raw.append(f"{prefix}.{ext}")
                raw.extend(f"{prefix}_{k}.{ext}" for k in range(1, n))
            cp = COUNT_PAGE.search(code)
            cl = COUNT_PAGE_LINK.search(code)
            if cp and cl:
                raw.extend(f"{cl.group(1)}_{k}.{cl.group(2)}" for k in range(1, int(cp.group(1))))
            lp = LAYPAGE.search(code)
            if lp:
                pages = -(-int(lp.group(1)) // int(lp.group(2)))
                raw.extend(f"{lp.group(3)}{k}" for k in range(1, pages + 1))
        stripped = SCRIPT.sub("", text)
        raw.extend(self.html_links_raw(stripped))
        return [urljoin(base, u) for u in raw]

    def html_links_raw(self, text: str) -> list[str]:
        raw = []
        for tm in TAG.finditer(text):
            tag = tm.group(1).lower()
            for am in ATTR.finditer(tm.group(2)):
                name = am.group(1).lower()
                value = html.unescape(next(g for g in am.group(3, 4, 5) if g is not None))
                if name in URL_ATTRS or (tag == "option" and name == "value"):
                    if value.lower().startswith("javascript:"):
                        raw.extend(self.js_strings(value))
                    elif name in URL_ATTRS and tag in ("a", "area", "iframe", "frame", "embed",
                                                       "img", "link", "script", "source",
                                                       "object") or url_like(value):
                        raw.append(value.strip())
                elif name.startswith("on"):
                    raw.extend(self.js_strings(value))
        return raw

    def json_links(self, url: str, body: bytes) -> list[str]:
        try:
            data = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeError):
            return []
        out: list[str] = []
        totals: list[int] = []

        def walk(x: Any) -> None:
            if isinstance(x, dict):
                for k, v in x.items():
                    if k in TOTAL_KEYS and isinstance(v, int):
                        totals.append(v)
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
            elif isinstance(x, str) and url_like(x):
                out.append(urljoin(url, x))

        walk(data)
        parts = urlsplit(url)
        query = parse_qs(parts.query, keep_blank_values=True)
        for p in PAGE_PARAMS:
            if p in query and totals:
                for k in range(1, totals[0] + 1):
                    q = dict(query)
                    q[p] = [str(k)]
                    pairs = [(key, v) for key in query for v in q[key]]
                    out.append(urlunsplit(parts._replace(query=urlencode(pairs))))
                break
        return out


def read(portal: Portal, **kw: Any) -> Reading:
    return Reader(portal, **kw).run()

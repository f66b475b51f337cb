"""Toolkit of the `province` world: a Site that serves what real CMSs serve (session ids in
paths, prefix routes, per-path content types, pages that change per request), hosts that
collect files and routes, and the portal builder that keeps the expected reports.

Written apart from the crawler and from the other generators (see `province.py`)."""

from __future__ import annotations

import hashlib
import html
import itertools
import posixpath
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawler.sample_portal.server import TYPES, Hit, Reply, Site
from tests.crawler.world import Portal, Report

#: Replaced in a served page by a fresh session id on every request (links that carry one).
SID = b"@@JSESSIONID@@"

EXTRA_TYPES = {
    ".jhtml": "text/html; charset=utf-8", ".jsp": "text/html; charset=utf-8",
    ".asp": "text/html; charset=gbk", ".aspx": "text/html; charset=utf-8",
    ".do": "text/html; charset=utf-8", ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip", ".rar": "application/x-rar-compressed",
    ".gif": "image/gif", ".jpeg": "image/jpeg", ".js": "application/javascript",
    ".css": "text/css", ".ico": "image/x-icon",
}

Route = Callable[[Site, Hit, dict[str, list[str]], bytes], "Reply | None"]
DEFAULT_DOCS = ("index.html", "index.shtml", "index.htm", "index.jhtml", "default.htm")


class PSite(Site):
    """A `Site` with what the portals of this world need beyond static files and exact routes:

    - `;jsessionid=...` path parameters are ignored when looking a path up (Tomcat does so);
    - prefix routes (`/xwzx/` answering for hundreds of generated pages);
    - a content type per path (GBK pages, PDFs sent as octet-stream);
    - a static page holding `SID` gets a new session id on every request (no validators)."""

    def __init__(self) -> None:
        super().__init__(files={})
        self.prefix_routes: list[tuple[str, Route]] = []
        self.ctypes: dict[str, str] = {}
        self.state: dict[str, Any] = {}
        self._count = itertools.count(1)
        self._state_lock = threading.Lock()

    def lookup(self, path: str) -> bytes | None:
        """A folder answers with its default document, whichever the CMS writes."""
        if path.endswith("/"):
            for name in DEFAULT_DOCS:
                data = self.files.get(path + name)
                if data is not None:
                    return data
            return None
        return self.files.get(path)

    def default_doc(self, path: str) -> str:
        for name in DEFAULT_DOCS:
            if path + name in self.files:
                return path + name
        return path + "index.html"

    def once(self, key: str) -> bool:
        """True the first time `key` is asked for (a 500-once page)."""
        with self._state_lock:
            first = key not in self.state
            self.state[key] = True
            return first

    def answer(self, hit: Hit, body: bytes) -> Reply:
        path = hit.path.split(";", 1)[0] or "/"
        h = hit if path == hit.path else replace(hit, path=path)
        query = parse_qs(h.query, keep_blank_values=True)
        route = self.routes.get(path)
        if route is not None:
            reply = route(self, h, query, body)
            if reply is not None:
                return reply
        for prefix, fn in self.prefix_routes:
            if path.startswith(prefix):
                reply = fn(self, h, query, body)
                if reply is not None:
                    return reply
        data = self.lookup(path)
        if data is None:
            return Reply(404, NOT_FOUND, validators=False)
        real = path if not path.endswith("/") else self.default_doc(path)
        ctype = self.ctypes.get(real)
        if ctype is None:
            suffix = PurePosixPath(real).suffix.lower()
            ctype = TYPES.get(suffix) or EXTRA_TYPES.get(suffix) or "application/octet-stream"
        if SID in data:
            token = hashlib.md5(f"{id(self)}-{next(self._count)}".encode()).hexdigest().upper()
            return Reply(200, data.replace(SID, token[:32].encode()), ctype, validators=False)
        return Reply(200, data, ctype)


NOT_FOUND = ("<html><head><title>404 页面不存在</title></head><body><h1>404</h1>"
             "<p>您访问的页面不存在或已被删除。</p></body></html>").encode()


def esc(s: str) -> str:
    return html.escape(s, quote=True)


class Host:
    """One host name of a portal: its files, routes, robots rules and page chrome."""

    def __init__(self, name: str, port: int, site_name: str, charset: str = "utf-8") -> None:
        self.name = name
        self.port = port
        self.site = PSite()
        self.site_name = site_name
        self.charset = charset
        self.nav: list[tuple[str, str]] = []
        self.footer: list[tuple[str, str]] = []
        self.disallow: list[str] = []
        self.sitemaps: list[str] = []
        self.robots_extra = ""
        self.no_robots = False
        self.downloads: dict[str, dict[str, Any]] = {}  # download script -> id -> answer
        self.session = False  # list pages carry ;jsessionid= links (a Java CMS, no cookie)
        self.deferred: list[Callable[[], None]] = []
        self.serial = itertools.count(1)

    @property
    def root(self) -> str:
        return f"http://{self.name}:{self.port}"

    def url(self, path: str) -> str:
        return self.root + path

    def put(self, path: str, data: bytes | str, ctype: str | None = None) -> str:
        text = isinstance(data, str)
        if isinstance(data, str):
            data = data.encode(self.charset, "xmlcharrefreplace")
        self.site.files[path] = data
        if ctype:
            self.site.ctypes[path] = ctype
        elif text and self.charset != "utf-8" and not path.endswith((".js", ".css", ".xml")):
            self.site.ctypes[path] = f"text/html; charset={self.charset}"
        return self.url(path)

    def route(self, path: str, fn: Route) -> str:
        self.site.routes[path] = fn
        return self.url(path)

    def prefix(self, prefix: str, fn: Route) -> None:
        self.site.prefix_routes.append((prefix, fn))
        self.site.prefix_routes.sort(key=lambda p: -len(p[0]))

    def defer(self, fn: Callable[[], None]) -> None:
        self.deferred.append(fn)

    def finish(self) -> None:
        while self.deferred:
            fns, self.deferred = self.deferred, []
            for fn in fns:
                fn()
        if not self.no_robots:
            lines = ["User-agent: *"]
            lines += [f"Disallow: {d}" for d in self.disallow] or ["Disallow:"]
            text = "\n".join(lines) + "\n" + self.robots_extra
            text += "".join(f"\nSitemap: {s}" for s in self.sitemaps) + "\n"
            self.site.files["/robots.txt"] = text.encode("utf-8")
            self.site.ctypes["/robots.txt"] = "text/plain; charset=utf-8"


def rel(from_path: str, to_path: str) -> str:
    """A relative link from the page at `from_path` to `to_path` (same host), TRS-style."""
    start = from_path if from_path.endswith("/") else posixpath.dirname(from_path) + "/"
    r = posixpath.relpath(to_path, start)
    if to_path.endswith("/") and not r.endswith("/"):
        r += "/"
    if not r.startswith("."):
        r = "./" + r
    return r


def path_of(url: str) -> str:
    p = urlsplit(url)
    return p.path + (f"?{p.query}" if p.query else "")


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@dataclass
class Pub:
    """What a written article produced: its page (if any) and its files."""

    page: str | None
    files: list[str] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return ([self.page] if self.page else []) + self.files


class PortalBuilder:
    """Collects one portal's hosts and what is expected of a crawl of it."""

    def __init__(self, key: str, family: str, port: int, rng: random.Random) -> None:
        self.key = key
        self.family = family
        self.port = port
        self.rng = rng
        self.hosts: dict[str, Host] = {}
        self.reports: list[Report] = []
        self.never: set[str] = set()
        self.lookalikes: set[str] = set()
        self.traps: list[str] = []
        self.notes: list[str] = []
        self.home = ""
        self._seen: dict[tuple[str, int], int] = {}

    def host(self, name: str, site_name: str, charset: str = "utf-8") -> Host:
        if name in self.hosts:
            return self.hosts[name]
        h = Host(name, self.port, site_name, charset)
        self.hosts[name] = h
        return h

    def report(self, agency: str, year: int, pub: Pub, where: str) -> None:
        urls = frozenset(pub.urls)
        assert urls, (agency, year)
        n = self._seen.get((agency, year), 0)
        self._seen[(agency, year)] = n + 1
        self.reports.append(Report(agency if not n else f"{agency}（{n + 1}）", year, urls, where))

    def look(self, pub: Pub) -> None:
        self.lookalikes.update(pub.urls)

    def trap(self, name: str) -> None:
        if name not in self.traps:
            self.traps.append(name)

    def build(self) -> Portal:
        for h in self.hosts.values():
            h.finish()
        return Portal(key=self.key, family=self.family, home=self.home,
                      sites={n: h.site for n, h in self.hosts.items()},
                      reports=list(self.reports), never=set(self.never),
                      lookalikes=set(self.lookalikes), traps=list(self.traps),
                      notes="; ".join(self.notes))


# ----------------------------------------------------------------- dynamic answers

def slow(seconds: float, data: bytes, ctype: str = "text/html; charset=utf-8") -> Route:
    def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        time.sleep(seconds)
        return Reply(200, data, ctype)
    return fn


def fail_once(data: bytes, ctype: str = "text/html; charset=utf-8") -> Route:
    """500 on the first request of the world's life, the page afterwards."""
    def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        if isinstance(site, PSite) and site.once("500:" + hit.path + "?" + hit.query):
            return Reply(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                         validators=False)
        return Reply(200, data, ctype)
    return fn


def download(data: bytes, filename: str, ctype: str = "application/octet-stream") -> Route:
    """A download script: bytes with a Content-Disposition, whatever the URL looks like."""
    quoted = filename.encode("utf-8").decode("latin-1")

    def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        return Reply(200, data, ctype,
                     {"Content-Disposition": f'attachment; filename="{quoted}"'})
    return fn


def by_query(key: str, table: dict[str, Route | bytes],
             ctype: str = "text/html; charset=utf-8",
             fallback: Route | None = None) -> Route:
    """A script answering by one query parameter (`down.do?id=`, `ShowArticle.asp?id=`)."""
    def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply | None:
        v = (q.get(key) or [""])[0]
        item = table.get(v)
        if item is None:
            if fallback is not None:
                return fallback(site, hit, q, body)
            return Reply(404, NOT_FOUND, validators=False)
        if isinstance(item, bytes):
            return Reply(200, item, ctype)
        return item(site, hit, q, body)
    return fn


def serve_bytes(data: bytes, ctype: str) -> Route:
    def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        return Reply(200, data, ctype)
    return fn


def redirect(to: str, status: int = 302) -> Route:
    def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        return Reply(status, b"", headers={"Location": to}, validators=False)
    return fn


def ymd(d: date, sep: str = "-") -> str:
    return f"{d.year:04d}{sep}{d.month:02d}{sep}{d.day:02d}"


def hexid(rng: random.Random, n: int = 32) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(n - 1))

"""Building blocks of the *outer* world (see `outer.py`): a site class that answers the way the
servers of small Chinese government portals do (pages keyed by path and query, ignored session
and tracking parameters, `;jsessionid=` path parameters, GBK percent-encoded file names, POST-only
download scripts, slow pages, a page that fails once, soft 404s), a portal builder that collects
expected reports, look-alikes and robots rules, and invented place names and dates. Everything is
drawn from one `random.Random` per portal, so a seed always gives the same bytes."""

from __future__ import annotations

import hashlib
import html
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

from crawler.sample_portal.server import Hit, Reply, Site

from . import Portal, Report

Loc = tuple[str, str]  # (host, path[?query]) as it appears in a link, percent-encoded

#: query parameters a server ignores: session ids and tracking tags added to links
SESSION_PARAMS = {"jsessionid", "phpsessid", "aspsessionid"}
TRACKING_PARAMS = {"spm", "from", "utm_source", "utm_medium", "utm_campaign"}
IGNORED = SESSION_PARAMS | TRACKING_PARAMS

FILE_TYPES = {
    ".pdf": "application/pdf", ".doc": "application/msword", ".wps": "application/kswps",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel", ".et": "application/octet-stream",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ofd": "application/ofd", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".gif": "image/gif", ".js": "application/javascript", ".css": "text/css",
    ".json": "application/json;charset=UTF-8", ".txt": "text/plain", ".xml": "text/xml",
    ".zip": "application/zip", ".rar": "application/x-rar-compressed", ".ico": "image/x-icon",
}
PAGE_EXTS = {".html", ".htm", ".shtml", ".asp", ".aspx", ".php", ".jsp", ".do", ".action"}
NOT_FOUND = (b"<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found"
             b"</h1></center><hr><center>nginx</center></body></html>")


def encoding_of(charset: str) -> str:
    """The Python codec for a declared charset (GB2312 pages are written as GBK)."""
    return "gbk" if charset.lower() in ("gbk", "gb2312", "gb18030") else "utf-8"


def strip_session(path: str) -> str:
    """`/a/b.jsp;jsessionid=ABC` -> `/a/b.jsp` (Java servers take the id from the path)."""
    head, sep, rest = path.partition(";")
    if not sep:
        return path
    return head if rest.lower().startswith("jsessionid=") else path


def filter_query(query: str) -> str:
    """The query without the parameters the server ignores, in the order given."""
    if not query:
        return ""
    kept = [kv for kv in query.split("&")
            if kv and kv.split("=", 1)[0].lower() not in IGNORED]
    return "&".join(kept)


def site_key(path: str, query: str) -> str:
    """How a file is stored and looked up: unquoted path (as the server sees it), raw query."""
    path = strip_session(unquote(path))
    if path.endswith("/"):
        path += "index.html"
    query = filter_query(query)
    return path + (f"?{query}" if query else "")


#: a prefix route: fn(site, path, query, hit, body) -> Reply | None
PrefixRoute = Callable[["OSite", str, dict[str, list[str]], Hit, bytes], "Reply | None"]


class OSite(Site):
    """A `Site` keyed by path and query, with download headers, POST-only keys, redirects,
    prefix routes, slow keys, keys that fail once and soft-404 prefixes."""

    def __init__(self, charset: str = "utf-8", declare: bool = True) -> None:
        super().__init__(files={})
        self.routes = {}  # none of the sample portal's Hanweb endpoints
        self.charset = charset
        self.html_type = f"text/html; charset={charset}" if declare else "text/html"
        self.ctypes: dict[str, str] = {}
        self.extra: dict[str, dict[str, str]] = {}  # key -> headers (Content-Disposition)
        self.dynamic: set[str] = set()  # keys answered without validators (scripts)
        self.post_only: set[str] = set()
        self.redirects: dict[str, tuple[int, str]] = {}
        self.prefix_routes: list[tuple[str, PrefixRoute]] = []
        self.query_paths: set[str] = set()  # paths whose query selects the content
        self.slow: dict[str, float] = {}
        self.fail_once: set[str] = set()
        self.soft404: list[str] = []
        self.soft404_body = b""
        self._failed: set[str] = set()
        self._flock = threading.Lock()

    def put(self, loc_path: str, data: bytes, ctype: str | None = None,
            headers: dict[str, str] | None = None, dynamic: bool = False) -> str:
        """Store `data` under a link's path[?query]; returns the key."""
        path, _, query = loc_path.partition("?")
        key = site_key(path, query)
        self.files[key] = data
        if "?" in key:
            self.query_paths.add(key.split("?", 1)[0])
        if ctype:
            self.ctypes[key] = ctype
        if headers:
            self.extra[key] = dict(headers)
        if dynamic:
            self.dynamic.add(key)
        return key

    def type_of(self, key: str) -> str:
        """Content-Type of a stored key (by extension unless set)."""
        if key in self.ctypes:
            return self.ctypes[key]
        name = key.split("?", 1)[0].rsplit("/", 1)[-1]
        ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext in PAGE_EXTS or not ext:
            return self.html_type
        ctype = FILE_TYPES.get(ext, "application/octet-stream")
        if ctype.startswith(("text/", "application/javascript")) and "charset" not in ctype:
            ctype += f"; charset={self.charset}"
        return ctype

    def answer(self, hit: Hit, body: bytes) -> Reply:
        """Answer one request (see the class docstring)."""
        path = strip_session(hit.path)
        query = filter_query(hit.query)
        key = path + ("index.html" if path.endswith("/") else "") + (f"?{query}" if query else "")
        if key in self.slow:
            time.sleep(self.slow[key])
        if key in self.fail_once:
            with self._flock:
                first = key not in self._failed
                self._failed.add(key)
            if first:
                return Reply(500, b"<html><head><title>500 Internal Server Error</title></head>"
                                  b"<body><h1>Internal Server Error</h1></body></html>",
                             validators=False)
        if key in self.redirects:
            status, target = self.redirects[key]
            return Reply(status, b"", headers={"Location": target}, validators=False)
        qs = parse_qs(query)
        route = self.routes.get(path)
        if route is not None:
            reply = route(self, hit, qs, body)
            if reply is not None:
                return reply
        for prefix, fn in self.prefix_routes:
            if path.startswith(prefix):
                reply = fn(self, path, qs, hit, body)
                if reply is not None:
                    return reply
        if key in self.post_only and hit.method != "POST":
            return Reply(405, b"<html><body><h1>HTTP Status 405 - Request method 'GET' not "
                              b"supported</h1></body></html>", validators=False)
        data = self.files.get(key)
        if data is None and query and path not in self.query_paths:
            key = path + ("index.html" if path.endswith("/") else "")
            data = self.files.get(key)  # a static file answers whatever its query
        if data is not None:
            return Reply(200, data, self.type_of(key), dict(self.extra.get(key, {})),
                         validators=key not in self.dynamic)
        if any(path.startswith(p) for p in self.soft404):
            return Reply(200, self.soft404_body, self.html_type, validators=False)
        return Reply(404, NOT_FOUND, "text/html", validators=False)


# ------------------------------------------------------------------ portal builder

@dataclass
class Builder:
    """Collects one portal while it is being built."""

    key: str
    family: str
    port: int
    rng: random.Random
    domain: str  # registrable domain, e.g. anbao.gov.cn
    sites: dict[str, OSite] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    never: set[str] = field(default_factory=set)
    lookalikes: set[str] = field(default_factory=set)
    traps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    robots: dict[str, list[str]] = field(default_factory=dict)  # host -> robots.txt lines
    pending: list[tuple[str, int, list[Loc], str, str, Any]] = field(default_factory=list)
    counter: int = 0

    def host(self, sub: str) -> str:
        """`sub.domain` (or the bare domain)."""
        return f"{sub}.{self.domain}" if sub else self.domain

    def site(self, host: str, charset: str = "utf-8", declare: bool = True) -> OSite:
        """The site of `host`, made on first use."""
        if host not in self.sites:
            self.sites[host] = OSite(charset, declare)
        return self.sites[host]

    def url(self, loc: Loc) -> str:
        """The absolute URL of a location."""
        return f"http://{loc[0]}:{self.port}{loc[1]}"

    def put(self, loc: Loc, data: bytes | str, ctype: str | None = None,
            headers: dict[str, str] | None = None, dynamic: bool = False) -> str:
        """Store a page or file (text in the site's charset); returns its URL."""
        site = self.site(loc[0])
        if isinstance(data, str):
            data = data.encode(encoding_of(site.charset), "xmlcharrefreplace")
        site.put(loc[1], data, ctype, headers, dynamic)
        return self.url(loc)

    def has(self, loc: Loc) -> bool:
        """Whether a location holds a stored file."""
        site = self.sites.get(loc[0])
        path, _, query = loc[1].partition("?")
        return site is not None and site_key(path, query) in site.files

    def next_id(self, lo: int = 1000, step: int = 23) -> int:
        """A fresh article id, ids growing by random steps."""
        self.counter += self.rng.randint(1, step)
        return lo + self.counter

    def report(self, agency: str, year: int, locs: list[Loc], where: str, form: str,
               item: Any = None) -> None:
        """An expected report; `item` (its list line) tells at finish which list page it is on."""
        self.pending.append((agency, year, list(locs), where, form, item))

    def settle(self) -> None:
        """Turn pending reports into `Report`s, naming their list page."""
        for agency, year, locs, where, form, item in self.pending:
            page = getattr(item, "page", 0)
            text = where + (f", list page {page}" if page > 1 else "") + f", {form}"
            self.reports.append(Report(agency, year, frozenset(self.url(x) for x in locs), text))
        self.pending.clear()

    def lookalike(self, *locs: Loc) -> None:
        """Locations that must never be archived as reports."""
        self.lookalikes.update(self.url(x) for x in locs)

    def forbid(self, host: str, prefix: str) -> None:
        """A Disallow line in `host`'s robots.txt."""
        self.site(host)
        line = f"Disallow: {prefix}"
        lines = self.robots.setdefault(host, [])
        if line not in lines:
            lines.append(line)

    def never_at(self, loc: Loc) -> None:
        """A location robots.txt forbids (it must never be fetched)."""
        self.never.add(self.url(loc))

    def trap(self, name: str) -> None:
        """Name a trap the portal holds."""
        if name not in self.traps:
            self.traps.append(name)

    def finish(self, home: Loc, robots_text: dict[str, str] | None = None) -> Portal:
        """robots.txt on every host; the finished `Portal`."""
        self.settle()
        for host, site in self.sites.items():
            if robots_text and host in robots_text:
                text = robots_text[host]
            else:
                lines = ["User-agent: *"] + (self.robots.get(host) or ["Disallow:"])
                if self.rng.random() < 0.3:
                    lines = ["User-agent: Baiduspider", "Disallow:", ""] + lines
                text = "\n".join(lines) + "\n"
            site.put("/robots.txt", text.encode("utf-8"), "text/plain")
        return Portal(self.key, self.family, self.url(home), dict(self.sites),
                      list(self.reports), set(self.never), set(self.lookalikes),
                      list(self.traps), "; ".join(self.notes))


# ------------------------------------------------------------------ names

SYL = [("安", "an"), ("宝", "bao"), ("昌", "chang"), ("德", "de"), ("恩", "en"), ("福", "fu"),
       ("固", "gu"), ("汉", "han"), ("嘉", "jia"), ("康", "kang"), ("乐", "le"), ("茂", "mao"),
       ("磐", "pan"), ("庆", "qing"), ("瑞", "rui"), ("盛", "sheng"), ("泰", "tai"),
       ("万", "wan"), ("祥", "xiang"), ("永", "yong"), ("兆", "zhao"), ("崇", "chong"),
       ("丹", "dan"), ("凤", "feng"), ("广", "guang"), ("鸿", "hong"), ("建", "jian"),
       ("临", "lin"), ("明", "ming"), ("普", "pu"), ("仁", "ren"), ("善", "shan"), ("通", "tong"),
       ("武", "wu"), ("兴", "xing"), ("沅", "yuan"), ("柘", "zhe"), ("黔", "qian"),
       ("邕", "yong"), ("郴", "chen"), ("骅", "hua"), ("璧", "bi"), ("碧", "bi"), ("迭", "die"),
       ("阜", "fu"), ("赣", "gan"), ("涵", "han"), ("汲", "ji"), ("莒", "ju"), ("澧", "li"),
       ("渑", "mian"), ("讷", "ne"), ("蓬", "peng"), ("綦", "qi"), ("睢", "sui"), ("滕", "teng"),
       ("婺", "wu"), ("歙", "she"), ("郾", "yan"), ("鄞", "yin"), ("盂", "yu"), ("涿", "zhuo")]
TAIL = [("阳", "yang"), ("平", "ping"), ("源", "yuan"), ("宁", "ning"), ("川", "chuan"),
        ("河", "he"), ("石", "shi"), ("丰", "feng"), ("江", "jiang"), ("溪", "xi"),
        ("陵", "ling"), ("乡", "xiang"), ("化", "hua"), ("田", "tian"), ("远", "yuan"),
        ("浦", "pu"), ("山", "shan"), ("城", "cheng"), ("水", "shui"), ("安", "an")]


class Names:
    """Invented place names and domain labels, unique within one world."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.codes: set[str] = set()

    def place(self) -> tuple[str, str]:
        """(two-character name, pinyin label) e.g. ('磐溪', 'panxi'); `code` reserves a label."""
        for _ in range(2000):
            a = self.rng.choice(SYL)
            b = self.rng.choice(TAIL if self.rng.random() < 0.65 else SYL)
            name, code = a[0] + b[0], a[1] + b[1]
            if a[0] == b[0] or name in self.used or code in self.codes:
                continue
            self.used.add(name)
            return name, code
        raise RuntimeError("ran out of place names")

    def code(self, base: str) -> str:
        """A domain label from `base`, unique in the world."""
        for suffix in ["", "x", "q", "s", "gov", "zf", "1", "2", "3"]:
            if base + suffix not in self.codes:
                self.codes.add(base + suffix)
                return base + suffix
        raise RuntimeError("ran out of codes")

    def small(self, suffix: str) -> str:
        """A township, street or 苏木 name, unique in the world."""
        for _ in range(2000):
            a, b = self.rng.choice(SYL), self.rng.choice(SYL + TAIL)
            name = a[0] + b[0] + suffix
            if a[0] != b[0] and name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of small names")


def initials(name: str) -> str:
    """Pinyin initials of an invented name."""
    table = dict(SYL + TAIL)
    return "".join(table[ch][0] for ch in name if ch in table) or "x"


def pinyin(name: str) -> str:
    """Pinyin of an invented name."""
    table = dict(SYL + TAIL)
    return "".join(table[ch] for ch in name if ch in table) or "x"


# ------------------------------------------------------------------ dates and ids

Date = tuple[int, int, int]


def published(year: int, rng: random.Random) -> Date:
    """When the report on `year` came out: by 31 March until 2019, by 31 January after (a few
    late)."""
    if year >= 2019:
        if rng.random() < 0.85:
            return year + 1, 1, rng.randint(8, 31)
        return year + 1, rng.choice([2, 3]), rng.randint(1, 28)
    return year + 1, rng.choice([1, 2, 3, 3, 3]), rng.randint(1, 28)


def some_date(rng: random.Random, first: int, last: int) -> Date:
    """A date between `first` and `last`."""
    return rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28)


def iso(d: Date) -> str:
    """YYYY-MM-DD."""
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"


def hexid(rng: random.Random, n: int = 32) -> str:
    """`n` random hex digits."""
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def digits(rng: random.Random, n: int) -> str:
    """`n` random digits, no leading zero."""
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def stable(text: str, n: int = 12) -> str:
    """A hex id derived from `text` (session ids that do not consume the random stream)."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()[:n]


def esc(s: str) -> str:
    """HTML-escaped, quotes too."""
    return html.escape(s, quote=True)

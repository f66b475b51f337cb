"""A small reference walker for the outer world's self-checks (`tests/crawler/test_world_outer.py`).

From a portal's home page alone, obeying robots.txt and staying inside the home page's
registrable domain, it reads what a browser would act on: links, frames, iframes, `<object
data>`, `<embed src>`, images, `<base href>`, meta refresh, `window.open('...')` and other quoted
addresses in handlers and scripts, `<option value>` addresses, the pdf.js `?file=` parameter,
pagers written by a script (an address ending in `=` or `_` and a page count), JSON lists with a
page count, and forms sent by POST. Pages of one *shape* (path with digits blanked, query names)
are visited least-visited-shape first, a shape is dropped after `CAP` visits, and a page whose
shape equals the page it came from is followed only when that page brought something new: so
calendars, endless `?page=N` lists and tag/search loops stay cheap. It proves every expected
report can be found within the request budget; it is not how a crawler must work."""

from __future__ import annotations

import heapq
import html
import http.client
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

from protego import Protego

from . import Portal, url_key

UA = "nianbao"
CAP = 150
IGNORED = {"jsessionid", "phpsessid", "aspsessionid", "sid", "spm", "from", "utm_source",
           "utm_medium", "utm_campaign"}
ATTR = re.compile(r"""\b(href|src|data|action|value)\s*=\s*(["'])(.*?)\2""", re.I | re.S)
BASE = re.compile(r"""<base\s[^>]*href\s*=\s*["']([^"']+)["']""", re.I)
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.I | re.S)
HANDLER = re.compile(r"""\bon\w+\s*=\s*"([^"]*)"|\bon\w+\s*=\s*'([^']*)'|href\s*=\s*["']javascript:([^"']*)["']""",
                     re.I)
QUOTED = re.compile(r"""["']([^"'\s<>()+]{2,})["']""")
LOOKS = re.compile(r"^(?:https?://|/|\./|\.\./|[\w.-]+\.(?:html?|shtml|asp|aspx|jsp|php|do|pdf|docx?|"
                   r"xlsx?|wps|ofd|jpe?g|png)(?:\?|$))", re.I)
PREFIX = re.compile(r"""["']([^"'\s<>]+[=_])["']\s*\+""")
COUNT = re.compile(r"(?:pageCount|totalPage|pages|pageTotal)\s*=\s*(\d+)|共\s*(\d+)\s*页", re.I)
REFRESH = re.compile(r"""http-equiv=["']?refresh["']?[^>]*content=["'][^"']*url=([^"'>\s]+)""", re.I)
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.I | re.S)
HIDDEN = re.compile(r"""<input[^>]*type=["']hidden["'][^>]*>""", re.I)
META_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.I)
SKIP_EXT = (".css", ".js", ".ico", ".gif", ".swf")
SCRIPT_SRC = re.compile(r"<script\b[^>]*>", re.I)  # scripts are run, not visited


def registrable(host: str) -> str:
    """The registrable domain of a host (three labels under .gov.cn)."""
    parts = host.split(".")
    return ".".join(parts[-3:]) if host.endswith(".gov.cn") else ".".join(parts[-2:])


@lru_cache(maxsize=200_000)
def shape(url: str) -> str:
    """A URL with its numbers blanked and its query values dropped, but for short words
    (`a=lists` and `a=show` are not one shape)."""
    p = urlsplit(url)
    path = re.sub(r"\d+", "#", p.path)
    keys = []
    for k, v in parse_qsl(p.query, keep_blank_values=True):
        keys.append(f"{k}=" + (v if re.fullmatch(r"[a-zA-Z_]{1,12}", v) else "#"))
    if p.query and "=" not in p.query:
        keys = ["*"]
    return f"{p.hostname}{path}?{'&'.join(sorted(keys))}"


@dataclass
class Walk:
    """What one walk fetched."""
    ok: set[str] = field(default_factory=set)  # url_key of every 200 answer
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)  # url_key -> clicks from home
    refused: set[str] = field(default_factory=set)  # url_keys robots.txt kept it from


class Walker:
    """Walks one portal from its home page (see the module docstring)."""
    def __init__(self, port: int, portal: Portal, budget: int = 1500) -> None:
        self.port, self.portal, self.budget = port, portal, budget
        self.domain = registrable(urlsplit(portal.home).hostname or "")
        self.robots: dict[str, Protego] = {}
        self.walk = Walk()
        self.heap: list[tuple[int, int, int, str, str, bytes | None, int]] = []
        self.seq = 0
        self.seen: set[str] = set()
        self.shapes: Counter[str] = Counter()
        self.canons: dict[tuple[str, str], str | None] = {}

    # ------------------------------------------------------------ network
    def request(self, method: str, url: str, body: bytes | None = None) \
            -> tuple[int, dict[str, str], bytes]:
        """One request (repeated once after a 5xx); (status, headers, body)."""
        p = urlsplit(url)
        target = (p.path or "/") + (f"?{p.query}" if p.query else "")
        status, headers, data = 0, {}, b""
        hdrs = {"Host": f"{p.hostname}:{self.port}", "User-Agent": UA}
        if body is not None:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        for _ in range(2):  # one retry, as for a 500
            self.walk.requests += 1
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            conn.request(method, target, body=body, headers=hdrs)
            r = conn.getresponse()
            status, data = r.status, r.read()
            headers = {k.lower(): v for k, v in r.getheaders()}
            conn.close()
            if status < 500:
                break
        return status, headers, data

    def allowed(self, url: str) -> bool:
        """What the host's robots.txt says for `url` (read once a host)."""
        host = urlsplit(url).hostname or ""
        if host not in self.robots:
            status, _, data = self.request("GET", f"http://{host}:{self.port}/robots.txt")
            self.robots[host] = Protego.parse(data.decode("utf-8", "replace") if status == 200 else "")
        return self.robots[host].can_fetch(url, UA)

    # ------------------------------------------------------------ frontier
    def canon(self, base: str, link: str) -> str | None:
        """`link` made absolute, without fragment, session ids or tracking tags."""
        key = (base.split("/", 3)[2] if link.startswith("/") and not link.startswith("//") else base, link)
        if key not in self.canons:
            self.canons[key] = self._canon(base, link)
        return self.canons[key]

    def _canon(self, base: str, link: str) -> str | None:
        link = html.unescape(link.strip())
        if not link or link.lower().startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
            return None
        url = urljoin(base, link).split("#", 1)[0]
        p = urlsplit(url)
        if p.scheme not in ("http", "https") or not p.hostname:
            return None
        path = re.sub(r";jsessionid=[^/?]*", "", p.path, flags=re.I)
        pairs = [kv for kv in p.query.split("&") if kv and kv.split("=", 1)[0].lower() not in IGNORED]
        path = quote(path or "/", safe="/%;=:@!$&'()*+,~-._")
        query = quote("&".join(pairs), safe="=&%/:+,;@!$'()*~-._?")
        return f"http://{p.hostname}:{self.port}{path}" + (f"?{query}" if query else "")

    def inside(self, url: str) -> bool:
        """Whether `url` is in the portal's registrable domain."""
        host = urlsplit(url).hostname or ""
        return host == self.domain or host.endswith("." + self.domain)

    def add(self, url: str | None, depth: int, method: str = "GET", body: bytes | None = None,
            chain: int = 0) -> bool:
        """Queue a request; `chain` counts the same-shape pages that led to it."""
        if url is None or not self.inside(url):
            return False
        if urlsplit(url).path.lower().endswith(SKIP_EXT):
            return False
        key = f"{method} {url_key(url)} {body!r}"
        if key in self.seen:
            return False
        self.seen.add(key)
        if not self.allowed(url):  # robots.txt is read before a link counts as new
            self.walk.refused.add(url_key(url))
            return False
        self.seq += 1
        heapq.heappush(self.heap, (self.shapes[shape(url)], depth, self.seq, method, url, body, chain))
        return True

    # ------------------------------------------------------------ the walk
    def run(self) -> Walk:
        """Walk until nothing is left or the budget is spent."""
        self.add(self.portal.home, 0)
        while self.heap and self.walk.requests < self.budget:
            _, depth, _, method, url, body, chain = heapq.heappop(self.heap)
            sh = shape(url)
            if self.shapes[sh] >= CAP:
                continue
            self.shapes[sh] += 1
            status, hdrs, data = self.request(method, url, body)
            hops = 0
            while status in (301, 302, 303, 307, 308) and hops < 5:
                target = self.canon(url, hdrs.get("location", ""))
                if target is None or not self.inside(target) or not self.allowed(target):
                    break
                url, hops = target, hops + 1
                self.seen.add(f"GET {url_key(url)} None")
                status, hdrs, data = self.request("GET", url)
            key = url_key(url)
            self.walk.statuses[key] = status
            if status != 200:
                continue
            self.walk.ok.add(key)
            self.walk.depth.setdefault(key, depth)
            self.extract(url, depth, chain, hdrs.get("content-type", ""), data)
        return self.walk

    # ------------------------------------------------------------ reading a page
    def extract(self, url: str, depth: int, chain: int, ctype: str, data: bytes) -> None:
        """Queue what a page links to."""
        if "json" in ctype:
            self.from_json(url, depth, data)
            return
        if "html" not in ctype and "xml" not in ctype:
            return
        m = re.search(r"charset=([\w-]+)", ctype) or META_CHARSET.search(data[:2048])
        charset = m.group(1) if m else "utf-8"
        charset = charset.decode() if isinstance(charset, bytes) else charset
        text = data.decode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else "utf-8",
                           "replace")
        b = BASE.search(text)
        base = urljoin(url, html.unescape(b.group(1))) if b else url
        found: list[str | None] = []
        for attr, _, value in ATTR.findall(SCRIPT_SRC.sub("<script>", text)):
            if attr.lower() == "value" and not LOOKS.match(value.strip()):
                continue
            found.append(self.canon(base, value))
        found += [self.canon(base, r) for r in REFRESH.findall(text)]
        code = " ".join(SCRIPT.findall(text)) + " " + " ".join("".join(g) for g in HANDLER.findall(text))
        found += [self.canon(base, q) for q in QUOTED.findall(code) if LOOKS.match(q)]
        found += self.script_pages(base, code, text)
        for u in list(found):
            if u and "viewer.html" in u and "file=" in u:
                found.append(self.canon(u, unquote(dict(parse_qsl(urlsplit(u).query)).get("file", ""))))
        self.enqueue(url, depth, chain, [u for u in found if u])
        self.forms(base, depth, text)

    def enqueue(self, url: str, depth: int, chain: int, found: list[str]) -> None:
        """Follow links of another shape; links of this page's own shape too, unless this
        page was itself reached from a page of its shape and brought nothing new (an endless
        list or calendar stops at its first empty page)."""
        here = shape(url)
        fresh = [self.add(u, depth + 1) for u in found if shape(u) != here]
        if any(fresh) or chain == 0:
            for u in found:
                if shape(u) == here:
                    self.add(u, depth + 1, chain=chain + 1)

    def script_pages(self, base: str, code: str, text: str) -> list[str | None]:
        """Pages a script pager would build: a quoted address ending in '=' or '_' joined to a
        page number, up to the page count the page states."""
        counts = [int(a or b) for a, b in COUNT.findall(code + " " + text)]
        if not counts:
            return []
        n = min(max(counts), 200)
        out: list[str | None] = []
        for prefix in set(PREFIX.findall(code)):
            if LOOKS.match(prefix) or re.match(r"[\w.-]+\?", prefix):
                out += [self.canon(base, f"{prefix}{k}") for k in range(1, n + 1)]
        for m in re.finditer(r"""var\s+\w*[Uu]rl\w*\s*=\s*["']([^"']+[=_])["']""", code):
            out += [self.canon(base, f"{m.group(1)}{k}") for k in range(1, n + 1)]
        return out

    def forms(self, base: str, depth: int, text: str) -> None:
        """Queue the POST forms of a page with their hidden fields."""
        for attrs, inner in FORM.findall(text):
            if not re.search(r"""method\s*=\s*["']?post""", attrs, re.I):
                continue
            action = re.search(r"""action\s*=\s*["']([^"']*)["']""", attrs, re.I)
            target = self.canon(base, action.group(1) if action else base)
            fields = []
            for tag in HIDDEN.findall(inner):
                name = re.search(r"""name=["']([^"']+)["']""", tag)
                value = re.search(r"""value=["']([^"']*)["']""", tag)
                if name:
                    fields.append((name.group(1), html.unescape(value.group(1)) if value else ""))
            self.add(target, depth + 1, "POST", urlencode(fields).encode())

    def from_json(self, url: str, depth: int, data: bytes) -> None:
        """Queue the addresses in a JSON answer and its other pages."""
        try:
            obj = json.loads(data)
        except ValueError:
            return
        found: list[str | None] = []
        pages = 0

        def visit(o: Any) -> None:
            nonlocal pages
            if isinstance(o, dict):
                for k, v in o.items():
                    if k.lower() in ("pages", "totalpage", "pagecount") and isinstance(v, int):
                        pages = max(pages, v)
                    visit(v)
            elif isinstance(o, list):
                for v in o:
                    visit(v)
            elif isinstance(o, str) and LOOKS.match(o) and ("/" in o):
                found.append(self.canon(url, o))
        visit(obj)
        p = urlsplit(url)
        q = parse_qsl(p.query)
        names = [k for k, _ in q if k.lower() in ("pageindex", "pageno", "page", "pagenum", "current")]
        if names and pages:
            for k in range(1, min(pages, 200) + 1):
                qq = [(a, str(k) if a == names[0] else b) for a, b in q]
                found.append(self.canon(url, f"{p.path}?{urlencode(qq)}"))
        for u in found:
            self.add(u, depth + 1)


def walk(port: int, portal: Portal, budget: int = 1500) -> Walk:
    """Walk `portal` from its home page within `budget` requests."""
    return Walker(port, portal, budget).run()

"""A small reference walker for the metro world's self-checks: from a portal's home page alone,
obeying robots.txt and staying in the portal's registrable domain, it follows what pages show
(links, frames, iframes, embeds, onclick strings, script strings, TRS `createPageHTML`, Hanweb
jpage `dataproxy.jsp`, list forms paged by `goPage(n)`, JSON lists with page counts, sitemaps)
and says which URLs it fetched. It is no crawler: it proves every expected report can be found
within the request budget, not how a crawler should find it."""

from __future__ import annotations

import html
import http.client
import json
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

from protego import Protego

from . import Portal, url_key

UA = "nianbao"
ATTR = re.compile(r"""(?:href|src|data|action)\s*=\s*["']([^"'<>]+)["']""", re.I)
SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.I | re.S)
ONCLICK = re.compile(r"""on\w+\s*=\s*"([^"]*)"|href\s*=\s*["']javascript:([^"']*)["']""", re.I)
QUOTED = re.compile(r"""["']((?:/|\./|\.\./|https?://)[^"'\s<>]*)["']""")
CREATE_PAGE = re.compile(r"createPageHTML\(\s*(\w+)\s*,\s*(\w+)\s*,\s*(\"?\w+\"?)\s*,\s*\"(\w+)\"")
PAGE_PARAMS = {"page", "pageno", "pageindex", "pagenum", "startrecord", "currentpage"}
DATE_VALUE = re.compile(r"\d{4}-\d{2}")
LOC = re.compile(r"<loc>([^<]+)</loc>")
REFRESH = re.compile(r"""http-equiv=["']refresh["'][^>]*content=["'][^"']*url=([^"'>\s]+)""", re.I)


def registrable(host: str) -> str:
    parts = host.split(".")
    return ".".join(parts[-3:]) if host.endswith(".gov.cn") else ".".join(parts[-2:])


@dataclass
class Walk:
    ok: set[str] = field(default_factory=set)  # url_key of every 200 answer (and final URLs)
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    disallowed_seen: set[str] = field(default_factory=set)


class Walker:
    def __init__(self, port: int, portal: Portal, budget: int = 1500) -> None:
        self.port, self.portal, self.budget = port, portal, budget
        self.domain = registrable(urlsplit(portal.home).hostname or "")
        self.robots: dict[str, Protego] = {}
        self.walk = Walk()
        self.queue: deque[tuple[str, str, bytes | None]] = deque()
        self.seen: set[str] = set()

    # ------------------------------------------------------------ network
    def request(self, method: str, url: str, body: bytes | None = None) \
            -> tuple[int, dict[str, str], bytes]:
        p = urlsplit(url)
        path = (p.path or "/") + (f"?{p.query}" if p.query else "")
        for _ in range(2):
            self.walk.requests += 1
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            headers = {"Host": f"{p.hostname}:{self.port}", "User-Agent": UA}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            conn.close()
            if r.status < 500:
                return r.status, hdrs, data
        return r.status, hdrs, data

    def allowed(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        if host not in self.robots:
            status, _, data = self.request("GET", f"http://{host}:{self.port}/robots.txt")
            text = data.decode("utf-8", "replace") if status == 200 else ""
            self.robots[host] = Protego.parse(text)
            for sm in self.robots[host].sitemaps:
                self.add(sm, None)
        return self.robots[host].can_fetch(url, UA)

    # ------------------------------------------------------------ frontier
    def canon(self, base: str, link: str) -> str | None:
        link = html.unescape(link.strip())
        if not link or link.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
            return None
        url = urljoin(base, link).split("#", 1)[0]
        p = urlsplit(url)
        if p.scheme not in ("http", "https") or not p.hostname:
            return None
        path = re.sub(r";jsessionid=[^/?]*", "", p.path, flags=re.I)
        segs = [s for s in path.split("/") if s]
        if any(segs.count(s) >= 3 for s in segs):
            return None
        if any(DATE_VALUE.match(v) for _, v in parse_qsl(p.query)):
            return None
        path = quote(path or "/", safe="/%;=:@!$&'()*+,~-._")
        query = quote(p.query, safe="=&%/:+,;@!$'()*~-._?")
        return f"http://{p.hostname}:{self.port}{path}" + (f"?{query}" if query else "")

    def add(self, url: str | None, body: bytes | None, method: str = "GET") -> bool:
        if url is None:
            return False
        host = urlsplit(url).hostname or ""
        if not (host == self.domain or host.endswith("." + self.domain)):
            return False
        key = method + " " + url_key(url) + (body.decode() if body else "")
        if key in self.seen:
            return False
        self.seen.add(key)
        self.queue.append((method, url, body))
        return True

    # ------------------------------------------------------------ the walk
    def run(self) -> Walk:
        self.add(self.portal.home, None)
        while self.queue and self.walk.requests < self.budget:
            method, url, body = self.queue.popleft()
            if not self.allowed(url):
                self.walk.disallowed_seen.add(url_key(url))
                continue
            status, hdrs, data = self.request(method, url, body)
            hops = 0
            while status in (301, 302, 303, 307, 308) and hops < 5:
                target = self.canon(url, hdrs.get("location", ""))
                if target is None or not self.allowed(target):
                    break
                host = urlsplit(target).hostname or ""
                if not (host == self.domain or host.endswith("." + self.domain)):
                    break
                url, hops = target, hops + 1
                self.seen.add("GET " + url_key(url))
                status, hdrs, data = self.request("GET", url)
            self.walk.statuses[url_key(url)] = status
            if status != 200:
                continue
            self.walk.ok.add(url_key(url))
            self.extract(url, hdrs.get("content-type", ""), data)
        return self.walk

    def extract(self, url: str, ctype: str, data: bytes) -> None:
        if "json" in ctype:
            self.from_json(url, data)
            return
        if not any(t in ctype for t in ("html", "xml", "text")):
            return
        m = re.search(r"charset=([\w-]+)", ctype)
        text = data.decode("gb18030" if m and m.group(1).lower() in ("gbk", "gb2312") else "utf-8",
                           "replace")
        if "<urlset" in text[:300]:
            for loc in LOC.findall(text):
                self.add(self.canon(url, loc), None)
            return
        found = [self.canon(url, h) for h in ATTR.findall(text) + REFRESH.findall(text)]
        scripts = " ".join(SCRIPT.findall(text))
        onclicks = " ".join(a or b for a, b in ONCLICK.findall(text))
        found += [self.canon(url, q) for q in QUOTED.findall(scripts + " " + onclicks)]
        for u in list(found):
            if u and "viewer.html" in u and "file=" in u:
                q = dict(parse_qsl(urlsplit(u).query))
                found.append(self.canon(url, unquote(q.get("file", ""))))
        found += self.create_page(url, scripts)
        self.paged(url, [u for u in found if u])
        self.jpage(url, scripts)
        self.forms(url, text)

    def paged(self, url: str, found: list[str]) -> None:
        """Enqueue `found`; a page of a paged list that shows nothing new outside its own path
        (an endless list) does not lead to its further pages."""
        p = urlsplit(url)
        is_page = any(k.lower() in PAGE_PARAMS for k, _ in parse_qsl(p.query))
        same = [u for u in found if urlsplit(u).path == p.path]
        other = [u for u in found if urlsplit(u).path != p.path]
        fresh = [self.add(u, None) for u in other]
        if not is_page or any(fresh):
            for u in same:
                self.add(u, None)

    def create_page(self, url: str, scripts: str) -> list[str | None]:
        out: list[str | None] = []
        for m in CREATE_PAGE.finditer(scripts):
            def value(tok: str) -> str:
                tok = tok.strip('"')
                v = re.search(rf"var\s+{tok}\s*=\s*\"?(\w+)\"?", scripts)
                return v.group(1) if v and not tok.isdigit() else tok
            try:
                n = int(value(m.group(1)))
            except ValueError:
                continue
            prefix = value(m.group(3)) if not m.group(3).startswith('"') else m.group(3).strip('"')
            out += [self.canon(url, f"{prefix}_{i}.{m.group(4)}") for i in range(1, n)]
            out.append(self.canon(url, f"{prefix}.{m.group(4)}"))
        return out

    def jpage(self, url: str, scripts: str) -> None:
        m = re.search(r"proxyUrl:\s*'([^']+)'", scripts)
        if not m:
            return
        total = int(re.search(r"totalRecord:\s*(\d+)", scripts).group(1))  # type: ignore[union-attr]
        per = int(re.search(r"perPage:\s*(\d+)", scripts).group(1))  # type: ignore[union-attr]
        params = re.search(r"ajaxParam:\s*\{([^}]*)\}", scripts)
        form = dict((k.strip(), v.strip().strip("'")) for k, v in
                    (kv.split(":", 1) for kv in params.group(1).split(",") if ":" in kv)) \
            if params else {}
        body = urlencode(form).encode()
        for start in range(1, total + 1, per * 3):
            end = min(total, start + per * 3 - 1)
            target = self.canon(url, f"{m.group(1)}?startrecord={start}&endrecord={end}"
                                     f"&perpage={per}")
            self.add(target, body, "POST")

    def forms(self, url: str, text: str) -> None:
        m = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>\s*'
                      r'<input type="hidden" name="(\w+)"', text, re.I)
        if not m:
            return
        pages = [int(x) for x in re.findall(r"goPage\((\d+)\)", text)]
        action = self.canon(url, m.group(1))
        for k in range(2, max(pages, default=1) + 1):
            self.add(action, urlencode({m.group(2): k}).encode(), "POST")

    def from_json(self, url: str, data: bytes) -> None:
        try:
            obj = json.loads(data)
        except ValueError:
            return
        strings: list[str] = []

        def visit(o: Any) -> None:
            if isinstance(o, dict):
                for v in o.values():
                    visit(v)
            elif isinstance(o, list):
                for v in o:
                    visit(v)
            elif isinstance(o, str) and re.match(r"(https?://|/)", o):
                strings.append(o)
        visit(obj)
        for s in strings:
            self.add(self.canon(url, s), None)
        if isinstance(obj, dict) and {"total", "page", "page_size"} <= set(obj):
            pages = -(-int(obj["total"]) // max(1, int(obj["page_size"])))
            p = urlsplit(url)
            q = dict(parse_qsl(p.query))
            for k in range(1, pages + 1):
                q["page"] = str(k)
                self.add(self.canon(url, f"{p.path}?{urlencode(q)}"), None)


def walk(port: int, portal: Portal, budget: int = 1500) -> Walk:
    return Walker(port, portal, budget).run()

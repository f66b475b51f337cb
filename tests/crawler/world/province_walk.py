"""A small reference walker for the `province` world: proof that a careful crawler starting at
a portal's home page alone, obeying robots.txt and following only what the pages show, reaches
every expected URL within the request budget.

It knows what any careful crawler of Chinese government sites knows, and nothing of the
generator: links in `href`/`src`/`<option value>`/`onclick`/`<meta refresh>`/`<frame>`/
`<iframe>`/`<embed>`/`<object data>`, URLs written in scripts and JSON, the TRS
`createPageHTML(...)` pager, the Hanweb datastore and its `dataproxy.jsp` (POST), `page=`
parameters of JSON APIs, sitemaps named in robots.txt, `file=` parameters of PDF viewers,
`;jsessionid=` and tracking parameters. It is focused: links that say 年报 first, then what
says 信息公开/部门/乡镇…, then everything else, shallowly and a few per URL shape."""

from __future__ import annotations

import heapq
import http.client
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from protego import Protego

from crawler.sample_portal.server import Hit
from tests.crawler.world import Portal, url_key

UA = "nianbao"
REPORT = re.compile(r"年报|年度报告|工作报告|年度.*报告|报告|nianbao|ndbg|gknb|xxgknb|AnnualReport|"
                    r"isNianbao|fbtime|\d{4}\s*年度?$|\d{4}n(b)?/|（\d{4}年度?）", re.I)
OPEN = re.compile(r"信息公开|政务公开|公开|xxgk|zwgk|gkml|gongkai|public|部门|单位|区县|县区|市州|"
                  r"市（州）|县（市|乡镇|街道|专题|专栏|目录|汇总|平台|更多|more|bmxxgk|zfxxgk|"
                  r"xzjd|旧版|年度|nbhz", re.I)
FILE = re.compile(r"\.(pdf|docx?|xlsx?|zip|rar|wps|jpe?g|png|gif)(\?|$)|down(load|file)|"
                  r"down\.do|DownLoad\.aspx|fileId=|wbfileid=|/attach", re.I)
ASSET = re.compile(r"\.(js|css|ico|swf)(\?|$)", re.I)
PAGER_TEXT = re.compile(r"^\s*(下一?页|下页|上一?页|上页|尾页|末页|首页|后页|next|prev|>+|<+|\[?\d+\]?|"
                        r"第\d+页)\s*$", re.I)
TRACKING = re.compile(r"^(utm_\w+|from|spm|isappinstalled|scene|clicktime|wxfrom)$", re.I)
URLISH = re.compile(r"""["']((?:https?:)?//[^"'\s<>]+|\.{0,2}/[^"'\s<>]*[A-Za-z0-9_/=&?.-])["']""")
DOCISH = re.compile(r"""["']([\w./-]+\.(?:pdf|docx?|xlsx?|zip|rar|wps|s?html?|jhtml))["']""", re.I)
CRUMB = re.compile(r"(当前位置|您现在的位置|您的位置|所在位置)[：:]?(.{0,800}?)</(div|td|p|span)>", re.S)
PAGE_PARAM = ("page", "pageIndex", "pageNo", "pageNum", "page_no", "p")


def canonical(url: str) -> str:
    p = urlsplit(url)
    path = p.path.split(";", 1)[0] or "/"
    query = [(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True)
             if not TRACKING.match(k)]
    q = p.query if len(query) == len(parse_qsl(p.query, keep_blank_values=True)) else \
        urlencode(query)
    return urlunsplit((p.scheme, p.netloc, path, q, ""))


def domain_of(host: str) -> str:
    parts = host.lower().split(".")
    return ".".join(parts[-3:]) if host.endswith(".gov.cn") else ".".join(parts[-2:])


class Links(HTMLParser):
    """Everything a page points at, with the words around each link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base = ""
        self.title = ""
        self.h1 = ""
        self.links: list[tuple[str, str, str]] = []  # (url, text, kind)
        self.scripts: list[str] = []
        self._a: list[str] | None = None
        self._href = ""
        self._in: str = ""

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs_list}
        if tag == "base" and a.get("href"):
            self.base = a["href"].strip()
        if tag in ("a", "area") and a.get("href"):
            self._a, self._href = [a.get("title", "")], a["href"].strip()
        for attr, kind in (("src", "src"), ("data", "src"), ("data-original", "img"),
                           ("data-src", "img")):
            if a.get(attr) and tag in ("img", "iframe", "frame", "embed", "object"):
                self.links.append((a[attr].strip(), a.get("alt", "") or a.get("title", ""),
                                   "img" if tag == "img" else kind))
        if tag == "option" and a.get("value"):
            self.links.append((a["value"].strip(), "", "option"))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url\s*=\s*['\"]?([^'\";]+)", a.get("content", ""), re.I)
            if m:
                self.links.append((m.group(1).strip(), "", "refresh"))
        for attr in ("onclick", "onchange"):
            for rx in (URLISH, DOCISH):
                for m in rx.finditer(a.get(attr, "")):
                    self.links.append((m.group(1), "", "script"))
        if tag == "img" and self._a is not None:
            self._a.append(a.get("alt", ""))
        if tag in ("title", "h1", "script"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "area") and self._a is not None:
            self.links.append((self._href, " ".join(self._a).strip(), "a"))
            self._a = None
        if tag == self._in:
            self._in = ""

    def handle_data(self, data: str) -> None:
        if self._a is not None:
            self._a.append(data.strip())
        if self._in == "title":
            self.title += data.strip()
        elif self._in == "h1":
            self.h1 += data.strip()
        elif self._in == "script":
            self.scripts[-1] += data


@dataclass(order=True)
class Job:
    prio: float
    depth: int
    seq: int
    url: str = field(compare=False)
    method: str = field(compare=False, default="GET")
    body: bytes = field(compare=False, default=b"")
    pager: bool = field(compare=False, default=False)
    tries: int = field(compare=False, default=0)


Fetch = Callable[[str, str, bytes], tuple[int, dict[str, str], bytes, str]]


class Walker:
    def __init__(self, portal: Portal, fetch: Fetch, budget: int = 1500) -> None:
        self.portal = portal
        self.fetch = fetch
        self.budget = budget
        self.scope = domain_of(urlsplit(portal.home).hostname or "")
        self.queue: list[Job] = []
        self.seen: set[tuple[str, str, bytes]] = set()
        self.seq = itertools.count()
        self.robots: dict[str, Protego] = {}
        self.requests = 0
        self.ok: dict[str, int] = {}  # url_key -> depth, for GET answers 200
        self.shapes: Counter[str] = Counter()
        self.disallowed: set[str] = set()
        self.log: list[Job] = []
        self.sigs: set[tuple[str, frozenset[str]]] = set()

    # ------------------------------------------------------------ frontier
    def push(self, url: str, prio: float, depth: int, method: str = "GET", body: bytes = b"",
             pager: bool = False) -> bool:
        if not url.startswith(("http://", "https://")):
            return False
        url = canonical(url)
        host = urlsplit(url).hostname or ""
        if not (host == self.scope or host.endswith("." + self.scope)):
            return False
        key = (method, url, body)
        if key in self.seen:
            return False
        if prio > 1:
            if depth > (5 if prio < 2 else 4):
                return False
            p = urlsplit(url)
            shape = p.netloc + re.sub(r"\d+", "#", p.path) + "?" + ",".join(
                sorted(k for k, _ in parse_qsl(p.query)))
            self.shapes[shape] += 1
            if self.shapes[shape] > 12:
                return False
        self.seen.add(key)
        heapq.heappush(self.queue, Job(prio, depth, next(self.seq), url, method, body, pager))
        return True

    def allowed(self, url: str) -> bool:
        p = urlsplit(url)
        host = p.hostname or ""
        if host not in self.robots:
            self.requests += 1
            status, _, body, _ = self.fetch("GET", f"{p.scheme}://{p.netloc}/robots.txt", b"")
            text = body.decode("utf-8", "replace") if status == 200 else ""
            self.robots[host] = Protego.parse(text)
            for sm in self.robots[host].sitemaps:
                self.push(sm, 1, 1)
        return self.robots[host].can_fetch(url, UA)

    # ------------------------------------------------------------------ run
    def run(self) -> Walker:
        self.push(self.portal.home, 0, 0)
        while self.queue and self.requests < self.budget:
            job = heapq.heappop(self.queue)
            if not self.allowed(job.url):
                self.disallowed.add(job.url)
                continue
            if self.requests >= self.budget:
                break
            self.requests += 1
            self.log.append(job)
            status, headers, body, ctype = self.fetch(job.method, job.url, job.body)
            if status >= 500 and job.tries < 2:
                job.tries += 1
                job.prio += 0.5
                heapq.heappush(self.queue, job)
                continue
            if status in (301, 302, 303, 307, 308) and headers.get("Location"):
                self.push(urljoin(job.url, headers["Location"]), job.prio, job.depth)
                continue
            if status != 200:
                continue
            if job.method == "GET":
                self.ok.setdefault(url_key(job.url), job.depth)
            self.parse(job, body, ctype)
        return self

    def repeated(self, url: str, sig: frozenset[str]) -> bool:
        """Whether a page of this shape already showed exactly these links."""
        p = urlsplit(url)
        shape = p.netloc + re.sub(r"\d+", "#", p.path) + "?" + ",".join(
            sorted(k for k, _ in parse_qsl(p.query)))
        if (shape, sig) in self.sigs:
            return True
        self.sigs.add((shape, sig))
        return False

    # ---------------------------------------------------------------- parse
    def parse(self, job: Job, body: bytes, ctype: str) -> None:
        ct = ctype.lower()
        if "json" in ct:
            self.parse_json(job, body)
        elif "xml" in ct and b"<loc>" in body:
            for loc in re.findall(rb"<loc>\s*([^<\s]+)\s*</loc>", body):
                self.push(unescape(loc.decode()), 1, job.depth + 1)
        elif "xml" in ct and b"<record>" in body:
            self.parse_html(job, self.records(body.decode("utf-8", "replace")), relevant=True)
        elif "html" in ct:
            m = re.search(r"charset=([\w-]+)", ct)
            enc = m.group(1) if m else "utf-8"
            try:
                text = body.decode(enc, "replace")
            except LookupError:
                text = body.decode("utf-8", "replace")
            self.parse_html(job, text)

    @staticmethod
    def records(text: str) -> str:
        return "\n".join(re.findall(r"<!\[CDATA\[(.*?)\]\]>", text, re.S))

    def parse_html(self, job: Job, text: str, relevant: bool = False) -> None:
        p = Links()
        try:
            p.feed(text)
        except Exception:  # noqa: BLE001 - a broken page yields what was parsed
            pass
        base = urljoin(job.url, p.base) if p.base else job.url
        m = CRUMB.search(text)
        crumb = re.sub(r"<[^>]+>|\s+", " ", m.group(2)) if m else ""
        heading = (p.title + " " + p.h1 + " " + crumb).strip()
        rel = 0 if relevant or job.prio == 0 or REPORT.search(p.title.strip()) or \
            REPORT.search(p.h1.strip()) or REPORT.search(crumb) else \
            1 if OPEN.search(heading) else 2
        found: list[tuple[str, float, bool]] = []

        def add(href: str, text: str, kind: str) -> None:
            href = unescape(href).strip()
            if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
                return
            url = urljoin(base, href)
            if ASSET.search(urlsplit(url).path):
                return
            if kind == "img" and rel > 0:
                return
            if kind == "img" or REPORT.search(text) or (FILE.search(url) and rel <= 1):
                prio = 0.0
            elif REPORT.search(unquote(urlsplit(url).path + "?" + urlsplit(url).query)):
                prio = 0.0
            elif OPEN.search(text) or rel == 0:
                prio = 1.0
            elif OPEN.search(unquote(url)):
                prio = 1.2
            else:
                prio = 1.5 if rel == 1 else 2.0
            pager = kind == "a" and bool(PAGER_TEXT.match(text))
            if pager:
                prio = min(job.prio, prio) if rel == 0 else max(job.prio, prio)
            found.append((url, prio, pager))
            for k, v in parse_qsl(urlsplit(url).query):
                if k.lower() in ("file", "url", "src") and v.startswith(("/", "http")):
                    found.append((urljoin(url, v), 0.0, False))

        for href, text, kind in p.links:
            add(href, text, kind)
        for script in p.scripts:
            if "<record>" in script or "<datastore>" in script:
                sub = Links()
                sub.feed(self.records(script))
                for href, text, kind in sub.links:
                    add(href, text, kind)
            for m in re.finditer(r"createPageHTML\(([^)]*)\)", script):
                args = [a.strip().strip("'\"") for a in m.group(1).split(",")]
                ints = [int(a) for a in args if a.isdigit()]
                strs = [a for a in args if not a.isdigit()]
                if ints and len(strs) >= 2:
                    for k in range(1, ints[0]):
                        found.append((urljoin(job.url, f"{strs[-2]}_{k}.{strs[-1]}"),
                                      min(job.prio, 1.0) if rel < 2 else 2.0, True))
            self.dataproxy(job, script, text)
            for m in URLISH.finditer(script):
                u = m.group(1)
                if "dataproxy.jsp" in u or u in ("/", "//"):
                    continue
                add(u, "", "script")
        for url, prio, pager in found:
            if not pager:
                self.push(url, prio, job.depth + 1)
        sig = frozenset(canonical(u) for u, _, pager in found if not pager)
        if job.pager and self.repeated(job.url, sig):
            return  # a page like one already seen (past the end): stop paging
        for url, prio, pager in found:
            if pager:
                self.push(url, prio, job.depth + 1, pager=True)

    def dataproxy(self, job: Job, script: str, page: str) -> None:
        if "dataproxy.jsp" not in script and "dataproxy.jsp" not in page:
            return
        total = re.search(r"totalRecord\s*[:=]\s*(\d+)", script)
        per = re.search(r"perPage\s*[:=]\s*(\d+)", script)
        col = re.search(r"columnid\s*[:=]\s*'?(\d+)", script)
        unit = re.search(r"unitid\s*[:=]\s*'?(\d+)", script)
        if not (total and col):
            return
        inline = page.count("<record>")
        n, size = int(total.group(1)), int(per.group(1)) * 3 if per else 45
        form = urlencode({"col": 1, "appid": 1, "webid": 1, "path": "/",
                          "columnid": col.group(1), "sourceContentType": 1,
                          "unitid": unit.group(1) if unit else "", "permissiontype": 0}).encode()
        for start in range(inline + 1, n + 1, size):
            end = min(n, start + size - 1)
            url = urljoin(job.url, f"/module/web/jpage/dataproxy.jsp?startrecord={start}"
                                   f"&endrecord={end}&perpage={size // 3}")
            self.push(url, min(job.prio, 1.0), job.depth + 1, "POST", form)

    def parse_json(self, job: Job, body: bytes) -> None:
        try:
            data = json.loads(body)
        except ValueError:
            return
        strings: list[str] = []

        def walk(x: object) -> None:
            if isinstance(x, dict):
                for v in x.values():
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
            elif isinstance(x, str) and re.match(r"^(https?://|/)[^\s]+$", x):
                strings.append(x)
        walk(data)
        for s in strings:
            self.push(urljoin(job.url, s), min(job.prio, 1.0), job.depth + 1)
        if strings and not self.repeated(job.url, frozenset(strings)):
            p = urlsplit(job.url)
            q = parse_qsl(p.query, keep_blank_values=True)
            for i, (k, v) in enumerate(q):
                if k in PAGE_PARAM and v.isdigit():
                    q[i] = (k, str(int(v) + 1))
                    nxt = urlunsplit((p.scheme, p.netloc, p.path, urlencode(q), ""))
                    self.push(nxt, job.prio, job.depth + 1, pager=True)
                    break


# ------------------------------------------------------------------ fetchers

def in_process(portal: Portal) -> Fetch:
    """Answer from the portal's sites directly (the server's own code path, no sockets)."""
    def fetch(method: str, url: str, body: bytes) -> tuple[int, dict[str, str], bytes, str]:
        p = urlsplit(url)
        site = portal.sites.get((p.hostname or "").lower())
        if site is None:
            return 404, {}, b"", "text/html"
        hit = Hit(method, unquote(p.path) or "/", p.query, {})
        reply = site.answer(hit, body)
        return reply.status, reply.headers, reply.body, reply.content_type
    return fetch


def over_http(port: int) -> Fetch:
    """Answer through the running world server (Host header dispatch)."""
    def fetch(method: str, url: str, body: bytes) -> tuple[int, dict[str, str], bytes, str]:
        p = urlsplit(url)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            path = p.path + (f"?{p.query}" if p.query else "")
            headers = {"Host": p.netloc, "User-Agent": UA}
            if body:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path or "/", body=body or None, headers=headers)
            r = conn.getresponse()
            data = r.read()
            return r.status, dict(r.getheaders()), data, r.getheader("Content-Type") or ""
        except OSError:
            return 599, {}, b"", ""
        finally:
            conn.close()
    return fetch


def walk(portal: Portal, fetch: Fetch | None = None, budget: int = 1500) -> Walker:
    return Walker(portal, fetch or in_process(portal), budget).run()

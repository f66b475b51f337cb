"""Self-checks of the county world generator (tests/crawler/world/county.py). No crawler here:
a small reference walker, written against what the portals publish (links, TRS createPageHTML,
Hanweb datastore + dataproxy POSTs, gkmlpt and Vue JSON APIs written in page scripts, sitemaps),
shows that a careful crawler starting from each home page alone can reach every expected report
within 9 clicks and ~1,500 requests, without touching what robots.txt forbids."""

from __future__ import annotations

import hashlib
import html
import http.client
import json
import re
from collections import Counter, deque
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from protego import Protego

from crawler.sample_portal.server import Hit, Site
from tests.crawler.world import Portal, WorldServer, county, county_site, url_key
from tests.crawler.world.county_site import Downloads, GkmlptApi, QueryList, QueryPages, VueApi

PORT = 8765
FAMILIES = {"trs", "hanweb", "ucap", "gkmlpt", "vsb", "plain"}
TRAPS = {"calendar", "page", "session", "tracking", "duplicates"}
STYLES = {"trs", "hanweb", "hanweb-annual", "numbers", "fpnl", "vsb", "query", "gk", "vue"}
DELIVERIES = {"html", "pdf", "html+pdf", "docx", "pdf+xlsx", "downfile", "downloaddo", "vsbdl",
              "onclick", "pdfjs", "embed", "images", "scanpdf", "direct", "onlydl"}
UA = "nianbao"


@lru_cache(maxsize=4)
def world(seed: int) -> list[tuple[Portal, dict[str, Any]]]:
    return county.generate_detailed(seed, PORT)


def digest(portals: list[Portal]) -> str:
    """A hash of everything a world serves (static files and the data behind its routes)."""
    h = hashlib.sha256()
    for p in portals:
        h.update(f"{p.key}|{p.family}|{p.home}|{sorted(p.traps)}".encode())
        for r in sorted(p.reports, key=lambda r: sorted(r.urls)):
            h.update(f"{r.agency}|{r.year}|{sorted(r.urls)}|{r.where}".encode())
        h.update(repr(sorted(p.never)).encode() + repr(sorted(p.lookalikes)).encode())
        for host in sorted(p.sites):
            site = p.sites[host]
            for path in sorted(site.files):
                h.update(f"{host}{path}".encode() + hashlib.sha256(site.files[path]).digest())
            for path in sorted(site.routes):
                r = site.routes[path]
                if isinstance(r, QueryList):
                    h.update(path.encode() + repr(sorted((k, v) for k, v in r.pages.items())).encode())
                elif isinstance(r, QueryPages):
                    h.update(path.encode() + repr(sorted(r.pages.items())).encode())
                elif isinstance(r, Downloads):
                    h.update(path.encode() + repr(sorted(r.files.items())).encode())
                elif isinstance(r, VueApi):
                    h.update(json.dumps(r.lists, sort_keys=True).encode())
                elif isinstance(getattr(r, "__self__", None), GkmlptApi):
                    h.update(json.dumps(sorted(map(list, r.__self__.lists.items()), key=str)).encode())
    return h.hexdigest()


# ------------------------------------------------------------------ a reference walker

class Walker:
    """Breadth-first from the home page, in process (no sockets): robots.txt obeyed, session ids
    and tracking parameters dropped, script-announced pages and JSON APIs followed, endless
    lists stopped when a page brings nothing new, calendars left alone."""

    PAGER = {"page", "pageNo", "pageNum"}

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.depth: dict[str, int] = {}
        self.parent: dict[str, str] = {}
        self.status: dict[str, int] = {}
        self.bodies: dict[str, tuple[str, bytes]] = {}
        self.requests = 0
        self.robots: dict[str, Protego | None] = {}
        self.forbidden_hits: list[str] = []
        self.sitemaps: list[str] = []

    # -------------------------------------------------------------- plumbing
    def fetch(self, url: str, method: str = "GET", body: bytes = b"") -> tuple[int, str, bytes]:
        parts = urlsplit(url)
        site: Site = self.portal.sites[parts.hostname]
        self.requests += 1
        for _ in range(3):
            reply = site.answer(Hit(method, parts.path, parts.query, {}), body)
            if reply.status != 500:
                break
        return reply.status, reply.content_type, reply.body

    def allowed(self, url: str) -> bool:
        host = urlsplit(url).hostname
        if host not in self.robots:
            status, _, body = self.fetch(f"http://{host}:{PORT}/robots.txt")
            rp = Protego.parse(body.decode()) if status == 200 else None
            self.robots[host] = rp
            if rp is not None:
                self.sitemaps += list(rp.sitemaps)
        rp = self.robots[host]
        return rp is None or rp.can_fetch(url, UA)

    def canon(self, base: str, link: str) -> str | None:
        link = html.unescape(link.strip())
        if not link or link.startswith(("javascript:", "mailto:", "#", "tel:")):
            return None
        url = urljoin(base, link)
        p = urlsplit(url)
        if p.scheme not in ("http", "https") or p.hostname not in self.portal.sites:
            return None
        path = p.path.split(";", 1)[0]
        query = [(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True)
                 if not k.startswith("utm_") and k != "spm"
                 and not (k == "sid" and re.fullmatch(r"[0-9a-f]{32}", v))]
        return urlunsplit(("http", p.netloc, path or "/", urlencode(query, safe="/"), ""))

    # -------------------------------------------------------------- links of a page
    LINK = re.compile(r'<(a|img|iframe|embed|option)\b[^>]*?\b(href|src|value)="([^"]*)"', re.I)

    def links(self, url: str, ctype: str, body: bytes) -> tuple[list[str], list[tuple[str, str, bytes]]]:
        """(plain links, extra requests [(url, method, body)] whose answers hold more links)."""
        charset = re.search(r"charset=([\w-]+)", ctype)
        text = body.decode(charset.group(1) if charset else "utf-8", "replace")
        out: list[str] = []
        extra: list[tuple[str, str, bytes]] = []
        if "xml" in ctype and "<urlset" in text:
            return re.findall(r"<loc>([^<]+)</loc>", text), []
        for _, _, link in self.LINK.findall(text):
            out.append(link)
            m = re.search(r"viewer\.html\?file=([^&\"]+)", link)
            if m:
                out.append(m.group(1))
        out += re.findall(r"window\.open\('([^']+)'\)", text)
        m = re.search(r'createPageHTML\(countPage, currentPage, "(\w+)", "(\w+)"\)', text)
        if m:
            count = int(re.search(r"var countPage = (\d+)", text).group(1))
            out += [f"{m.group(1)}_{k}.{m.group(2)}" for k in range(1, count)]
        m = re.search(r"totalRecord: (\d+)", text)
        if m and "dataproxy.jsp" in text:
            total, per = int(m.group(1)), int(re.search(r"perPage: (\d+)", text).group(1))
            cid = re.search(r"columnid: (\d+)", text).group(1)
            group = int(re.search(r"groupSize: (\d+)", text).group(1))
            form = urlencode({"col": 1, "appid": 1, "webid": 1, "path": "/", "columnid": cid,
                              "sourceContentType": 1, "permissiontype": 0}).encode()
            for start in range(per * group + 1, total + 1, per * group):
                end = min(total, start + per * group - 1)
                extra.append((urljoin(url, f"/module/web/jpage/dataproxy.jsp?startrecord={start}"
                                           f"&endrecord={end}&perpage={per}"), "POST", form))
        m = re.search(r"window\._CONFIG = (\{.*?\});", text)
        if m:
            conf = json.loads(m.group(1))
            tree = json.loads(re.search(r"window\.TREE = (\[.*?\]);", text).group(1))
            for cat in [0] + [t["id"] for t in tree]:
                extra.append((urljoin(url, f"{conf['API_BASE']}/all/{cat}?page=1&sid={conf['SID']}"),
                              "GET", b""))
        m = re.search(r'var channelId = "(\w+)";\s*var pageSize = (\d+);', text)
        if m:
            extra.append((urljoin(url, f"/api/content/list?channelId={m.group(1)}&pageNo=1"
                                       f"&pageSize={m.group(2)}"), "GET", b""))
        return out, extra

    def api_links(self, url: str, body: bytes) -> tuple[list[str], str | None]:
        """Links in a JSON/XML answer, and the next page of a JSON API if there is one."""
        text = body.decode("utf-8")
        if text.lstrip().startswith("<?xml"):
            return re.findall(r'href="([^"]+)"', text), None
        data = json.loads(text)
        q = dict(parse_qsl(urlsplit(url).query))
        if "articles" in data:
            items, total, size, key = data["articles"], data.get("total", 0), data.get("page_size", 10), "page"
        else:
            d = data.get("data") or {}
            items, total, size, key = d.get("list", []), d.get("total", 0), d.get("pageSize", 10), "pageNo"
        nxt = None
        page = int(q.get(key, "1"))
        if items and page * size < total:
            q[key] = str(page + 1)
            nxt = urlunsplit(urlsplit(url)._replace(query=urlencode(q, safe="/")))
        return [i["url"] for i in items], nxt

    # -------------------------------------------------------------- the walk
    def walk(self, limit: int = 4000) -> Walker:
        home = self.canon(self.portal.home, self.portal.home)
        queue: deque[tuple[str, int]] = deque([(home, 0)])
        self.depth[home] = 0
        self.allowed(home)
        for sm in self.sitemaps:
            if self.canon(home, sm):
                self.depth.setdefault(sm, 1)
                queue.append((sm, 1))
        while queue and self.requests < limit:
            url, d = queue.popleft()
            if not self.allowed(url):
                self.forbidden_hits.append(url)
                continue
            status, ctype, body = self.fetch(url)
            self.status[url] = status
            self.bodies[url] = (ctype, body)
            if status != 200 or not ctype.startswith(("text/html", "text/xml")):
                continue
            links, extra = self.links(url, ctype, body)
            found = [c for c in (self.canon(url, x) for x in links) if c]
            for api, method, form in extra:
                while api:
                    status2, _, body2 = self.fetch(api, method, form)
                    if status2 != 200:
                        break
                    more, api = self.api_links(api, body2)
                    found += [c for c in (self.canon(url, x) for x in more) if c]
            fresh = [c for c in found if c not in self.depth and not self.is_pager(c)]
            for c in found:
                if c in self.depth or self.is_calendar(c):
                    continue
                if self.is_pager(c) and not fresh and self.is_pager(url):
                    continue  # an endless list: this page brought nothing new
                self.depth[c] = d + 1
                self.parent[c] = url
                queue.append((c, d + 1))
        return self

    def is_pager(self, url: str) -> bool:
        return any(k in self.PAGER for k, _ in parse_qsl(urlsplit(url).query))

    @staticmethod
    def is_calendar(url: str) -> bool:
        p = urlsplit(url)
        return "/calendar/" in p.path or "date=" in p.query


@lru_cache(maxsize=8)
def walked(seed: int) -> dict[str, Walker]:
    return {p.key: Walker(p).walk() for p, _ in world(seed)}


@pytest.fixture(autouse=True)
def no_slow_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(county_site, "sleep", lambda s: None)


# ------------------------------------------------------------------ the checks

def test_same_seed_same_world_other_seed_other_world() -> None:
    first = digest([p for p, _ in world(1)])
    again = digest(county.generate(1, PORT))
    assert first == again
    assert digest([p for p, _ in world(2)]) != first


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mix_of_families_traps_and_styles(seed: int) -> None:
    portals = world(seed)
    assert len(portals) >= 30
    assert {p.family for p, _ in portals} >= FAMILIES
    assert {m["spec"].variant for p, m in portals if p.family == "plain"} >= {"asp", "jsp", "html", "vue"}
    traps = Counter(t for p, _ in portals for t in p.traps)
    assert set(traps) >= TRAPS and min(traps.values()) >= 2
    assert set().union(*(m["styles"] for _, m in portals)) >= STYLES
    assert {m["spec"].layout for _, m in portals} >= {"decentral", "central-unit", "central-year",
                                                       "hanweb-annual"}
    deliveries = Counter()
    for _, m in portals:
        deliveries.update({k: v for k, v in m["deliveries"].items() if v})
    assert set(deliveries) >= DELIVERIES
    sizes = [len(p.reports) for p, _ in portals]
    assert 600 <= sum(sizes) <= 1200 and min(sizes) >= 5 and max(sizes) <= 60
    assert any(m["spec"].charset == "gbk" for _, m in portals)
    assert sum(1 for p, _ in portals if p.never) >= 3
    assert 1 <= sum(len(m["sitemap_only"]) for _, m in portals) <= 2
    years = {r.year for p, _ in portals for r in p.reports}
    assert min(years) <= 2012 and max(years) == 2024
    assert any("renamed" in r.where for p, _ in portals for r in p.reports)
    assert all(len(p.lookalikes) >= 5 for p, _ in portals)


def test_hosts_and_urls() -> None:
    portals = [p for p, _ in world(1)]
    hosts = [h for p in portals for h in p.sites]
    assert len(hosts) == len(set(hosts))
    for p in portals:
        assert urlsplit(p.home).hostname in p.sites
        for h in p.sites:
            assert h.endswith(".gov.cn") and not h.endswith(".invalid")
        urls = [u for r in p.reports for u in r.urls] + list(p.never) + list(p.lookalikes)
        for u in urls:
            parts = urlsplit(u)
            assert parts.port == PORT and parts.hostname in p.sites, u
        expected = {url_key(u) for r in p.reports for u in r.urls}
        assert not expected & {url_key(u) for u in p.lookalikes}
        assert not expected & {url_key(u) for u in p.never}
        assert all(r.urls and r.where for r in p.reports)


@pytest.mark.parametrize("seed", [1, 2])
def test_robots(seed: int) -> None:
    for p, _ in world(seed):
        rules: dict[str, Protego | None] = {}
        for h, site in p.sites.items():
            data = site.files.get("/robots.txt")
            rules[h] = Protego.parse(data.decode()) if data else None

        for u in p.never:
            assert not allowed(rules, u), u
        for r in p.reports:
            for u in r.urls:
                assert allowed(rules, u), u


def allowed(rules: dict[str, Protego | None], url: str) -> bool:
    rp = rules[urlsplit(url).hostname]
    return rp is None or (rp.can_fetch(url, UA) and rp.can_fetch(url, "*"))


def test_every_expected_file_is_served() -> None:
    """Over real HTTP: each expected URL answers 200 (a 500-once page on the second try) with
    the bytes its type promises, and every host name is served."""
    magic = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK", "jpg": b"\xff\xd8", "png": b"\x89PNG"}
    server = WorldServer()
    portals = [p for p, _ in world(3)]
    for p in portals:
        server.sites.update(p.sites)
    server.start()

    def get(url: str) -> tuple[http.client.HTTPResponse, bytes]:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            conn.request("GET", target, headers={"Host": parts.netloc})
            resp = conn.getresponse()
            return resp, resp.read()
        finally:
            conn.close()

    try:
        for p in portals:
            resp, body = get(p.home)
            assert resp.status == 200 and b"<title>" in body
            for r in p.reports:
                for u in sorted(r.urls):
                    resp, body = get(u)
                    if resp.status == 500:
                        resp, body = get(u)
                    assert resp.status == 200, (u, resp.status)
                    ext = urlsplit(u).path.rsplit(".", 1)[-1]
                    if ext in magic:
                        assert body.startswith(magic[ext]), u
                    elif "filename" in (resp.getheader("Content-Disposition") or ""):
                        assert body.startswith(b"%PDF"), u
                    else:
                        assert resp.getheader("Content-Type").startswith("text/html"), u
                        assert len(body) > 500
    finally:
        server.stop()


@pytest.mark.parametrize("seed", [1, 2])
def test_a_careful_walk_from_home_finds_every_report(seed: int) -> None:
    walks = walked(seed)
    for p, _ in world(seed):
        w = walks[p.key]
        fetched = {url_key(u): d for u, d in w.depth.items() if w.status.get(u) == 200}
        for r in p.reports:
            missing = [u for u in r.urls if url_key(u) not in fetched]
            assert not missing, (p.key, r.where, missing)
            assert max(fetched[url_key(u)] for u in r.urls) <= county.MAX_DEPTH, (p.key, r.where)
        assert not {url_key(u) for u in p.never} & set(fetched)
        assert w.requests <= 1500, (p.key, w.requests)
        for u in p.lookalikes:
            assert url_key(u) in fetched, (p.key, u)


def test_depths_span_three_to_nine() -> None:
    deepest = []
    for p, _ in world(1):
        w = walked(1)[p.key]
        depth = {url_key(u): d for u, d in w.depth.items()}
        deepest += [max(depth[url_key(u)] for u in r.urls) for r in p.reports]
    assert min(deepest) <= 3 and max(deepest) == county.MAX_DEPTH
    assert sum(1 for d in deepest if d >= 8) >= 10


def test_nothing_else_looks_like_a_report() -> None:
    """Every fetched page titled like an annual report (a year and 年度报告/年报 in its h1) is an
    expected report or a listed look-alike."""
    for p, _ in world(1):
        w = walked(1)[p.key]
        known = {url_key(u) for r in p.reports for u in r.urls} | {url_key(u) for u in p.lookalikes}
        for url, (ctype, body) in w.bodies.items():
            if not ctype.startswith("text/html") or url_key(url) in known:
                continue
            charset = re.search(r"charset=([\w-]+)", ctype).group(1)
            h1 = re.search(r"<h1>(.*?)</h1>", body.decode(charset, "replace"))
            if h1 and re.search(r"(\d{4}|[〇一二三四五六七八九]{4}|[０-９]{4}).*(年度报告|年报|工作报告)", h1.group(1)):
                raise AssertionError((p.key, url, h1.group(1)))


def test_dead_links_and_noise_are_there() -> None:
    portals = world(1)
    assert sum(len(m["dead"]) for _, m in portals) >= 10
    assert sum(len(v) for _, m in portals for v in m["flaky"].values()) >= 5
    slow = [t for _, m in portals for v in m["slow"].values() for t in v.values()]
    assert len(slow) >= 3 and max(slow) <= 3
    for p, _ in portals:
        home = p.sites[urlsplit(p.home).hostname].files["/index.html"]
        assert len(re.findall(rb'href="', home)) >= 100, p.key
        assert re.search(rb'href="https?://www\.gov\.cn/', home), p.key  # other governments

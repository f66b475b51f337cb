"""Self-checks of the outer world (`tests/crawler/world/outer.py`), without crawling: it is
deterministic, varied, fair to a crawler that obeys robots.txt and starts from home pages, its
traps behave as named, and every expected report can be reached by a small walker within the
request budget, three to nine clicks from the home page."""

from __future__ import annotations

import hashlib
import http.client
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from urllib.parse import urlsplit

import pytest
from protego import Protego

from tests.crawler.world import Portal, World, outer, url_key
from tests.crawler.world.outer_walk import UA, registrable, walk

BUDGET = 1500
FORMS = {"html", "pdf", "docx", "xlsx", "xls", "wps", "doc", "ofd", "bare", "scan", "multipage", "object",
         "embed", "pdfjs", "download", "post", "gbkname", "base", "onclick", "notice"}
MAGIC = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "ofd": b"PK\x03\x04",
         "doc": b"\xd0\xcf\x11\xe0", "wps": b"\xd0\xcf\x11\xe0", "xls": b"\xd0\xcf\x11\xe0", "jpg": b"\xff\xd8\xff",
         "png": b"\x89PNG"}


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with World.build(outer, 1) as w:
        yield w


@lru_cache(maxsize=4)
def portals_of(seed: int) -> tuple[Portal, ...]:
    return tuple(outer.generate(seed, 8000))


def digest(portals: tuple[Portal, ...] | list[Portal]) -> str:
    h = hashlib.sha256()
    for p in portals:
        h.update(f"{p.key}|{p.family}|{p.home}|{sorted(p.never)}|{sorted(p.lookalikes)}|{p.traps}".encode())
        for r in sorted(p.reports, key=lambda r: sorted(r.urls)):
            h.update(f"{r.agency}|{r.year}|{sorted(r.urls)}|{r.where}".encode())
        for host in sorted(p.sites):
            site = p.sites[host]
            for path in sorted(site.files):
                h.update(f"{host}{path}".encode() + hashlib.sha256(site.files[path]).digest())
    return h.hexdigest()


def fetch(port: int, url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    p = urlsplit(url)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    conn.request(method, (p.path or "/") + (f"?{p.query}" if p.query else ""),
                 body=b"" if method == "POST" else None,
                 headers={"Host": f"{p.hostname}:{port}", "User-Agent": UA})
    r = conn.getresponse()
    out = r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    conn.close()
    return out


def get(port: int, url: str) -> tuple[int, dict[str, str], bytes]:
    """GET (once more after a 500: one page fails once); POST where GET is refused (a
    download form's action)."""
    status, headers, body = fetch(port, url)
    if status >= 500:
        status, headers, body = fetch(port, url)
    if status == 405:
        status, headers, body = fetch(port, url, "POST")
    return status, headers, body


def form_of(where: str) -> str:
    return where.rsplit(", ", 1)[-1].split("/")[0]


def test_same_seed_same_bytes_other_seeds_differ() -> None:
    first = digest(portals_of(1))
    assert digest(outer.generate(1, 8000)) == first
    assert digest(portals_of(2)) != first
    assert digest(portals_of(3)) not in (first, digest(portals_of(2)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_good_mix(seed: int) -> None:
    portals = portals_of(seed)
    reports = [r for p in portals for r in p.reports]
    assert 15 <= len(portals) <= 20
    assert 400 <= len(reports) <= 800
    kinds = Counter(p.key.split("-", 2)[2] for p in portals)
    assert set(kinds) == set(outer.KINDS), kinds
    families = {f for p in portals for f in p.family.split("+")}
    assert {"dede", "phpcms", "ecms", "siteserver", "api", "tabs", "asp", "openness"} <= families
    forms = Counter(form_of(r.where) for r in reports)
    assert FORMS <= set(forms), FORMS - set(forms)
    downloads = {r.where.rsplit(", ", 1)[-1] for r in reports if form_of(r.where) == "download"}
    assert "download/none" in downloads and len(downloads) >= 3, downloads
    assert sum(1 for r in reports if "bare-year title" in r.where) >= 20
    assert sum(1 for r in reports if "predecessor name" in r.where) >= 20
    years = Counter(r.year for r in reports)
    assert min(years) == 2008 and max(years) == 2025 and len(years) == 18, years
    assert sum(1 for r in reports if len(r.urls) > 1) >= len(reports) // 3
    traps = Counter(t for p in portals for t in p.traps)
    assert {"calendar", "endless-page", "tag-search", "session-id", "tracking", "soft-404",
            "dead-links", "500-once", "slow"} <= set(traps), traps
    assert sum(len(p.never) for p in portals) >= 10
    assert sum(len(p.lookalikes) for p in portals) >= 200
    assert all(p.reports and p.lookalikes for p in portals)
    assert all(r.where and r.agency and form_of(r.where) in FORMS for r in reports)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hosts_unique_and_each_portal_in_one_domain(seed: int) -> None:
    seen: dict[str, str] = {}
    domains: dict[str, str] = {}
    for p in portals_of(seed):
        doms = {registrable(h) for h in p.sites}
        assert len(doms) == 1, (p.key, doms)
        dom = doms.pop()
        assert dom.endswith(".gov.cn") and dom not in domains, (p.key, domains.get(dom))
        domains[dom] = p.key
        assert urlsplit(p.home).hostname in p.sites
        for host in p.sites:
            assert host not in seen, (host, p.key, seen.get(host))
            seen[host] = p.key
        for r in p.reports:
            for u in r.urls:
                parts = urlsplit(u)
                assert parts.hostname in p.sites and parts.port == 8000, u
        expected = {url_key(u) for r in p.reports for u in r.urls}
        assert not expected & {url_key(u) for u in p.lookalikes | p.never}, p.key
        assert len(expected) == sum(len(r.urls) for r in p.reports), p.key  # no URL shared


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_robots_forbid_never_and_allow_expected(seed: int) -> None:
    for p in portals_of(seed):
        robots = {h: Protego.parse(s.files["/robots.txt"].decode()) for h, s in p.sites.items()}
        for u in p.never:
            assert not robots[urlsplit(u).hostname or ""].can_fetch(u, UA), u
        for r in p.reports:
            for u in r.urls:
                assert robots[urlsplit(u).hostname or ""].can_fetch(u, UA), u
        assert robots[urlsplit(p.home).hostname or ""].can_fetch(p.home, UA)


def test_every_expected_url_answers_200_with_what_it_claims(world: World) -> None:
    port = world.server.port
    urls = sorted({u for p in world.portals for r in p.reports for u in r.urls}
                  | {u for p in world.portals for u in p.lookalikes})
    with ThreadPoolExecutor(8) as pool:
        answers = dict(zip(urls, pool.map(lambda u: get(port, u), urls), strict=True))
    bad = {u: a[0] for u, a in answers.items() if a[0] != 200}
    assert not bad, list(bad.items())[:10]
    for p in world.portals:
        for r in p.reports:
            for u in r.urls:
                _, headers, body = answers[u]
                ext = urlsplit(u).path.rsplit(".", 1)[-1].lower()
                if ext in MAGIC:
                    assert body.startswith(MAGIC[ext]), (u, body[:8])
                elif "html" in headers.get("content-type", ""):
                    text = body.decode("gb18030" if b"gb2312" in body[:400] else "utf-8", "replace")
                    assert str(r.year) in text, (u, r.where)
                else:  # a download script: the file itself, sniffable
                    assert any(body.startswith(m) for m in MAGIC.values()), (u, body[:8])


def test_files_open_as_what_their_names_say() -> None:
    import io
    import zipfile

    import docx
    import openpyxl
    import pypdfium2
    import xlrd
    from PIL import Image

    from tests.crawler.world.outer_kit import site_key
    seen: Counter[str] = Counter()
    for p in portals_of(1):
        for r in p.reports:
            for u in sorted(r.urls):
                parts = urlsplit(u)
                ext = parts.path.rsplit(".", 1)[-1].lower()
                if ext not in MAGIC or seen[ext] >= 3:
                    continue
                seen[ext] += 1
                data = p.sites[parts.hostname or ""].files[site_key(parts.path, parts.query)]
                year = str(r.year)
                if ext == "pdf":
                    pdf = pypdfium2.PdfDocument(data)
                    assert year in pdf[0].get_textpage().get_text_range(), u
                elif ext == "docx":
                    assert year in docx.Document(io.BytesIO(data)).paragraphs[0].text, u
                elif ext == "xlsx":
                    assert year in str(openpyxl.load_workbook(io.BytesIO(data)).active["A1"].value), u
                elif ext == "xls":
                    assert year in xlrd.open_workbook(file_contents=data).sheet_by_index(0).cell_value(0, 0)
                elif ext in ("doc", "wps"):
                    assert year.encode("utf-16-le") in data, u
                elif ext == "ofd":
                    z = zipfile.ZipFile(io.BytesIO(data))
                    assert "OFD.xml" in z.namelist() and year in z.read("Doc_0/Pages/Page_0/Content.xml").decode()
                else:
                    assert Image.open(io.BytesIO(data)).size[0] > 100, u
    assert set(seen) == set(MAGIC), seen


def check_traps(port: int, p: Portal) -> None:
    for host, site in p.sites.items():
        enc = "gbk" if site.charset.lower().startswith("gb") else "utf-8"  # type: ignore[attr-defined]
        for key in sorted(site.fail_once):  # type: ignore[attr-defined]
            assert fetch(port, f"http://{host}:{port}{key}")[0] == 500
            assert fetch(port, f"http://{host}:{port}{key}")[0] == 200
        for key, secs in site.slow.items():  # type: ignore[attr-defined]
            t = time.monotonic()
            assert fetch(port, f"http://{host}:{port}{key}")[0] == 200
            assert 0.2 < time.monotonic() - t < 2.0 and secs < 1.5
        for prefix in site.soft404:  # type: ignore[attr-defined]
            status, _, body = fetch(port, f"http://{host}:{port}{prefix}gone/index.html")
            assert status == 200 and "页面不存在" in body.decode(enc), (host, prefix)
    home_host = urlsplit(p.home).hostname
    assert fetch(port, f"http://{home_host}:{port}/wsdc/index.html")[0] == 404  # a dead link
    far = dict(n.split(": ", 1) for n in p.notes.split("; ") if n.split(": ", 1)[0] in p.traps)
    assert len(far) == len({"calendar", "endless-page", "tag-search"} & set(p.traps)), p.key
    for name, url in far.items():  # the far end of an endless trap answers and leads on
        status, _, body = fetch(port, url)
        assert status == 200 and b"href=" in body, (p.key, name, url)


def test_traps_behave_as_named(world: World) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda p: check_traps(world.server.port, p), world.portals))


def walk_all(world: World) -> None:
    port = world.server.port
    with ThreadPoolExecutor(8) as pool:
        walks = list(pool.map(lambda p: walk(port, p, BUDGET), world.portals))
    for p, w in zip(world.portals, walks, strict=True):
        missed = [(r.agency, r.year, r.where) for r in p.reports
                  if not all(url_key(u) in w.ok for u in r.urls)]
        assert not missed, (p.key, w.requests, missed[:5])
        assert w.requests <= BUDGET, (p.key, w.requests)
        assert not {url_key(u) for u in p.never} & w.ok, p.key
        deep = [(r.where, max(w.depth[url_key(u)] for u in r.urls)) for r in p.reports]
        assert all(3 <= d <= 9 for _, d in deep), (p.key, [x for x in deep if not 3 <= x[1] <= 9][:5])


def test_a_reference_walker_finds_every_report(world: World) -> None:
    walk_all(world)


@pytest.mark.parametrize("seed", [2, 3])
def test_a_reference_walker_finds_every_report_of_other_seeds(seed: int) -> None:
    with World.build(outer, seed) as w:
        walk_all(w)

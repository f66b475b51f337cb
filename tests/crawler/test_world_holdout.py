"""Self-checks of the held-out world (`tests/crawler/world/holdout.py`). No crawler runs here:
the world is generated, served, and read by its own reference reader."""

from __future__ import annotations

import functools
import hashlib
import http.client
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from protego import Protego

from crawler.sample_portal.server import Hit
from tests.crawler.world import Portal, World, holdout, url_key
from tests.crawler.world import holdout_kit as kit
from tests.crawler.world.holdout_oracle import read

PORT = 18431
SEEDS = (1, 2, 3)


@functools.cache
def world(seed: int) -> tuple[Portal, ...]:
    return tuple(holdout.generate(seed, PORT))


def fingerprint(portals: tuple[Portal, ...] | list[Portal]) -> str:
    """Everything a generation decides: portals, expectations, and every byte served."""
    h = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            h.update(repr(part).encode() if not isinstance(part, bytes) else part)

    for p in portals:
        add(p.key, p.family, p.home, sorted(p.never), sorted(p.lookalikes), p.traps, p.notes)
        add(sorted((r.agency, r.year, sorted(r.urls), r.where) for r in p.reports))
        for host in sorted(p.sites):
            site = p.sites[host]
            add(host, sorted(site.routes), sorted(site.ctypes.items()), sorted(site.slow.items()),
                sorted(site.flaky))
            for path in sorted(site.files):
                add(path, site.files[path])
            for path, table in sorted(site.qpages.items()):
                for query in sorted(table):
                    add(path, query, table[query][0], table[query][1])
    return h.hexdigest()


def answer(portal: Portal, url: str):
    parts = urlsplit(url)
    site = portal.sites[parts.hostname]
    hit = Hit("GET", unquote(parts.path or "/"), parts.query, {kit.ORACLE_HEADER: "1"})
    reply = site.answer(hit, b"")
    if reply.status == 500:
        reply = site.answer(hit, b"")
    return reply


def robots_for(portal: Portal, host: str) -> Protego | None:
    site = portal.sites[host]
    body = site.files.get("/robots.txt")
    if body is None:
        return None
    return Protego.parse(body.decode("utf-8", "replace"))


# ------------------------------------------------------------------ determinism

def test_same_seed_same_world_other_seeds_differ() -> None:
    t = time.monotonic()
    again = holdout.generate(1, PORT)
    assert time.monotonic() - t < 20
    assert fingerprint(world(1)) == fingerprint(again)
    assert fingerprint(world(1)) != fingerprint(world(2)) != fingerprint(world(3))
    hosts = [set().union(*(p.sites for p in world(s))) for s in SEEDS]
    assert not hosts[0] & hosts[1] and not hosts[1] & hosts[2]


def test_same_world_in_another_process() -> None:
    """No dependence on str hashing or set order: a fresh interpreter with another
    PYTHONHASHSEED builds the same bytes."""
    code = ("from tests.crawler.test_world_holdout import fingerprint, PORT\n"
            "from tests.crawler.world import holdout\n"
            "print(fingerprint(holdout.generate(1, PORT)))")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)},
                         check=True, timeout=120)
    assert out.stdout.strip() == fingerprint(world(1))


def test_file_makers_are_deterministic() -> None:
    """The cached makers, called afresh twice, give the same bytes (fixed dates, invariant
    PDFs, rewritten ZIP entries)."""
    lines = kit.report_lines("测试县人民政府", 2023, "测试县人民政府2023年政府信息公开工作年度报告")
    title = lines[0]
    for maker, args in [(kit._pdf_bytes, (title, tuple(lines))),
                        (kit._scanned_pdf, (title, tuple(lines))),
                        (kit._scan_images, (tuple(lines), "JPEG", 2)),
                        (kit._docx_bytes, (title, "测试县人民政府", 2023, "")),
                        ]:
        assert maker.__wrapped__(*args) == maker.__wrapped__(*args), maker
    assert kit.xlsx_bytes(title, "测试县人民政府", 2023) == kit.xlsx_bytes(title, "测试县人民政府", 2023)
    assert kit.table_image("表", [["a", "b"]]) == kit.table_image("表", [["a", "b"]])
    assert kit.zip_bytes({"a.pdf": b"x"}) == kit.zip_bytes({"a.pdf": b"x"})


# ------------------------------------------------------------------ the mix

@pytest.mark.parametrize("seed", SEEDS)
def test_a_good_mix(seed: int) -> None:
    portals = world(seed)
    assert 15 <= len(portals) <= 20
    assert len({p.family for p in portals}) == len(portals)
    reports = [r for p in portals for r in p.reports]
    assert 300 <= len(reports) <= 620, len(reports)
    assert all(p.reports for p in portals)
    assert {r.year for r in reports} >= set(range(2008, 2025))
    kinds: Counter[str] = Counter()
    for r in reports:
        for u in r.urls:
            tail = urlsplit(u).path.rsplit("/", 1)[-1]
            ext = tail.rsplit(".", 1)[-1].lower() if "." in tail else ""
            if ext in ("pdf", "docx", "xlsx", "zip", "jpg", "png"):
                kinds[ext] += 1
            elif urlsplit(u).query and ext in ("jsp", "aspx", "jspx", "php", "asp", ""):
                kinds["script-or-query"] += 1
            else:
                kinds["page"] += 1
        if len(r.urls) == 1 and urlsplit(next(iter(r.urls))).path.endswith((".pdf", ".docx")):
            kinds["file-only report"] += 1
        if len(r.urls) >= 3:
            kinds["page+several files"] += 1
    for kind, least in [("pdf", 80), ("docx", 10), ("xlsx", 2), ("jpg", 10), ("png", 5),
                        ("zip", 1), ("script-or-query", 60), ("page", 200),
                        ("file-only report", 8), ("page+several files", 15)]:
        assert kinds[kind] >= least, (kind, kinds)
    assert sum(len(p.lookalikes) for p in portals) >= 80
    assert sum(len(p.never) for p in portals) >= 20
    traps = {t for p in portals for t in p.traps}
    assert traps >= {"calendar", "search", "jsessionid", "session-in-path", "page",
                     "tracking-params"}
    gbk = [p for p in portals for s in p.sites.values()
           for ct in getattr(s, "ctypes", {}).values() if "gb" in ct.lower() or ct == "text/html"]
    assert gbk
    wheres = " ".join(r.where for r in reports)
    for feature in ("renamed agency", "notice", "sitemap", "Chinese file name", "count down",
                    "no extension", "__NUXT__", "jump menu", "layui", "prefecture platform"):
        assert feature in wheres, feature


@pytest.mark.parametrize("seed", SEEDS)
def test_titles_take_every_form(seed: int) -> None:
    pages = b"".join(f for p in world(seed) for s in p.sites.values() for f in s.files.values()
                     if f[:15].lower().startswith((b"<!doctype", b"<html")))
    text = pages.decode("utf-8", "replace") + pages.decode("gbk", "replace")
    assert re.search(r"<title>(?:19|20)\d\d年(?:年报|度报告)-", text)  # bare titles
    assert re.search("[０-９]{4}年", text)
    assert re.search("二〇[一二]", text)
    assert "关于" in text and "年度报告的通知" in text


# ------------------------------------------------------------------ robots.txt and hosts

@pytest.mark.parametrize("seed", SEEDS)
def test_robots_forbid_never_and_allow_expected(seed: int) -> None:
    for p in world(seed):
        for url in p.never:
            host = urlsplit(url).hostname
            rules = robots_for(p, host)
            assert rules is not None and not rules.can_fetch(url, "nianbao"), url
        for r in p.reports:
            for url in r.urls:
                rules = robots_for(p, urlsplit(url).hostname)
                assert rules is None or rules.can_fetch(url, "nianbao"), url
        expected = {url_key(u) for r in p.reports for u in r.urls}
        assert not expected & {url_key(u) for u in p.never | p.lookalikes}, p.key


@pytest.mark.parametrize("seed", SEEDS)
def test_host_names(seed: int) -> None:
    hosts = [h for p in world(seed) for h in p.sites]
    assert len(hosts) == len(set(hosts))
    for p in world(seed):
        assert urlsplit(p.home).hostname in p.sites
        assert urlsplit(p.home).port == PORT
        for h in p.sites:
            assert re.fullmatch(r"(?:[a-z0-9-]+\.)+gov\.cn", h), h
        for r in p.reports:
            for u in r.urls:
                assert urlsplit(u).hostname in p.sites and urlsplit(u).port == PORT, u


# ------------------------------------------------------------------ fairness and cost

@pytest.mark.parametrize("seed", SEEDS)
def test_every_report_is_reachable_from_the_home_page(seed: int) -> None:
    """The reference reader, from the home page alone and obeying robots.txt, fetches every
    expected URL, never a forbidden one, in well under 1,500 requests per portal."""
    for p in world(seed):
        reading = read(p)
        missing = [u for r in p.reports for u in r.urls if not reading.ok(u)]
        assert not missing, (p.key, missing[:5])
        assert not [u for u in p.never if url_key(u) in reading.fetched], p.key
        assert reading.requests <= 1500, (p.key, reading.requests)


def test_expected_files_are_what_they_say() -> None:
    for p in world(1):
        for r in p.reports:
            for url in r.urls:
                reply = answer(p, url)
                assert reply.status == 200, url
                body = reply.body
                path = urlsplit(url).path.lower()
                if path.endswith(".pdf"):
                    assert body.startswith(b"%PDF"), url
                elif path.endswith((".docx", ".xlsx", ".zip")):
                    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
                    assert names, url
                elif path.endswith(".jpg"):
                    assert body.startswith(b"\xff\xd8"), url
                elif path.endswith(".png"):
                    assert body.startswith(b"\x89PNG"), url
                elif "Content-Disposition" in reply.headers:
                    assert body[:4] in (b"%PDF", b"PK\x03\x04"), url
                else:
                    assert "html" in reply.content_type, url
                    text = body.decode("gbk" if b"gb2312" in body[:400] or "gb" in
                                       reply.content_type else "utf-8")
                    assert any(y in text for y in (str(r.year), kit.cn_year(r.year), kit.fw(str(r.year)))), url
                    assert r.agency in text, (url, r.agency)


def test_expected_urls_answer_200_over_http() -> None:
    with World.build(holdout, seed=1) as w:
        urls = sorted({u for p in w.portals for r in p.reports for u in r.urls})

        def fetch(url: str) -> tuple[str, int]:
            parts = urlsplit(url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            for _ in range(2):  # one page answers 500 once
                conn = http.client.HTTPConnection("127.0.0.1", w.server.port, timeout=10)
                try:
                    conn.request("GET", target, headers={"Host": f"{parts.hostname}:{parts.port}"})
                    resp = conn.getresponse()
                    resp.read()
                    status = resp.status
                finally:
                    conn.close()
                if status != 500:
                    break
            return url, status

        with ThreadPoolExecutor(8) as pool:
            bad = [(u, s) for u, s in pool.map(fetch, urls) if s != 200]
        assert not bad, bad[:5]
        assert len(urls) > 500

"""Self-checks of the `province` world (tests/crawler/world/province*.py), no crawler involved:
it is deterministic (also across processes) and seeds differ; seeds 1-3 hold a good mix of
portals, CMSs, report forms, title forms, look-alikes and traps; robots.txt forbids every
`never` URL and no expected one; every expected URL answers 200 from a running world; host
names are unique; and a small reference walker (`province_walk`) starting at each home page,
obeying robots.txt and following only what the pages show, reaches every expected URL within
1,500 requests."""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from protego import Protego

from crawler.sample_portal.server import Hit
from tests.crawler.world import Portal, World, province, url_key
from tests.crawler.world.province_walk import domain_of, in_process, over_http, walk

PORT = 8931
ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=4)
def world(seed: int) -> tuple[Portal, ...]:
    return tuple(province.generate(seed, PORT))


def fingerprint(portals: list[Portal] | tuple[Portal, ...]) -> str:
    """A digest of everything a world serves: files, routes, expected reports, never URLs,
    look-alikes, and the bodies of routed report pages (slow and 500-once ones excepted)."""
    h = hashlib.sha256()
    for p in portals:
        h.update(f"{p.key}|{p.family}|{p.home}|{sorted(p.traps)}|{p.notes}\n".encode())
        for host in sorted(p.sites):
            site = p.sites[host]
            for path in sorted(site.files):
                h.update(f"{host}{path} ".encode() + hashlib.sha256(site.files[path]).digest())
            h.update(repr(sorted(site.routes)).encode())
            h.update(repr(sorted(k for k, _ in getattr(site, "prefix_routes", []))).encode())
        for r in sorted(p.reports, key=lambda r: sorted(r.urls)):
            h.update(f"{r.agency}|{r.year}|{sorted(r.urls)}|{r.where}\n".encode())
        h.update(repr(sorted(p.never)).encode() + repr(sorted(p.lookalikes)).encode())
        fetch = in_process(p)
        for r in p.reports:
            if "slow" in r.where or "500 once" in r.where:
                continue
            for u in sorted(r.urls):
                path = urlsplit(u).path
                if unquote(path) not in p.sites[urlsplit(u).hostname or ""].files:
                    status, _, body, ctype = fetch("GET", u, b"")
                    h.update(f"{u} {status} {ctype} ".encode() + hashlib.sha256(body).digest())
    return h.hexdigest()


# ------------------------------------------------------------------ determinism

def test_same_seed_same_world_and_other_seeds_differ() -> None:
    a = fingerprint(world(1))
    assert fingerprint(province.generate(1, PORT)) == a
    assert fingerprint(world(2)) != a
    assert {h for p in world(1) for h in p.sites} != {h for p in world(2) for h in p.sites}


def test_same_seed_same_world_across_processes() -> None:
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from tests.crawler.world import province\n"
            "from tests.crawler.test_world_province import fingerprint, PORT\n"
            "print(fingerprint(province.generate(1, PORT)))\n")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=120, check=True).stdout.strip()
    assert out == fingerprint(world(1))


# ------------------------------------------------------------------------- mix

def all_text(portals: tuple[Portal, ...]) -> str:
    out = []
    for p in portals:
        for site in p.sites.values():
            for path, data in site.files.items():
                if path.endswith((".html", ".shtml", ".htm", ".jhtml", "/")) or \
                        "." not in path.rsplit("/", 1)[-1]:
                    ctype = getattr(site, "ctypes", {}).get(path, "")
                    out.append(data.decode("gbk" if "gb" in ctype else "utf-8", "replace"))
    return "\n".join(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_good_mix(seed: int) -> None:
    portals = world(seed)
    reports = [r for p in portals for r in p.reports]
    assert 14 <= len(portals) <= 20
    assert 300 <= len(reports) <= 720
    assert all(p.reports for p in portals)
    families = Counter(p.family for p in portals)
    assert {"trs", "hanweb", "gkmlpt", "anhui", "vsb", "aspnet", "uuidcols", "jyh"} \
        <= set(families), families
    kinds = Counter(p.key.split("-")[0] for p in portals)
    assert {"gov_topic", "city_hanweb", "city_platform", "city_gd", "county_tree",
            "county_anhui", "county_oldnew", "county_vsb", "dept"} <= set(kinds)
    assert any(p.key.startswith("gov_topic") and len(p.sites) >= 3 for p in portals)
    forms = Counter(f for r in reports for m in re.findall(r"\[(.*)\]", r.where)
                    for f in m.split(", "))
    for form in ("text", "pdf", "text_pdf", "only", "scan", "images", "docx", "docx_xlsx",
                 "zip", "doc", "script", "onclick", "viewer"):
        assert forms[form], (form, forms)
    assert forms["embed"] + forms["object"] and forms["lazy"] + forms["frame"], forms
    traps = Counter(t for p in portals for t in p.traps)
    for t in ("session", "page", "search", "tracking", "robots-never", "duplicate-urls",
              "dead-links"):
        assert traps[t], (t, traps)
    assert traps["slow"] and traps["500-once"] and traps["sitemap-only"] + traps["calendar"]
    assert sum(len(p.never) for p in portals) >= 3
    assert sum(len(p.lookalikes) for p in portals) >= 60
    assert any(b"Sitemap:" in s.files.get("/robots.txt", b"") for p in portals
               for s in p.sites.values())
    text = all_text(portals)
    assert re.search(r"[０-９]{4}年", text)  # full-width digits
    assert re.search(r"[二][〇○][一二][〇○一二三四五六七八九]年", text)  # 二〇一二年
    assert re.search(r">\d{4}年(年报|度报告)<", text)  # bare titles in 年报 columns
    assert re.search(r"关于(公布|印发)", text)
    assert re.search(r"(镇|乡|街道)（\d{4}年度）|(镇|乡|街道)\d{4}年<", text)  # township only
    for marker in ("createPageHTML", "<datastore>", "<FRAMESET", "GKMLPT_CONFIG", "/common/search/",
                   "jsessionid", "viewer.html?file=", "<embed ", "onclick=\"window.open(",
                   "http-equiv=\"refresh\"" if "refresh" in text else "<select"):
        assert marker in text, marker
    for look in ("政府网站工作年度报表", "法治政府建设", "决算", "统计公报", "一图读懂", "工作要点",
                 "政府工作报告", "信息公开指南", "依申请公开政府信息目录"):
        assert look in text, look
    gbk = [p.key for p in portals for s in p.sites.values()
           if any("gb" in c for c in getattr(s, "ctypes", {}).values())]
    assert gbk


# ------------------------------------------------------------------ robots & hosts

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_robots_forbid_never_and_allow_expected(seed: int) -> None:
    for p in world(seed):
        robots = {h: Protego.parse(s.files.get("/robots.txt", b"").decode("utf-8"))
                  for h, s in p.sites.items()}
        for u in p.never:
            host = urlsplit(u).hostname
            assert host in robots, u
            assert not robots[host].can_fetch(u, "nianbao"), u
        expected = [u for r in p.reports for u in r.urls]
        for u in expected:
            assert robots[urlsplit(u).hostname].can_fetch(u, "nianbao"), u
        keys = [url_key(u) for u in expected]
        assert len(keys) == len(set(keys)), "a URL carries two reports"
        assert not set(keys) & {url_key(u) for u in p.lookalikes | p.never}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_host_names(seed: int) -> None:
    portals = world(seed)
    hosts = [h for p in portals for h in p.sites]
    assert len(hosts) == len(set(hosts))
    for p in portals:
        dom = domain_of(urlsplit(p.home).hostname or "")
        assert all(h == dom or h.endswith("." + dom) for h in p.sites), p.key
        assert all(h.endswith(".gov.cn") and not h.endswith(".invalid") for h in p.sites)
        assert urlsplit(p.home).port == PORT
        for r in p.reports:
            for u in r.urls:
                assert urlsplit(u).port == PORT and urlsplit(u).hostname in p.sites, u
    doms = [domain_of(urlsplit(p.home).hostname or "") for p in portals]
    assert len(doms) == len(set(doms)), "two portals share a registered domain"


# ------------------------------------------------------------- a running world

def test_every_expected_url_answers_200_from_a_running_world() -> None:
    with World.build(province, 1) as w:
        port = w.server.port

        def get(u: str) -> tuple[str, int]:
            p = urlsplit(u)
            for _ in range(2):  # a 500-once page answers on the second try
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", p.path + (f"?{p.query}" if p.query else ""),
                             headers={"Host": p.netloc})
                r = conn.getresponse()
                r.read()
                conn.close()
                if r.status < 500:
                    return u, r.status
            return u, r.status
        urls = [u for p in w.portals for r in p.reports for u in r.urls]
        with ThreadPoolExecutor(16) as ex:
            bad = [(u, s) for u, s in ex.map(get, urls) if s != 200]
        assert not bad, bad[:5]
        # the walker through the sockets too, on the portals that need POSTs and JSON
        chosen = [p for p in w.portals if p.family in ("hanweb", "gkmlpt", "uuidcols", "aspnet")]
        with ThreadPoolExecutor(8) as ex:
            check_walks(list(ex.map(lambda p: (p, walk(p, over_http(port))), chosen)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_reference_walker_finds_every_report(seed: int) -> None:
    portals = world(seed)
    with ThreadPoolExecutor(8) as ex:
        walkers = list(ex.map(lambda p: (p, walk(p, in_process(p))), portals))
    check_walks(walkers)


def check_walks(walkers: list) -> None:
    for p, w in walkers:
        missing = [(url_key(u), r.where) for r in p.reports for u in r.urls
                   if url_key(u) not in w.ok]
        assert not missing, (p.key, w.requests, missing[:5])
        assert w.requests <= 1500, (p.key, w.requests)
        assert not {url_key(u) for u in p.never} & set(w.ok), p.key


def test_a_missing_page_is_404_and_hosts_answer_by_name() -> None:
    p = world(1)[0]
    site = p.sites[urlsplit(p.home).hostname or ""]
    assert site.answer(Hit("GET", "/no/such/page.html", "", {}), b"").status == 404
    assert site.answer(Hit("GET", "/", "", {}), b"").status == 200

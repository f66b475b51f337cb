"""Self-checks of the metro world (`tests/crawler/world/metro.py`), without crawling: it is
deterministic, varied, fair to a crawler that obeys robots.txt and starts from home pages, and
every expected report can be reached by a small walker within the request budget."""

from __future__ import annotations

import hashlib
import http.client
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from urllib.parse import urlsplit

import pytest
from protego import Protego

from tests.crawler.world import Portal, World, metro, url_key
from tests.crawler.world.metro_walk import UA, registrable, walk

BUDGET = 1500


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with World.build(metro, 1) as w:
        yield w


@lru_cache(maxsize=4)
def portals_of(seed: int) -> tuple[Portal, ...]:
    return tuple(metro.generate(seed, 8000))


def digest(portals: tuple[Portal, ...] | list[Portal]) -> str:
    h = hashlib.sha256()
    for p in portals:
        h.update(f"{p.key}|{p.family}|{p.home}|{sorted(p.never)}|{sorted(p.lookalikes)}".encode())
        for r in sorted(p.reports, key=lambda r: sorted(r.urls)):
            h.update(f"{r.agency}|{r.year}|{sorted(r.urls)}|{r.where}".encode())
        for host in sorted(p.sites):
            site = p.sites[host]
            for path in sorted(site.files):
                h.update(f"{host}{path}".encode() + hashlib.sha256(site.files[path]).digest())
    return h.hexdigest()


def get(port: int, url: str) -> tuple[int, bytes]:
    p = urlsplit(url)
    status, body = 0, b""
    for _ in range(2):  # one page answers 500 once
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        conn.request("GET", (p.path or "/") + (f"?{p.query}" if p.query else ""),
                     headers={"Host": f"{p.hostname}:{port}", "User-Agent": UA})
        r = conn.getresponse()
        status, body = r.status, r.read()
        conn.close()
        if status < 500:
            break
    return status, body


def test_same_seed_same_bytes_other_seeds_differ() -> None:
    first = digest(portals_of(1))
    assert digest(metro.generate(1, 8000)) == first
    assert digest(portals_of(2)) != first
    assert digest(portals_of(3)) not in (first, digest(portals_of(2)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_good_mix(seed: int) -> None:
    portals = portals_of(seed)
    reports = [r for p in portals for r in p.reports]
    assert 15 <= len(portals) <= 20
    assert 400 <= len(reports) <= 800
    kinds = Counter(p.key.split("-", 2)[2] for p in portals)
    assert len(kinds) >= 7, kinds
    families = {p.family.split("+")[0] for p in portals}
    assert len(families) >= 6, families
    forms = Counter(r.where.rsplit(", ", 1)[-1].split("/")[0] for r in reports)
    assert len(forms) >= 10, forms
    assert {"bare", "scan", "imgtables", "iframe", "multipage", "notice"} <= set(forms), forms
    years = Counter(r.year for r in reports)
    assert min(years) <= 2009 and max(years) >= 2024
    assert sum(1 for r in reports if len(r.urls) > 1) >= len(reports) // 4
    traps = Counter(t for p in portals for t in p.traps)
    assert len(traps) >= 4, traps
    assert sum(len(p.never) for p in portals) >= 10
    assert sum(len(p.lookalikes) for p in portals) >= 60
    assert all(p.reports for p in portals)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hosts_unique_and_each_portal_in_one_domain(seed: int) -> None:
    seen: dict[str, str] = {}
    domains: dict[str, str] = {}
    for p in portals_of(seed):
        doms = {registrable(h) for h in p.sites}
        assert len(doms) == 1, (p.key, doms)
        dom = doms.pop()
        assert dom not in domains, (p.key, domains.get(dom))
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


def test_robots_forbid_never_and_allow_expected(world: World) -> None:
    for p in world.portals:
        robots = {h: Protego.parse(s.files["/robots.txt"].decode()) for h, s in p.sites.items()}
        for u in p.never:
            assert not robots[urlsplit(u).hostname or ""].can_fetch(u, UA), u
        for r in p.reports:
            for u in r.urls:
                assert robots[urlsplit(u).hostname or ""].can_fetch(u, UA), u


def test_every_expected_url_answers_200(world: World) -> None:
    port = world.server.port
    urls = sorted({u for p in world.portals for r in p.reports for u in r.urls}
                  | {u for p in world.portals for u in p.lookalikes})
    with ThreadPoolExecutor(8) as pool:
        statuses = dict(zip(urls, pool.map(lambda u: get(port, u)[0], urls), strict=True))
    bad = {u: s for u, s in statuses.items() if s != 200}
    assert not bad, list(bad.items())[:10]


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


def test_a_reference_walker_finds_every_report(world: World) -> None:
    walk_all(world)


@pytest.mark.parametrize("seed", [2, 3])
def test_a_reference_walker_finds_every_report_of_other_seeds(seed: int) -> None:
    with World.build(metro, seed) as w:
        walk_all(w)

"""Discovery on a generated world, as a user would check it: from each portal's home page
alone, every annual report is archived, nothing else is taken for one, robots.txt is obeyed,
and a second crawl downloads no unchanged body. One portal of every CMS family (and one with a
trap) of a seed the crawler was not tuned on; `bench/bench_discovery.py` crawls whole worlds."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from crawler.runner import run_crawl
from crawler.sample_portal.server import Reply, Site
from tests.crawler.conftest import FAST
from tests.crawler.world import CRAWL_SETTINGS, Portal, Report, World, county
from tests.crawler.world.county_files import text_pdf
from tests.crawler.world.scoring import archived, registry, score

pytestmark = pytest.mark.slow
SEED = 7


def sample(portals: list[Portal]) -> list[Portal]:
    """The first portal of each family, and the first one with a trap."""
    chosen: dict[str, Portal] = {}
    for p in portals:
        chosen.setdefault(p.family, p)
    trapped = next(p for p in portals if p.traps)
    chosen.setdefault("trap", trapped)
    return list({p.key: p for p in chosen.values()}.values())


def test_a_world_crawled_from_home_pages_alone(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    settings: dict[str, Any] = FAST | CRAWL_SETTINGS | {"DOWNLOAD_TIMEOUT": 8}
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    with World.build(county, SEED) as world:
        portals = sample(world.portals)
        assert len({p.family for p in portals}) >= 5
        reg = tmp_path / "portals.toml"
        registry(portals, reg)
        monkeypatch.setenv("NIANBAO_PORTALS", str(reg))
        first = run_crawl([p.key for p in portals], settings_overrides=settings,
                          progress=False, parallel=4)
        assert first.ok, first.failures
        seen = {p.key: {(h, x.path + (f"?{x.query}" if x.query else ""))
                        for h, x in p.hits() if x.status == 200} for p in portals}
        scores = {p.key: score(p, archived(tmp_path / "data", first.run_ids[p.key]), p.hits())
                  for p in portals}
        for p in portals:
            p.clear_hits()
        second = run_crawl([p.key for p in portals], settings_overrides=settings,
                           progress=False, parallel=4)
        assert second.ok, second.failures
        again = {p.key: score(p, archived(tmp_path / "data", second.run_ids[p.key]), p.hits(),
                              seen[p.key]) for p in portals}
    for key, s in scores.items():
        assert s.found == s.expected, (key, s.missed)
        assert not s.false, (key, s.false)
        assert not s.violations, (key, s.violations)
        assert first.portals[key]["status"] == "finished", first.portals[key]
    for key, s in again.items():
        assert s.found == s.expected, (key, s.missed)
        assert not s.redownloads, (key, s.redownloads)
        assert not s.violations, (key, s.violations)


def two_hosts(seed: int, port: int) -> list[Portal]:
    """A home page whose column of 16 reports lives on a second host, half of them under a
    path that host's robots.txt forbids: every one is requested while its robots.txt is read."""
    items = "".join(
        f'<li><a href="http://xxgk.robots.gov.cn:{port}/{where}/{n}.html">'
        f"示例市第{n}局{2010 + n}年政府信息公开工作年度报告</a></li>"
        for n in range(16) for where in ["nb" if n % 2 else "private"])
    home = f"<html><body><h1>示例市人民政府</h1><ul>{items}</ul></body></html>"
    report = ("<html><body><h1>{t}</h1><p>一、总体情况</p><p>二、主动公开政府信息情况</p>"
              "<p>三、收到和处理政府信息公开申请情况</p></body></html>")
    files = {f"/{where}/{n}.html": report.format(t=f"第{n}局年度报告").encode()
             for n in range(16) for where in ["nb" if n % 2 else "private"]}
    files["/robots.txt"] = b"User-agent: *\nDisallow: /private/\n"
    sites = {"www.robots.gov.cn": Site(files={"/index.html": home.encode(),
                                              "/robots.txt": b"User-agent: *\nDisallow:\n"}),
             "xxgk.robots.gov.cn": Site(files=files)}
    never = {f"http://xxgk.robots.gov.cn:{port}/private/{n}.html" for n in range(0, 16, 2)}
    return [Portal("robots", "plain", f"http://www.robots.gov.cn:{port}/", sites, [], never)]


def test_robots_txt_holds_for_every_request_that_waited_for_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings: dict[str, Any] = FAST | CRAWL_SETTINGS | {
        "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    with World.build(two_hosts, 1) as world:
        (portal,) = world.portals
        registry([portal], tmp_path / "portals.toml")
        monkeypatch.setenv("NIANBAO_PORTALS", str(tmp_path / "portals.toml"))
        run_crawl([portal.key], settings_overrides=settings, progress=False)
        fetched = {(h, x.path) for h, x in portal.hits()}
    assert not {h for h in fetched if h[1].startswith("/private/")}
    assert {("xxgk.robots.gov.cn", f"/nb/{n}.html") for n in range(1, 16, 2)} <= fetched


def aspnet(seed: int, port: int) -> list[Portal]:
    """A county whose 年报 list is an ASP.NET page paged by posting its form back."""
    base = f"http://www.aspnet.gov.cn:{port}"
    per_page, pages = 3, 4
    titles = [f"某县第{n}局{2010 + n}年政府信息公开工作年度报告" for n in range(per_page * pages)]

    def list_page(k: int) -> bytes:
        items = "".join(f'<li><a href="/Content.aspx?id={n}">{titles[n]}</a></li>'
                        for n in range(k * per_page, (k + 1) * per_page))
        pager = "".join(f"<a href=\"javascript:__doPostBack('ctl00$AspNetPager1','{n}')\">{n}</a>"
                        for n in range(1, pages + 1))
        return (f'<html><body><form method="post" action="./List.aspx?cid=7" id="form1">'
                f'<input type="hidden" name="__VIEWSTATE" value="vs{k}"><h2>政府信息公开年报</h2>'
                f"<ul>{items}</ul>{pager}</form></body></html>").encode()

    def route(site: Site, hit: Any, query: dict[str, list[str]], body: bytes) -> Reply:
        form = parse_qs(body.decode())
        if hit.method == "POST" and form.get("__EVENTTARGET") == ["ctl00$AspNetPager1"]:
            return Reply(200, list_page(int(form["__EVENTARGUMENT"][0]) - 1))
        return Reply(200, list_page(0))

    report = ("<html><body><h1>{t}</h1><p>一、总体情况</p><p>二、主动公开政府信息情况</p>"
              "<p>三、收到和处理政府信息公开申请情况</p></body></html>")
    pages_by_id = {str(n): report.format(t=t).encode() for n, t in enumerate(titles)}
    files = {}
    files["/index.html"] = '<a href="/List.aspx?cid=7">政府信息公开年报</a>'.encode()
    files["/robots.txt"] = b"User-agent: *\nDisallow:\n"
    site = Site(files=files)
    site.routes["/List.aspx"] = route
    site.routes["/Content.aspx"] = lambda s, hit, query, body: Reply(
        200, pages_by_id[query["id"][0]], "text/html; charset=utf-8")
    reports = [Report("某县", 2010 + n, frozenset({f"{base}/Content.aspx?id={n}"}))
               for n in range(len(titles))]
    return [Portal("aspnet", "aspx", f"{base}/", {"www.aspnet.gov.cn": site}, reports)]


def test_a_list_paged_by_aspnet_postbacks_is_read_to_its_last_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    with World.build(aspnet, 1) as world:
        (portal,) = world.portals
        registry([portal], tmp_path / "portals.toml")
        monkeypatch.setenv("NIANBAO_PORTALS", str(tmp_path / "portals.toml"))
        summary = run_crawl([portal.key], settings_overrides=FAST | CRAWL_SETTINGS,
                            progress=False)
        result = score(portal, archived(tmp_path / "data", summary.run_ids[portal.key]),
                       portal.hits())
    assert (result.found, result.expected, result.false) == (12, 12, [])


def sitemap_files(seed: int, port: int) -> list[Portal]:
    """A site whose sitemap lists two PDFs no page links and nothing names: an old report
    and a budget. Only the one that prints a report's sections is one."""
    base = f"http://www.smap.gov.cn:{port}"
    report = text_pdf("某局2010年政府信息公开工作年度报告", (
        "一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况",
        "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
        "六、政府信息公开工作存在的主要问题及改进情况"))
    budget = text_pdf("某局2010年部门预算", ("一、部门主要职责", "二、部门预算表", "三、收支总表"))
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
               f'schemas/sitemap/0.9"><url><loc>{base}/lsnb/P020110328824734030030.pdf</loc>'
               f"</url><url><loc>{base}/lsys/P020110330111111111111.pdf</loc></url></urlset>")
    site = Site(files={"/index.html": "<h1>某局</h1><a href='/xwzx/'>新闻</a>".encode(),
                       "/robots.txt": f"User-agent: *\nDisallow:\nSitemap: {base}/sitemap.xml\n"
                       .encode(), "/sitemap.xml": sitemap.encode(),
                       "/lsnb/P020110328824734030030.pdf": report,
                       "/lsys/P020110330111111111111.pdf": budget})
    found = Report("某局", 2010, frozenset({f"{base}/lsnb/P020110328824734030030.pdf"}))
    return [Portal("smap", "plain", f"{base}/", {"www.smap.gov.cn": site}, [found],
                   lookalikes={f"{base}/lsys/P020110330111111111111.pdf"})]


def test_a_file_only_a_sitemap_lists_is_judged_by_what_it_prints(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    with World.build(sitemap_files, 1) as world:
        (portal,) = world.portals
        registry([portal], tmp_path / "portals.toml")
        monkeypatch.setenv("NIANBAO_PORTALS", str(tmp_path / "portals.toml"))
        runs = [run_crawl([portal.key], settings_overrides=FAST | CRAWL_SETTINGS,
                          progress=False) for _ in range(2)]
        results = [score(portal, archived(tmp_path / "data", run.run_ids[portal.key]),
                         portal.hits()) for run in runs]
    for result in results:  # the second crawl, answered 304, judges the files again
        assert (result.found, result.expected, result.false) == (1, 1, [])


def file_host(seed: int, port: int) -> list[Portal]:
    """A department's site (wsjkw.hs.gov.cn) whose report files sit on the province's file
    host (img.hs.gov.cn); it also links another organ's page under a file-like name."""
    img, other = f"http://img.hs.gov.cn:{port}", f"http://jtt.hs.gov.cn:{port}"
    pdf = text_pdf("某省卫生健康委员会2023年政府信息公开工作年度报告", ("一、总体情况",))
    page = ("<html><body><h1>某省卫生健康委员会2023年政府信息公开工作年度报告</h1>"
            f'<p>附件：<a href="{img}/__local/2/5B/86B1403C_1C07.pdf">年度报告.pdf</a></p>'
            "</body></html>")
    home = ('<h1>某省卫生健康委员会</h1><a href="/nb/t1.html">某省卫生健康委员会2023年政府信息公开'
            f'工作年度报告</a><a href="{other}/art/2024/1/5/art_1.html">交通厅年报.pdf</a>')
    robots = b"User-agent: *\nDisallow:\n"
    sites = {"wsjkw.hs.gov.cn": Site(files={"/index.html": home.encode(), "/robots.txt": robots,
                                            "/nb/t1.html": page.encode()}),
             "img.hs.gov.cn": Site(files={"/__local/2/5B/86B1403C_1C07.pdf": pdf,
                                          "/robots.txt": robots}),
             "jtt.hs.gov.cn": Site(files={"/art/2024/1/5/art_1.html": b"<h1>x</h1>",
                                          "/robots.txt": robots})}
    report = Report("某省卫生健康委员会", 2023, frozenset({
        f"http://wsjkw.hs.gov.cn:{port}/nb/t1.html", f"{img}/__local/2/5B/86B1403C_1C07.pdf"}))
    return [Portal("filehost", "vsb", f"http://wsjkw.hs.gov.cn:{port}/", sites, [report])]


def test_files_come_from_a_file_host_of_the_domain_pages_never(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    with World.build(file_host, 1) as world:
        (portal,) = world.portals
        registry([portal], tmp_path / "portals.toml")
        monkeypatch.setenv("NIANBAO_PORTALS", str(tmp_path / "portals.toml"))
        run = run_crawl([portal.key], settings_overrides=FAST | CRAWL_SETTINGS, progress=False)
        result = score(portal, archived(tmp_path / "data", run.run_ids[portal.key]),
                       portal.hits())
        other_hits = [x.path for x in portal.sites["jtt.hs.gov.cn"].hits]
    assert (result.found, result.expected, result.false) == (1, 1, [])
    assert other_hits == []

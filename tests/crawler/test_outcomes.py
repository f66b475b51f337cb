"""A crawl says how it went: a crawl that could fetch nothing, or crawl nothing, or that finds
none of the reports earlier crawls found, fails with one line naming the cause (and withdraws
nothing); traps end by themselves within the budget, with the reason recorded."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.outcome import assess, error_kind
from crawler.runner import CrawlSummary, run_crawl
from crawler.sample_portal.server import Hit, Reply, Site
from tests.crawler.conftest import FAST
from tests.crawler.mockportal import html_page, list_page, report_page

pytestmark = pytest.mark.slow


def crawl(url: str, key: str = "p", **kw: Any) -> CrawlSummary:
    return run_crawl([], urls=[url], url_key=key, progress=False,
                     settings_overrides=FAST | kw.pop("settings", {}), **kw)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_status(home: Path, run_id: int | None) -> tuple[str, dict[str, Any]]:
    con = sqlite3.connect(home / "nianbao.sqlite")
    status, stats = con.execute("select status, stats from crawl_runs where id = ?",
                                (run_id,)).fetchone()
    con.close()
    return status, json.loads(stats)


# ------------------------------------------------------------------ pure verdicts

@pytest.mark.parametrize(("status", "error", "kind"), [
    (None, "ConnectionRefusedError: Connection was refused by other side: 111", "connection refused"),
    (None, "DNSLookupError: DNS lookup failed: no results for hostname lookup: x.invalid.",
     "DNS lookup failed"),
    (None, "TimeoutError: Getting http://x/ took longer than 1.5 seconds.", "timeout"),
    (None, "IgnoreRequest: max redirections reached", "redirect loop"),
    (None, "IgnoreRequest: Forbidden by robots.txt", "forbidden by robots.txt"),
    (500, None, "HTTP 500"),
    (404, None, "HTTP 404"),
])
def test_failed_fetches_are_named_by_kind(status: int | None, error: str | None,
                                          kind: str) -> None:
    assert error_kind(status, error) == kind


def test_only_a_finished_crawl_is_judged() -> None:
    assert assess({}, "shutdown").status == "interrupted"
    assert assess({}, "max_pages").status == "partial"
    assert assess({"nianbao/start_ok": 1, "nianbao/pages_ok": 9, "nianbao/reports": 2,
                   "nianbao/pages": 9}, "finished").status == "finished"


def test_a_spent_budget_or_since_makes_a_partial_run() -> None:
    stats = {"nianbao/start_ok": 1, "nianbao/pages_ok": 9, "nianbao/reports": 2,
             "nianbao/pages": 9}
    assert assess(stats | {"nianbao/budget_exhausted": 9}, "finished").status == "partial"
    assert assess(stats, "finished", since=2022).status == "partial"


def test_no_report_where_there_were_some_is_a_failure() -> None:
    stats = {"nianbao/start_ok": 1, "nianbao/pages_ok": 40, "nianbao/pages": 40,
             "nianbao/reports_before": 12}
    outcome = assess(stats, "finished")
    assert outcome.failed and "earlier crawls found 12" in (outcome.cause or "")
    assert not assess(stats | {"nianbao/reports": 1}, "finished").failed


# ------------------------------------------------------------------ real crawls

def test_connection_refused_fails_with_one_line(home: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    summary = crawl(url, settings={"RETRY_TIMES": 0})
    assert not summary.ok
    assert summary.failures == [f"p: no start URL could be fetched: {url}: connection refused"]
    status, stats = run_status(home, summary.run_ids["p"])
    assert status == "failed" and stats["cause"].endswith("connection refused")


def test_a_redirect_loop_fails(home: Path) -> None:
    def loop(site: Site, hit: Hit, query: Any, body: bytes) -> Reply:
        return Reply(302, b"", headers={"Location": "/a.html" if hit.path == "/" else "/"},
                     validators=False)

    site = Site(files={}, routes={"/": loop, "/a.html": loop})
    url, stop = site.serve()
    try:
        summary = crawl(url)
    finally:
        stop()
    assert len(summary.failures) == 1 and summary.failures[0].endswith(": redirect loop")


def test_robots_forbidding_everything_fails(home: Path) -> None:
    site = Site(files={"/robots.txt": b"User-agent: *\nDisallow: /\n",
                       "/index.html": html_page("首页", "<a href='/xxgk/'>信息公开</a>").encode()})
    url, stop = site.serve()
    try:
        summary = crawl(url)
    finally:
        stop()
    assert summary.failures == [f"p: no start URL could be fetched: {url}: forbidden by robots.txt"]
    assert [h.path for h in site.hits] == ["/robots.txt"]


def test_a_portal_whose_every_page_fails_is_not_crawled(home: Path) -> None:
    def broken(site: Site, hit: Hit, query: Any, body: bytes) -> Reply | None:
        if hit.path in ("/", "/robots.txt"):
            return None
        return Reply(500, b"error", validators=False)

    home_page = list_page("模拟县人民政府", [("政府信息公开年报", "/xxgk/nb/"),
                                       ("部门信息公开", "/bmxxgk/")])
    site = Site(files={"/index.html": home_page.encode()}, routes={"/xxgk/nb/": broken,
                                                                  "/bmxxgk/": broken})
    url, stop = site.serve()
    try:
        summary = crawl(url, settings={"RETRY_TIMES": 0})
    finally:
        stop()
    assert len(summary.failures) == 1
    assert "the portal answered but nothing could be crawled" in summary.failures[0]
    assert "2 HTTP 500" in summary.failures[0]


def test_a_portal_that_had_reports_and_now_has_none_fails_and_withdraws_nothing(
        home: Path) -> None:
    from archive import Archive
    from archive.catalogue.models import Report
    from crawler.sample_portal import EXPECTED_REPORT_PAGES
    from crawler.sample_portal import site as sample_site

    site = sample_site()
    url, stop = site.serve()
    try:
        assert crawl(url).ok
        # the portal is rebuilt: the home page no longer leads anywhere
        site.files["/index.html"] = html_page("示例市人民政府", "<p>网站改版中</p>").encode()
        again = crawl(url)
    finally:
        stop()
    found = len(EXPECTED_REPORT_PAGES)
    assert again.failures == [f"p: no report found, though earlier crawls found {found}: the "
                              "portal may have moved or changed its layout (see the log)"]
    assert run_status(home, again.run_ids["p"])[0] == "failed"
    with Archive.open() as arc, arc.session() as s:
        assert {r.status for r in s.query(Report)} == {"online"}


def test_the_cli_exits_1_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = {"NIANBAO_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-c", "from archive.cli.main import main; main()", "crawl"]
    bad = subprocess.run([*cli, "--url", "not-a-url"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        "nianbao: error: --url 'not-a-url' is not a web address; give a full address such as "
        "https://www.example.gov.cn/"]
    url = f"http://127.0.0.1:{closed_port()}/"
    refused = subprocess.run([*cli, "--url", url], env=env, capture_output=True, text=True,
                             timeout=300)
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr + refused.stdout
    assert refused.stderr.strip().splitlines() == [
        f"nianbao: error: 127-0-0-1-{url.rsplit(':', 1)[1].strip('/')}: no start URL could be "
        f"fetched: {url}: connection refused"]


# ------------------------------------------------------------------ traps and budget

def trap_site() -> tuple[Site, set[str]]:
    """A county portal whose 年报 column sits beside an endless calendar, a list that pages
    forever (?page=N always links N+1, repeating its items) and links carrying a new session
    id on every answer."""
    import itertools

    counter = itertools.count()
    reports = {f"/xxgk/nb/t{n}.html" for n in range(1, 6)}

    def calendar(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        ym = (query.get("ym") or ["2024-05"])[0]
        y, m = (int(x) for x in ym.split("-"))
        nxt, prv = (y + (m // 12), m % 12 + 1), (y - (m == 1), (m - 2) % 12 + 1)
        links = "".join(f"<a href='/hd/rl.jsp?ym={a}-{b:02d}&amp;day={d}'>{d}日</a>"
                        for a, b, d in [(y, m, 1), (y, m, 15)])
        return Reply(200, html_page(f"活动日历 {ym}", links
                                    + f"<a href='/hd/rl.jsp?ym={nxt[0]}-{nxt[1]:02d}'>下一月</a>"
                                    f"<a href='/hd/rl.jsp?ym={prv[0]}-{prv[1]:02d}'>上一月</a>")
                     .encode(), validators=False)

    def endless(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        n = int((query.get("page") or ["1"])[0])
        items = [(f"政策文件{k}", f"/zcwj/t{k}.html") for k in range(1, 6)]
        return Reply(200, list_page(f"政策文件 第{n}页", items,
                                    f"<a href='/zcwj/list.jsp?page={n + 1}'>下一页</a>").encode(),
                     validators=False)

    def session(site: Site, hit: Hit, query: Any, body: bytes) -> Reply:
        sid = f"{next(counter):032X}"
        items = [(f"模拟县第{n}局2024年政府信息公开工作年度报告", f"/xxgk/nb/t{n}.html;jsessionid={sid}")
                 for n in range(1, 6)]
        return Reply(200, list_page("政府信息公开年报", items,
                                    f"<a href='/xxgk/nb/;jsessionid={sid}'>刷新</a>").encode(),
                     validators=False)

    files = {"/index.html": list_page("模拟县人民政府", [
        ("政府信息公开年报", "/xxgk/nb/"), ("活动日历", "/hd/rl.jsp?ym=2024-05"),
        ("政策文件", "/zcwj/list.jsp?page=1")]).encode()}
    files |= {p: report_page(f"模拟县第{p[10]}局2024年政府信息公开工作年度报告").encode()
              for p in reports}
    files |= {f"/zcwj/t{k}.html": html_page(f"政策文件{k}", "<p>文件</p>").encode()
              for k in range(1, 6)}
    return Site(files=files, routes={"/hd/rl.jsp": calendar, "/zcwj/list.jsp": endless,
                                     "/xxgk/nb/": session}), reports


def test_traps_end_by_themselves_with_the_reason_recorded(home: Path) -> None:
    site, reports = trap_site()
    url, stop = site.serve()
    try:
        summary = crawl(url)
    finally:
        stop()
    assert summary.ok, summary.failures
    portal = summary.portals["p"]
    assert portal["status"] == "finished" and not portal["budget_exhausted"]
    assert {rule.rsplit("_", 1)[0] for rule in portal["traps"]} == {"trap.calendar",
                                                                   "trap.list"}
    assert any("traps cut" in note for note in summary.notes)
    assert reports <= {h.path for h in site.hits}
    assert len(site.requested("/hd/")) <= 1 and len(site.requested("/zcwj/list.jsp")) <= 5
    assert len(site.hits) < 40
    assert run_status(home, summary.run_ids["p"])[1]["traps"] == portal["traps"]


def test_a_spent_budget_is_a_partial_run_said_in_a_note(home: Path) -> None:
    from crawler.sample_portal import site as sample_site

    site = sample_site()
    url, stop = site.serve()
    try:
        summary = crawl(url, budget=3)
    finally:
        stop()
    assert summary.ok
    assert summary.portals["p"]["status"] == "partial"
    assert summary.notes[0] == ("p: page budget of 3 spent; the crawl is partial (raise it with "
                                "--budget)")

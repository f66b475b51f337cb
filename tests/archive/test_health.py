"""Crawl health: a portal whose 年报 column changes shape, starts answering 403, or sends a
firewall's challenge page turns unhealthy with the reason, and healthy again by itself when
a later crawl is fine; `nianbao health`, /health and /api/health list it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from scrapy.http import HtmlResponse
from sqlalchemy import select

from archive.catalogue.models import Portal as PortalRow
from archive.core import Archive
from archive.errors import ConfigError
from archive.health import error_share, judge, problems
from crawler.middlewares import challenge_of
from crawler.runner import CrawlSummary, run_crawl
from crawler.sample_portal.server import Hit, Reply, Site
from tests.clirun import nianbao
from tests.crawler.conftest import FAST
from tests.crawler.mockportal import html_page, list_page, report_page

# A 知道创宇 (加速乐) challenge as such firewalls send it: status 521, a script, no text.
JSL_CHALLENGE = (b"<html><body><script>document.cookie=('_')+('_jsl_clearance_s')+('=')+"
                 b"(1733456789)+('|0|')+('abc');location.href=location.pathname</script>"
                 b"</body></html>")


# ------------------------------------------------------------------ verdicts from figures

def test_no_report_where_the_last_good_run_found_some() -> None:
    assert problems({"reports_ok": 0, "requests": 30}, "failed", {"reports_ok": 12}, 3) == [
        "no report found, where run #3 found 12"]


def test_a_run_asked_only_for_recent_years_is_not_held_to_the_earlier_count() -> None:
    assert problems({"reports_ok": 0, "requests": 30}, "partial", {"reports_ok": 12}, 3,
                    since=2024) == []


def test_a_list_adapter_that_no_longer_matches() -> None:
    found = problems({"reports_ok": 2, "requests": 9, "adapters": {"hanweb": 2}}, "finished",
                     {"reports_ok": 9, "adapters": {"trs": 5, "hanweb": 2, "sitemap": 1}}, 4)
    assert found == ["the list pages no longer match the trs adapter (it read 5 page(s) in "
                     "run #4, none now)"]


def test_robots_forbidding_more_than_before_with_fewer_reports() -> None:
    now = {"reports_ok": 1, "requests": 9, "failed": {"forbidden by robots.txt": 6}}
    assert problems(now, "finished", {"reports_ok": 8,
                                      "failed": {"forbidden by robots.txt": 1}}, 2) == [
        "robots.txt now forbids 6 page(s) the crawl wanted (1 in run #2)"]
    # forbidden as before, reports as before: nothing new
    assert problems(now | {"reports_ok": 8}, "finished", {"reports_ok": 8}, 2) == []


def test_challenge_pages_and_failed_requests_past_the_threshold() -> None:
    assert problems({"reports_ok": 5, "requests": 20, "challenge_pages": 3}, "finished",
                    {"reports_ok": 5}, 1) == [
        "3 of 20 answer(s) were firewall or challenge pages"]
    failing = {"reports_ok": 5, "requests": 20, "failed": {"HTTP 403": 7, "HTTP 404": 9}}
    assert problems(failing, "finished", {"reports_ok": 5}, 1) == [
        "7 of 20 requests failed (HTTP 403 ×7)"]
    assert problems(failing, "finished", {"reports_ok": 5}, 1, share=0.5) == []


def test_the_error_share_setting_is_checked() -> None:
    assert error_share({}) == 0.3
    assert error_share({"NIANBAO_HEALTH_ERRORS": "50%"}) == 0.5
    with pytest.raises(ConfigError, match="NIANBAO_HEALTH_ERRORS='lots' is not a share"):
        error_share({"NIANBAO_HEALTH_ERRORS": "lots"})


def test_challenge_pages_are_told_from_pages() -> None:
    def answer(body: bytes, status: int = 200) -> HtmlResponse:
        return HtmlResponse("http://x.gov.cn/", status=status, body=body, encoding="utf-8",
                            headers={"Content-Type": "text/html; charset=utf-8"})

    assert challenge_of(answer(JSL_CHALLENGE, 521)) == "知道创宇"
    assert challenge_of(answer("<title>网站防火墙</title><p>您的访问被阻断</p>".encode(),
                               403)) == "WAF"
    assert challenge_of(answer("<p>当前访问疑似黑客攻击，已被网站管理员设置为拦截</p>".encode())) == "WAF"
    assert challenge_of(answer(report_page("北仑区人民政府2024年政府信息公开工作年度报告")
                               .encode())) is None


# ------------------------------------------------------------------ a portal that changes

class Portal:
    """A 年报 column on 127.0.0.1 with a TRS pager over two pages of reports, which a test
    can reshape, block with 403s or put behind a challenge page."""

    def __init__(self) -> None:
        self.mode = "fine"
        files: dict[str, bytes] = {
            "/robots.txt": b"User-agent: *\nDisallow: /private/\n",
            "/index.html": html_page("模拟县人民政府",
                                     '<a href="/xxgk/ndbg/">政府信息公开年报</a>').encode()}
        self.column = {
            "/xxgk/ndbg/index.html": self.list_of([2024, 2023], 0),
            "/xxgk/ndbg/index_1.html": self.list_of([2022, 2021], 1)}
        for year in (2024, 2023, 2022, 2021):
            files[f"/xxgk/ndbg/t{year}.html"] = report_page(
                f"模拟县人民政府{year}年政府信息公开工作年度报告").encode()
        self.site = Site(files=files | self.column, routes={
            p: self.route for p in [*files, *self.column, "/", "/xxgk/ndbg/"]
            if p != "/robots.txt"})

    @staticmethod
    def list_of(years: list[int], page: int) -> bytes:
        items = [(f"模拟县人民政府{y}年政府信息公开工作年度报告", f"/xxgk/ndbg/t{y}.html")
                 for y in years]
        return list_page("政府信息公开年报", items,
                         f'<script>createPageHTML(2, {page}, "index", "html");</script>').encode()

    def route(self, site: Site, hit: Hit, query: Any, body: bytes) -> Reply | None:
        if self.mode == "challenge":
            return Reply(521, JSL_CHALLENGE, validators=False)
        if self.mode == "403" and hit.path.startswith("/xxgk/ndbg/t"):  # the reports
            return Reply(403, b"<html><body>403 Forbidden</body></html>", validators=False)
        if self.mode == "reshaped" and hit.path in ("/xxgk/ndbg/", "/xxgk/ndbg/index.html"):
            # the column now draws its list from a script the adapters do not know
            return Reply(200, html_page("政府信息公开年报", '<div id="list"></div><script>'
                                        'loadList("/api/v2/ndbg", render);</script>').encode())
        return None


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Portal, str]]:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NIANBAO_DB_URL", raising=False)
    monkeypatch.delenv("NIANBAO_STORE_URL", raising=False)
    monkeypatch.delenv("NIANBAO_NOTIFY", raising=False)
    monkeypatch.delenv("NIANBAO_NOTIFY_FILE", raising=False)
    p = Portal()
    url, stop = p.site.serve()
    yield p, url
    stop()


def crawl(url: str) -> CrawlSummary:
    return run_crawl([], urls=[url], url_key="mock", progress=False, settings_overrides=FAST)


def health() -> list[dict[str, Any]]:
    """What `nianbao health --all --json` prints."""
    home = Path(os.environ["NIANBAO_HOME"])
    done = nianbao(["health", "--all", "--json"], home=home, cwd=home.parent, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def state_after(url: str) -> dict[str, Any]:
    crawl(url)
    [row] = health()
    return row


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "why"), [
    ("reshaped", ["the list pages no longer match the trs adapter (it read ",
                  "page(s) in run #1, none now)", "no report found, where run #1 found 4"]),
    ("403", ["requests failed (HTTP 403 ×4)", "no report found, where run #1 found 4"]),
    ("challenge", ["answer(s) were firewall or challenge pages",
                   "no report found, where run #1 found 4"]),
])
def test_a_portal_turns_unhealthy_and_back(portal: tuple[Portal, str], mode: str,
                                           why: list[str]) -> None:
    site, url = portal
    first = state_after(url)
    assert first["state"] == "healthy" and first["last_good_run"]["reports"] == 4

    site.mode = mode
    ill = state_after(url)
    assert ill["state"] == "unhealthy"
    assert all(part in ill["reason"] for part in why), ill["reason"]
    assert ill["last_run"]["id"] == 2 and ill["last_good_run"]["id"] == 1

    site.mode = "fine"
    well = state_after(url)
    assert well["state"] == "healthy" and well["reason"] is None
    assert well["last_good_run"]["id"] == 3 and well["since"] > ill["since"]


@pytest.mark.slow
def test_health_is_listed_on_the_web_and_in_the_api(portal: tuple[Portal, str]) -> None:
    from archive.web.app import create_app

    site, url = portal
    crawl(url)
    site.mode = "403"
    crawl(url)
    [row] = health()
    assert row["state"] == "unhealthy"
    arc = Archive.open(create=False)
    try:
        client = TestClient(create_app(arc))
        api = client.get("/api/health").json()
        assert api["counts"] == {"unhealthy": 1, "unknown": 0, "healthy": 0}
        assert [i["portal"] for i in api["items"]] == ["mock"]
        assert api["items"][0]["reason"] == row["reason"]
        page = client.get("/health?lang=en").text
        assert 'id="health-mock"' in page and "unhealthy" in page and "HTTP 403" in page
        # judging again without a new run changes nothing
        with arc.session() as s:
            portal_id = s.scalar(select(PortalRow.id).where(PortalRow.key == "mock"))
            again = judge(s, portal_id)
        assert again.state == "unhealthy" and not again.changed
    finally:
        arc.close()

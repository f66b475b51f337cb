"""End-to-end: the spider, the middlewares and the archive pipeline, crawling real HTTP
servers on 127.0.0.1 in a child process (as `nianbao crawl` does), into a real archive."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from crawler.runner import (
    CrawlSummary,
    build_spec,
    follow_child,
    progress_events,
    run_crawl,
    start_child,
)
from crawler.sample_portal import (
    DISTRACTORS,
    EXPECTED_ATTACHMENTS,
    EXPECTED_REPORT_PAGES,
    serve,
)
from tests.crawler.conftest import FAST, fetches, path_of
from tests.crawler.mockportal import (
    EXPECTED_ATTACHMENTS as MOCK_ATTACHMENTS,
)
from tests.crawler.mockportal import (
    EXPECTED_IMAGES,
    EXPECTED_REPORTS,
    NEVER,
    MockPortal,
    add_api_reports,
)

pytestmark = pytest.mark.slow


def crawl(url: str, key: str = "mock", **kw: Any) -> CrawlSummary:
    summary = run_crawl([], urls=[url], url_key=key, settings_overrides=FAST | kw.pop(
        "settings", {}), progress=False, **kw)
    assert summary.ok, (summary.failures, summary.log_file)
    return summary


def by_path(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(path_of(r["url"]), []).append(r)
    return out


# --------------------------------------------------------------------- sample portal

def test_sample_portal_complete_then_incremental(home: Path) -> None:
    from crawler.sample_portal import site as sample_site

    site = sample_site()
    url, stop = site.serve()
    try:
        first = crawl(url, "sample")
        rows = by_path(fetches(home, first.run_ids["sample"]))
        for path in EXPECTED_REPORT_PAGES:
            assert rows[path][0]["role"] == "report", path
            assert json.loads(rows[path][0]["decision"])["is_report"] is True
        for path in EXPECTED_ATTACHMENTS:
            row = rows[path][0]
            assert row["role"] == "attachment" and row["status"] == 200, path
            assert row["parent_url"], path
        assert first.reports == len(EXPECTED_REPORT_PAGES)
        assert first.attachments == len(EXPECTED_ATTACHMENTS)
        requested = {h.path for h in site.hits}
        assert not (requested & DISTRACTORS)
        assert not site.requested("/admin/"), "robots.txt forbids /admin/"
        # Second crawl: every page and file answered 304, list pages read again from the
        # archive, attachments under unchanged pages re-checked; no unchanged body downloaded
        site.hits.clear()
        second = crawl(url, "sample")
        rows2 = by_path(fetches(home, second.run_ids["sample"]))
        for path in EXPECTED_REPORT_PAGES:
            assert rows2[path][0]["status"] == 304 and rows2[path][0]["outcome"] == "not_modified"
        report_hits = [h for h in site.hits if (h.path + (f"?{h.query}" if h.query else ""))
                       in EXPECTED_REPORT_PAGES]
        assert report_hits and all(h.status == 304 for h in report_hits)
        assert all("If-None-Match" in h.headers for h in report_hits)
        # attachments under unchanged pages are re-checked, conditionally: no body downloaded
        leaf_hits = [h for h in site.hits if h.path.endswith((".pdf", ".docx"))
                     or "filename=" in h.query]
        assert {h.path + (f"?{h.query}" if h.query else "") for h in leaf_hits} == \
            EXPECTED_ATTACHMENTS
        assert all(h.status == 304 and "If-None-Match" in h.headers for h in leaf_hits)
        downloaded = [h for h in site.hits if h.status == 200 and h.validators
                      and h.path != "/robots.txt"]
        assert not downloaded
        assert second.lists >= 5 and second.reports == first.reports
        assert {path_of(r["url"]) for r in fetches(home, second.run_ids["sample"])} == \
            {path_of(r["url"]) for r in fetches(home, first.run_ids["sample"])}
    finally:
        stop()


# ----------------------------------------------------------------------- mock portal

@pytest.fixture(scope="module")
def mock_crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    home = tmp_path_factory.mktemp("mock") / "data"
    old = os.environ.get("NIANBAO_HOME")
    os.environ["NIANBAO_HOME"] = str(home)
    portal = MockPortal().start()
    try:
        summary = crawl(portal.url)
        yield portal, summary, by_path(fetches(home, summary.run_ids["mock"]))
    finally:
        portal.stop()
        if old is None:
            os.environ.pop("NIANBAO_HOME", None)
        else:
            os.environ["NIANBAO_HOME"] = old


def test_every_report_attachment_and_scan_image_is_archived(mock_crawl: Any) -> None:
    _, summary, rows = mock_crawl
    missing = {p for p in EXPECTED_REPORTS if p not in rows}
    assert not missing
    for path in EXPECTED_REPORTS:
        assert any(r["role"] == "report" and r["status"] == 200 for r in rows[path]), path
    for path in MOCK_ATTACHMENTS:
        assert rows[path][0]["role"] == "attachment"
        assert path_of(rows[path][0]["parent_url"]) == "/xxgk/ndbg/202503/t20250330_99.html"
    for path in EXPECTED_IMAGES:
        assert rows[path][0]["role"] == "image"
        assert path_of(rows[path][0]["parent_url"]) == "/scan/202503/t20250331_1.html"
    assert "/images/logo.png" not in rows


def test_distractors_and_robots_forbidden_paths_are_never_requested(mock_crawl: Any) -> None:
    portal, _, _ = mock_crawl
    requested = {h.path for h in portal.site.hits}
    assert not (requested & NEVER)
    assert portal.hits("/robots.txt")
    assert not [h for h in portal.site.hits if h.path.startswith("/private/")]


def test_cms_patterns_were_followed(mock_crawl: Any) -> None:
    portal, _, rows = mock_crawl
    posts = [h for h in portal.site.hits if h.path == "/module/web/jpage/dataproxy.jsp"]
    assert posts and all(h.method == "POST" for h in posts)
    assert "/art/2025/1/8/art_77_8.html" in rows  # only reachable through dataproxy.jsp
    assert {"/qp/detail_3.html", "/np/detail_3.html"} <= set(rows)
    assert {"/xxgk/ndbg/index_1.html", "/xxgk/ndbg/index_2.html"} <= set(rows)


def test_gbk_pages_are_read(mock_crawl: Any) -> None:
    _, _, rows = mock_crawl
    decision = json.loads(rows["/gbk/t20250101_1.html"][0]["decision"])
    assert decision["agency"] == "模拟街道办事处" and decision["year"] == 2024


def test_redirects_followed_on_site_refused_off_site(mock_crawl: Any) -> None:
    _, summary, rows = mock_crawl
    old = rows["/old/report.html"][0]
    assert old["status"] == 200 and old["role"] == "report"
    off = rows["/offsite.html"][0]
    assert off["status"] == 302 and "refused" in off["error"]
    assert not [r for r in rows if "offsite.invalid" in r]


def test_failures_are_retried_then_recorded(mock_crawl: Any) -> None:
    portal, _, rows = mock_crawl
    assert len(portal.hits("/flaky/always500.html")) == 1 + FAST["RETRY_TIMES"]
    assert rows["/flaky/always500.html"][0]["status"] == 500
    assert rows["/flaky/once.html"][0]["status"] == 200
    assert len(portal.hits("/flaky/once.html")) == 2
    slow = rows["/slow.html"][0]
    assert slow["status"] is None and "Timeout" in slow["error"]
    huge = rows["/huge.pdf"][0]
    assert huge["status"] is None and huge["error"]


def test_soft_404_is_recorded_as_missing(mock_crawl: Any) -> None:
    _, summary, rows = mock_crawl
    gone = rows["/gone.html"][0]
    assert gone["outcome"] == "missing" and json.loads(gone["decision"])["soft_404"] is True


def test_user_profile_with_a_json_api(home: Path, mock_portal: MockPortal, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    expected = add_api_reports(mock_portal)
    user = tmp_path / "portals.toml"
    user.write_text(f"""[portals.mockapi]
name = "模拟API市"
start_urls = ["{mock_portal.url}news/"]
max_depth = 1
json_api = {{ url = "{mock_portal.url}api/list?page={{page}}", items = "data.list", url_field = "link", title_field = "title" }}
""", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_PORTALS", str(user))
    summary = run_crawl(["mockapi"], settings_overrides=FAST, progress=False)
    assert summary.ok, summary.failures
    rows = by_path(fetches(home, summary.run_ids["mockapi"]))
    assert expected <= set(rows)
    assert {h.query for h in mock_portal.hits("/api/list")} == {"page=1", "page=2", "page=3"}


# ------------------------------------------------------------------------- resume

RESUME_PATHS = ["xxgk/ndbg/", "col/col77/index.html", "qp/list.html?page=1", "np/list1.html",
                "gbk/index.html", "scan/202503/t20250331_1.html"]


def comparable(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((path_of(r["url"]), r["role"], r["status"], r["sha256"]) for r in rows)


@pytest.mark.parametrize("log", ["kept", "lost"])
def test_kill9_then_resume_equals_an_uninterrupted_crawl(tmp_path: Path, log: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed mid-crawl, resumed: the same archive as one clean crawl. With the job's done-log
    lost too, the archive alone tells the resumed crawl what it already holds."""
    slow = FAST | {"DOWNLOAD_DELAY": 0.15, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                   "RANDOMIZE_DOWNLOAD_DELAY": False}
    # the reference: one uninterrupted crawl
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "ref"))
    portal = MockPortal().start()
    try:
        urls = [portal.url + p for p in RESUME_PATHS]
        ref = run_crawl([], urls=urls, url_key="mock", settings_overrides=FAST, progress=False)
        assert ref.ok, ref.failures
        reference = comparable(fetches(tmp_path / "ref", ref.run_ids["mock"]))
    finally:
        portal.stop()
    # the same crawl killed with SIGKILL after a dozen pages, then resumed
    home = tmp_path / "killed"
    monkeypatch.setenv("NIANBAO_HOME", str(home))
    portal = MockPortal().start()
    try:
        urls = [portal.url + p for p in RESUME_PATHS]
        spec = build_spec([], urls=urls, url_key="mock", settings_overrides=slow)
        proc = start_child(spec)
        assert proc.stdout is not None
        for event in progress_events(proc.stdout):
            if event.get("pages", 0) >= 12:
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        killed_at = len(fetches(home))
        assert 0 < killed_at < len(reference)
        if log == "lost":
            (home / "jobs" / "mock" / "done.log").unlink()
        resumed = run_crawl([], urls=urls, url_key="mock", settings_overrides=FAST,
                            resume=True, progress=False)
        assert resumed.ok, resumed.failures
        rows = fetches(home)
        assert {r["run_id"] for r in rows} == {resumed.run_ids["mock"]}  # one run, continued
        assert comparable(rows) == reference  # nothing lost, nothing recorded twice
        leaves = [h for h in portal.site.hits if h.path.endswith((".png", ".pdf"))]
        assert len(leaves) == len({h.path for h in leaves})  # no leaf downloaded twice
    finally:
        portal.stop()


def test_a_crawl_stopped_anywhere_then_resumed_equals_an_uninterrupted_crawl(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped after 4, 8, 12 … pages (past list pages of every CMS: HTML, Hanweb XML, JSON)
    and resumed, the crawl ends with exactly the archive of one uninterrupted crawl."""
    portal = MockPortal().start()
    try:
        urls = [portal.url + p for p in RESUME_PATHS]
        monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "ref"))
        ref = run_crawl([], urls=urls, url_key="mock", settings_overrides=FAST, progress=False)
        reference = comparable(fetches(tmp_path / "ref", ref.run_ids["mock"]))
        for stop_at in range(4, len(reference), 4):
            home = tmp_path / f"stopped-{stop_at}"
            monkeypatch.setenv("NIANBAO_HOME", str(home))
            first = run_crawl([], urls=urls, url_key="mock", settings_overrides=FAST,
                              resume=True, max_pages=stop_at, progress=False)
            assert first.portals["mock"]["reason"] == "max_pages"
            resumed = run_crawl([], urls=urls, url_key="mock", settings_overrides=FAST,
                                resume=True, progress=False)
            assert resumed.ok and resumed.run_ids == first.run_ids
            assert comparable(fetches(home)) == reference, f"stopped after {stop_at} pages"
    finally:
        portal.stop()


def test_progress_events_and_summary(home: Path) -> None:
    url, stop = serve()
    try:
        paced = FAST | {"CONCURRENT_REQUESTS_PER_DOMAIN": 1, "DOWNLOAD_DELAY": 0.1,
                        "RANDOMIZE_DOWNLOAD_DELAY": False}
        spec = build_spec([], urls=[url], url_key="sample", settings_overrides=paced,
                          max_pages=5)
        summary = follow_child(start_child(spec), log_file=spec["settings"]["LOG_FILE"],
                               progress=False)
        assert summary.ok and summary.portals["sample"]["closed"]
        assert summary.portals["sample"]["reason"] == "max_pages"
        assert summary.portals["sample"]["status"] == "partial"
        assert 5 <= summary.pages < 15  # stops early; in-flight requests still finish
        assert "pages" in summary.line() and Path(summary.log_file or "").exists()
    finally:
        stop()


def test_crawls_stopped_at_max_pages_are_partial_and_withdraw_nothing(home: Path) -> None:
    """Reports a --max-pages crawl did not reach are not 'gone from the portal'."""
    from archive import Archive
    from archive.catalogue.models import CrawlRun, Report

    url, stop = serve()
    try:
        assert crawl(url, "sample").ok
        for _ in range(2):
            assert crawl(url, "sample", max_pages=3).ok
    finally:
        stop()
    with Archive.open() as arc, arc.session() as s:
        statuses = [run.status for run in s.query(CrawlRun).order_by(CrawlRun.id)]
        reports = s.query(Report).all()
        assert statuses == ["finished", "partial", "partial"]
        assert reports and {r.status for r in reports} == {"online"}


def test_an_archive_process_that_dies_stops_the_crawl_with_a_clear_failure(home: Path) -> None:
    url, stop = serve()
    try:
        summary = run_crawl([], urls=[url], url_key="sample", progress=False,
                            settings_overrides=FAST | {
                                "NIANBAO_ARCHIVE_FACTORY":
                                    "tests.crawler.dying_archive:DyingArchive.open"})
    finally:
        stop()
    assert not summary.ok
    assert summary.failures == ["sample: the archive process exited with code 3; see the "
                                "crawl log; continue with --resume"]
    assert summary.portals["sample"]["reason"] == "archive_failed"
    rows = fetches(home)
    assert 0 < len(rows) < 22  # what reached the archive before it died is kept

"""Crawl throughput: the nianbao portal spider with the archive pipeline, against a bare Scrapy
spider that only follows same-site links, on the same generated 2,000-page local portal, in the
same run, politeness off.

    .venv/bin/python bench/bench_crawl.py [--pages 2000] [--reports 200] [--repeat 3]

The portal (served on 127.0.0.1 by `crawler.sample_portal.server.Site`) is a tree of 信息公开
column pages (ten links each) whose last column pages link to report pages built from a real
report text; every page is reachable by both spiders. Each crawl runs in its own child
process; pages/s is counted from spider_opened to spider_closed (after the last ingest), so
process start-up and schema creation are excluded for both. Target: the archive pipeline costs
no more than 1.5x the bare crawl.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POLITENESS_OFF = {
    "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "WARNING",
    "NIANBAO_MAX_DEPTH": 50, "RETRY_ENABLED": False,
}


def build_portal(pages: int, reports: int) -> dict[str, bytes]:
    """A tree of column pages plus report pages: `pages` HTML pages in all."""
    from crawler.sample_portal import SITE_DIR

    report_body = (SITE_DIR / "zwgk/zfxxgknb/202503/t20250331_1001.html").read_text("utf-8")
    columns = pages - reports
    files: dict[str, bytes] = {"/robots.txt": b"User-agent: *\nDisallow: /admin/\n"}
    for i in range(columns):
        kids = [c for c in range(10 * i + 1, 10 * i + 11) if c < columns]
        links = "".join(f'<li><a href="/xxgk/c{c}.html">信息公开栏目{c}</a></li>' for c in kids)
        path = "/index.html" if i == 0 else f"/xxgk/c{i}.html"
        files[path] = (f'<html><head><meta charset="utf-8"><title>信息公开栏目{i}</title></head>'
                       f'<body><div class="nav"><a href="/">首页</a><a href="/admin/">管理</a>'
                       f"</div><ul>{links}</ul>__REPORTS_{i}__</body></html>").encode()
    holders = list(range(columns - reports, columns))
    for n in range(reports):
        holder = holders[n % len(holders)]
        year = 2008 + n % 17
        title = f"模拟第{n}局{year}年政府信息公开工作年度报告"
        path = f"/xxgk/nb/{year + 1}03/t{year + 1}0331_{n}.html"
        body = report_body.replace("北仑区人民政府2024年度", f"模拟第{n}局{year}年度")
        files[path] = body.encode()
        key = "/index.html" if holder == 0 else f"/xxgk/c{holder}.html"
        files[key] = files[key].replace(
            f"__REPORTS_{holder}__".encode(),
            f'<li><a href="{path}">{title}</a></li>__REPORTS_{holder}__'.encode())
    for key, data in files.items():
        if key.endswith(".html"):
            files[key] = data.replace(b"__REPORTS_", b"<!--").replace(b"__</body>", b"--></body>")
    return files


BARE_SPIDER = '''
import json, sys, time
import scrapy
from scrapy.crawler import CrawlerProcess
from urllib.parse import urlsplit

class Bare(scrapy.Spider):
    """Follows every same-site link; keeps nothing."""
    name = "bare"
    def __init__(self, url, **kw):
        super().__init__(**kw)
        self.start_urls = [url]
        self.allowed_domains = [urlsplit(url).hostname]
    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse)

opened = {}
def on_open(spider):
    opened["t"] = time.monotonic()
def on_close(spider, reason):
    stats = spider.crawler.stats
    print("@bench " + json.dumps({"pages": stats.get_value("response_received_count", 0),
          "crawl_seconds": time.monotonic() - opened["t"]}), flush=True)

settings = json.loads(sys.argv[2])
process = CrawlerProcess(settings)
crawler = process.create_crawler(Bare)
from scrapy import signals
crawler.signals.connect(on_open, signal=signals.spider_opened)
crawler.signals.connect(on_close, signal=signals.spider_closed)
process.crawl(crawler, url=sys.argv[1])
process.start()
'''


def run_bare(url: str, **extra: object) -> dict[str, float]:
    settings = POLITENESS_OFF | {"USER_AGENT": "nianbao-bench-bare",
                                 "TWISTED_REACTOR":
                                 "twisted.internet.asyncioreactor.AsyncioSelectorReactor"} | extra
    with tempfile.NamedTemporaryFile("w", suffix="_bare_spider.py", delete=False) as fh:
        fh.write(BARE_SPIDER)  # a file, not `-c`: Scrapy reads callbacks' source
    try:
        out = subprocess.run([sys.executable, fh.name, url, json.dumps(settings)],
                             capture_output=True, text=True, check=True)
    finally:
        os.unlink(fh.name)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("@bench "))
    return json.loads(line[len("@bench "):])


class NullArchive:
    """The archive API doing nothing: measures the crawler's own cost (spider, middlewares,
    pipeline hand-off) without the catalogue, the blob store and the parsers."""

    def __init__(self) -> None:
        self.n = 0

    def ensure_portal(self, key: str, **kw: object) -> int:
        return 1

    def start_run(self, key: str | None, **kw: object) -> int:
        return 1

    def finish_run(self, run_id: int, **kw: object) -> None:
        pass

    def last_validators(self, url: str) -> None:
        return None

    def stored_response(self, url: str) -> None:
        return None

    def portal_report_count(self, key: str) -> int:
        return 0

    def run_exchanges(self, run_id: int) -> list[tuple[str, str | None, str]]:
        return []

    def ingest(self, url: str, **kw: object) -> object:
        from types import SimpleNamespace

        self.n += 1
        return SimpleNamespace(fetch_id=self.n, document_id=self.n, sha256=None,
                               new_blob=True, outcome="new")

    def ingest_many(self, calls: list[dict[str, object]]) -> list[object]:
        return [self.ingest(str(call["url"])) for call in calls]

    def close(self) -> None:
        pass


def run_nianbao(url: str, *, null_archive: bool = False) -> dict[str, float]:
    from crawler.runner import run_crawl

    overrides = dict(POLITENESS_OFF)
    if null_archive:
        overrides["NIANBAO_ARCHIVE_FACTORY"] = "bench.bench_crawl:NullArchive"
    summary = run_crawl([], urls=[url], url_key="bench", settings_overrides=overrides,
                        progress=False)
    if not summary.ok:
        raise SystemExit(f"crawl failed: {summary.failures} (log {summary.log_file})")
    portal = summary.portals["bench"]
    return {"pages": summary.pages, "requests": summary.requests, "reports": summary.reports,
            "crawl_seconds": float(portal["crawl_seconds"] or summary.elapsed)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=1, help="run everything N times; the "
                    "ratio printed is the median")
    args = ap.parse_args()
    from crawler import settings as nianbao_settings
    from crawler.sample_portal.server import Site

    site = Site(files=build_portal(args.pages, args.reports))
    url, stop = site.serve()
    items = nianbao_settings.CONCURRENT_ITEMS
    ratios, tuned_ratios = [], []
    print(f"portal: {args.pages} pages ({args.reports} reports) on {url}")
    try:
        for n in range(1, args.repeat + 1):
            with tempfile.TemporaryDirectory() as home:  # a first crawl each time, not a recrawl
                os.environ["NIANBAO_HOME"] = home
                bare = run_bare(url)
                tuned = run_bare(url, CONCURRENT_ITEMS=items)
                null = run_nianbao(url, null_archive=True)
                nb = run_nianbao(url)
            ratios.append(nb["crawl_seconds"] / bare["crawl_seconds"])
            tuned_ratios.append(nb["crawl_seconds"] / tuned["crawl_seconds"])
            if args.repeat > 1:
                print(f"-- run {n} of {args.repeat}")
            line("bare scrapy spider", bare, "Scrapy defaults, follows every same-site link")
            line(f"bare, CONCURRENT_ITEMS={items}", tuned,
                 "the bare spider with nianbao's setting for callback outputs handled at once")
            line("nianbao, null arch.", null, "spider + middlewares + pipeline, archive a no-op: "
                 f"{null['crawl_seconds'] / bare['crawl_seconds']:.2f}x bare")
            line("nianbao + archive", nb, f"{nb['reports']} reports parsed and stored")
    finally:
        stop()
    ratio = statistics.median(ratios)
    verdict = "OK" if ratio <= 1.5 else "OVER TARGET"
    runs = f" (median of {args.repeat} runs)" if args.repeat > 1 else ""
    print(f"cost ratio (time nianbao / time bare){runs}: {ratio:.2f}x  target <= 1.5x  {verdict}")
    print(f"against the bare spider with the same CONCURRENT_ITEMS{runs}: "
          f"{statistics.median(tuned_ratios):.2f}x")
    return 0


def line(name: str, result: dict[str, float], note: str) -> None:
    rate = result["pages"] / result["crawl_seconds"]
    print(f"{name:<26}: {int(result['pages']):5d} pages in {result['crawl_seconds']:6.2f}s = "
          f"{rate:6.1f} pages/s  ({note})")


if __name__ == "__main__":
    raise SystemExit(main())

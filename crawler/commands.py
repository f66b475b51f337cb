"""The crawler's commands on the nianbao command line: `crawl`, `portals` and `demo`. They
join the CLI through the `nianbao.commands` entry-point group (see pyproject.toml), so the
archive's CLI never names the crawler."""

from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table

from archive.cli.console import err, open_archive, out
from archive.errors import NianbaoError
from crawler.profiles import load_registry
from crawler.runner import run_crawl
from parsers.record import failing_rules


def crawl(
    portals: Annotated[list[str] | None, typer.Argument(help="Portal keys (see `nianbao portals`).")] = None,
    url: Annotated[list[str] | None, typer.Option(help="Crawl from this URL (home page or 年报 column).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every portal in the registry.")] = False,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted crawl.")] = False,
    max_pages: Annotated[int | None, typer.Option(help="Stop after this many pages.")] = None,
    since: Annotated[int | None, typer.Option(help="Only reports for this year or later.")] = None,
    budget: Annotated[int | None, typer.Option(
        help="Pages a portal's crawl may spend finding its reports (default 3000).")] = None,
) -> None:
    """Find every annual report on portals and archive it (politely, incrementally).

    Starting from a home page is enough: the crawl looks for the 年报 columns of the portal
    and of its departments', townships' and street offices' sub-sites, best lead first,
    within a page budget. A crawl that could fetch nothing, or that finds none of the
    reports earlier crawls found, exits with status 1 and says why.

    Examples:

      nianbao crawl beijing-miyun --max-pages 500

      nianbao crawl --url https://www.hzq.gov.cn/ --budget 5000

      nianbao crawl --url https://www.example.gov.cn/zwgk/zfxxgknb/ --since 2022

      nianbao crawl --all --resume
    """
    for address in url or []:
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise NianbaoError(f"--url {address!r} is not a web address; give a full address "
                               "such as https://www.example.gov.cn/")
    open_archive(create=True).close()  # settings and schema checked before the crawl starts
    try:
        summary = run_crawl(portals or [], urls=url or [], all_portals=all_, resume=resume,
                            max_pages=max_pages, since=since, budget=budget)
    except ValueError as exc:  # a portals file that cannot be read, nothing to crawl
        raise NianbaoError(str(exc)) from None
    out.print(summary.line(), markup=False)
    for note in summary.notes:
        out.print(f"note: {note}", markup=False)
    for failure in summary.failures:
        err.print(f"nianbao: error: {failure}", markup=False)
    if summary.log_file:
        out.print(f"log: {summary.log_file}", markup=False)
    if not summary.ok:
        raise typer.Exit(1)


def portals(
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines.")] = False,
    region: Annotated[str | None, typer.Option(help="Only this province (e.g. 江苏).")] = None,
) -> None:
    """List the portal registry (shipped entries plus NIANBAO_PORTALS files).

    Example: nianbao portals --region 北京
    """
    registry = load_registry()
    rows = [p for p in registry.values() if not region or region in (p.region or "")]
    if as_json:
        for p in rows:
            print(json.dumps({"key": p.key, "name": p.name, "region": p.region, "level": p.level,
                              "cms": p.cms, "start_urls": p.start_urls}, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} portal(s)")
    for col in ("key", "name", "region", "level", "cms", "start URL"):
        table.add_column(col, overflow="fold")
    for p in rows:
        table.add_row(p.key, p.name, p.region or "", p.level or "", p.cms or "", p.start_urls[0])
    out.print(table)


SAMPLE_PORT = 8765
#: The sample portal runs on this machine: no need to be gentle with it.
LOCAL_SITE_SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0,
                       "CONCURRENT_REQUESTS_PER_DOMAIN": 4}


def demo() -> None:
    """Crawl the bundled sample portal (served on 127.0.0.1) and show what was archived.

    Serves the sample portal, crawls it, parses every report found and prints a summary;
    needs no internet.

    Example: nianbao demo
    """
    from archive.reports import latest_versions
    from crawler.sample_portal import serve

    arc = open_archive(create=True)
    try:  # the registry's `sample` portal: the same URLs every time, so a rerun is a recrawl
        base, stop = serve(SAMPLE_PORT)
    except OSError:
        base, stop = serve()
    out.print(f"sample portal (示例市人民政府) serving at {base}")
    try:
        summary = run_crawl([], urls=[base], url_key="sample", url_name="示例市人民政府",
                            settings_overrides=LOCAL_SITE_SETTINGS)
    finally:
        stop()
    out.print(summary.line(), markup=False)
    table = Table(title="reports in the archive")
    for col in ("id", "agency", "year", "format", "versions", "failing checks"):
        table.add_column(col)
    with arc.session() as s:
        latest = latest_versions(s)
    for report, version in latest:
        record = version.record if version else {}
        failing = [r for r in failing_rules(record) if r != "cell.missing"]
        table.add_row(str(report.id), report.agency, str(report.year), record.get("format", "?"),
                      str(version.number if version else 0), ", ".join(sorted(failing)) or "—")
    first = latest[0][0] if latest else None
    out.print(table)
    home = arc.settings.home
    out.print(f"archive: {home}  (blobs: {arc.settings.store_url})")
    if first is not None:
        out.print("next:", style="bold")
        hints = Table.grid(padding=(0, 2))
        for command, what in (
            (f"nianbao show {first.agency}/{first.year}", "the report: tables, checks, sections"),
            (f"nianbao history {first.id}", "its timeline"),
            ("nianbao search 行政复议 --year 2024", "full-text and cell search"),
            ("nianbao changes --since 1d", "every change, newest first"),
            ("nianbao serve", "the web interface on http://127.0.0.1:8000"),
            ("nianbao stats; nianbao fsck", "what is stored, and is it intact"),
        ):
            hints.add_row(f"  {command}", f"[dim]# {what}[/]")
        out.print(hints)
    if not summary.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `crawl`, `portals` and `demo` to the nianbao command line."""
    app.command()(crawl)
    app.command()(portals)
    app.command()(demo)

"""The crawler's commands on the nianbao command line: `crawl`, `portals` and `demo`. They
join the CLI through the `nianbao.commands` entry-point group (see pyproject.toml), so the
archive's CLI never names the crawler."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table
from rich.text import Text

from archive.cli.console import err, open_archive, out
from archive.errors import NianbaoError
from crawler.profiles import load_registry
from crawler.runner import run_crawl
from parsers.record import failing_rules

if TYPE_CHECKING:
    from archive import Archive


def crawl(
    portals: Annotated[list[str] | None, typer.Argument(help="Portal keys (see `nianbao portals`).")] = None,
    url: Annotated[list[str] | None, typer.Option(help="Crawl from this URL (home page or 年报 column).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every portal in the registry.")] = False,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted crawl.")] = False,
    max_pages: Annotated[int | None, typer.Option(help="Stop after this many pages.")] = None,
    from_year: Annotated[int | None, typer.Option(
        "--from-year", metavar="YEAR", help="Only reports for this year or later.")] = None,
    budget: Annotated[int | None, typer.Option(
        help="Pages a portal's crawl may spend finding its reports (default 3000).")] = None,
    since: Annotated[str | None, typer.Option(hidden=True)] = None,  # before --from-year
) -> None:
    """Find every annual report on portals and archive it (politely, incrementally).

    Starting from a home page is enough: the crawl looks for the 年报 columns of the portal
    and of its departments', townships' and street offices' sub-sites, best lead first,
    within a page budget. A crawl that could fetch nothing, or that finds none of the
    reports earlier crawls found, exits with status 1 and says why.

    Examples:

      nianbao crawl beijing-miyun --max-pages 500

      nianbao crawl --url https://www.hzq.gov.cn/ --budget 5000

      nianbao crawl --url https://www.example.gov.cn/zwgk/zfxxgknb/ --from-year 2022

      nianbao crawl --all --resume
    """
    from_year = _old_since(since, from_year)
    for address in url or []:
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise NianbaoError(f"--url {address!r} is not a web address; give a full address "
                               "such as https://www.example.gov.cn/")
    open_archive(create=True).close()  # settings and schema checked before the crawl starts
    try:
        summary = run_crawl(portals or [], urls=url or [], all_portals=all_, resume=resume,
                            max_pages=max_pages, since=from_year, budget=budget)
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


def _old_since(since: str | None, from_year: int | None) -> int | None:
    """`crawl --since YEAR`, as it was before `--from-year`: still taken, with a warning, for
    this release; everywhere else `--since` is a date or a span (`changes --since 7d`)."""
    if since is None:
        return from_year
    if not (since.isdigit() and len(since) == 4):
        raise NianbaoError(f"crawl --since {since!r}: a crawl picks reports by their year, "
                           "not by a date; use --from-year 2022")
    if from_year is not None:
        raise NianbaoError("crawl: give --from-year only (--since is its old name)")
    err.print(f"nianbao: warning: `crawl --since {since}` is now `crawl --from-year {since}` "
              "(--since means a date or span, as in `changes`); the old spelling goes in the "
              "next release", markup=False, highlight=False)
    return int(since)


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


#: The sample portal runs on this machine: no need to be gentle with it.
LOCAL_SITE_SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0,
                       "CONCURRENT_REQUESTS_PER_DOMAIN": 4}
#: The sample portal as the demo's crawls name it (its key and name in the archive).
SAMPLE_KEY, SAMPLE_NAME = "sample", "示例市人民政府"


def routed_to(local_url: str) -> dict[str, str]:
    """The crawl child's environment that sends every request for the sample portal's fixed
    address to the server at `local_url` (as an HTTP proxy: the server answers the absolute
    URL it is asked for), whatever proxies the user's environment names."""
    return {"http_proxy": local_url, "no_proxy": "", "NO_PROXY": ""}


def demo(
    republish: Annotated[bool, typer.Option(
        "--republish", help="Serve the portal as its agencies later changed it (a corrected "
        "table, a new page footer, a report taken down) and crawl it again.")] = False,
) -> None:
    """Crawl the bundled sample portal (served on this machine) and show what was archived.

    Serves the sample portal, crawls it, parses every report found and prints a summary;
    needs no internet. With --republish the portal is served as its agencies changed it
    some weeks later and crawled twice (a report counts as taken down when two crawls in a
    row no longer find it): the archive then holds a second version with corrected cells,
    a new capture that is no new version (only the page's footer changed), and a withdrawn
    report. A plain `nianbao demo` afterwards serves the portal as first published again.

    The portal always has the address http://sample-portal.nianbao.test/ (served on any
    free local port, the crawl routed there), so reruns see the same documents.

    Examples:

      nianbao demo

      nianbao demo --republish
    """
    from archive.reports import latest_versions
    from crawler.sample_portal import SAMPLE_URL, serve

    arc = open_archive(create=True)
    started = datetime.now(UTC)
    local, stop = serve(later=republish)
    state = "as its agencies later changed it" if republish else "as published"
    out.print(f"sample portal ({SAMPLE_NAME}) {state}: {SAMPLE_URL}, served on "
              f"{urlsplit(local).netloc}", markup=False)
    ok = True
    try:
        for _ in range(2 if republish else 1):
            summary = run_crawl([], urls=[SAMPLE_URL], url_key=SAMPLE_KEY, url_name=SAMPLE_NAME,
                                settings_overrides=LOCAL_SITE_SETTINGS, env=routed_to(local))
            out.print(summary.line(), markup=False)
            for failure in summary.failures:
                err.print(f"nianbao: error: {failure}", markup=False)
            if not summary.ok:
                ok = False
                break
    finally:
        stop()
    table = Table(title="reports in the archive")
    for col in ("id", "agency", "year", "format", "versions", "status", "failing checks"):
        table.add_column(col)
    with arc.session() as s:
        latest = latest_versions(s)
    for report, version in latest:
        record = version.record if version else {}
        failing = [r for r in failing_rules(record) if r != "cell.missing"]
        table.add_row(str(report.id), report.agency, str(report.year), record.get("format", "?"),
                      str(version.number if version else 0), report.status,
                      ", ".join(sorted(failing)) or "—")
    out.print(table)
    if republish:
        show_agencies_changes(arc)
    show_recorded(arc, started, always=republish)
    out.print(f"archive: {arc.settings.home}  (blobs: {arc.settings.store_url})", markup=False)
    if latest:
        first = latest[0][0]
        show_hints(arc, republish, default=f"{first.agency}/{first.year}")
    if not ok:
        raise typer.Exit(1)


def show_agencies_changes(arc: Archive) -> None:
    """What the agencies changed on the sample portal, and what the archive shows for it."""
    from crawler.sample_portal.republish import CHANGES

    out.print("what the agencies changed, and what the archive shows:", style="bold")
    for change in CHANGES:
        name = report_of_page(arc, change.page) or change.title
        out.print(f"  {name}: {change.what}", markup=False)
        out.print(f"    → {change.shows}", markup=False)


def show_recorded(arc: Archive, since: datetime, *, always: bool) -> None:
    """The events these crawls recorded, oldest first: `always`, or when there is more to
    say than first publications (a plain demo rerun after --republish undoes its changes)."""
    from archive.cli.terminal import event_line
    from archive.reports import changes

    with arc.session() as s:
        events = list(reversed(changes(s, since)))
        if not always and all(event.kind == "published" for event, _ in events):
            return
        out.print("recorded by these crawls:", style="bold")
        for event, report in events:
            line = event_line(event)
            line.append(f"  {report.agency}/{report.year}")
            out.print(Text("  ") + line)
        if not events:
            out.print("  nothing new (the archive already held this state)")


def report_of_page(arc: Archive, path: str) -> str | None:
    """AGENCY/YEAR of the report seen at a page of the sample portal, if the archive has it."""
    from archive.errors import NotFoundError
    from archive.reports import find_report
    from crawler.sample_portal import SAMPLE_URL

    with arc.session() as s:
        try:
            report = find_report(s, SAMPLE_URL + path.lstrip("/"))
        except NotFoundError:
            return None
        return f"{report.agency}/{report.year}"


def show_hints(arc: Archive, republished: bool, *, default: str) -> None:
    """The commands to try next, on this archive's own reports (`default` where the archive
    lacks one, e.g. after `nianbao report merge`)."""
    from crawler.sample_portal.republish import BEIGUAN_PAGE, BEILUN_PAGE, HONGZE_2023_PAGE

    corrected = report_of_page(arc, BEILUN_PAGE) or default
    if republished:
        withdrawn = report_of_page(arc, HONGZE_2023_PAGE) or default
        recaptured = report_of_page(arc, BEIGUAN_PAGE) or default
        hints = [(f"nianbao diff {corrected} --from 1 --to 2", "the corrected cells, old → new"),
                 (f"nianbao history {withdrawn}", "published, then withdrawn"),
                 (f"nianbao show {recaptured}", "two captures, one version"),
                 ("nianbao changes --since 1d", "every change, newest first")]
    else:
        hints = [("nianbao demo --republish", "the portal weeks later: a correction, a new "
                  "footer, a report taken down"),
                 (f"nianbao show {corrected}", "the report: tables, checks, sections"),
                 (f"nianbao history {corrected}", "its timeline")]
    hints += [("nianbao search 行政复议 --year 2024", "full-text and cell search"),
              ("nianbao serve", "the web interface on http://127.0.0.1:8000"),
              ("nianbao stats; nianbao fsck", "what is stored, and is it intact")]
    out.print("next:", style="bold")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for command, what in hints:
        grid.add_row(Text(f"  {command}"), Text(f"# {what}", style="dim"))
    out.print(grid)


def register(app: typer.Typer) -> None:
    """Add `crawl`, `portals` and `demo` to the nianbao command line."""
    app.command()(crawl)
    app.command()(portals)
    app.command()(demo)

"""The crawler's commands on the nianbao command line: `crawl`, `portals`, `demo`, and the
scheduled crawls' `scheduler` and `schedule`. They join the CLI through the
`nianbao.commands` entry-point group (see pyproject.toml), so the archive's CLI never names
the crawler."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

import typer
from rich.table import Table
from rich.text import Text

from archive.cli.console import err, open_archive, out
from archive.errors import NianbaoError
from archive.units import shown_time
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


#: Crawls the scheduler runs on a site on this machine: no politeness delay, and quick
#: retries (such a site answers at once or not at all).
LOCAL_SCHEDULED_SETTINGS = LOCAL_SITE_SETTINGS | {"NIANBAO_RETRY_BACKOFF_BASE": 0.1}


def _registry() -> dict[str, Any]:
    """The portal registry, a file that cannot be read (or a bad schedule) in one line."""
    try:
        return load_registry()
    except (ValueError, OSError) as exc:
        raise NianbaoError(f"portal registry: {exc}") from None


def scheduler(
    portals: Annotated[list[str] | None, typer.Argument(
        metavar="PORTAL", help="Portal keys (default: every portal `crawl --all` "
        "crawls).")] = None,
    max_concurrent: Annotated[int, typer.Option(
        "--max-concurrent", metavar="N", min=1, help="Crawls at once, at most.")] = 2,
    stop_timeout: Annotated[float, typer.Option(
        "--stop-timeout", metavar="SECONDS", min=0, help="On SIGTERM, how long running "
        "crawls may go on before they are stopped (and recorded as interrupted).")] = 60.0,
) -> None:
    """Crawl portals on their schedules, until stopped (SIGTERM or Ctrl-C).

    Each portal is crawled on its profile's `schedule` (crawler/schedules.py): by default
    daily from January to April, when reports are published (departments by 31 January,
    governments by 31 March) and corrected, and weekly on Mondays for the rest of the year,
    at 02:00 Beijing time plus a random delay of up to two hours. The schedule is kept in the
    archive database: after a restart a crawl missed while the scheduler was down runs once,
    and none runs twice. Each crawl runs in its own process, never two of one portal at once;
    a crawl that fails is recorded as failed and runs again at its next due time.
    `nianbao schedule` shows what runs next and what ran last.

    Examples:

      nianbao scheduler

      nianbao scheduler beijing-miyun huaian --max-concurrent 1
    """
    from crawler.scheduler import Clock, CrawlScheduler, plan

    registry = _registry()
    planned = plan(registry, portals or [])
    if not planned:
        raise NianbaoError("nothing to schedule: every portal named has schedule = \"off\" "
                           "(change it in the portal's profile)")
    clock = Clock.from_env()
    arc = open_archive(create=True)
    try:
        CrawlScheduler(arc, planned, max_concurrent=max_concurrent, stop_timeout=stop_timeout,
                       clock=clock, local_settings=LOCAL_SCHEDULED_SETTINGS,
                       say=lambda line: out.print(line, markup=False, highlight=False)).run()
    finally:
        arc.close()


def schedule(
    portals: Annotated[list[str] | None, typer.Argument(
        metavar="PORTAL", help="Only these portals.")] = None,
    print_: Annotated[str | None, typer.Option(
        "--print", metavar="cron|systemd", help="Print equivalent crontab lines or systemd "
        "timer and service units instead (for those who run crawls without the "
        "scheduler).")] = None,
) -> None:
    """What runs next and what ran last, per portal (the scheduler's due times, Beijing time).

    Before `nianbao scheduler` ever ran on this archive the due times are the rules' own,
    before their random delay. With --print the same schedule comes out as a crontab (lines
    that run `nianbao crawl`) or as systemd .service and .timer units.

    Examples:

      nianbao schedule

      nianbao schedule --print cron > nianbao.cron

      nianbao schedule --print systemd
    """
    from crawler.scheduler import plan, schedule_table
    from crawler.schedules import SEASON

    registry = _registry()
    if print_ is not None:
        _print_schedule(print_, registry, portals or [])
        return
    unknown = [k for k in portals or [] if k not in registry]
    if unknown:
        raise NianbaoError(f"unknown portal(s): {', '.join(unknown)}; `nianbao portals` "
                           "lists them")
    arc = open_archive()
    try:
        rows = schedule_table(arc, registry, portals or [])
    finally:
        arc.close()
    stored = any(row.stored for row in rows)
    table = Table(title=f"{len(rows)} portal(s) scheduled" if stored else
                  f"{len(plan(registry, portals or []))} portal(s) to schedule")
    for col in ("portal", "next due", "rule", "last started", "took", "outcome"):
        table.add_column(col, overflow="fold")
    for row in rows:
        due = shown_time(row.next_due) if row.next_due else "—"
        outcome = row.last_status or "never crawled"
        if row.last_cause and row.last_status in ("failed", "interrupted"):
            outcome += f": {row.last_cause}"
        took = f"{row.last_seconds:.0f}s" if row.last_seconds is not None else ""
        table.add_row(row.key, due,
                      row.rule.text if row.rule else "off", shown_time(row.last_started),
                      took, outcome)
    out.print(table)
    rules = {row.rule.text: row.rule for row in rows if row.rule}
    if rules:
        season = rules.get(SEASON)
        out.print((f"{season.words}; " if season else "") + "every due time plus a random "
                  f"delay of up to {max(r.jitter for r in rules.values()) // 60} min",
                  markup=False, highlight=False)
    if not stored:
        out.print("`nianbao scheduler` has not run on this archive: due times follow the "
                  "rules, before their random delay", markup=False, highlight=False)


def _print_schedule(kind: str, registry: dict[str, Any], keys: list[str]) -> None:
    """`schedule --print cron|systemd`: the schedule as entries for cron or systemd."""
    import os

    from archive.config import Settings
    from crawler.scheduler import nianbao_command, plan
    from crawler.schedules import crontab, entries, systemd_units

    if kind not in ("cron", "systemd"):
        raise NianbaoError(f"schedule --print {kind!r}: give cron or systemd")
    planned = plan(registry, keys)
    all_keys = [k for k, p in registry.items() if p.kind != "sample"
                and (p.schedule or "season") != "off"]
    items = entries([(p.key, p.rule) for p in planned], all_keys)
    settings = Settings.from_env()
    env = {"NIANBAO_HOME": str(settings.home)} | {
        name: os.environ[name] for name in ("NIANBAO_DB_URL", "NIANBAO_STORE_URL",
                                            "NIANBAO_STORE_OPTIONS", "NIANBAO_PORTALS")
        if os.environ.get(name)}
    if kind == "cron":
        text = crontab(items, nianbao=nianbao_command(), env=env,
                       locks=str(settings.home / "locks"))
    else:
        text = systemd_units(items, nianbao=nianbao_command(), env=env)
    print(text, end="")


def register(app: typer.Typer) -> None:
    """Add `crawl`, `portals`, `demo`, `scheduler` and `schedule` to the nianbao command
    line."""
    app.command()(crawl)
    app.command()(portals)
    app.command()(demo)
    app.command()(scheduler)
    app.command()(schedule)

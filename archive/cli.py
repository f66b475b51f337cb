"""`nianbao`: a thin command line over the archive, the parsers and the crawler.

Every error reaches the user as one line naming the problem and the setting or command
that fixes it; no tracebacks.
"""

from __future__ import annotations

import json
import mimetypes
import os
import sys
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from archive.errors import NianbaoError

app = typer.Typer(
    help="nianbao: crawl, archive, parse and diff government information-disclosure "
    "annual reports (政府信息公开工作年度报告).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
db_app = typer.Typer(help="Create and upgrade the catalogue schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def progress_bar(console: Console = err) -> Progress:
    """The progress bar every long command shows."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=console, transient=True)


def open_archive():  # type: ignore[no-untyped-def]
    from archive.core import Archive

    return Archive.open()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the catalogue or upgrade it to the newest schema.

    Example: NIANBAO_DB_URL=postgresql+psycopg://postgres@127.0.0.1/nianbao nianbao db upgrade
    """
    from archive import migrate
    from archive.core import Archive

    arc = Archive.open(upgrade=False)
    before = migrate.current_revision(arc.engine)
    migrate.upgrade_if_needed(arc.engine, lock_dir=arc.settings.home)
    after = migrate.current_revision(arc.engine)
    url = arc.engine.url.render_as_string(hide_password=True)
    if before == after:
        out.print(f"catalogue {url} is up to date (revision {after})")
    else:
        out.print(f"catalogue {url} upgraded from {before or 'empty'} to {after}")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision of the catalogue and the newest one available."""
    from archive import migrate
    from archive.core import Archive

    arc = Archive.open(upgrade=False)
    out.print(f"current: {migrate.current_revision(arc.engine) or 'empty'}  "
              f"head: {migrate.head_revision()}")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files to archive as if fetched.")],
    url: Annotated[str | None, typer.Option(help="The URL the file came from (one file only).")] = None,
    media_type: Annotated[str | None, typer.Option(help="Media type, if not guessed from the name.")] = None,
    role: Annotated[str, typer.Option(help="report | attachment | list | image | other")] = "report",
    no_parse: Annotated[bool, typer.Option("--no-parse", help="Store only; do not parse.")] = False,
) -> None:
    """Archive local files as if they had been fetched (stored under their SHA-256).

    Examples:

      nianbao ingest report.pdf --url https://www.example.gov.cn/xxgk/ndbg/t20250131_1.html

      nianbao ingest downloads/*.pdf
    """
    if url and len(paths) > 1:
        raise NianbaoError("--url names the origin of one file; give one PATH with it")
    for path in paths:
        if not path.is_file():
            raise NianbaoError(f"{path}: no such file")
    arc = open_archive()
    new = repeat = 0
    with progress_bar() as bar:
        task = bar.add_task("ingesting", total=len(paths))
        for path in paths:
            data = path.read_bytes()
            mt = media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            res = arc.ingest(url or path.resolve().as_uri(), status=200, body=data,
                             response_headers={"Content-Type": mt}, role=role,
                             parse=False if no_parse else None)
            new += res.new_blob
            repeat += not res.new_blob
            bar.advance(task)
            if len(paths) <= 20:
                mark = "new" if res.new_blob else "already stored"
                out.print(f"{path}  sha256:{res.sha256}  ({mark})")
    out.print(f"{len(paths)} file(s): {new} new blob(s), {repeat} already stored")


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Report files: text, HTML, PDF, Word, images.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line.")] = False,
) -> None:
    """Parse report files into the canonical record, without archiving them.

    Examples:

      nianbao parse report.pdf

      nianbao parse *.html --json > records.jsonl
    """
    import parsers
    from parsers.summary import summarize

    failed = 0
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            err.print(f"nianbao: error: {path}: {exc.strerror}", markup=False)
            failed += 1
            continue
        try:
            record = parsers.parse_bytes(data, media_type=mimetypes.guess_type(path.name)[0],
                                         url=path.resolve().as_uri()).to_dict()
        except Exception as exc:  # extraction errors name the problem in one line
            err.print(f"nianbao: error: {path}: {exc}", markup=False, highlight=False)
            failed += 1
            continue
        if as_json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            out.print(summarize(record, str(path)), markup=False, highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def fsck(
    clean_tmp: Annotated[bool, typer.Option(help="Delete leftovers of interrupted writes.")] = False,
) -> None:
    """Re-hash every blob; list missing and corrupt ones (exit status 1 if any).

    Example: nianbao fsck
    """
    from archive.fsck import fsck as run_fsck

    arc = open_archive()
    with progress_bar() as bar:
        task = bar.add_task("re-hashing blobs", total=None)
        report = run_fsck(arc, lambda i, n: bar.update(task, completed=i, total=n))
    for digest in report.missing:
        err.print(f"missing: blob {digest} is in the catalogue but not in the store")
    for _digest, why in report.corrupt:
        err.print(f"corrupt: {why}")
    for digest in report.orphans:
        out.print(f"orphan: blob {digest} is stored but not catalogued (harmless)")
    if report.temporary:
        if clean_tmp:
            for path in report.temporary:
                arc.store.fs.rm(path)
        out.print(f"{len(report.temporary)} leftover temporary file(s) from interrupted writes"
                  + (" removed" if clean_tmp else "; run `nianbao fsck --clean-tmp` to remove"))
    out.print(f"{report.checked} blob(s) checked: {len(report.missing)} missing, "
              f"{len(report.corrupt)} corrupt")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts and sizes of what the archive holds.

    Example: nianbao stats --json
    """
    from archive.stats import human_size
    from archive.stats import stats as collect

    s = collect(open_archive())
    if as_json:
        out.print_json(json.dumps(s.as_dict()))
        return
    table = Table(title="nianbao archive", show_header=False)
    table.add_row("portals", str(s.portals))
    table.add_row("crawl runs", str(s.crawl_runs))
    table.add_row("documents (URLs)", str(s.documents))
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(s.fetches_by_outcome.items()))
    table.add_row("fetches", f"{s.fetches}" + (f" ({outcomes})" if outcomes else ""))
    ratio = f", {s.blob_stored_bytes / s.blob_bytes:.0%} stored" if s.blob_bytes else ""
    table.add_row("blobs", f"{s.blobs} ({human_size(s.blob_bytes)}{ratio})")
    table.add_row("reports", str(s.reports))
    table.add_row("report versions", str(s.report_versions))
    out.print(table)


@app.command()
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
    from crawler.runner import run_crawl

    for address in url or []:
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise NianbaoError(f"--url {address!r} is not a web address; give a full address "
                               "such as https://www.example.gov.cn/")
    open_archive().close()  # settings and schema checked before the crawl starts
    try:
        summary = run_crawl(portals or [], urls=url or [], all_portals=all_, resume=resume,
                            max_pages=max_pages, since=since, budget=budget)
    except (KeyError, ValueError) as exc:
        raise NianbaoError(str(exc).strip("'\"")) from None
    out.print(summary.line(), markup=False)
    for note in summary.notes:
        out.print(f"note: {note}", markup=False)
    for failure in summary.failures:
        err.print(f"nianbao: error: {failure}", markup=False)
    if summary.log_file:
        out.print(f"log: {summary.log_file}", markup=False)
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def portals(
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines.")] = False,
    region: Annotated[str | None, typer.Option(help="Only this province (e.g. 江苏).")] = None,
) -> None:
    """List the portal registry (shipped entries plus NIANBAO_PORTALS files).

    Example: nianbao portals --region 北京
    """
    from crawler.profiles import load_registry

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


@app.command()
def demo() -> None:
    """Crawl the bundled sample portal (served on 127.0.0.1) and show what was archived.

    Serves the sample portal, crawls it, parses every report found and prints a summary;
    needs no internet.

    Example: nianbao demo
    """
    from sqlalchemy import select

    from archive.models import Report, ReportVersion
    from crawler.runner import run_crawl
    from crawler.sample_portal import serve

    arc = open_archive()
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
        for rep in s.scalars(select(Report).order_by(Report.id)):
            latest = s.scalars(select(ReportVersion).where(ReportVersion.report_id == rep.id)
                               .order_by(ReportVersion.number.desc()).limit(1)).first()
            record = latest.record if latest else {}
            failing = sorted({c["rule"] for c in record.get("checks", [])
                              if c["rule"] != "cell.missing"})
            table.add_row(str(rep.id), rep.agency, str(rep.year), record.get("format", "?"),
                          str(len(rep.versions)), ", ".join(failing) or "—")
        first = s.scalars(select(Report).order_by(Report.id).limit(1)).first()
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


report_app = typer.Typer(help="Correct report identity by hand (merge, split).",
                         no_args_is_help=True)
app.add_typer(report_app, name="report")
REPORT_HELP = "A report: its id, AGENCY/YEAR (北仑区人民政府/2024) or any URL it was seen at."


def parse_since(value: str | None):  # type: ignore[no-untyped-def]
    """A date or datetime (2025-03-01, 2025-03-01T08:00), or a span back from now (7d, 12h)."""
    from datetime import UTC, datetime, timedelta

    from archive.models import aware

    if value is None:
        return None
    value = value.strip()
    units = {"d": "days", "h": "hours", "w": "weeks"}
    if value[:-1].isdigit() and value[-1:] in units:
        return datetime.now(UTC) - timedelta(**{units[value[-1]]: int(value[:-1])})
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise NianbaoError(f"--since {value!r}: give a date (2025-03-01) or a span (7d, 12h)") from None
    return aware(when)


@app.command()
def history(
    report: Annotated[str, typer.Argument(help=REPORT_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The timeline of a report: published, changed, seen at new URLs, withdrawn, restored.

    Examples:

      nianbao history 北仑区人民政府/2024

      nianbao history https://www.bl.gov.cn/art/2025/1/20/art_1229_1.html
    """
    from archive.models import Document
    from archive.render import event_line, report_heading
    from archive.reports import find_report
    from archive.reports import history as timeline

    arc = open_archive()
    with arc.session() as s:
        rep = find_report(s, report)
        events = timeline(s, rep)
        doc_ids = {e.document_id for e in events if e.document_id}
        urls = {d.id: d.url for d in s.query(Document).filter(Document.id.in_(doc_ids))}
        if as_json:
            print(json.dumps({"report": {"id": rep.id, "agency": rep.agency, "year": rep.year,
                                         "status": rep.status},
                              "events": [{"at": e.at.isoformat(), "kind": e.kind,
                                          "detail": e.detail, "url": urls.get(e.document_id)}
                                         for e in events]}, ensure_ascii=False))
            return
        out.print(report_heading(rep))
        for e in events:
            out.print(event_line(e, urls))


@app.command()
def diff(
    report: Annotated[str, typer.Argument(help=REPORT_HELP)],
    from_: Annotated[int | None, typer.Option("--from", help="Older version number.")] = None,
    to: Annotated[int | None, typer.Option("--to", help="Newer version number (default latest).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What changed between two versions: cells, checks, section text word by word, metadata.

    Examples:

      nianbao diff 北仑区人民政府/2024

      nianbao diff 12 --from 1 --to 3 --json
    """
    from archive.render import render_diff
    from archive.reports import diff_versions, find_report

    arc = open_archive()
    with arc.session() as s:
        vd = diff_versions(s, find_report(s, report), from_, to)
        if as_json:
            print(json.dumps(vd.as_dict(), ensure_ascii=False, default=str))
        else:
            out.print(render_diff(vd))


@app.command()
def changes(
    since: Annotated[str | None, typer.Option(help="Only since this date or span (7d, 12h).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines.")] = False,
) -> None:
    """Every change across the archive, newest first.

    Examples:

      nianbao changes --since 2025-03-01

      nianbao changes --since 7d --json
    """
    from archive.render import event_line
    from archive.reports import changes as feed

    arc = open_archive()
    with arc.session() as s:
        rows = feed(s, parse_since(since), limit=limit)
        for event, rep in rows:
            if as_json:
                print(json.dumps({"at": event.at.isoformat(), "kind": event.kind,
                                  "report": rep.id, "agency": rep.agency, "year": rep.year,
                                  "detail": event.detail}, ensure_ascii=False))
            else:
                line = event_line(event)
                line.append(f"  {rep.agency} {rep.year} (report {rep.id})")
                out.print(line)
        if not rows and not as_json:
            out.print("no changes" + (f" since {since}" if since else ""))


@app.command()
def reparse() -> None:
    """Re-derive every report's record from its stored blobs with the current parser.

    Changes it makes are versions caused by the parser, never counted as the agency's edits.

    Example: nianbao reparse
    """
    from archive.reports import reparse as run

    arc = open_archive()
    with progress_bar() as bar:
        task = bar.add_task("re-parsing reports", total=None)
        summary = run(arc, lambda i, n: bar.update(task, completed=i, total=n))
    out.print(f"{summary.reports} report(s) re-parsed: {summary.changed} changed by the new "
              f"parser, {summary.failed} could not be parsed")


@report_app.command("merge")
def report_merge(
    keep: Annotated[str, typer.Argument(help=REPORT_HELP)],
    other: Annotated[str, typer.Argument(help="The report to fold into KEEP.")],
    note: Annotated[str | None, typer.Option(help="Why (kept with the decision).")] = None,
) -> None:
    """Treat two reports as one (e.g. the same agency printed under two names).

    Example: nianbao report merge 北关区工业和信息化局/2024 北关区工信局/2024
    """
    from archive.reports import find_report, merge

    arc = open_archive()
    with arc.session() as s:
        a, b = find_report(s, keep), find_report(s, other)
        label = f"{b.agency} {b.year} (report {b.id})"
        merged = merge(s, a, b, note)
        out.print(f"merged {label} into report {merged.id}; future records follow")


@report_app.command("split")
def report_split(
    report: Annotated[str, typer.Argument(help=REPORT_HELP)],
    agency: Annotated[str, typer.Argument(help="The agency whose versions leave REPORT.")],
) -> None:
    """Undo a merge: versions of AGENCY get a report of their own again.

    Example: nianbao report split 12 北关区工信局
    """
    from archive.reports import find_report, split

    arc = open_archive()
    with arc.session() as s:
        new = split(s, find_report(s, report), agency)
        out.print(f"split {agency} off into report {new.id}")


def _register_feature_commands() -> None:
    """Commands that live beside their feature (search, web, exports) join the app here."""
    from importlib import import_module

    for name in FEATURE_COMMANDS:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


#: Modules with a `register(app)` function that adds their commands.
FEATURE_COMMANDS = ("archive.cli_search", "archive.cli_web", "archive.cli_export")
_register_feature_commands()


def main() -> None:
    """Console entry point: run the app, turning known errors into one line."""
    from sqlalchemy.exc import OperationalError

    try:
        app()
    except NianbaoError as exc:
        err.print(f"nianbao: error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        err.print(f"nianbao: database error: {reason}; check NIANBAO_DB_URL and that the "
                  "database is running", markup=False, highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("nianbao: interrupted", markup=False)
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, with the way to see more
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        err.print(f"nianbao: internal error: {type(exc).__name__}: {exc} (set NIANBAO_DEBUG=1 "
                  "to see the traceback, and please report it)", markup=False, highlight=False)
        sys.exit(2)

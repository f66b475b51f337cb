"""`nianbao search` and `nianbao show`: find reports by their text and numbers, and read one
laid out like the official template. A thin layer over archive.search and archive.filters."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from archive.cli.console import bounded, open_archive, out
from archive.units import shown_time
from parsers.checks import failing_cells
from parsers.layout import layouts_for
from parsers.templates import SECTION_TITLES, TABLE_SECTION

SEARCH_EPILOG = """Examples:

  nianbao search 行政复议

  nianbao search '"行政复议 纠正"' --year 2024

  nianbao search 公开 --region 浙江 --level county --where 'requests.new.total>100'

  nianbao search --year 2024 --where '本年新收.总计>100' --where '行政复议.结果纠正>=1'

  nianbao search --check requests.balance --json

  nianbao search 复议 --year 2020-2024 --all-versions --limit 50
"""

SHOW_EPILOG = """Examples:

  nianbao show 12

  nianbao show 北仑区人民政府/2024 --version 1

  nianbao show https://www.bl.gov.cn/art/2025/1/20/art_1229_5.html --json
"""

def register(app: typer.Typer) -> None:
    """Add `search` and `show` to the nianbao command line."""
    app.command("search", epilog=SEARCH_EPILOG)(search_command)
    app.command("show", epilog=SHOW_EPILOG)(show_command)


def search_command(
    query: Annotated[str | None, typer.Argument(
        help='Words (all must occur) and "quoted phrases"; leave out to list by filters.')] = None,
    year: Annotated[str | None, typer.Option(help="A year (2024) or a range (2020-2024).")] = None,
    agency: Annotated[str | None, typer.Option(help="Part of the agency's name.")] = None,
    region: Annotated[str | None, typer.Option(help="Part of the portal's region (浙江).")] = None,
    level: Annotated[str | None, typer.Option(help="The portal's level (province, city, county…).")] = None,
    format: Annotated[str | None, typer.Option("--format", help="Record format: 2021, 2019, legacy, unknown.")] = None,
    portal: Annotated[str | None, typer.Option(help="A portal key.")] = None,
    check: Annotated[str | None, typer.Option(
        help="Only versions failing this rule (requests.balance), any rule (any) or none (none).")] = None,
    where: Annotated[list[str] | None, typer.Option(
        "--where", metavar="FILTER", help="A cell comparison (repeatable): the cell's path or its printed row and "
        "column labels joined by '.', e.g. 'requests.new.total>100' or '本年新收.总计>100'; "
        "`nianbao cells` lists them.")] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Search earlier versions too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
    limit: Annotated[int, typer.Option(help="How many results to show.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many results (paging).")] = 0,
) -> None:
    """Search the archive's reports by text and by their numbers; prints the best matches,
    then how many there are per year, region and failing check."""
    from archive.filters import Filters
    from archive.search.query import search

    filters = Filters.from_options(year=year, agency=agency, region=region, level=level,
                                   format=format, portal=portal, check=check,
                                   where=where or [], all_versions=all_versions)
    arc = open_archive()
    with arc.session() as s:
        page = search(s, query, filters, limit=bounded("--limit", limit, 1),
                      offset=bounded("--offset", offset))
    if as_json:
        print(json.dumps(page.as_dict(), ensure_ascii=False, indent=1))
        return
    if not page.items:
        from sqlalchemy import func, select

        from archive.catalogue.models import Report

        with arc.session() as s:
            empty = not s.scalar(select(func.count()).select_from(Report))
        if empty:  # not "nothing matched": there is nothing yet
            out.print(f"the archive at {arc.settings.where()} holds no reports yet; "
                      "`nianbao crawl` or `nianbao ingest` brings some")
            return
        out.print("no reports match" + (f" {query!r}" if query else "")
                  + (f" with {' '.join(filters.to_strings())}" if filters else ""))
        return
    table = Table(title=f"{page.total} report version(s)"
                  + (f", {page.offset + 1}-{page.offset + len(page.items)} shown"
                     if page.total > len(page.items) else ""), title_justify="left")
    for col in ("id", "v", "year", "agency", "score", "checks", "snippet"):
        table.add_column(col, overflow="fold")
    for hit in page.items:
        version = f"v{hit.version}" + ("" if hit.latest else " (old)")
        table.add_row(str(hit.report_id), version, str(hit.year or ""), hit.agency,
                      f"{hit.score:.2f}" if query else "",
                      Text(", ".join(hit.checks), style="red"), _marked(hit))
    out.print(table)
    for name, values in page.facets.items():
        if values:
            shown = "  ".join(f"{'—' if v is None else v}: {n}" for v, n in values[:12])
            out.print(Text(f"{name}: ", style="bold") + Text(shown))


def _marked(hit: Any) -> Text:
    text, pos = Text(), 0
    for a, b in hit.highlights:
        text.append(hit.snippet[pos:a])
        text.append(hit.snippet[a:b], style="bold yellow reverse")
        pos = b
    text.append(hit.snippet[pos:])
    return text


def show_command(
    report: Annotated[str, typer.Argument(
        help="A report: its id, AGENCY/YEAR (北仑区人民政府/2024) or any URL it was seen at.")],
    version: Annotated[int | None, typer.Option(help="A version number (default: the latest).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record and metadata as JSON.")] = False,
) -> None:
    """Show one report: metadata, the three tables laid out like the official template
    (failing checks in red), the six sections and the list of versions."""
    from archive.catalogue.models import ReportVersion, aware
    from archive.reports import find_report, get_version, version_sources

    arc = open_archive()
    with arc.session() as s:
        rep = find_report(s, report)
        ver = get_version(s, rep, version)
        versions = list(s.query(ReportVersion).filter(ReportVersion.report_id == rep.id)
                        .order_by(ReportVersion.number))
        sources = version_sources(s, ver)
        info = {
            "report": {"id": rep.id, "agency": rep.agency, "year": rep.year, "kind": rep.kind,
                       "status": rep.status, "identity_rule": rep.identity_rule},
            "version": {"number": ver.number, "cause": ver.cause, "same_as": ver.same_as,
                        "first_seen": aware(ver.first_seen_at).isoformat(),
                        "last_seen": aware(ver.last_seen_at).isoformat(),
                        "record_hash": ver.record_hash, "parser_version": ver.parser_version},
            "versions": [{"number": v.number, "cause": v.cause, "same_as": v.same_as,
                          "first_seen": aware(v.first_seen_at).isoformat(),
                          "last_seen": aware(v.last_seen_at).isoformat(),
                          "checks": len(v.record.get("checks") or [])} for v in versions],
            "sources": [{"url": src.url, "sha256": src.sha256, "size": src.size,
                         "media_type": src.media_type,
                         "first_seen": aware(src.first_seen_at).isoformat(),
                         "last_seen": aware(src.last_seen_at).isoformat(),
                         "imported_from": src.imported_from, "imported_by": src.imported_by}
                        for src in sources],
            "record": ver.record,
        }
    if as_json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return
    out.print(render_report(info))


def render_report(info: dict[str, Any]) -> Group:
    """The terminal rendering of `show`."""
    rep, ver, record = info["report"], info["version"], info["record"]
    parts: list[Any] = [
        Text(f"report {rep['id']}: {rep['agency']} {rep['year']}"
             + ("  [withdrawn]" if rep["status"] == "withdrawn" else ""), style="bold"),
        Text(f"{record.get('title') or ''}"),
        Text(f"version {ver['number']} of {len(info['versions'])} ({ver['cause']}), first seen "
             f"{shown_time(ver['first_seen'])}, last seen {shown_time(ver['last_seen'])}; format "
             f"{record.get('format')}; parser {ver['parser_version']}", style="dim"),
    ]
    for src in info["sources"]:
        parts.append(Text(f"source: {src['url'] or '—'}  sha256:{src['sha256'][:16]}…  "
                          f"{src['media_type'] or ''}", style="dim"))
        if src.get("imported_from"):
            parts.append(Text(f"  not fetched: imported from {src['imported_from']} by "
                              f"{src.get('imported_by') or '?'}", style="dim"))
    checks = record.get("checks") or []
    if checks:
        parts.append(Text("failing checks:", style="bold red"))
        for c in checks:
            parts.append(Text(f"  {c.get('rule')}  {c.get('where') or ''}  {c.get('detail') or ''}",
                              style="red"))
    else:
        parts.append(Text("all consistency checks pass", style="green"))
    tables = template_tables(record)
    layouts = layouts_for(record.get("format"), record.get("tables") or {})
    under: dict[str, list[Table]] = {}  # section key → its tables, which follow its text
    for layout, table in zip(layouts, tables if layouts else [], strict=True):
        table.title = None  # the section's heading names it
        under.setdefault(TABLE_SECTION.get(layout.key, layout.key), []).append(table)
    sections = record.get("sections") or {}
    for key, title in SECTION_TITLES.items():  # the official order, 一 to 六
        if sections.get(key) or under.get(key):
            parts.append(Text(title, style="bold"))
            parts += [Text(str(sections[key]))] if sections.get(key) else []
            parts += under.pop(key, [])
    parts += [table for rest in under.values() for table in rest]
    for p in sections.get("parts") or []:
        if isinstance(p, dict):
            parts += [Text(str(p.get("heading") or ""), style="bold"), Text(str(p.get("text") or ""))]
    if not any(sections.get(k) for k in SECTION_TITLES) and not sections.get("parts") \
            and sections.get("full_text"):
        parts.append(Text(str(sections["full_text"])))
    if not layouts:
        parts += tables  # a legacy report's statistics, as printed
    versions = Table(title="versions", title_justify="left")
    for col in ("v", "cause", "first seen", "last seen", "checks", "same as"):
        versions.add_column(col)
    for v in info["versions"]:
        style = "bold" if v["number"] == ver["number"] else ""
        versions.add_row(str(v["number"]), v["cause"], shown_time(v["first_seen"]),
                         shown_time(v["last_seen"]), str(v["checks"]), str(v["same_as"] or ""),
                         style=style)
    parts.append(versions)
    return Group(*parts)


def template_tables(record: dict[str, Any]) -> list[Table]:
    """The record's tables as the template prints them (the same layout as the web page and
    the XLSX), failing cells red; a legacy report's rows as printed."""
    from archive.cli.terminal import layout_table

    tables = record.get("tables") or {}
    layouts = layouts_for(record.get("format"), tables)
    if not layouts:
        legacy = tables.get("legacy") or []
        if not legacy:
            return []
        t = Table(title="statistics (as printed)", title_justify="left", show_header=False)
        for row in legacy:
            if isinstance(row, dict):
                t.add_row(str(row.get("label") or ""), *(str(v) for v in row.get("values") or []))
        return [t]
    failing = set(failing_cells(record.get("checks") or []))
    return [layout_table(layout, tables, failing, record.get("format")) for layout in layouts]


__all__ = ["register", "render_report", "template_tables"]

"""`nianbao compliance`: the compliance report of a year (archive.compliance) as a table per
portal, JSON, CSV or XLSX."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from archive.cli.console import open_archive, out
from archive.errors import NianbaoError

if TYPE_CHECKING:
    from archive.compliance import AgencyFindings, Compliance

#: Output formats, and the file suffixes that name them.
FORMATS = {"table": (), "json": (".json",), "csv": (".csv",), "xlsx": (".xlsx",)}
#: Column headings of the terminal table, per finding.
HEADINGS = {"published": "published", "on_time": "first seen", "page_date": "page date",
            "format": "format", "checks": "checks", "cross_year": "上年结转",
            "recycled": "recycled", "edited": "edited late", "withdrawn": "withdrawn"}
#: How a status looks in the terminal.
STYLES = {"ok": "green", "flag": "bold red", "unknown": "yellow", "n/a": "dim"}

COMPLIANCE_HELP = """For a year, per portal and per agency: published or missing, first seen
and the page's own date against the legal deadline (Beijing time; departments 31 January,
governments 31 March), format (template, six parts, three tables), failing consistency
checks, 上年结转 against last year's 结转下年度继续办理, text recycled from last year,
edits after the deadline, withdrawn. Every finding carries its evidence (ids, URLs, times,
values) in JSON, CSV and XLSX.

A first sighting after the deadline counts as late only when the archive fetched the
portal before the deadline; otherwise it says "?" (cannot tell).

Examples:

  nianbao compliance --year 2024

  nianbao compliance --year 2024 --portal huaian --format json

  nianbao compliance --year 2024 --region 江苏省淮安市 --out compliance-2024.xlsx
"""


class ComplianceCommandError(NianbaoError):
    """`nianbao compliance` was given something it cannot use."""


def register(app: typer.Typer) -> None:
    """Add the `compliance` command to the `nianbao` app."""
    app.command("compliance", help=COMPLIANCE_HELP)(compliance_command)


def output_format(fmt: str | None, path: Path | None) -> str:
    """The output format: as given, else from --out's suffix, else the table."""
    if fmt:
        name = fmt.strip().lower()
        if name not in FORMATS:
            raise ComplianceCommandError(f"unknown --format {fmt!r}; use one of "
                                         f"{' | '.join(FORMATS)}")
    elif path is not None:
        name = next((n for n, suffixes in FORMATS.items()
                     if str(path).lower().endswith(suffixes) and suffixes), "")
        if not name:
            raise ComplianceCommandError(f"cannot tell the format from {str(path)!r}; give "
                                         "--format json | csv | xlsx")
    else:
        name = "table"
    if name == "xlsx" and path is None:
        raise ComplianceCommandError("an XLSX report needs a file: give --out FILE.xlsx")
    return name


def compliance_command(
    year: Annotated[int | None, typer.Option(
        metavar="YEAR", help="The year the reports cover (2024: due in 2025).")] = None,
    portal: Annotated[str | None, typer.Option(
        metavar="PORTAL", help="Only this portal (its key, as `nianbao portals` lists).")] = None,
    region: Annotated[str | None, typer.Option(
        metavar="REGION", help="Only agencies in this region: a name on the region path "
        "(江苏省淮安市, 洪泽区), a division code prefix (3208), or part of the portal's "
        "region.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="table | json | csv | xlsx (default: from --out, else table).")] = None,
    out_path: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="PATH", help="Write to this file instead of the terminal.")]
    = None,
    threshold: Annotated[int, typer.Option(
        metavar="PERCENT", min=1, max=100,
        help="A part of the text this similar to last year's is recycled.")] = 90,
) -> None:
    from archive.compliance import compliance
    from archive.filters import check_year

    if year is None:
        raise ComplianceCommandError("give --year YEAR: the year the reports cover "
                                     "(nianbao compliance --year 2024)")
    check_year(year)
    name = output_format(fmt, out_path)
    if out_path is not None:
        from archive.exports import check_writable

        check_writable(out_path)
    arc = open_archive()
    try:
        with arc.session() as s:
            report = compliance(s, year, portal=portal, region=region,
                                threshold=threshold / 100)
    finally:
        arc.close()
    if name == "table":
        if out_path is None:
            for item in renderables(report):
                out.print(item)
            return
        recorder = Console(record=True, width=160, file=io.StringIO())
        for item in renderables(report):
            recorder.print(item)
        write_atomically(out_path, recorder.export_text().encode("utf-8"))
    elif name == "json":
        data = (json.dumps(report.as_dicts(), ensure_ascii=False, indent=1) + "\n")
        if out_path is None:
            print(data, end="")
            return
        write_atomically(out_path, data.encode("utf-8"))
    elif name == "csv":
        data = csv_text(report)
        if out_path is None:
            print(data, end="")
            return
        write_atomically(out_path, ("\ufeff" + data).encode("utf-8"))
    else:
        assert out_path is not None
        write_atomically(out_path, xlsx_bytes(report))
    counts = report.counts()
    out.print(f"wrote {out_path}: {counts['agencies']} agencies for {year}, "
              f"{counts['missing']} missing, {counts['flagged']} with findings",
              markup=False, highlight=False)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.part"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def cell(row: AgencyFindings, name: str) -> Text:
    """A finding as a table cell: its short text in its status's colour."""
    finding = row.findings[name]
    return Text(finding.short, style=STYLES[finding.status])


def renderables(report: Compliance) -> list[RenderableType]:
    """What the table format prints: a line of counts, a table per portal, then one line
    per flagged finding with its evidence in words (what an evaluator reads first)."""
    counts = report.counts()
    items: list[RenderableType] = [Text(
        f"compliance {report.year}: {counts['agencies']} agencies, "
        f"{counts['published']} published, {counts['missing']} missing; first seen by the "
        f"deadline {counts['on_time']}, late {counts['late']}, cannot tell "
        f"{counts['on_time_unknown']}")]
    if not report.rows:
        items.append(Text(f"no agency published or was expected to publish for "
                          f"{report.year} (with these filters)"))
        return items
    for portal, rows in report.by_portal().items():
        title = f"{rows[0].portal_name} ({portal})" if portal else "no portal"
        table = Table(title=f"{title}: {len(rows)} agencies", title_justify="left")
        table.add_column("agency", overflow="fold")
        table.add_column("due", no_wrap=True)
        for name in HEADINGS:
            table.add_column(HEADINGS[name], overflow="fold")
        for row in rows:
            table.add_row(row.agency, row.deadline.strftime("%m-%d"),
                          *(cell(row, name) for name in HEADINGS))
        items.append(table)
    flagged = [(row, name) for row in report.rows for name in row.flags]
    if flagged:
        items.append(Text("findings:"))
        items.extend(Text(f"  {row.report_name or row.agency}  {name}: "
                          f"{row.findings[name].summary}") for row, name in flagged)
    return items


def csv_text(report: Compliance) -> str:
    """One row per agency: its columns, then per finding status, sentence and evidence."""
    from archive.compliance import flat_columns, flat_row
    from archive.exports.common import spreadsheet_safe

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=flat_columns(), lineterminator="\n")
    writer.writeheader()
    for row in report.rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in flat_row(row).items()})
    return buffer.getvalue()


def xlsx_bytes(report: Compliance) -> bytes:
    """The same rows as CSV in one sheet (header bold, frozen, statuses coloured)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from archive.compliance import FINDINGS, flat_columns, flat_row
    from archive.exports.common import keep_text

    fills = {"flag": PatternFill("solid", fgColor="FFCDD2"),
             "unknown": PatternFill("solid", fgColor="FFF9C4"),
             "ok": PatternFill("solid", fgColor="C8E6C9")}
    wb = Workbook()
    ws = wb.active
    ws.title = f"compliance {report.year}"
    columns = flat_columns()
    ws.append(columns)
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "E2"
    for row in report.rows:
        values: dict[str, Any] = flat_row(row)
        ws.append([values[c] for c in columns])
        for c in ws[ws.max_row]:
            keep_text(c)  # archived text that looks like a formula stays text
        for name in FINDINGS:
            fill = fills.get(values[name])
            if fill is not None:
                ws.cell(ws.max_row, columns.index(name) + 1).fill = fill
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

"""`nianbao export`: the archive's data as CSV, XLSX, JSONL, Parquet or WARC."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EXPORT_HELP = """Export report versions (or, for WARC, the raw fetches) to a file.

Formats: csv (one row per report version, one column per cell, UTF-8 with BOM for Excel),
parquet (the same, typed), xlsx (a sheet of reports and each report's tables as the
template prints them), jsonl (full records), warc (WARC/1.1 for pywb / ReplayWeb.page).
Without --format the file name's suffix decides.

Examples:

  nianbao export --out reports.csv --year 2024

  nianbao export --format xlsx --out 北关区.xlsx --agency 北关区 --check any

  nianbao export --out big.parquet --where 'requests.new.total>100' --all-versions

  nianbao export --out archive.warc.gz
"""


def register(app: typer.Typer) -> None:
    """Add the `export` command to the `nianbao` app."""

    @app.command("export", help=EXPORT_HELP)
    def export_command(
        out: Annotated[Path, typer.Option("--out", "-o", metavar="PATH", help="The file to write.")],
        format: Annotated[str | None, typer.Option(
            "--format", "-f", help="csv | xlsx | jsonl | parquet | warc (default: from --out)",
        )] = None,
        year: Annotated[str | None, typer.Option(help="A year (2024) or a range (2020-2024).")] = None,
        agency: Annotated[str | None, typer.Option(help="Part of the agency's name.")] = None,
        region: Annotated[str | None, typer.Option(help="Part of the portal's region.")] = None,
        level: Annotated[str | None, typer.Option(help="The portal's level (county, city, ...).")] = None,
        portal: Annotated[str | None, typer.Option(help="A portal key.")] = None,
        report_format: Annotated[str | None, typer.Option(
            "--report-format", help="The reports' template: 2021 | 2019 | legacy | unknown.",
        )] = None,
        check: Annotated[str | None, typer.Option(
            help="Failing checks: a rule (requests.balance), any, or none.")] = None,
        where: Annotated[list[str] | None, typer.Option(
            metavar="FILTER", help="A cell comparison such as 'requests.new.total>100' (repeatable).")] = None,
        all_versions: Annotated[bool, typer.Option(
            "--all-versions", help="Every version, not only each report's latest.")] = False,
    ) -> None:
        from archive.cli.console import err, open_archive, progress_bar
        from archive.cli.console import out as console
        from archive.exports import check_writable, export, format_for
        from archive.filters import Filters

        fmt = format_for(format, out)  # bad input fails before the archive is opened
        check_writable(out)
        filters = Filters.from_options(year=year, agency=agency, region=region, level=level,
                                       format=report_format, portal=portal, check=check,
                                       where=where or (), all_versions=all_versions)
        arc = open_archive()
        try:
            with progress_bar(err) as bar:
                task = bar.add_task(f"exporting {fmt}", total=None)
                summary = export(arc, fmt, out, filters,
                                 lambda done, total: bar.update(task, completed=done, total=total))
        finally:
            arc.close()
        console.print(summary.line(), markup=False, highlight=False)

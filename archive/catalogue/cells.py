"""The `cells` table: every template cell of every report version as a row of its own, so
that SQL (and Datasette over the SQLite file) reads the numbers without digging in JSON:

    SELECT agency, year, value FROM cells
    WHERE path = 'requests.new.total' AND latest ORDER BY value DESC;

A version's cells are written once, when it is filed (`write_cells`, from
`archive.versions.store_record`); migration 0005 wrote those of the versions filed before.
Which cells a record has comes from its template as printed (`parsers.layout`), and each row
carries the labels printed for it. The report columns (`report_id`, `version`, `latest`,
`agency`, `year`) repeat the report's, for filtering without joins; `sync_cells` sets them
anew when a merge or a split moves and renumbers versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from archive.catalogue.models import Report, ReportVersion, TableCell
from parsers.cells import SEPARATOR
from parsers.layout import cell_value, labels_of, layouts_for

#: The columns `cell_rows` fills (the rest come from the version and its report).
CELL_COLUMNS = ("path", "table_key", "row_key", "column_key", "label", "value")

#: What each column of `cells` holds, in Chinese and in English (docs/record.md and the
#: Datasette metadata are generated from this).
COLUMN_NOTES: dict[str, tuple[str, str]] = {
    "id": ("行编号", "row id"),
    "version_id": ("报告版本编号（report_versions.id）", "the version (report_versions.id)"),
    "report_id": ("报告编号（reports.id）", "the report (reports.id)"),
    "version": ("版本序号（第几版）", "the version's number (1, 2, ...)"),
    "latest": ("是否为该报告的最新版本（1 是，0 否）", "1 for the report's newest version"),
    "agency": ("发布机关", "the agency that published the report"),
    "year": ("报告年度", "the year the report covers"),
    "table_key": ("表格（active_disclosure、requests、review_litigation）",
                  "the table: active_disclosure, requests or review_litigation"),
    "row_key": ("行（或复议、诉讼分组）", "the row (or review/litigation group)"),
    "column_key": ("列", "the column"),
    "path": ("数据项路径，如 requests.new.total", "the cell's path, e.g. requests.new.total"),
    "label": ("数据项名称（报告模板所印的行、列名称）",
              "the cell's labels as the template prints them"),
    "value": ("数值（报告未填或无法识别时为空）",
              "the number (NULL when the report leaves it empty or unreadable)"),
}


def number(value: Any) -> int | float | None:
    """A cell's value as stored: the number, None for null or anything not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def cell_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The cells of a record, one dict per template cell its format prints (none for
    legacy and unknown layouts), in printed order, with the labels printed for it."""
    fmt, tables = record.get("format"), record.get("tables") or {}
    out = []
    for layout in layouts_for(fmt, tables):
        for path in layout.paths():
            table, row, column = path.split(".")
            out.append({"path": path, "table_key": table, "row_key": row, "column_key": column,
                        "label": SEPARATOR.join(labels_of(path, fmt) or (path,)),
                        "value": number(cell_value(tables, path))})
    return out


def write_cells(session: Session, version: ReportVersion) -> int:
    """Write the cells of a version just filed; the report's older versions stop being
    `latest` when this one is its newest. Returns how many cells were written."""
    report = session.get(Report, version.report_id)
    if report is None:
        return 0
    top = session.scalar(select(func.max(ReportVersion.number))
                         .where(ReportVersion.report_id == report.id))
    latest = top is None or version.number >= top
    rows = [{**row, "version_id": version.id, "report_id": report.id,
             "version": version.number, "latest": latest, "agency": report.agency,
             "year": report.year} for row in cell_rows(version.record or {})]
    if latest:
        session.execute(update(TableCell).where(
            TableCell.report_id == report.id, TableCell.version_id != version.id,
            TableCell.latest.is_(True)).values(latest=False)
            .execution_options(synchronize_session=False))
    if rows:
        session.execute(insert(TableCell), rows)
    return len(rows)


def sync_cells(session: Session, report_ids: Iterable[int]) -> None:
    """The report columns of the cells of these reports' versions set from the versions
    and reports as they are now (after a merge or split moved and renumbered versions)."""
    ids = sorted(set(report_ids))
    if not ids:
        return
    version, newer = aliased(ReportVersion), aliased(ReportVersion)

    def of_version(column: Any) -> Any:
        return (select(column).select_from(version).join(Report, Report.id == version.report_id)
                .where(version.id == TableCell.version_id).scalar_subquery())

    session.execute(
        update(TableCell)
        .where(TableCell.version_id.in_(
            select(ReportVersion.id).where(ReportVersion.report_id.in_(ids))))
        .values(report_id=of_version(version.report_id), version=of_version(version.number),
                agency=of_version(Report.agency), year=of_version(Report.year),
                latest=~exists().where(version.id == TableCell.version_id,
                                       newer.report_id == version.report_id,
                                       newer.number > version.number))
        .execution_options(synchronize_session=False))


__all__ = ["CELL_COLUMNS", "COLUMN_NOTES", "cell_rows", "number", "sync_cells", "write_cells"]

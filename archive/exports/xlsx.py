"""XLSX the way government offices work with these reports: a first sheet listing the
reports with Chinese column headers (the official template labels), one sheet per report
with its three tables laid out as the template prints them (merged label cells, the
labels as printed), and a last sheet explaining every column.

Written with openpyxl's write-only workbook, so memory stays flat however many rows the
overview has; per-report sheets stop after `REPORT_SHEET_LIMIT` (the overview still lists
every version)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from archive.exports.columns import CELL_COLUMNS, COLUMNS, META_COLUMNS, row_values
from archive.exports.common import (
    ExportSummary,
    Progress,
    VersionRow,
    count_versions,
    formula_like,
    iter_versions,
    keep_text,
)
from archive.filters import Filters
from archive.units import in_beijing
from parsers.checks import failing_cells
from parsers.layout import TableLayout, cell_value, layouts_for

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from archive.catalogue.db import Catalogue

OVERVIEW = "报告一览"
LEGEND = "字段说明"
REPORT_SHEET_LIMIT = 1000
MAX_SHEET_NAME = 31  # Excel's limit
STATUS_LABELS = {"online": "在线", "withdrawn": "已撤下"}
CAUSE_LABELS = {"published": "发布", "changed": "发布后修改", "parser": "重新解析",
                "imported": "手工导入（非抓取）"}

_THIN = Side(style="thin", color="999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF7")
MISSING_FILL = PatternFill("solid", fgColor="FFF2CC")  # a cell the parser could not read
FAILING_FILL = PatternFill("solid", fgColor="F8CBAD")  # a cell a failing check names
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
LINK = Font(color="0563C1", underline="single")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
# Write-only sheets cannot size rows to wrapped text: long row labels shrink instead.
LABEL = Alignment(horizontal="left", vertical="center", shrink_to_fit=True)
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class SheetNames:
    """Unique Excel sheet names (≤ 31 characters, none of []:*?/\\, case-insensitive)."""

    def __init__(self, reserved: tuple[str, ...] = (OVERVIEW, LEGEND, "History")) -> None:
        self.used = {r.casefold() for r in reserved}

    def make(self, text: str) -> str:
        base = _BAD_SHEET_CHARS.sub("_", text).strip().strip("'") or "报告"
        name, n = base[:MAX_SHEET_NAME], 1
        while name.casefold() in self.used:
            n += 1
            suffix = f"({n})"
            name = base[:MAX_SHEET_NAME - len(suffix)] + suffix
        self.used.add(name.casefold())
        return name


def beijing(value: Any) -> Any:
    """Aware datetimes as naive Beijing time (Excel has no time zones); others unchanged."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return in_beijing(value).replace(tzinfo=None)
    return value


def _cell(ws: WriteOnlyWorksheet, value: Any = None, *, font: Font | None = None,
          fill: PatternFill | None = None, align: Alignment | None = None,
          border: bool = False, link: str | None = None) -> WriteOnlyCell:
    cell = keep_text(WriteOnlyCell(ws, value=beijing(value)))
    if isinstance(cell.value, datetime):
        cell.number_format = DATETIME_FORMAT
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if align:
        cell.alignment = align
    if border:
        cell.border = BORDER
    if link:
        cell.hyperlink = Hyperlink(ref="", location=link)
        cell.font = LINK
    return cell


def _sheet_link(name: str) -> str:
    return "'" + name.replace("'", "''") + "'!A1"


# ------------------------------------------------------------------------- overview


def _meta_header(name: str, label: str) -> str:
    return f"{label}（北京时间）" if name.endswith("_at") else label


def _overview_value(name: str, value: Any) -> Any:
    if name == "status":
        return STATUS_LABELS.get(value, value)
    if name == "cause":
        return CAUSE_LABELS.get(value, value)
    return value


def _start_overview(wb: Workbook) -> WriteOnlyWorksheet:
    ws = wb.create_sheet(OVERVIEW)
    widths = {"agency": 28, "title": 40, "source_url": 40, "record_hash": 20,
              "failing_rules": 28, "first_seen_at": 20, "last_seen_at": 20}
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(col.name, 12 if i <= len(
            META_COLUMNS) else 16)
    ws.freeze_panes = "D2"
    ws.append([_cell(ws, _meta_header(c.name, c.label), font=BOLD, fill=HEAD_FILL, align=CENTER,
                     border=True) for c in COLUMNS])
    return ws


def _overview_row(ws: WriteOnlyWorksheet, values: dict[str, Any], sheet: str | None) -> None:
    cells: list[Any] = []
    for col in COLUMNS:
        value = _overview_value(col.name, values[col.name])
        link = _sheet_link(sheet) if sheet and col.name == "agency" else None
        plain = not (link or isinstance(value, datetime) or formula_like(value))
        cells.append(value if plain else _cell(ws, value, link=link))
    ws.append(cells)


def _legend(wb: Workbook) -> None:
    ws = wb.create_sheet(LEGEND)
    for letter, width in zip("ABCD", (60, 50, 10, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append([_cell(ws, h, font=BOLD, fill=HEAD_FILL, border=True)
               for h in ("列名（报告一览）", "字段（CSV、Parquet 列名）", "类型", "说明")])
    notes = {"format": "2021、2019（模板年份）、legacy（2019年前的自由格式）或 unknown",
             "first_seen_at": "本版本首次被抓取到的时间", "last_seen_at": "本版本最后一次被抓取到的时间",
             "record_hash": "规范化记录的 SHA-256，记录相同则哈希相同",
             "failing_rules": "未通过的一致性校验规则（如 requests.balance 勾稽关系）"}
    types = {"int": "整数", "float": "数值", "str": "文本", "datetime": "时间"}
    for col in COLUMNS:
        note = notes.get(col.name, "表格单元格；空白表示报告中没有或无法识别" if col.cell else "")
        ws.append([_meta_header(col.name, col.label), col.name, types[col.type], note])


# ---------------------------------------------------------------------- report sheets


class _Grid:
    """Cells placed by (row, column) with merges, written out row by row at the end."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.cells: dict[tuple[int, int], WriteOnlyCell] = {}
        self.merges: list[str] = []
        self.row = 0  # next free row (0-based)

    def put(self, r: int, c: int, cell: WriteOnlyCell, rowspan: int = 1, colspan: int = 1,
            border: bool = False) -> None:
        self.cells[(r, c)] = cell
        if rowspan > 1 or colspan > 1:
            self.merges.append(f"{get_column_letter(c + 1)}{r + 1}:"
                               f"{get_column_letter(c + colspan)}{r + rowspan}")
            for dr in range(rowspan):
                for dc in range(colspan):
                    if (dr or dc) and border:  # so merged areas show their full border
                        self.cells[(r + dr, c + dc)] = _cell(self.ws, border=True)
        self.row = max(self.row, r + rowspan)

    def line(self, *values: Any, span: int = 1, **style: Any) -> None:
        """A row of plain cells; the last one spans to column `span`."""
        r = self.row
        for i, value in enumerate(values):
            last = i == len(values) - 1
            self.put(r, i, _cell(self.ws, value, **style), colspan=max(1, span - i) if last else 1)
        self.row = r + 1

    def skip(self, n: int = 1) -> None:
        self.row += n

    def write(self) -> None:
        width = 1 + max((c for _, c in self.cells), default=0)
        for r in range(self.row):
            self.ws.append([self.cells.get((r, c)) for c in range(width)])
        for ref in self.merges:
            self.ws.merged_cells.add(ref)


def _layout(grid: _Grid, layout: TableLayout, tables: dict[str, Any],
            failing: dict[str, list[str]]) -> None:
    """One template table, placed like an HTML table (row and column spans)."""
    width = max(sum(c.colspan for c in row) for row in layout.rows[:1]) if layout.rows else 1
    grid.line(layout.title, span=max(width, 4), font=BOLD)
    top = grid.row
    for r, c, spec in layout.positions():
        if spec.is_value:
            value = cell_value(tables, spec.path or "")
            fill = FAILING_FILL if spec.path in failing else \
                MISSING_FILL if value is None else None
            cell = _cell(grid.ws, value, fill=fill, border=True,
                         align=Alignment(horizontal="right", vertical="center"))
        else:
            cell = _cell(grid.ws, spec.text, border=True, font=BOLD if spec.head else None,
                         fill=HEAD_FILL if spec.head else None,
                         align=CENTER if spec.head else LABEL)
        grid.put(top + r, c, cell, spec.rowspan, spec.colspan, border=True)
    grid.row = max(grid.row, top + len(layout.rows))


def _report_sheet(wb: Workbook, name: str, row: VersionRow, values: dict[str, Any]) -> None:
    ws = wb.create_sheet(name)
    for i, width in enumerate((26, 22, 44) + (11,) * 12, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    # Printed as offices print it: landscape, one page wide.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    record = row.version.record or {}
    tables = record.get("tables") or {}
    grid = _Grid(ws)
    grid.line(record.get("title") or f"{row.report.agency}{row.report.year or ''}年度报告",
              span=10, font=TITLE)
    grid.line("← 返回报告一览", span=3, link=_sheet_link(OVERVIEW))
    for key in ("agency", "year", "format", "version", "cause", "first_seen_at", "last_seen_at",
                "record_hash", "source_url"):
        col = next(c for c in META_COLUMNS if c.name == key)
        grid.line(_meta_header(key, col.label), _overview_value(key, values[key]), span=10,
                  align=LEFT)
    grid.skip()

    layouts = layouts_for(record.get("format"), record.get("tables"))
    failing = failing_cells(record.get("checks") or [])
    for layout in layouts:
        _layout(grid, layout, tables, failing)
        if layout.key == "active_disclosure":
            unit = cell_value(tables, "active_disclosure.procurement.amount_unit")
            if unit:
                grid.line(f"采购总金额单位：{unit}", span=4)
        grid.skip()
    if not layouts and tables.get("legacy"):
        grid.line("统计表（报告所列）", span=4, font=BOLD)
        for item in tables["legacy"]:
            if isinstance(item, dict):
                grid.line(item.get("label"), *(item.get("values") or []), border=True)
        grid.skip()

    checks = record.get("checks") or []
    grid.line("未通过的校验" if checks else "校验：全部通过", span=4, font=BOLD)
    if checks:
        grid.line("规则", "位置", "说明", font=BOLD, fill=HEAD_FILL, border=True)
        for check in checks:
            grid.line(check.get("rule"), check.get("where"), check.get("detail"), border=True)
    grid.write()
    ws.close()


def _sheet_title(row: VersionRow, with_version: bool) -> str:
    text = f"{row.report.year or ''}{row.report.agency}"
    return f"{text}v{row.version.number}" if with_version else text


def write_xlsx(arc: Catalogue, out: Path, filters: Filters, summary: ExportSummary,
               progress: Progress | None) -> None:
    """The overview sheet, one sheet per report version (up to the limit), the legend."""
    wb = Workbook(write_only=True)
    overview = _start_overview(wb)
    names = SheetNames()
    with arc.session() as s:
        total = count_versions(s, filters)
        for row in iter_versions(s, filters):
            values = row_values(row.version, row.report, row.region, row.portal)
            sheet = None
            if summary.items < REPORT_SHEET_LIMIT:
                sheet = names.make(_sheet_title(row, filters.all_versions))
                _report_sheet(wb, sheet, row, values)
            _overview_row(overview, values, sheet)
            summary.items += 1
            if progress:
                progress(summary.items, total)
    last = get_column_letter(len(COLUMNS))
    overview.auto_filter.ref = f"A1:{last}{summary.items + 1}"
    _legend(wb)
    if summary.items > REPORT_SHEET_LIMIT:
        summary.warnings.append(f"only the first {REPORT_SHEET_LIMIT} reports have a sheet of "
                                "their own; narrow the filters for the rest")
    wb.save(out)


__all__ = ["CELL_COLUMNS", "SheetNames", "write_xlsx"]

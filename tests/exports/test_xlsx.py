"""XLSX as an oversight office opens it: a first sheet of reports with Chinese headers,
then each report's tables laid out like the official template (merged label cells)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from archive.exports import export
from archive.exports.columns import COLUMNS
from archive.exports.xlsx import LEGEND, OVERVIEW, SheetNames
from archive.filters import Filters
from parsers.layout import APPLICANT_COLUMNS
from tests.exports.conftest import Built


def find(ws: Worksheet, text: str) -> tuple[int, int]:
    """(row, column) of the first cell holding `text`."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not on sheet {ws.title}")


def merged_at(ws: Worksheet, row: int, col: int) -> str | None:
    for rng in ws.merged_cells.ranges:
        if rng.min_row == row and rng.min_col == col:
            return rng.coord
    return None


def overview_rows(ws: Worksheet) -> list[dict[str, Any]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row), strict=True))
            for row in ws.iter_rows(min_row=2)]


def test_first_sheet_lists_reports_under_chinese_headers(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "reports.xlsx"
    summary = export(built.arc, "xlsx", out, Filters())
    wb = load_workbook(out)

    assert wb.sheetnames[0] == OVERVIEW and wb.sheetnames[-1] == LEGEND
    assert len(wb.sheetnames) == 2 + summary.items == 9
    ws = wb[OVERVIEW]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["报告编号", "版本", "机关", "年度"]
    assert "一、本年新收政府信息公开申请数量：自然人" in header
    assert "行政复议：结果纠正" in header
    assert "首次发现时间（北京时间）" in header
    assert len(header) == len(COLUMNS)

    rows = {r["机关"]: r for r in overview_rows(ws)}
    beilun = rows["北仑区人民政府"]
    assert beilun["一、本年新收政府信息公开申请数量：自然人"] == 580
    assert beilun["未通过的校验规则"] == "requests.balance"
    # Version 2 was first fetched at 08:10 UTC: 16:10 in Beijing.
    assert beilun["首次发现时间（北京时间）"] == datetime(2025, 3, 1, 16, 10)
    link = ws.cell(row=find(ws, "北仑区人民政府")[0], column=3).hyperlink
    assert link is not None and link.location.startswith("'2024北仑区人民政府")


def test_a_report_sheet_lays_out_the_template(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "reports.xlsx"
    export(built.arc, "xlsx", out, Filters.parse(["agency=北仑区人民政府"]))
    wb = load_workbook(out)
    ws = wb["2024北仑区人民政府"]
    record = built.latest_records()
    tables = next(r for r in record.values() if r["agency"] == "北仑区人民政府")["tables"]

    # 三、requests: the row label spans three columns, the seven values follow it.
    r, c = find(ws, "一、本年新收政府信息公开申请数量")
    assert merged_at(ws, r, c) is not None
    values = [ws.cell(row=r, column=c + 3 + i).value for i in range(7)]
    assert values == [tables["requests"]["new"][col] for col in APPLICANT_COLUMNS]
    r, c = find(ws, "三、本年度办理结果")
    assert merged_at(ws, r, c) == f"A{r}:A{r + 21}"  # 22 outcome rows in the 2021 template
    r, c = find(ws, "（三）不予公开")
    assert ws.cell(row=r, column=c + 1).value == "1.属于国家秘密"

    # 二、active disclosure: 行政许可's one value spans the three value columns.
    r, c = find(ws, "行政许可")
    assert ws.cell(row=r, column=c + 1).value == tables["active_disclosure"]["licensing"][
        "decisions"]
    # 四、review and litigation: 15 numbers under a three-level header.
    r, c = find(ws, "行政诉讼")
    assert merged_at(ws, r, c) is not None
    numbers = [ws.cell(row=r + 3, column=c - 5 + i).value for i in range(15)]
    rl = tables["review_litigation"]
    assert numbers == [rl[g][f] for g in ("review", "litigation_direct",
                                          "litigation_after_review")
                       for f in ("upheld", "corrected", "other", "pending", "total")]
    # The failing checks are listed under the tables.
    r, c = find(ws, "requests.balance")
    assert ws.cell(row=r, column=c + 1).value == "natural_person"


def test_2019_and_legacy_reports_get_their_own_layouts(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "reports.xlsx"
    export(built.arc, "xlsx", out, Filters.parse(["years=2012-2019"]))
    wb = load_workbook(out)

    qingshi = wb["2019青石县自然资源局"]
    r, c = find(qingshi, "政府集中采购")
    assert qingshi.cell(row=r, column=c + 2).value == 85.6
    find(qingshi, "（六）其他处理")
    lanxi = wb["2012兰溪县人民政府办公室"]
    r, c = find(lanxi, "主动公开政府信息数")
    assert lanxi.cell(row=r, column=c + 2).value == 1268


def test_sheet_names_fit_excel_and_never_repeat() -> None:
    names = SheetNames()
    long = "2024" + "某某省某某市某某区某某街道办事处综合行政执法大队" * 2
    first, second = names.make(long), names.make(long)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert names.make("2024a/b:c[d]") == "2024a_b_c_d_"
    assert names.make("报告一览") != "报告一览"  # reserved for the overview
    assert names.make("ABC") != names.make("abc")  # Excel compares case-insensitively

"""Archived text that a spreadsheet would run as a formula (OWASP's CSV injection) reaches
the exports as text: a clerk who opens the CSV or XLSX of reports, or the compliance report,
sees `=HYPERLINK(...)` written out, never a live link or a computed cell. Numbers stay
numbers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from archive.config import Settings
from archive.core import Archive
from tests.clirun import nianbao
from tests.samples import REPORTS

TEXT = {"Content-Type": "text/plain; charset=utf-8"}
#: Four real reports whose agency line an attacker (or a careless editor) begins with a
#: formula: (sample, printed line, the same line as published).
HOSTILE = [
    ("002_0587ca1cc9f7563f", "北仑区人民政府\n", '=HYPERLINK("http://evil.example/","点此")\n'),
    ("001_d24b5322b0421a36", "北关区工信局2024年", "@SUM(1+1)*cmd|北关区工信局2024年"),
    ("004_7063f1814de91bcc", "孟津区行政审批和政务信息管理局 2024",
     "+1 孟津区行政审批和政务信息管理局 2024"),
    ("003_ed60ee903ad4e3a2", "北关区红旗路街道办事处 2023", "-2+3+cmd|北关区红旗路街道办事处 2023"),
]
#: The agency names the parser reads from those lines, and the titles' first characters.
AGENCIES = {'=HYPERLINK("http://evil.example/","点此', "@SUM(1+1)*cmd|北关区工信局",
            "+1孟津区行政审批和政务信息管理局"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of the four hostile reports, fetched as a crawl fetches them."""
    home = tmp_path_factory.mktemp("formula") / "home"
    with Archive.open(Settings.from_env({"NIANBAO_HOME": str(home)})) as arc:
        for stem, line, hostile in HOSTILE:
            text = (REPORTS / f"{stem}.txt").read_text(encoding="utf-8")
            assert line in text
            arc.ingest(f"http://www.example.gov.cn/xxgk/{stem}.html", status=200,
                       body=text.replace(line, hostile, 1).encode(), response_headers=TEXT,
                       role="report")
    return home


def export(home: Path, fmt: str, *args: str) -> Path:
    """`nianbao export` (or another command writing a file) into the archive's folder."""
    out = home.parent / f"out-{fmt}-{len(args)}.{fmt}"
    proc = nianbao([*args, "--format", fmt, "--out", str(out)], home=home, cwd=home.parent)
    assert proc.returncode == 0, proc.stderr
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_export_writes_formulas_as_text(home: Path) -> None:
    rows = read_csv(export(home, "csv", "export"))
    assert {row["agency"] for row in rows} >= {"'" + a for a in AGENCIES}
    titles = {row["title"] for row in rows}
    assert "'-2+3+cmd|北关区红旗路街道办事处2023年政府信息公开工作年度报告" in titles
    for row in rows:
        for name, value in row.items():
            assert not value.startswith(FORMULA_START), (name, value)
    beilun = next(row for row in rows if row["agency"].startswith("'=HYPERLINK"))
    assert beilun["year"] == "2024" and beilun["requests.new.natural_person"] == "580"


def test_xlsx_export_has_no_formula_and_keeps_the_text(home: Path) -> None:
    book = load_workbook(export(home, "xlsx", "export"))
    formulas = [(ws.title, c.coordinate, c.value) for ws in book.worksheets
                for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    overview = book["报告一览"]
    header = [c.value for c in overview[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in overview.iter_rows(min_row=2)]
    assert {row["机关"] for row in rows} >= AGENCIES  # the text exactly, no apostrophe
    beilun = next(row for row in rows if row["机关"].startswith("=HYPERLINK"))
    assert beilun["年度"] == 2024 and beilun["报告编号"] >= 1  # numbers are numbers
    sheet = next(ws for ws in book.worksheets if ws["A1"].value.startswith("=HYPERLINK"))
    assert sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix


def test_compliance_csv_and_xlsx_write_formulas_as_text(home: Path) -> None:
    rows = read_csv(export(home, "csv", "compliance", "--year", "2024"))
    assert {row["agency"] for row in rows} >= {"'" + a for a in AGENCIES}
    for row in rows:
        for name, value in row.items():
            assert not value.startswith(FORMULA_START), (name, value)
    book = load_workbook(export(home, "xlsx", "compliance", "--year", "2024"))
    ws = book.active
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
    header = [c.value for c in ws[1]]
    agencies = {row[header.index("agency")].value for row in ws.iter_rows(min_row=2)}
    years = {row[header.index("year")].value for row in ws.iter_rows(min_row=2)}
    assert agencies >= AGENCIES and years == {2024}

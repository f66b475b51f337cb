"""The pieces under the pages: template layouts, charts, the message catalogue, the CLI."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from archive.web.charts import bar_chart, outcome_totals, stacked_bars
from archive.web.i18n import LABELS_EN, MESSAGES, label, translate
from parsers.checks import failing_cells
from parsers.layout import CELL_LABELS, LAYOUTS


def test_layouts_cover_every_template_cell_once() -> None:
    from parsers.templates import TEMPLATES

    for fmt, layouts in LAYOUTS.items():
        printed = [p for layout in layouts for p in layout.paths()]
        assert len(printed) == len(set(printed))
        expected = {f"{t.key}.{group}.{f.key}" for t in TEMPLATES[fmt].tables
                    for row in t.rows for group, f in row.cells}
        assert set(printed) == expected, fmt
    assert len(CELL_LABELS["2021"]) == 200
    assert CELL_LABELS["2021"]["requests.other_other.total"] == ("（六）其他处理", "3.其他", "总计")
    assert CELL_LABELS["2019"]["requests.other_handling.natural_person"] == ("（六）其他处理", "自然人")


def test_rows_of_the_requests_table_are_as_wide_as_the_form() -> None:
    requests = LAYOUTS["2021"][1]
    spans = [sum(c.colspan for c in row) for row in requests.rows]
    assert spans[3:5] == [10, 10]  # 一、 and 二、 rows: label over three columns, then seven
    assert spans[-1] == 10


def test_failing_checks_mark_their_cells() -> None:
    marked = failing_cells([
        {"rule": "requests.balance", "where": "natural_person", "detail": "580+9 != 587+1"},
        {"rule": "review_litigation.total", "where": "review"},
        {"rule": "cell.missing", "where": "active_disclosure.fees.amount_wan_yuan"}])
    assert set(marked) == {"requests.new.natural_person", "requests.carried_over.natural_person",
                           "requests.total_handled.natural_person",
                           "requests.carried_forward.natural_person",
                           "review_litigation.review.total",
                           "active_disclosure.fees.amount_wan_yuan"}


def test_charts_are_plain_svg_with_escaped_labels() -> None:
    bars = bar_chart([("2023", 480), ("2024", None), ("<b>", 585)], "申请 & 数量")
    tree = ET.fromstring(str(bars))
    assert tree.tag == "{http://www.w3.org/2000/svg}svg"
    assert "&lt;b&gt;" in bars and "<script" not in bars
    tables = {"requests": {"granted": {"total": 3}, "denied_state_secret": {"total": 1},
                           "denied_process_info": {"total": 2}, "other_handling": {"total": 4}}}
    totals = outcome_totals(tables)
    assert dict(totals) == {"予以公开": 3, "部分公开": 0, "不予公开": 3, "无法提供": 0,
                            "不予处理": 0, "其他处理": 4}
    stacked = stacked_bars([("2024", totals)], "办理结果", "en")
    ET.fromstring(str(stacked))
    assert "Granted" in stacked and ">10<" in stacked


def test_every_message_speaks_both_languages() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == {"zh", "en"}, key
    assert translate("search.results", "en", total=3) == "3 results"
    assert label("（七）总计", "zh") == "（七）总计"
    assert label("（七）总计", "en") == "(7) Total handled"
    for fmt_layouts in LAYOUTS.values():
        for layout in fmt_layouts:
            for row in layout.rows:
                for c in row:
                    assert not c.text or c.text in LABELS_EN, c.text


def test_serve_is_a_command() -> None:
    from archive.cli.main import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output


def test_2019_and_legacy_reports_render(sqlite_settings: object) -> None:
    from pathlib import Path

    from fastapi.testclient import TestClient

    from archive.core import Archive
    from archive.web import create_app

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
    with Archive.open(sqlite_settings) as arc:  # type: ignore[arg-type]
        for name in ("2019_qingshi_natural_resources", "legacy_2012_lanxi_county"):
            arc.ingest(f"http://x.gov.cn/{name}.html", status=200, role="report",
                       body=(fixtures / f"{name}.txt").read_bytes(),
                       response_headers={"Content-Type": "text/plain; charset=utf-8"})
        with TestClient(create_app(arc)) as client:
            form_2019 = client.get("/reports/1").text
            legacy = client.get("/reports/2").text
    assert "第二十条第（九）项" in form_2019 and "其他对外管理服务事项" in form_2019
    assert '<th colspan="2" scope="row" class="rowlabel">（六）其他处理</th>' in form_2019
    assert "2019年以前的自由格式" in legacy and "受理政府信息公开申请数" in legacy


def test_a_2021_report_printing_other_handling_as_one_row_is_laid_out_as_printed() -> None:
    from parsers.layout import layouts_for

    def paths(layouts) -> set[str]:  # type: ignore[no-untyped-def]
        return {p for layout in layouts for p in layout.paths()}

    usual = paths(layouts_for("2021", {"requests": {"other_other": {}}}))
    variant = paths(layouts_for("2021", {"requests": {"other_handling": {}}}))
    assert "requests.other_other.total" in usual and "requests.other_handling.total" not in usual
    assert "requests.other_handling.total" in variant and "requests.other_other.total" not in variant
    assert "active_disclosure.rules.issued" in variant  # the 2021 table 1 is kept

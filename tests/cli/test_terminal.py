"""`nianbao show` draws the template's tables from the same layout as the web page and the
XLSX: every printed cell once, in its place, and the cells a failing check touches in red."""

from __future__ import annotations

from rich.console import Console

import parsers
from archive.cli.search import template_tables
from parsers.layout import cell_value, layouts_for
from tests.fixtures import make_fixtures as mf


def record_of_first_sample() -> dict:
    doc = mf.samples()[0]
    return parsers.parse_bytes(mf.make_html(doc), media_type="text/html",
                               url="https://www.example.gov.cn/ndbg/t1.html").to_dict()


def shown(table) -> str:  # noqa: ANN001
    console = Console(width=400, record=True, color_system=None)
    console.print(table)
    return console.export_text()


def test_each_layout_becomes_one_table_with_every_value_printed() -> None:
    record = record_of_first_sample()
    layouts = layouts_for(record["format"], record["tables"])
    tables = template_tables(record)
    assert [t.title for t in tables] == [layout.title for layout in layouts]
    for table, layout in zip(tables, layouts, strict=True):
        text = shown(table)
        values = [cell_value(record["tables"], path) for path in layout.paths()]
        rendered = [v for v in values if v is not None]
        assert rendered, layout.key
        for value in rendered:
            assert (f"{value:g}" if isinstance(value, float) else str(value)) in text


def test_cells_of_a_failing_check_are_red_and_no_others() -> None:
    record = record_of_first_sample()
    record["checks"] = [{"rule": "requests.row_total", "where": "new", "detail": "1+2 != 4"}]
    requests = next(t for t in template_tables(record) if "申请" in str(t.title))
    red = [cell for column in requests.columns for cell in column._cells
           if "red" in str(getattr(cell, "style", ""))]
    assert len(red) == 1
    assert red[0].plain == str(record["tables"]["requests"]["new"]["total"])


def test_a_legacy_report_prints_its_rows_as_printed() -> None:
    record = {"format": "legacy", "tables": {"legacy": [{"label": "申请总数", "values": [12]}]}}
    [table] = template_tables(record)
    assert "申请总数" in shown(table) and "12" in shown(table)

"""Known table variants: a 2021 report that prints （六）其他处理 as ONE row with its own
values (as the 2019 template did) instead of the three rows 1./2./3. (real PDFs of
淮安市洪泽区 for 2023 and 2024 do).

Such a table is read into the row `other_handling` (the 2019 key); the three sub-rows
are left out of the record, not null: the report prints no breakdown, so there is no
unread cell to flag, and docs/record.md ties every null to a `cell.missing` check. One
`table.variant` check says the table was read so, and `requests.total_handled` adds
`other_handling` in place of the three rows.

The inputs are built from the template's own labels (`parsers.templates`), in the
layouts extraction produces: an extractor's tab grid (merged cells repeated), PDF text
(values after their label on one line, merged labels wrapped on lines of their own),
and one cell per line."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_text
from parsers.checks import APPLICANT_COLUMNS
from parsers.templates import OTHER_HANDLING_AS_ONE_ROW, TEMPLATE_2019, TEMPLATE_2021
from tests.parsers.parser_helpers import cells, expected, grid_text, relayout

COLUMNS = (*APPLICANT_COLUMNS, "total")
REQUESTS_2021 = TEMPLATE_2021.tables[1]
ONE_ROW = OTHER_HANDLING_AS_ONE_ROW.table
SUB_ROWS = OTHER_HANDLING_AS_ONE_ROW.replaces
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS = "三、本年度办理结果"
HEAD = "三、收到和处理政府信息公开申请情况"
NEXT = "四、政府信息公开行政复议、行政诉讼情况"
BASE = grid_text(expected("002_0587ca1cc9f7563f"))  # the report around the requests table


def _values() -> dict[str, dict[str, int]]:
    """Requests values for every row key of both shapes of the table, all rules holding:
    other_handling is the sum of the three sub-rows."""
    outcomes = [r.key for r in ONE_ROW.rows[2:-2]]
    rows: dict[str, list[int]] = {}
    for i, key in enumerate(outcomes):
        rows[key] = [i % 5 + 1, i % 3, 0, i % 2, 0, (i + 1) % 2]
    rows["other_handling"] = [7, 2, 0, 1, 0, 1]
    rows["other_no_correction"] = [4, 1, 0, 0, 0, 1]
    rows["other_fee_unpaid"] = [1, 0, 0, 1, 0, 0]
    rows["other_other"] = [2, 1, 0, 0, 0, 0]
    handled = [sum(rows[k][c] for k in outcomes) for c in range(6)]
    rows["total_handled"] = handled
    rows["carried_over"] = [3, 1, 0, 0, 0, 0]
    rows["carried_forward"] = [2, 0, 0, 1, 0, 0]
    rows["new"] = [h + f - o for h, f, o in zip(handled, rows["carried_forward"], rows["carried_over"], strict=True)]
    return {k: dict(zip(COLUMNS, (*v, sum(v)), strict=True)) for k, v in rows.items()}


VALUES = _values()


def label_cells(row_label: str, group: str) -> tuple[str, str, str]:
    """A template row label as the three label cells of an extractor's grid row: the
    merged 三、本年度办理结果 / （三）不予公开 cells repeated, as extractors print them."""
    parts = row_label.split(" ")
    if parts[-1][:1].isdigit():  # a numbered sub-row: 1.属于国家秘密
        return RESULTS, group, parts[-1]
    if row_label.startswith(("一、", "二、", "四、")):
        return row_label, row_label, row_label
    return RESULTS, row_label.removeprefix("三、"), row_label.removeprefix("三、")


def grid_rows(spec=ONE_ROW, values=VALUES) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The requests table as an extractor's grid: header rows, then each template row."""
    rows = [[CORNER] * 3 + ["申请人情况"] * 7,
            [CORNER] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
            [CORNER] * 3 + [f.label for f in (f for _, f in spec.rows[0].cells)]]
    group = ""
    for row in spec.rows:
        if " " in row.label and row.number:
            group = row.label.rsplit(" ", 1)[0]
        rows.append([*label_cells(row.label, group), *(str(values[row.key][c]) for c in COLUMNS)])
    return rows


def report(block: str, base: str = BASE) -> str:
    """`base` with its requests table replaced by `block`."""
    start = base.index(HEAD) + len(HEAD)
    end = base.index(NEXT)
    return base[:start] + "\n\n" + block + "\n\n" + base[end:]


def grid_report(spec=ONE_ROW, values=VALUES) -> str:  # type: ignore[no-untyped-def]
    return report("\n".join("\t".join(r) for r in grid_rows(spec, values)))


def one_cell_per_line(text: str) -> str:
    """Every cell of every tab-separated line on a line of its own, tab-indented."""
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            out += ["\t" + cell for cell in line.split("\t")] + [""]
        else:
            out.append(line)
    return "\n".join(out)


def pdf_block(spec=ONE_ROW, values=VALUES) -> str:  # type: ignore[no-untyped-def]
    """The requests table as PDF text: each row's label then its values on one line,
    merged labels printed once and wrapped on lines of their own."""
    lines = ["（本列数据的勾稽关系为：第一项加第二项", "之和，等于第三项加第四项之和）", "申请人情况",
             "自然人 法人或其他组织 总计", "商业", "企业", "科研", "机构", "社会公", "益组织", "法律服", "务机构", "其他"]
    for row in spec.rows:
        vals = " ".join(str(values[row.key][c]) for c in COLUMNS)
        parts = row.label.split(" ")
        if row.key == "granted":
            lines += ["三、本", "年度办", "理结果"]
        if len(parts) > 1 and parts[-1][:1].isdigit():
            group = "".join(parts[:-1])
            lines += [group[:4], group[4:]]  # (三)不 / 予公开
        lines.append(f"{parts[-1] if row.number else row.label.removeprefix('三、')} {vals}")
    return "\n".join(lines)


def pdf_report(spec=ONE_ROW, values=VALUES) -> str:  # type: ignore[no-untyped-def]
    return report(pdf_block(spec, values), BASE.replace("\t", " "))


LAYOUTS = {
    "grid": grid_report(),
    "one cell per line": one_cell_per_line(grid_report()),
    "pdf text": pdf_report(),
}


def the_record_of_a_variant_report(record) -> None:  # type: ignore[no-untyped-def]
    assert record.format == "2021"
    requests = record.tables["requests"]
    assert list(requests) == [r.key for r in ONE_ROW.rows]
    assert not set(SUB_ROWS) & set(requests)
    assert requests == {k: VALUES[k] for k in requests}
    assert [c.to_dict() for c in record.checks] == [
        {"rule": "table.variant", "where": "requests", "detail": "（六）其他处理 printed as one row"}]
    values = cells(record.tables)
    assert len(values) == 200 - 21 + 7 and None not in values.values()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_other_handling_printed_as_one_row_is_read_into_other_handling(layout: str) -> None:
    the_record_of_a_variant_report(parse_text(LAYOUTS[layout]))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_rest_of_the_record_is_as_for_the_three_rows(layout: str) -> None:
    three_rows = {"grid": grid_report(REQUESTS_2021), "pdf text": pdf_report(REQUESTS_2021),
                  "one cell per line": one_cell_per_line(grid_report(REQUESTS_2021))}[layout]
    usual = parse_text(three_rows).to_dict()
    assert usual["checks"] == []
    varied = parse_text(LAYOUTS[layout]).to_dict()
    assert [r for r in usual["tables"]["requests"] if r not in SUB_ROWS] == [
        r for r in varied["tables"]["requests"] if r != "other_handling"]
    for key in ("format", "title", "agency", "year", "sections"):
        assert varied[key] == usual[key]
    for table in ("active_disclosure", "review_litigation"):
        assert varied["tables"][table] == usual["tables"][table]
    for row, values in varied["tables"]["requests"].items():
        if row != "other_handling":
            assert usual["tables"]["requests"][row] == values


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_any_relayout_of_a_variant_report_reads_the_same(seed: int) -> None:
    text = relayout(LAYOUTS["grid"], random.Random(seed), tabs=0.7, wraps=0.5, merges=0.4, spaces=0.4)
    the_record_of_a_variant_report(parse_text(text))


def test_total_handled_adds_other_handling_in_place_of_the_three_rows() -> None:
    values = {**VALUES, "other_handling": {**VALUES["other_handling"], "natural_person": 8}}
    record = parse_text(grid_report(values=values))
    assert [(c.rule, c.where, c.detail) for c in record.checks] == [
        ("table.variant", "requests", "（六）其他处理 printed as one row"),
        ("requests.total_handled", "natural_person",
         f"sum of outcomes {VALUES['total_handled']['natural_person'] + 1} != {VALUES['total_handled']['natural_person']}"),
        ("requests.row_total", "other_handling", "8+2+0+1+0+1 != 11")]


def test_an_empty_cell_of_the_one_row_is_null_with_its_check() -> None:
    row = "\t".join([RESULTS, "(六) 其他处理", "(六) 其他处理"])
    text = grid_report().replace(f"{row}\t7\t2\t", f"{row}\t7\t\t")
    assert text != grid_report()
    record = parse_text(text)
    assert record.tables["requests"]["other_handling"]["commercial_enterprise"] is None
    assert [(c.rule, c.where) for c in record.checks] == [
        ("table.variant", "requests"), ("cell.missing", "requests.other_handling.commercial_enterprise")]


def test_the_one_row_with_digits_run_together_is_the_variant_flagged_ambiguous() -> None:
    line = "(六) 其他处理 7 2 0 1 0 1 11"
    text = pdf_report().replace(line, "(六) 其他处理 7 20 1 0 1 11")
    assert text != pdf_report()
    record = parse_text(text)
    assert set(record.tables["requests"]["other_handling"].values()) == {None}
    assert [(c.rule, c.where) for c in record.checks][:2] == [
        ("table.variant", "requests"), ("cell.ambiguous", "requests.other_handling")]
    assert not set(SUB_ROWS) & set(record.tables["requests"])


# ------------------------------------------------------------- what is not the variant

def three_row_report(layout: str) -> str:
    """The same report printing the template's three （六） rows, in `layout`."""
    if layout == "pdf text":
        return pdf_report(REQUESTS_2021)
    text = grid_report(REQUESTS_2021)
    return one_cell_per_line(text) if layout == "one cell per line" else text


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_three_sub_rows_with_unreadable_labels_are_not_taken_for_one_row(layout: str) -> None:
    text = three_row_report(layout)
    for row in REQUESTS_2021.rows:
        if row.key in SUB_ROWS:
            label = row.label.split(" ")[-1]
            assert label in text
            text = text.replace(label, "□□□□")  # masked: OCR could not read them
    record = parse_text(text)
    requests = record.tables["requests"]
    assert "other_handling" not in requests
    assert all(set(requests[k].values()) == {None} for k in SUB_ROWS)
    assert {c.rule for c in record.checks} == {"cell.missing"}
    assert requests["total_handled"] == VALUES["total_handled"]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_label_with_characters_lost_is_still_read_by_its_label(layout: str) -> None:
    # 2.其他法律行政法规禁止公开 with 法规禁 lost, as in a real PDF's text
    for text in (LAYOUTS[layout], three_row_report(layout)):
        damaged = text.replace("其他法律行政法规禁止公开", "其他法律行政止公开")
        assert damaged != text
        record = parse_text(damaged)
        assert record.to_dict() == parse_text(text).to_dict()
        assert not record.failing("row.by_position")


def test_a_2021_table_without_any_other_handling_row_is_not_the_variant() -> None:
    block = "\n".join("\t".join(r) for r in grid_rows() if "其他处理" not in r[1])
    record = parse_text(report(block))
    assert "other_handling" not in record.tables["requests"]
    assert {c.rule for c in record.checks} == {"cell.missing"}  # rules over a null are not evaluated
    assert len(record.failing("cell.missing")) == 21


def test_a_2019_report_is_unchanged() -> None:
    from tests.parsers.parser_helpers import fixture_text

    record = parse_text(fixture_text("2019_qingshi_natural_resources.txt"))
    assert record.format == "2019" and record.checks == []


# ------------------------------------------------------------------------ the template

def test_the_variant_is_the_2021_template_with_the_2019_other_handling_row() -> None:
    varied = TEMPLATE_2021.with_variants((OTHER_HANDLING_AS_ONE_ROW,))
    assert [t.cell_count for t in varied.tables] == [10, 161, 15]
    assert varied.name == "2021" and varied.markers == TEMPLATE_2021.markers
    assert [r.key for r in varied.tables[1].rows] == [r.key for r in TEMPLATE_2019.tables[1].rows]
    keys = [r.key for r in REQUESTS_2021.rows]
    assert [r.key for r in ONE_ROW.rows] == [
        *keys[:keys.index("other_no_correction")], "other_handling", *keys[keys.index("total_handled"):]]
    assert TEMPLATE_2021.with_variants(()) is TEMPLATE_2021

"""Tables drawn in text by other tools become the tab-separated rows the table reader
reads best (`parsers.texttables`), and a number glued to its label is read, never skipped."""

from parsers import parse_text
from parsers.texttables import tabulate
from tests.parsers.parser_helpers import expected, grid_text, sample_text

W3M = """\
┌──────────────┬────────────┐
│信息内容      │本年处理决定│
│              │数量        │
├──────────────┼────────────┤
│行政处罚      │951494      │
├──────────────┼────────────┤
│行政强制      │13895       │
└──────────────┴────────────┘"""


def test_a_box_grid_with_wrapped_cells_is_one_row_per_ruled_row():
    assert tabulate(W3M).split("\n") == ["信息内容\t本年处理决定数量", "行政处罚\t951494", "行政强制\t13895"]


def test_merged_cells_of_a_box_grid_repeat_in_every_position_they_cover():
    grid = """\
┌────┬──────┬──┐
│    │（一）│5 │
│三、├──────┼──┤
│本年│（二）│7 │
└────┴──────┴──┘"""
    assert tabulate(grid).split("\n") == ["三、本年\t（一）\t5", "三、本年\t（二）\t7"]


def test_bars_without_outer_bars_keep_a_leading_and_a_trailing_blank_cell():
    table = "信息内容 | 本年制发件数 | 本年废止件数\n | 3 | \n规章 | 1 | 2"
    assert tabulate(table).split("\n") == ["信息内容\t本年制发件数\t本年废止件数", "\t3\t", "规章\t1\t2"]


def test_markdown_with_outer_bars_and_a_rule_line():
    table = "| 信息内容 | 本年新制作数量 |\n|:---|---:|\n| 规章 |  |\n| ｜全角｜ |"
    assert tabulate(table).split("\n")[:3] == ["信息内容\t本年新制作数量", "", "规章\t"]


def test_csv_rows_become_cells_but_a_sentence_with_commas_does_not():
    table = '信息内容,本年新制作数量,本年新公开数量\n规章,0,"1,024"\n行政规范性文件,3,5'
    assert tabulate(table).split("\n") == ["信息内容\t本年新制作数量\t本年新公开数量", "规章\t0\t1,024",
                                          "行政规范性文件\t3\t5"]
    prose = "we read 3, 4, and 5 items"
    assert tabulate(prose) == prose


def test_a_serial_number_column_is_dropped_not_read_as_values():
    table = "序号\t信息内容\t数量\n1\t行政许可\t474394\n2\t行政处罚\t951494\n3\t行政强制\t13895"
    assert tabulate(table).split("\n") == ["信息内容\t数量", "行政许可\t474394", "行政处罚\t951494",
                                          "行政强制\t13895"]
    spaced = "序号  信息内容  数量\n1  行政许可  474394\n2  行政处罚  951494"
    assert tabulate(spaced).split("\n") == ["信息内容  数量", "行政许可  474394", "行政处罚  951494"]


def test_numbers_not_numbering_rows_are_left_alone():
    text = "序号\t信息内容\t数量\n3\t行政许可\t474394\n1\t行政处罚\t951494"  # not 1, 2, 3
    assert tabulate(text) == text


def test_a_fee_glued_to_its_label_is_read_and_never_replaced_by_a_later_number():
    text = sample_text("001_d24b5322b0421a36")
    glued = parse_text(text.replace("行政事业性收费 0", "行政事业性收费9116.36"))
    assert glued.tables["active_disclosure"]["fees"] == {"amount_wan_yuan": 9116.36}
    # glued, and another number printed after it: two readings, so null and a check
    two = parse_text(text.replace("行政事业性收费 0", "行政事业性收费9116.36\n0"))
    assert two.tables["active_disclosure"]["fees"] == {"amount_wan_yuan": None}
    assert [c.where for c in two.failing("cell.ambiguous")] == ["active_disclosure.fees"]


def test_a_short_row_of_an_aligned_fixed_width_table_gets_its_blank_cells():
    table = """\
1.属于国家秘密                 39          59          41        29
2.其他法律行政法规禁止公开     34          22                    24
3.危及“三安全一稳定”          15          16          30        29"""
    assert tabulate(table).split("\n")[1] == "2.其他法律行政法规禁止公开\t34\t22\t\t24"


def test_columns_that_do_not_line_up_are_not_guessed():
    table = "甲   12   48   60   8\n乙乙乙   549   498   578\n丙   1   2   3   4"
    assert tabulate(table) == table


def test_a_requests_table_with_only_some_applicant_columns_reads_those_and_nulls_the_rest():
    text = grid_text(expected("002_0587ca1cc9f7563f"))  # 表三 as tab-separated rows
    record = parse_text(text)
    full = record.tables["requests"]
    lines = []
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) >= 8:  # a row of 表三: keep its labels, 自然人 and 总计
            cells = cells[:-7] + [cells[-7], cells[-1]]
        lines.append("\t".join(cells))
    part = parse_text("\n".join(lines))
    got = part.tables["requests"]
    assert got["new"]["natural_person"] == full["new"]["natural_person"]
    assert got["new"]["total"] == full["new"]["total"]
    assert all(got[row]["commercial_enterprise"] is None for row in got)
    assert [c.detail for c in part.checks if c.rule == "table.columns"] == [
        "prints only the columns natural_person, total"]


def test_thousands_separators_are_never_split_as_csv_fields():
    table = "行政许可 474,394 1,024\n行政处罚 951,494 2,048\n行政强制 13,895 4,096"
    assert tabulate(table) == table


def test_a_text_attachment_with_box_drawn_tables_reads_like_the_page():
    import random

    from parsers import parse_bytes
    from tests.parsers.renderings import LAYOUTS, sample_records

    rendering = LAYOUTS["box_light"](sample_records()["002"], random.Random(0))
    record = parse_bytes(rendering.encode("gb18030"), url="https://www.bl.gov.cn/2024.txt")
    assert record.source["extractor"] == "text"
    assert record.tables == rendering.truth


def test_a_lone_line_with_one_bar_is_text_not_a_table():
    text = "@SUM(1+1)*cmd|北关区工信局2024年政府信息公开工作年度报告\n\n一、总体情况"
    assert tabulate(text) == text

"""notes/parser-requests.md, issue 4: an extractor leaves a cell EMPTY (two TABs in a row)
when OCR could not read it. In the extractors' grid (merged cells repeated in every grid
position they cover) the header rows give the columns, so that one cell is null, with
its `cell.missing` check, and every other cell keeps its column. Nothing is guessed."""

from __future__ import annotations

from parsers import parse_text
from parsers.record import Record
from tests.parsers.parser_helpers import expected, fixture_text, grid_text, sample_text

GRID = grid_text(expected("002_0587ca1cc9f7563f"))  # 002 as the HTML/PDF/OCR extractors print it
GRID_2019 = fixture_text("2019_qingshi_natural_resources.txt")  # a 2019 report in the same grid


def blank(text: str, row: str, damaged: str) -> str:
    """`text` with the line `row` replaced by `damaged` (which must be there)."""
    assert text.count(row + "\n") == 1, row
    return text.replace(row + "\n", damaged + "\n")


def cell_checks(record: Record) -> list[tuple[str, str]]:
    return [(c.rule, c.where) for c in record.checks if c.rule.startswith("cell.")]


NEW = "\t".join(["一、本年新收政府信息公开申请数量"] * 3)


def test_the_example_of_the_request() -> None:
    record = parse_text(blank(GRID, f"{NEW}\t580\t3\t0\t0\t0\t2\t585", f"{NEW}\t\t3\t0\t0\t0\t2\t585"))
    assert record.tables["requests"]["new"] == {
        "natural_person": None, "commercial_enterprise": 3, "research_institution": 0,
        "public_interest_org": 0, "legal_service_org": 0, "other_org": 2, "total": 585}
    assert cell_checks(record) == [("cell.missing", "requests.new.natural_person")]
    assert record.tables["requests"]["carried_over"]["natural_person"] == 9  # the next row is untouched


def test_an_empty_cell_in_the_middle_of_a_three_level_row() -> None:
    row = "三、本年度办理结果\t（三）不予公开\t7.属于行政执法案卷"
    record = parse_text(blank(GRID, f"{row}\t11\t0\t0\t0\t0\t0\t11", f"{row}\t11\t0\t0\t\t0\t0\t11"))
    assert record.tables["requests"]["denied_enforcement_files"] == {
        "natural_person": 11, "commercial_enterprise": 0, "research_institution": 0,
        "public_interest_org": None, "legal_service_org": 0, "other_org": 0, "total": 11}
    assert cell_checks(record) == [("cell.missing", "requests.denied_enforcement_files.public_interest_org")]


def test_a_row_left_entirely_blank_is_null_and_the_rows_below_keep_their_columns() -> None:
    row = "三、本年度办理结果\t（一）予以公开\t（一）予以公开"
    text = blank(GRID, f"{row}\t350\t2\t1\t0\t0\t3\t356", f"{row}" + "\t" * 7)
    row = "三、本年度办理结果" + "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）" * 2
    text = blank(text, f"{row}\t16\t0\t0\t0\t0\t0\t16", f"{row}\t16\t0\t\t0\t0\t0\t16")
    requests = parse_text(text).tables["requests"]
    assert set(requests["granted"].values()) == {None}
    assert requests["partially_granted"] == {
        "natural_person": 16, "commercial_enterprise": 0, "research_institution": None,
        "public_interest_org": 0, "legal_service_org": 0, "other_org": 0, "total": 16}


def test_an_empty_cell_in_the_active_disclosure_table() -> None:
    record = parse_text(blank(GRID, "行政规范性文件\t11\t5\t136", "行政规范性文件\t11\t\t136"))
    assert record.tables["active_disclosure"]["normative_documents"] == {
        "issued": 11, "repealed": None, "in_force": 136}
    assert cell_checks(record) == [("cell.missing", "active_disclosure.normative_documents.repealed")]


def test_a_merged_value_cell_left_blank_is_null() -> None:
    # 行政许可's one value spans three grid columns; OCR blanks the merged cell as a whole
    record = parse_text(blank(GRID, "行政许可\t474394\t474394\t474394", "行政许可\t\t\t"))
    assert record.tables["active_disclosure"]["licensing"] == {"decisions": None}
    assert cell_checks(record) == [("cell.missing", "active_disclosure.licensing.decisions")]


def test_two_different_values_in_one_merged_cell_are_not_chosen_between() -> None:
    record = parse_text(blank(GRID, "行政许可\t474394\t474394\t474394", "行政许可\t474394\t47439\t474394"))
    assert record.tables["active_disclosure"]["licensing"] == {"decisions": None}
    assert cell_checks(record) == [("cell.ambiguous", "active_disclosure.licensing.decisions"),
                                   ("cell.missing", "active_disclosure.licensing.decisions")]


REVIEW = "5\t0\t8\t2\t15\t1\t0\t1\t0\t2\t0\t0\t0\t1\t1"


def test_an_empty_cell_in_the_review_litigation_value_row() -> None:
    record = parse_text(blank(GRID, REVIEW, "5\t0\t8\t2\t15\t1\t0\t\t0\t2\t0\t0\t0\t1\t"))
    review = record.tables["review_litigation"]
    assert review["review"] == {"upheld": 5, "corrected": 0, "other": 8, "pending": 2, "total": 15}
    assert review["litigation_direct"] == {"upheld": 1, "corrected": 0, "other": None, "pending": 0, "total": 2}
    assert review["litigation_after_review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1,
                                                 "total": None}
    assert cell_checks(record) == [("cell.missing", "review_litigation.litigation_direct.other"),
                                   ("cell.missing", "review_litigation.litigation_after_review.total")]


# ------------------------------------------------------------------ the 2019 format

def test_2019_an_empty_cell_in_the_requests_table() -> None:
    row = "三、本年度办理结果\t（六）其他处理\t（六）其他处理"
    record = parse_text(blank(GRID_2019, f"{row}\t0\t1\t0\t0\t0\t0\t1", f"{row}\t0\t\t0\t0\t0\t0\t1"))
    assert record.format == "2019"
    assert record.tables["requests"]["other_handling"] == {
        "natural_person": 0, "commercial_enterprise": None, "research_institution": 0,
        "public_interest_org": 0, "legal_service_org": 0, "other_org": 0, "total": 1}
    assert cell_checks(record) == [("cell.missing", "requests.other_handling.commercial_enterprise")]


def test_2019_an_empty_cell_in_the_active_disclosure_table() -> None:
    record = parse_text(blank(GRID_2019, "行政处罚\t25\t+3\t112", "行政处罚\t25\t\t112"))
    assert record.tables["active_disclosure"]["punishment"] == {
        "items_prev_year": 25, "items_change": None, "decisions": 112}
    assert cell_checks(record) == [("cell.missing", "active_disclosure.punishment.items_change")]


def test_2019_an_empty_cell_before_a_merged_one_is_not_filled_from_it() -> None:
    # 本年增/减 of 行政事业性收费 spans the last two columns: its value printed twice is
    # one cell, and the empty 上一年项目数量 stays empty (not 3, not shifted).
    record = parse_text(blank(GRID_2019, "行政事业性收费\t2\t-1\t-1", "行政事业性收费\t\t3\t3"))
    assert record.tables["active_disclosure"]["fees"] == {"items_prev_year": None, "items_change": 3}
    assert cell_checks(record) == [("cell.missing", "active_disclosure.fees.items_prev_year")]


def test_2019_an_empty_merged_cell_leaves_the_cell_before_it_read() -> None:
    record = parse_text(blank(GRID_2019, "行政事业性收费\t2\t-1\t-1", "行政事业性收费\t2\t\t"))
    assert record.tables["active_disclosure"]["fees"] == {"items_prev_year": 2, "items_change": None}
    record = parse_text(blank(GRID_2019, "政府集中采购\t6\t85.6\t85.6", "政府集中采购\t\t85\t85"))
    assert record.tables["active_disclosure"]["procurement"] == {
        "items": None, "amount": 85, "amount_unit": "万元"}  # the unit printed in the header
    assert cell_checks(record) == [("cell.missing", "active_disclosure.procurement.items")]


# ------------------------------------------- where the columns cannot be told: not guessed

def test_a_blank_first_value_under_blank_label_cells_stays_ambiguous() -> None:
    # 000's layout leaves merged label cells blank and pads rows with empty cells, and its
    # rows do not all start in the same column: an empty first cell cannot be placed.
    s000 = sample_text("000_d707c82d816c5970")
    record = parse_text(blank(s000, "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t",
                              "一、本年新收政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t"))
    assert set(record.tables["requests"]["new"].values()) == {None}
    assert record.checks[0].rule == "cell.ambiguous" and record.checks[0].where == "requests.new"


def test_a_header_that_does_not_print_the_rows_columns_is_not_used() -> None:
    # the header row's labels must be the row's fields, in order; here two are swapped
    text = GRID.replace("\t自然人\t商业企业\t科研机构\t", "\t自然人\t科研机构\t商业企业\t")
    record = parse_text(blank(text, f"{NEW}\t580\t3\t0\t0\t0\t2\t585", f"{NEW}\t580\t3\t0\t0\t0\t2\t"))
    assert record.tables["requests"]["new"]["total"] is None
    assert record.tables["requests"]["new"]["other_org"] == 2  # read by the row's own cells

"""How the table reader copes with what PDF, OCR and HTML extraction do to a table."""

from __future__ import annotations

from parsers import parse_text
from tests.parsers.parser_helpers import expected, grid_text, sample_text

S000 = sample_text("000_d707c82d816c5970")
S001 = sample_text("001_d24b5322b0421a36")
S002 = sample_text("002_0587ca1cc9f7563f")
T002 = expected("002_0587ca1cc9f7563f")["tables"]


def test_numbers_printed_in_the_middle_of_a_wrapped_label() -> None:
    text = S001.replace("5.要求行政机关确认或重新出具已\n获取信息\n\n0 0 0 0 0 0 0",
                        "5.要求行政机关确认或重新出具已 0 0 0 0 0 0 0\n获取信息")
    assert text != S001
    record = parse_text(text)
    assert record.checks == []
    assert record.tables["requests"]["not_processed_confirmation"]["total"] == 0


def test_numbering_that_lost_its_dot_is_not_a_value() -> None:
    text = S002.replace("\t2.其他法律行政法规禁止公开", "\t2 其他法律行政法规禁止公开").replace(
        "\t2.重复申请", "\t2 重复申请")
    record = parse_text(text)
    assert record.to_dict()["tables"] == T002
    assert [c.rule for c in record.checks] == ["requests.balance", "requests.balance"]


def test_a_header_row_repeated_on_a_new_page_is_not_a_row() -> None:
    header = "\t\t自然人\t法人或其他组织\n\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
    text = S002.replace("\t\n\t\n\t3.其他\n", "\n" + header + "\t\n\t\n\t3.其他\n")
    assert text != S002
    record = parse_text(text)
    assert record.to_dict()["tables"] == T002


def test_masked_word_and_typos_are_known_variants() -> None:
    record = parse_text(S002)  # 属于国家****, 上年转结, 转结下年度
    requests = record.tables["requests"]
    assert requests["denied_state_secret"]["total"] == 0
    assert requests["carried_over"]["total"] == 10
    assert requests["carried_forward"]["total"] == 2


def test_zero_marks_dashes_slashes_and_thousands() -> None:
    text = S002.replace("\t474394\n", "\t474,394\n").replace("\t13895\n", "\t１３，８９５\n")
    text = text.replace("\t规章\n\t0\n\t0\n\t0\n", "\t规章\n\t－\n\t无\n\t／\n")
    record = parse_text(text)
    assert record.to_dict()["tables"] == T002


def test_a_value_repeated_over_a_merged_cell() -> None:
    text = S000.replace("行政许可\t0\t\t", "行政许可\t7\t7\t7")
    assert parse_text(text).tables["active_disclosure"]["licensing"] == {"decisions": 7}


def test_two_different_values_for_one_cell_are_not_guessed_between() -> None:
    text = S000.replace("行政许可\t0\t\t", "行政许可\t7\t8\t")
    record = parse_text(text)
    assert record.tables["active_disclosure"]["licensing"] == {"decisions": None}
    assert [(c.rule, c.where) for c in record.checks] == [
        ("cell.ambiguous", "active_disclosure.licensing"), ("cell.missing", "active_disclosure.licensing.decisions")]


def test_a_fraction_where_a_count_is_printed_is_flagged() -> None:
    text = S000.replace("规章\t0\t0\t0", "规章\t0\t1.5\t0")
    record = parse_text(text)
    assert record.tables["active_disclosure"]["rules"] == {"issued": 0, "repealed": None, "in_force": 0}
    assert record.checks[0].where == "active_disclosure.rules.repealed"


def test_fees_may_be_fractional() -> None:
    text = S000.replace("行政事业性收费\t0\t\t", "行政事业性收费\t0.35\t\t")
    assert parse_text(text).tables["active_disclosure"]["fees"] == {"amount_wan_yuan": 0.35}


def test_numbers_in_narrative_after_the_table_are_not_cells() -> None:
    text = S000.replace("#### 五、存在的主要问题及改进情况",
                        "注：本年度 0 件行政复议， 3 件行政诉讼。\n\n#### 五、存在的主要问题及改进情况")
    record = parse_text(text)
    assert record.to_dict()["tables"] == expected("000_d707c82d816c5970")["tables"]
    assert record.sections["review_litigation"] == "注：本年度0件行政复议，3件行政诉讼。"


def test_an_unreadable_row_label_between_two_readable_ones_is_read_by_position() -> None:
    text = S002.replace("\t2.重复申请\n", "\t2.重夏申靖\n")  # OCR slips
    record = parse_text(text)
    assert record.to_dict()["tables"] == T002
    assert [(c.rule, c.where) for c in record.checks][:1] == [("row.by_position", "requests.not_processed_repeated")]


def test_two_unreadable_labels_in_a_row_are_not_guessed() -> None:
    text = S002.replace("\t2.重复申请\n", "\t2.重夏申靖\n").replace("\t3.要求提供公开出版物\n", "\t3.要求提併公幵出版牣\n")
    record = parse_text(text)
    requests = record.tables["requests"]
    assert set(requests["not_processed_repeated"].values()) == {None}
    assert set(requests["not_processed_publications"].values()) == {None}
    assert requests["not_processed_excessive"]["total"] == 0


# notes/parser-requests.md: an unreadable cell left empty in an extractor's grid row
GRID_NEW = "\t".join(["一、本年新收政府信息公开申请数量"] * 3)


def test_an_empty_first_cell_in_a_full_grid_row_is_null_in_its_column() -> None:
    text = grid_text(expected("002_0587ca1cc9f7563f"))
    damaged = text.replace(GRID_NEW + "\t580\t", GRID_NEW + "\t\t")
    assert damaged != text
    record = parse_text(damaged)
    assert record.tables["requests"]["new"] == {
        "natural_person": None, "commercial_enterprise": 3, "research_institution": 0,
        "public_interest_org": 0, "legal_service_org": 0, "other_org": 2, "total": 585}
    assert [(c.rule, c.where) for c in record.checks if c.rule.startswith("cell")] == [
        ("cell.missing", "requests.new.natural_person")]


def test_an_empty_last_cell_in_a_full_grid_row_is_null_in_its_column() -> None:
    text = grid_text(expected("002_0587ca1cc9f7563f"))
    damaged = text.replace(GRID_NEW + "\t580\t3\t0\t0\t0\t2\t585", GRID_NEW + "\t580\t3\t0\t0\t0\t2\t")
    assert damaged != text
    assert parse_text(damaged).tables["requests"]["new"]["total"] is None
    assert parse_text(damaged).tables["requests"]["new"]["other_org"] == 2


def test_a_short_row_under_a_blank_label_cell_is_not_read_by_position() -> None:
    # 000's layout leaves merged label cells blank: a lost value cannot be placed
    text = S000.replace("\t(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)\t0\t0\t0\t0\t0\t0\t0\t",
                        "\t(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)\t0\t0\t0\t0\t0\t0\t")
    assert text != S000
    record = parse_text(text)
    assert set(record.tables["requests"]["partially_granted"].values()) == {None}
    assert record.checks[0].rule == "cell.ambiguous"


def test_an_empty_cell_at_the_start_of_the_review_number_row() -> None:
    text = grid_text(expected("002_0587ca1cc9f7563f"))
    damaged = text.replace("\n5\t0\t8\t2\t15\t", "\n\t0\t8\t2\t15\t")
    assert damaged != text
    review = parse_text(damaged).tables["review_litigation"]
    assert review["review"] == {"upheld": None, "corrected": 0, "other": 8, "pending": 2, "total": 15}
    assert review["litigation_after_review"]["total"] == 1

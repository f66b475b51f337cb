"""The six parts are found by their headings, whatever their numbering and wording."""

from __future__ import annotations

import pytest

from parsers.sections import find_legacy_headings, find_sections, ordinal, section_of


@pytest.mark.parametrize(("line", "key"), [
    ("一、总体情况", "overview"),
    ("（一）总体情况", "overview"),
    ("1. 总体情况", "overview"),
    ("## 一、总体情况", None),  # markdown marks are removed by sanitize, not here
    ("二、主动公开政府信息情况", "active_disclosure"),
    ("二、主动公开政府信息的情况", "active_disclosure"),
    ("主动公开政府信息情况", "active_disclosure"),
    ("三、收到和处理政府信息公开申请情况", "requests"),
    ("四、政府信息公开行政复议、行政诉讼情况", "review_litigation"),
    ("四、政府信息公开行政复议及行政诉讼情况", "review_litigation"),
    ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "review_litigation"),
    ("五、存在的主要问题及改进情况", "problems"),
    ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
    ("五、存在的主要问题和改进措施", "problems"),
    ("六、其他需要报告的事项", "other"),
    ("四、结转下年度继续办理", None),
    ("三、本年度办理结果", None),
    ("（一）主动公开情况。孟津区行政审批局严格落实《条例》规定，坚持以公开为常态。", None),
])
def test_heading_variants(line: str, key: str | None) -> None:
    hit = section_of(line)
    assert (hit[0] if hit else None) == key


def test_a_number_that_is_not_the_parts_is_no_heading() -> None:
    lines = ["一、总体情况", "（一）主动公开政府信息情况", "二、主动公开政府信息情况"]
    assert [(h.key, h.line) for h in find_sections(lines)] == [("overview", 0), ("active_disclosure", 2)]


def test_a_sentence_naming_all_parts_is_no_heading() -> None:
    preface = ("全文包含总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
               "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个方面。")
    lines = [preface, "一、总体情况", "正文", "二、主动公开政府信息情况"]
    assert [h.line for h in find_sections(lines)] == [1, 3]


def test_parts_come_in_order() -> None:
    lines = ["一、总体情况", "六、其他需要报告的事项", "二、主动公开政府信息情况"]
    assert [h.key for h in find_sections(lines)] == ["overview", "other"]


def test_legacy_headings_are_numbered_in_sequence() -> None:
    lines = ["一、概述", "正文", "三、不是下一个", "二、主动公开政府信息情况", "一是加强领导。", "三、其他事项"]
    assert [h.text for h in find_legacy_headings(lines)] == ["一、概述", "二、主动公开政府信息情况", "三、其他事项"]


@pytest.mark.parametrize(("numeral", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("7", 7)])
def test_ordinals(numeral: str, value: int) -> None:
    assert ordinal(numeral) == value


def test_a_heading_followed_by_its_first_sentence_on_the_same_line() -> None:
    lines = ["一、总体情况。2024年，本局依法公开政府信息。", "二、主动公开政府信息情况"]
    found = find_sections(lines)
    assert [(h.key, h.text, h.body) for h in found] == [
        ("overview", "一、总体情况。", len("一、总体情况。")), ("active_disclosure", "二、主动公开政府信息情况", None)]


def test_sub_headings_in_parentheses_do_not_open_parts() -> None:
    lines = ["一、总体情况", "（五）存在的问题及改进措施", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert [h.line for h in find_sections(lines)] == [0, 2, 3, 4, 5, 6]


def test_parts_numbered_in_parentheses_when_the_report_numbers_them_so() -> None:
    lines = ["（一）总体情况", "（二）主动公开政府信息情况", "（三）收到和处理政府信息公开申请情况",
             "（四）政府信息公开行政复议、行政诉讼情况", "（五）存在的主要问题及改进情况", "（六）其他需要报告的事项"]
    assert [h.key for h in find_sections(lines)] == [
        "overview", "active_disclosure", "requests", "review_litigation", "problems", "other"]


def test_inline_heading_text_goes_to_its_section() -> None:
    from parsers import parse_text
    from tests.parsers.parser_helpers import sample_text

    text = sample_text("004_7063f1814de91bcc").replace("一、总体情况\n\n2024 年，", "一、总体情况。2024 年，")
    record = parse_text(text)
    assert record.sections["overview"].startswith("2024年，孟津区")
    assert record.sections["preface"] == ""

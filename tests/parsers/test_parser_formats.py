"""The 2019 template and free-form (legacy) reports parse with the tables they have."""

from __future__ import annotations

from parsers import parse_text
from tests.parsers.parser_helpers import cells, fixture_text


def test_2019_report_read_from_an_extractor_grid() -> None:
    record = parse_text(fixture_text("2019_qingshi_natural_resources.txt"))
    assert (record.format, record.agency, record.year) == ("2019", "青石县自然资源局", 2019)
    assert record.checks == []
    active = record.tables["active_disclosure"]
    assert active["rules"] == {"new_made": 1, "new_published": 1, "total_published": 12}
    assert active["licensing"] == {"items_prev_year": 18, "items_change": -2, "decisions": 356}
    assert active["punishment"] == {"items_prev_year": 25, "items_change": 3, "decisions": 112}
    assert active["other_management_services"] == {"items_prev_year": 7, "items_change": 0, "decisions": 41}
    assert active["fees"] == {"items_prev_year": 2, "items_change": -1}
    assert active["procurement"] == {"items": 6, "amount": 85.6, "amount_unit": "万元"}
    requests = record.tables["requests"]
    assert len(requests) == 23 and "other_handling" in requests and "other_other" not in requests
    assert requests["other_handling"]["commercial_enterprise"] == 1
    assert requests["total_handled"] == {"natural_person": 12, "commercial_enterprise": 2, "research_institution": 0,
                                         "public_interest_org": 0, "legal_service_org": 1, "other_org": 0, "total": 15}
    assert record.tables["review_litigation"]["litigation_direct"] == {
        "upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert sum(1 for v in cells(record.tables).values() if isinstance(v, int | float)) == 22 + 161 + 15


def test_2019_rules_apply_with_other_handling_as_the_one_row() -> None:
    text = fixture_text("2019_qingshi_natural_resources.txt").replace(
        "（六）其他处理\t（六）其他处理\t0\t1", "（六）其他处理\t（六）其他处理\t0\t2")
    record = parse_text(text)
    assert [(c.rule, c.where) for c in record.checks] == [
        ("requests.total_handled", "commercial_enterprise"), ("requests.row_total", "other_handling")]


def test_2019_in_pdf_layout_without_tabs() -> None:
    grid = fixture_text("2019_qingshi_natural_resources.txt")
    record = parse_text(grid.replace("\t", " "))
    assert record.to_dict()["tables"] == parse_text(grid).to_dict()["tables"]


def test_legacy_report_keeps_its_own_parts_and_statistics() -> None:
    record = parse_text(fixture_text("legacy_2012_lanxi_county.txt"))
    assert (record.format, record.agency, record.year) == ("legacy", "兰溪县人民政府办公室", 2012)
    parts = record.sections["parts"]
    assert [p["heading"] for p in parts] == [
        "", "一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况",
        "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请提起行政复议、行政诉讼的情况",
        "六、存在的主要问题及改进措施", "七、其他需要报告的事项"]
    assert parts[-1]["text"] == "无。"
    assert record.sections["full_text"].startswith("兰溪县人民政府办公室2012年政府信息公开工作年度报告本报告根据")
    rows = record.tables["legacy"]
    assert rows[0] == {"label": "主动公开政府信息数", "values": ["条", 1268]}
    assert {"label": "政府信息公开收费", "values": ["万元", 0]} in rows
    assert record.checks == []


def test_a_2024_report_whose_tables_are_images_is_2021_with_tables_missing() -> None:
    text = "\n\n".join([
        "青石县统计局2024年政府信息公开工作年度报告", "一、总体情况", "本年度依法公开政府信息。",
        "二、主动公开政府信息情况", "（表格见附件图片）", "三、收到和处理政府信息公开申请情况", "（表格见附件图片）",
        "四、政府信息公开行政复议、行政诉讼情况", "（表格见附件图片）", "五、存在的主要问题及改进情况", "无。",
        "六、其他需要报告的事项", "无。"])
    record = parse_text(text)
    assert record.format == "2021" and record.tables == {}
    assert [(c.rule, c.where) for c in record.checks] == [
        ("table.missing", "active_disclosure"), ("table.missing", "requests"), ("table.missing", "review_litigation")]
    assert record.sections["active_disclosure"] == "（表格见附件图片）"


def test_every_format_round_trips_through_json() -> None:
    import json

    from parsers import Record

    for name in ("2019_qingshi_natural_resources.txt", "legacy_2012_lanxi_county.txt", "not_a_report_news.txt"):
        record = parse_text(fixture_text(name), url="https://example.gov.cn/x.html").to_dict()
        assert record["source"] == {"url": "https://example.gov.cn/x.html"}
        assert Record.from_dict(json.loads(json.dumps(record, ensure_ascii=False))).to_dict() == record


def test_readable_summary() -> None:
    from parsers.summary import summarize
    from tests.parsers.parser_helpers import sample_text

    text = summarize(parse_text(sample_text("002_0587ca1cc9f7563f")), "002.txt")
    assert text.splitlines()[:3] == [
        "002.txt: 北仑区人民政府2024年度政府信息公开工作年度报告",
        "  format 2021, agency 北仑区人民政府, year 2024",
        "  cells read: 200/200 in active_disclosure, requests, review_litigation",
    ]
    assert "    requests.balance at natural_person: 580+9 != 587+1" in text


def test_summary_of_text_that_is_no_report_says_so() -> None:
    from parsers.summary import summarize

    text = summarize(parse_text(fixture_text("not_a_report_news.txt")), "news.txt")
    assert "not recognised as an information-disclosure annual report" in text
    assert "all checks pass" not in text


def test_legacy_statistics_printed_without_tabs() -> None:
    text = fixture_text("legacy_2012_lanxi_county.txt").replace("\t", " ")
    rows = parse_text(text).tables["legacy"]
    assert rows[0] == {"label": "主动公开政府信息数", "values": ["条", 1268]}
    assert len(rows) == 8


def test_prose_with_numbers_is_no_statistics_table() -> None:
    from parsers.legacy import statistics_rows
    from tests.parsers.parser_helpers import sample_text

    assert statistics_rows(sample_text("001_d24b5322b0421a36").split("\n")[:26]) == []
